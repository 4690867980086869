/**
 * GitHub REST API errors (docs.github.com, "Troubleshooting the REST API" / client errors):
 * `{"message": "Validation Failed", "errors": [{"resource": "Issue", "field": "title",
 * "code": "missing_field"}], "documentation_url": "…"}`, or just `message` and
 * `documentation_url`; `X-GitHub-Request-Id` carries the request id.
 *
 * Mapping: `code` ← the first error's `code` (missing, missing_field, invalid, already_exists,
 * unprocessable, custom) — GitHub has no top-level code; `message` ← `message`; `fields` ←
 * errors with a `field` (`code` ← its code, `message` ← its message). Rate limiting (403/429 with
 * `x-ratelimit-remaining: 0`) is read from the headers (see ../retry-hints.ts).
 * @module
 */
import type { NormalizedFieldError } from "../../normalized-error.js";
import type { JsonRecognizer } from "../registry.js";
import { firstObject, isObject, MAX_FIELDS, str } from "../values.js";

/** The `github` recogniser. */
export const github: JsonRecognizer = {
  kind: "json",
  format: "github",
  recognize(o, ctx) {
    if (typeof o.message !== "string") return undefined;
    const first = firstObject(o.errors);
    const shaped =
      typeof o.documentation_url === "string" ||
      (first !== null && (typeof first.resource === "string" || typeof first.field === "string")) ||
      ctx.header("x-github-request-id") !== undefined;
    if (!shaped) return undefined;
    const fields: NormalizedFieldError[] = [];
    if (Array.isArray(o.errors)) {
      for (const e of o.errors) {
        if (fields.length >= MAX_FIELDS) break;
        if (!isObject(e)) continue;
        const field = str(e.field);
        if (field) fields.push({ name: field, message: str(e.message), code: str(e.code) });
      }
    }
    return {
      code: first ? str(first.code) : null,
      name: null,
      message: str(o.message),
      detail: null,
      fields,
    };
  },
};
