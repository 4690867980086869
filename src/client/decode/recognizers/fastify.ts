/**
 * Fastify's default error responses: the error handler's `{"statusCode": 400, "code":
 * "FST_ERR_VALIDATION", "error": "Bad Request", "message": "body must have required property
 * 'name'"}` and the not-found handler's `{"message": "Route GET:/x not found", "error": "Not
 * Found", "statusCode": 404}`.
 *
 * Mapping: `code` ← `code` (FST_ERR_…, or the thrown error's code); `message` ← `message`;
 * `fields` ← for FST_ERR_VALIDATION, the property named by Ajv's message ("body/age must be
 * integer" → `age`; "must have required property 'name'" → `name`), one per comma-separated
 * part. `error` is the status reason phrase, not an identifier: `name` stays null.
 * @module
 */
import type { NormalizedFieldError } from "../../normalized-error.js";
import type { JsonRecognizer } from "../registry.js";
import { str } from "../values.js";

const ROUTE_NOT_FOUND = /^Route [A-Z]+:\S* not found$/;
const AJV_PATH = /^(?:body|querystring|params|headers)\/(\S{1,200}) (must .{1,500})$/;
const AJV_REQUIRED =
  /^(?:body|querystring|params|headers)(?:\/\S{0,200})? (must have required property '([^']{1,200})')$/;

/** Field errors from Fastify's joined Ajv messages (bounded: messages over 4 KiB are not parsed). */
function validationFields(message: string): NormalizedFieldError[] {
  const out: NormalizedFieldError[] = [];
  if (message.length > 4096) return out;
  for (const part of message.split(", ")) {
    const req = AJV_REQUIRED.exec(part);
    if (req) {
      out.push({ name: req[2]!, message: req[1]!, code: "required" });
      continue;
    }
    const p = AJV_PATH.exec(part);
    if (p) out.push({ name: p[1]!.replace(/\//g, "."), message: p[2]!, code: null });
  }
  return out;
}

/** The `fastify` recogniser. */
export const fastify: JsonRecognizer = {
  kind: "json",
  format: "fastify",
  recognize(o) {
    if (typeof o.statusCode !== "number" || typeof o.message !== "string") return undefined;
    const code = str(o.code);
    if (code === null && !ROUTE_NOT_FOUND.test(o.message)) return undefined;
    const message = str(o.message);
    return {
      code,
      name: null,
      message,
      detail: null,
      fields: code === "FST_ERR_VALIDATION" && message ? validationFields(message) : [],
    };
  },
};
