/**
 * JSON:API error documents (jsonapi.org/format/#error-objects): `{"errors": [{"id", "status":
 * "422", "code", "title", "detail", "source": {"pointer": "/data/attributes/firstName" |
 * "parameter": "…" | "header": "…"}, "meta"}]}`.
 *
 * Mapping: `code` ← the first error's `code`; `message` ← its `title`, else its `detail`;
 * `detail` ← its `detail`; `fields` ← errors with a `source` (`name` ← `parameter`, `header`, or
 * the pointer with `/data/attributes/` stripped: "firstName"); `requestId` ← top-level
 * `meta.requestId`/`meta.request_id` when present.
 * @module
 */
import type { NormalizedFieldError } from "../../normalized-error.js";
import type { JsonRecognizer } from "../registry.js";
import { codeStr, firstObject, isObject, MAX_FIELDS, requestIdFrom, str } from "../values.js";
import { pointerName } from "./problem-json.js";

/** The `jsonapi` recogniser. */
export const jsonapi: JsonRecognizer = {
  kind: "json",
  format: "jsonapi",
  recognize(o) {
    const first = firstObject(o.errors);
    if (first === null) return undefined;
    // JSON:API error members; entity-api (errorCode) and GraphQL (message) are recognised earlier.
    if (
      first.title === undefined &&
      first.detail === undefined &&
      first.source === undefined &&
      !(typeof first.status === "string" && first.message === undefined)
    ) {
      return undefined;
    }
    const fields: NormalizedFieldError[] = [];
    for (const e of o.errors as readonly unknown[]) {
      if (fields.length >= MAX_FIELDS) break;
      if (!isObject(e) || !isObject(e.source)) continue;
      const s = e.source;
      const ptr = str(s.pointer);
      const name = str(s.parameter) ?? str(s.header) ?? (ptr !== null ? pointerName(ptr) || ptr : null);
      if (name === null) continue;
      fields.push({ name, message: str(e.detail) ?? str(e.title), code: codeStr(e.code) });
    }
    const meta = isObject(o.meta) ? o.meta : null;
    return {
      code: codeStr(first.code),
      name: null,
      message: str(first.title) ?? str(first.detail),
      detail: str(first.detail),
      requestId: meta ? requestIdFrom(meta) : null,
      fields,
    };
  },
};
