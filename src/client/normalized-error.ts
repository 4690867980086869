/**
 * The normalised error: what `errata/client` and `errata decode` make of any API's error response
 * (CONTRACT §6). Every key is always present; `null` where the response does not say.
 * @module
 */

/** One field-level problem (a validation error on `name`). */
export interface NormalizedFieldError {
  /** The field, parameter or JSON pointer the problem is about. */
  readonly name: string;
  /** Human-readable text for this field, or null. */
  readonly message: string | null;
  /** Machine code for this field's problem (as a string), or null. */
  readonly code: string | null;
}

/** CONTRACT §6: `{ status, code, name, message, detail, requestId, retryAfterSeconds, fields, format, retryable }`. */
export interface NormalizedError {
  /** The HTTP status received (Identity Cloud errors often arrive with 200). */
  readonly status: number;
  /** The most specific machine code the response gives, as a string. */
  readonly code: string | null;
  /** A second, symbolic identifier where the format has both (Identity Cloud: code `510`, name `api_limit_error`). */
  readonly name: string | null;
  /** The human-readable summary. For `unknown`, an excerpt of the body text. */
  readonly message: string | null;
  /** A longer, occurrence-specific explanation where the format separates it from the summary. */
  readonly detail: string | null;
  /** The request token / request id, from the body or the usual headers. */
  readonly requestId: string | null;
  /** Seconds to wait before retrying (Retry-After, RateLimit headers, Google RetryInfo…). */
  readonly retryAfterSeconds: number | null;
  /** Field-level problems; empty when the response lists none. */
  readonly fields: readonly NormalizedFieldError[];
  /** Which shape was recognised (`problem+json`, `oauth2`, `google`, …, or `unknown`). */
  readonly format: string;
  /** True when the same request may succeed later. */
  readonly retryable: boolean;
}

/** The HTTP statuses that say "try again later" (CONTRACT §6). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504]);
