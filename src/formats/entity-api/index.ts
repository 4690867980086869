/**
 * The entity API's error body (seed 003, "Error Messages"):
 * `{"errors":[{"errorCode":3001,"message":"entity not found"}]}`, and for field validation
 * `{"errorCode":5000,"message":"validation error","subject":"firstName","subjectType":"parameter"}`.
 *
 * - An error without field errors is one entry: its code and its (filled, localised) message.
 * - An error with field errors is one entry per field: the field's own code, else the error's;
 *   the field's message; `subject` = the field name; `subjectType` = `field.in`, else "parameter"
 *   (the only value the seed shows).
 * - Errors raised together (`also`) follow, each spelled the same way (seed 003: a `usptaNumber`
 *   and a `ptrNumber` both already used → 200601 and 200602 in one response).
 *
 * The request token: the seed's body has no member for it, so errata adds none (a client that
 * reads the seed's shape strictly must not meet an unknown member); the token travels in the
 * `X-Request-Id` header only. `extra` members are likewise not rendered.
 *
 * The seed's per-method table also shows a bare `{"errorCode": 3001, "message": …}` object without
 * the `errors` array; that contradicts its own "Error Messages" section, and errata always sends
 * the documented envelope.
 *
 * Content-Type is `application/json` without `charset`: RFC 8259 §11 defines no parameters
 * for it (JSON text exchanged between systems is UTF-8, §8.1).
 * @module
 */
import type { CatalogEntry } from "../../catalog/types.js";
import type { ErrataError } from "../../errors/errata-error.js";
import { jsonString } from "../json-escape.js";
import type { Format, RenderContext, RenderedError } from "../types.js";

export const ENTITY_API_JSON = "application/json";

interface Compiled {
  /** `{"errorCode":N,"message":` */
  readonly head: string;
  /** The whole entry `{…}` when the message is static, else null. */
  readonly staticEntry: string | null;
  readonly contentTypeHeaders: readonly string[];
}

/** The JSON form of a code: a number stays a number, a string code is a JSON string. */
function codeJson(code: number | string): string {
  return typeof code === "number" ? String(code) : jsonString(code);
}

/** The entries for one error: one per field error, else one for the error itself. */
function entriesOf(error: ErrataError, message: string): string {
  const fields = error.fields;
  if (fields.length === 0) return `{"errorCode":${codeJson(error.code)},"message":${jsonString(message)}}`;
  let out = "";
  for (const f of fields) {
    out += `${out ? "," : ""}{"errorCode":${codeJson(f.code ?? error.code)},"message":${jsonString(f.message)},"subject":${jsonString(f.name)},"subjectType":${jsonString(f.in ?? "parameter")}}`;
  }
  return out;
}

/** The entity API format (seed 003). */
export function entityApi(): Format<Compiled> {
  return {
    id: "entity-api",
    mediaTypes: [ENTITY_API_JSON],
    compile(entry: CatalogEntry): Compiled {
      const code = entry.code ?? entry.name ?? entry.key;
      const head = `{"errorCode":${codeJson(code)},"message":`;
      const staticEntry =
        entry.message.names.length === 0 && entry.messages.size === 0
          ? `${head}${jsonString(entry.message.source)}}`
          : null;
      return { head, staticEntry, contentTypeHeaders: ["Content-Type", ENTITY_API_JSON] };
    },
    render(error: ErrataError, ctx: RenderContext, c: Compiled): RenderedError {
      let body = '{"errors":[';
      if (error.fields.length !== 0) body += entriesOf(error, ctx.detail);
      else if (c.staticEntry !== null && error.detailOverride === undefined && ctx.locale === undefined)
        body += c.staticEntry;
      else body += `${c.head}${jsonString(ctx.detail)}}`;
      for (const a of error.also) body += `,${entriesOf(a, a.message)}`;
      body += "]}";
      return { status: error.status, headers: c.contentTypeHeaders.slice(), body };
    },
  };
}
