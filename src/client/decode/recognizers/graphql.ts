/**
 * GraphQL over HTTP errors (GraphQL spec §7.1.2 "Errors"): `{"errors": [{"message": "…",
 * "locations": [...], "path": [...], "extensions": {"code": "…"}}], "data": null}`.
 *
 * Mapping: `code` ← the first error's `extensions.code` (Apollo and most servers put the machine
 * code there); `message` ← its `message`; `fields` ← errors with a `path` (`name` ← the path
 * joined with "."); `requestId` ← `extensions.requestId`/`traceId` when present.
 * @module
 */
import type { NormalizedFieldError } from "../../normalized-error.js";
import type { JsonRecognizer } from "../registry.js";
import { codeStr, firstObject, isObject, MAX_FIELDS, requestIdFrom, str } from "../values.js";

/** The `graphql` recogniser. */
export const graphql: JsonRecognizer = {
  kind: "json",
  format: "graphql",
  recognize(o) {
    const first = firstObject(o.errors);
    if (first === null || typeof first.message !== "string") return undefined;
    if (
      first.locations === undefined &&
      first.path === undefined &&
      first.extensions === undefined &&
      o.data === undefined
    ) {
      return undefined;
    }
    const ext = isObject(first.extensions) ? first.extensions : null;
    const fields: NormalizedFieldError[] = [];
    for (const e of o.errors as readonly unknown[]) {
      if (fields.length >= MAX_FIELDS) break;
      if (!isObject(e) || !Array.isArray(e.path) || e.path.length === 0) continue;
      const name = e.path
        .slice(0, 32)
        .map((p) => (typeof p === "string" || typeof p === "number" ? String(p) : "?"))
        .join(".");
      const x = isObject(e.extensions) ? e.extensions : null;
      fields.push({ name, message: str(e.message), code: x ? codeStr(x.code) : null });
    }
    return {
      code: ext ? codeStr(ext.code) : null,
      name: null,
      message: str(first.message),
      detail: null,
      requestId: ext ? requestIdFrom(ext) : null,
      fields,
    };
  },
};
