/**
 * JSON string escaping for pre-serialised bodies. `JSON.stringify` on a string is V8's fastest
 * escaper and is well-formed for lone surrogates (ES2019 "well-formed JSON.stringify").
 * @module
 */

/** A JSON string literal (with quotes) for any value coerced to string. */
export function jsonString(value: unknown): string {
  return JSON.stringify(typeof value === "string" ? value : String(value));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The string with unpaired surrogates replaced by U+FFFD, for JSON member names built from request
 * data. RFC 8259 §8.2: names with unpaired surrogates are not interoperable — and V8's JSON.parse
 * in Node 24 has been seen to misread such a name as another one.
 */
export function wellFormed(s: string): string {
  LONE_SURROGATE.lastIndex = 0;
  return LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATE, "\uFFFD") : s;
}
