/**
 * @hapi/boom payloads (hapi's default error responses): `{"statusCode": 404, "error": "Not
 * Found", "message": "Not Found"}` — built in that key order by Boom's `reformat()` — with
 * optional `attributes` (401 challenges) and, from hapi's validation failAction,
 * `"validation": {"source": "payload", "keys": ["name"]}`.
 *
 * Mapping: Boom carries no machine code besides the status: `code` and `name` are null;
 * `message` ← `message`; `fields` ← `validation.keys` (each with the message).
 * @module
 */
import type { NormalizedFieldError } from "../../normalized-error.js";
import type { JsonRecognizer } from "../registry.js";
import { isObject, MAX_FIELDS, str } from "../values.js";

/** The `boom` recogniser. */
export const boom: JsonRecognizer = {
  kind: "json",
  format: "boom",
  recognize(o) {
    if (typeof o.statusCode !== "number" || typeof o.error !== "string") return undefined;
    // Boom's own key order (statusCode, error, message); NestJS and Fastify write message first.
    let i = 0;
    let ordered = true;
    for (const k in o) {
      if ((i === 0 && k !== "statusCode") || (i === 1 && k !== "error")) ordered = false;
      if (++i >= 2) break;
    }
    if (!ordered && !isObject(o.validation) && !isObject(o.attributes)) return undefined;
    const message = str(o.message);
    const fields: NormalizedFieldError[] = [];
    const v = o.validation;
    if (isObject(v) && Array.isArray(v.keys)) {
      for (const key of v.keys) {
        if (fields.length >= MAX_FIELDS) break;
        if (typeof key === "string" && key.length > 0) fields.push({ name: key, message, code: null });
      }
    }
    return { code: null, name: null, message, detail: null, fields };
  },
};
