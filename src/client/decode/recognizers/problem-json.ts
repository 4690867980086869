/**
 * RFC 9457 problem details in JSON (`application/problem+json`), including errata's own
 * rendering and ASP.NET Core's `ValidationProblemDetails` (`errors: {"Field": ["msg"]}` plus
 * `traceId`), which is folded into this format.
 *
 * Mapping: `code` ← extension `code` (or `errorCode`/`error_code`), else the `type` URI unless it
 * is `about:blank` or a link to the HTTP status definitions (RFC 9110/7231 sections, as ASP.NET
 * sends: it restates the status, it is not a code); `name` ← extension `name`; `message` ←
 * `title` (RFC 9457 §3.1.3, the summary), else `detail`; `detail` ← `detail`; `requestId` ←
 * `requestId`/`request_id`/`token`/`traceId`…; `fields` ← `errors` (array of
 * `{name|field|pointer, detail|message|reason, code}` or ASP.NET's map), `invalid-params`
 * (RFC 7807 §3 example: `{name, reason}`), or `violations` (`{field, message}`).
 * @module
 */
import type { NormalizedFieldError } from "../../normalized-error.js";
import type { DecodeContext, JsonRecognizer, Recognition } from "../registry.js";
import { codeStr, isObject, type JsonObject, MAX_FIELDS, requestIdFrom, str } from "../values.js";

const STATUS_DEFINITION =
  /^https?:\/\/(?:tools\.ietf\.org\/html|datatracker\.ietf\.org\/doc\/html|www\.rfc-editor\.org\/rfc)\/rfc(?:9110|7231)(?:\.html)?#section-/;

/** A problem `type` that identifies something beyond the status code, else null. */
function typeCode(t: unknown): string | null {
  const s = str(t);
  if (s === null || s === "about:blank" || STATUS_DEFINITION.test(s)) return null;
  return s;
}

/** JSON pointer `#/age` or `/data/attributes/age` → a field name, keeping nested paths readable. */
export function pointerName(p: string): string {
  let s = p.startsWith("#") ? p.slice(1) : p;
  for (const prefix of ["/data/attributes/", "/data/relationships/"]) {
    if (s.startsWith(prefix)) {
      s = s.slice(prefix.length);
      break;
    }
  }
  if (s.startsWith("/")) s = s.slice(1);
  // RFC 6901 §4 unescaping: ~1 → /, ~0 → ~ (in that order).
  return s.replace(/~1/g, "/").replace(/~0/g, "~");
}

const NO_FIELDS: readonly NormalizedFieldError[] = Object.freeze([]);

/** Field errors from the common problem extensions. */
export function problemFields(o: JsonObject): readonly NormalizedFieldError[] {
  const errors = o.errors;
  const list = Array.isArray(o["invalid-params"])
    ? o["invalid-params"]
    : Array.isArray(o.invalid_params)
      ? o.invalid_params
      : Array.isArray(o.violations)
        ? o.violations
        : null;
  if (errors === undefined && list === null) return NO_FIELDS;
  const out: NormalizedFieldError[] = [];
  if (Array.isArray(errors)) {
    for (const e of errors) {
      if (out.length >= MAX_FIELDS) break;
      if (!isObject(e)) continue;
      const ptr = str(e.pointer) ?? (isObject(e.source) ? str(e.source.pointer) : null);
      const name =
        str(e.name) ?? str(e.field) ?? str(e.property) ?? str(e.parameter) ?? (ptr ? pointerName(ptr) : null);
      if (name === null) continue;
      out.push({
        name,
        message: str(e.detail) ?? str(e.message) ?? str(e.reason) ?? str(e.title),
        code: codeStr(e.code),
      });
    }
  } else if (isObject(errors)) {
    // ASP.NET Core: {"Field": ["message", …]} (ModelStateDictionary); a string value is tolerated.
    for (const key of Object.keys(errors)) {
      if (out.length >= MAX_FIELDS) break;
      const v = errors[key];
      if (Array.isArray(v)) {
        for (const m of v) {
          if (out.length >= MAX_FIELDS) break;
          if (typeof m === "string") out.push({ name: key, message: m, code: null });
        }
      } else if (typeof v === "string") out.push({ name: key, message: v, code: null });
    }
  }
  if (list) {
    for (const e of list as readonly unknown[]) {
      if (out.length >= MAX_FIELDS) break;
      if (!isObject(e)) continue;
      const name = str(e.name) ?? str(e.field);
      if (name === null) continue;
      out.push({ name, message: str(e.reason) ?? str(e.message) ?? str(e.detail), code: codeStr(e.code) });
    }
  }
  return out;
}

/** Decodes a problem object (JSON, or the XML recogniser's converted members). */
export function decodeProblem(o: JsonObject): Recognition {
  const title = str(o.title);
  const detail = str(o.detail);
  const code = codeStr(o.code) ?? codeStr(o.errorCode) ?? codeStr(o.error_code) ?? typeCode(o.type);
  return {
    code,
    name: str(o.name),
    message: title ?? detail,
    detail,
    requestId: requestIdFrom(o),
    fields: problemFields(o),
  };
}

function isProblem(o: JsonObject, ctx: DecodeContext): boolean {
  if (ctx.contentType === "application/problem+json") return true;
  // Without the media type: the RFC 9457 members that other shapes do not use together.
  if (typeof o.title !== "string") return false;
  return typeof o.type === "string" || typeof o.status === "number" || typeof o.detail === "string";
}

/** The `problem+json` recogniser. */
export const problemJson: JsonRecognizer = {
  kind: "json",
  format: "problem+json",
  recognize(o, ctx) {
    return isProblem(o, ctx) ? decodeProblem(o) : undefined;
  },
};
