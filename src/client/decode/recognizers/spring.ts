/**
 * Spring Boot's default error attributes (`BasicErrorController` / `DefaultErrorAttributes`):
 * `{"timestamp": "…", "status": 404, "error": "Not Found", "message": "…", "path": "/x"}`, with
 * `errors` (field errors: `{field, defaultMessage, code}`) on binding failures and `requestId`
 * in WebFlux.
 *
 * Mapping: `code` ← the first binding error's `code` (NotBlank…), else null; `message` ←
 * `message` unless it is Spring's placeholder ("No message available"), else `error` (the
 * reason phrase); `fields` ← `errors` with a `field`.
 * @module
 */
import type { NormalizedFieldError } from "../../normalized-error.js";
import type { JsonRecognizer } from "../registry.js";
import { firstObject, isObject, MAX_FIELDS, str } from "../values.js";

/** The `spring` recogniser. */
export const spring: JsonRecognizer = {
  kind: "json",
  format: "spring",
  recognize(o) {
    if (typeof o.status !== "number" || typeof o.error !== "string") return undefined;
    if (typeof o.path !== "string" && o.timestamp === undefined) return undefined;
    const fields: NormalizedFieldError[] = [];
    if (Array.isArray(o.errors)) {
      for (const e of o.errors) {
        if (fields.length >= MAX_FIELDS) break;
        if (!isObject(e)) continue;
        const field = str(e.field);
        if (field)
          fields.push({ name: field, message: str(e.defaultMessage) ?? str(e.message), code: str(e.code) });
      }
    }
    const first = firstObject(o.errors);
    const msg = str(o.message);
    return {
      code: first ? str(first.code) : null,
      name: null,
      message: msg !== null && msg !== "No message available" ? msg : str(o.error),
      detail: null,
      requestId: str(o.requestId),
      fields,
    };
  },
};
