/**
 * JSON string escaping for pre-serialised bodies. `JSON.stringify` on a string is V8's fastest
 * escaper and is well-formed for lone surrogates (ES2019 "well-formed JSON.stringify").
 * @module
 */

/** A JSON string literal (with quotes) for any value coerced to string. */
export function jsonString(value: unknown): string {
  return JSON.stringify(typeof value === "string" ? value : String(value));
}
