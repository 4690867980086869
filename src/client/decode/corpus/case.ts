/**
 * The shape of one corpus case: a real error response as documented by its API (the `source`
 * says where), and the normalised error errata must make of it.
 * @module
 */
import type { NormalizedError, NormalizedFieldError } from "../../normalized-error.js";

/** One documented error response and its expected decoding. */
export interface CorpusCase {
  /** Short unique label. */
  readonly name: string;
  /** The API (or framework) that sends it. */
  readonly api: string;
  /** Where the body (and headers) are documented or quoted. */
  readonly source: string;
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
  readonly expected: NormalizedError;
}

/** What a case states explicitly; everything else defaults to null / [] / false. */
export interface Expectation {
  readonly format: string;
  readonly code: string | null;
  readonly message: string | null;
  readonly name?: string | null;
  readonly detail?: string | null;
  readonly requestId?: string | null;
  readonly retryAfterSeconds?: number | null;
  readonly fields?: readonly NormalizedFieldError[];
  readonly retryable?: boolean;
}

/** Builds a case, expanding the expectation to the full normalised error. */
export function corpusCase(c: Omit<CorpusCase, "expected"> & { readonly expect: Expectation }): CorpusCase {
  const e = c.expect;
  return {
    name: c.name,
    api: c.api,
    source: c.source,
    status: c.status,
    ...(c.headers ? { headers: c.headers } : {}),
    body: c.body,
    expected: {
      status: c.status,
      code: e.code,
      name: e.name ?? null,
      message: e.message,
      detail: e.detail ?? null,
      requestId: e.requestId ?? null,
      retryAfterSeconds: e.retryAfterSeconds ?? null,
      fields: e.fields ?? [],
      format: e.format,
      retryable: e.retryable ?? false,
    },
  };
}

/** Pretty JSON of a value, as an API would send it. */
export function json(v: unknown): string {
  return JSON.stringify(v, null, 2);
}
