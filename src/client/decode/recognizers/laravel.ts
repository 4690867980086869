/**
 * Laravel's validation response (HTTP 422): `{"message": "The name field is required.",
 * "errors": {"name": ["The name field is required."]}}`.
 *
 * Mapping: `message` ← `message`; `fields` ← `errors` (each message of each field); Laravel
 * sends no code.
 * @module
 */
import type { NormalizedFieldError } from "../../normalized-error.js";
import type { JsonRecognizer } from "../registry.js";
import { isObject, MAX_FIELDS, str } from "../values.js";

/** `{"field": ["message", …]}` → field errors (also used by the Rails recogniser). */
export function fieldMap(errors: { readonly [k: string]: unknown }): NormalizedFieldError[] {
  const out: NormalizedFieldError[] = [];
  for (const key of Object.keys(errors)) {
    if (out.length >= MAX_FIELDS) break;
    const v = errors[key];
    if (typeof v === "string") out.push({ name: key, message: v, code: null });
    else if (Array.isArray(v)) {
      for (const m of v) {
        if (out.length >= MAX_FIELDS) break;
        if (typeof m === "string") out.push({ name: key, message: m, code: null });
      }
    }
  }
  return out;
}

/** The `laravel` recogniser. */
export const laravel: JsonRecognizer = {
  kind: "json",
  format: "laravel",
  recognize(o) {
    if (typeof o.message !== "string" || !isObject(o.errors)) return undefined;
    return { code: null, name: null, message: str(o.message), detail: null, fields: fieldMap(o.errors) };
  },
};
