/**
 * Small, allocation-light readers for untrusted parsed JSON. They never throw and never read
 * inherited properties that matter: every key read here is a fixed name absent from
 * `Object.prototype`, so a body's `__proto__`/`constructor` keys cannot steer the decoder.
 * @module
 */

/** A parsed JSON object (never an array). */
export type JsonObject = { readonly [key: string]: unknown };

/** True for a plain parsed JSON object (not null, not an array). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A non-empty string, else null. Empty strings count as "the response does not say". */
export function str(v: unknown): string | null {
  return typeof v === "string" && v.length > 0 ? v : null;
}

/**
 * A machine code as a string: strings as they are, finite numbers in decimal, else null.
 * `1e400` parses to Infinity and is rejected rather than reported as "Infinity".
 */
export function codeStr(v: unknown): string | null {
  if (typeof v === "string") return v.length > 0 ? v : null;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

/** The first element of an array when it is an object, else null. */
export function firstObject(v: unknown): JsonObject | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const f: unknown = v[0];
  return isObject(f) ? f : null;
}

/** Field lists are capped: a hostile body with a million entries still decodes in bounded output. */
export const MAX_FIELDS = 1000;

/**
 * Looks up the first present string among the usual request-id spellings in a JSON object
 * (`token` is errata's request-token extension in problem documents).
 */
export function requestIdFrom(o: JsonObject): string | null {
  return (
    str(o.requestId) ??
    str(o.token) ??
    str(o.request_id) ??
    str(o.requestToken) ??
    str(o.request_token) ??
    str(o.traceId) ??
    str(o.trace_id) ??
    str(o.correlationId) ??
    str(o.correlation_id) ??
    null
  );
}
