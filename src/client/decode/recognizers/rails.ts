/**
 * The Rails/ActiveModel `{"errors": …}` convention, as in Shopify's Admin REST API:
 * `{"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}`,
 * `{"errors": {"customer": ["Email is invalid"]}}` (422), or a list of strings.
 *
 * Mapping: no code; `message` ← the string, else the first message; `fields` ← the map.
 * @module
 */
import type { JsonRecognizer } from "../registry.js";
import { isObject, str } from "../values.js";
import { fieldMap } from "./laravel.js";

/** The `rails` recogniser. */
export const rails: JsonRecognizer = {
  kind: "json",
  format: "rails",
  recognize(o) {
    const e = o.errors;
    if (typeof e === "string") return { code: null, name: null, message: str(e), detail: null };
    if (Array.isArray(e) && e.length > 0 && e.every((x) => typeof x === "string")) {
      return {
        code: null,
        name: null,
        message: str(e[0]),
        detail: e.length > 1 ? e.slice(0, 100).join("; ") : null,
      };
    }
    if (isObject(e)) {
      const fields = fieldMap(e);
      if (fields.length === 0) return undefined;
      return { code: null, name: null, message: fields[0]!.message, detail: null, fields };
    }
    return undefined;
  },
};
