/**
 * The error event: what errata records about one failed request, for the log, the error store,
 * metrics and the support console. Seed 001: "the request token is recorded in the internal API
 * logs … so support personnel can check logs and find the exact operation and error."
 *
 * This is the one place internals may go (`cause`, for 5xx only); it never reaches a response.
 * @module
 */

/** The internal cause of an unexpected (5xx) error: kept for operators, never rendered. */
export interface ErrorCause {
  /** Class or kind of the throwable (`TypeError`, `string`, `null`, …). */
  readonly class: string;
  readonly message: string;
  readonly stack: string | null;
}

/** One failed request, as stored and logged. Field names are the store's column names in camelCase. */
export interface ErrorEvent {
  /** Request token: 16 chars of [A-Za-z0-9], as sent in `X-Request-Id` and the body. */
  readonly token: string;
  /** Epoch milliseconds when the error was handled. */
  readonly time: number;
  readonly method: string;
  /** Request path (no query string). */
  readonly path: string;
  /** Route template (`/entities/:id`) when a route matched, else null. */
  readonly route: string | null;
  /** HTTP status sent. */
  readonly status: number;
  /** Catalog id (`entity-api`, `http`, …). */
  readonly catalog: string;
  /** Catalog code as a string (`3001`, `invalid_request`), or null. */
  readonly code: string | null;
  /** Symbolic name (`api_limit_error`), or null. */
  readonly name: string | null;
  /** The rendered (public) message. */
  readonly message: string;
  /** Client id (API key, OAuth client) when the route knew it. */
  readonly clientId: string | null;
  /** Milliseconds from request start to the error being handled, or null. */
  readonly durationMs: number | null;
  /** For 5xx: the internal cause. Null otherwise. */
  readonly cause: ErrorCause | null;
  /**
   * What the request carried, when the adapter chose to record it (optional: absent means not
   * recorded). Redacted (credentials, cookies, secret fields) before it is stored or logged.
   */
  readonly request?: RequestSnapshot | null;
}

/** A header or query parameter value as recorded: repeated names keep every value. */
export type RecordedValue = string | readonly string[];

/** The parts of a failed request worth keeping for support. Every part is optional. */
export interface RequestSnapshot {
  /** Request headers, names lower-cased. */
  readonly headers?: Readonly<Record<string, RecordedValue>>;
  /** Query parameters. */
  readonly query?: Readonly<Record<string, RecordedValue>>;
  /** Parsed body fields (JSON value or form fields). */
  readonly body?: unknown;
  /** Client address as the server saw it. */
  readonly ip?: string | null;
}
