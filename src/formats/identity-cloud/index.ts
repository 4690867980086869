/**
 * Identity Cloud (Registration / Capture API) errors, seed 001:
 *
 * ```json
 * {"stat":"error","code":100,"error":"missing_argument","error_description":"missing required argument: uuid",
 *  "request_token":"Xq3…","argument_name":"uuid"}
 * ```
 *
 * - `stat` is always `"error"`; `code` the catalog's integer code (Identity Cloud's own numbering:
 *   its 415 is "authorization code expired", not HTTP 415); `error` the machine-readable name;
 *   `error_description` the filled message; `request_token` the 16-character request token
 *   (seed 001: "recorded in Identity Cloud's internal API logs" for support tickets).
 * - Per-error members follow (the `extra` of the entry or of the raise): `argument_name` for 100
 *   missing_argument, as the real API sends it (docs.janrain.com/api/registration/error-codes:
 *   `{"code":100,"error":"missing_argument","argument_name":"uuid","error_description":"missing
 *   required argument: uuid","stat":"error"}`). Field errors become `invalid_fields`
 *   (`{"field":"message"}`, 390 invalid_form_fields).
 * - HTTP status: the real API answers **200** and clients read `stat` ("All responses are JSON in
 *   the response body with an HTTP 200 response", same page). `httpStatus: "mapped"` sends the
 *   catalog's HTTP status instead. Protocol-level refusals keep their status in both modes (405
 *   must carry `Allow`, 406/413/415 are about the HTTP exchange itself), and so do server failures
 *   (CONTRACT §3: an unexpected throwable "becomes a 500 in the route's format").
 * - `Cache-Control: no-store`, as the real API sends on every response: an error answered with
 *   200 must never be served from a cache as if it were a success.
 *
 * Compiled per entry: everything but the message (when templated or localised) and the token is
 * serialised once.
 * @example
 * ```ts
 * const errata = createErrata({ formats: [identityCloud({ httpStatus: "always-200" })], catalogs: [identityCloudErrors] });
 * ```
 * @module
 */
import type { CatalogEntry, JsonValue } from "../../catalog/types.js";
import type { ErrataError } from "../../errors/errata-error.js";
import type { FieldError } from "../../errors/field-error.js";
import { jsonString, wellFormed } from "../json-escape.js";
import type { Format, RenderContext, RenderedError } from "../types.js";

/** The media type Identity Cloud answers with (RFC 8259 defines no charset parameter for it). */
export const IDENTITY_CLOUD_JSON = "application/json";

/** Which HTTP status an Identity Cloud error is sent with. */
export type IdentityCloudHttpStatus = "always-200" | "mapped";

/** Options of {@link identityCloud}. */
export interface IdentityCloudOptions {
  /** `"always-200"` (default): as the real Capture API. `"mapped"`: the catalog entry's HTTP status. */
  readonly httpStatus?: IdentityCloudHttpStatus;
  /**
   * Statuses sent as they are even in `"always-200"` mode. Default {@link PROTOCOL_STATUSES}:
   * 405 (RFC 9110 §15.5.6: with `Allow`), 406, 408, 413, 414, 415, 431, and 500.
   */
  readonly keepStatuses?: readonly number[];
  /** `Cache-Control` value; `null` sends none. Default `"no-store"`. */
  readonly cacheControl?: string | null;
}

/** Statuses that describe the HTTP exchange itself, plus 500 (CONTRACT §3), kept in "always-200" mode. */
export const PROTOCOL_STATUSES: readonly number[] = Object.freeze([405, 406, 408, 413, 414, 415, 431, 500]);

/** Members the format writes itself; extras may not overwrite them. */
const RESERVED: ReadonlySet<string> = new Set([
  "stat",
  "code",
  "error",
  "error_description",
  "request_token",
  "invalid_fields",
]);

interface Compiled {
  /** `{"stat":"error","code":N,"error":"name","error_description":` */
  readonly head: string;
  /** The serialised message when it is static, else null. */
  readonly staticDetail: string | null;
  readonly status: number;
  readonly headers: readonly string[];
}

const NUMERIC = /^[0-9]{1,15}$/;

/**
 * The integer `code` of an entry. Identity Cloud codes are integers ("code: an integer error
 * code", seed 001); an entry from another catalog (a foreign error mapped by status) has none, and
 * gets the catch-all of its kind: 500 (unexpected_error) for server errors, else 200
 * (invalid_argument). Never the HTTP status: Identity Cloud's 413–415 mean other things.
 */
export function identityCloudCode(entry: CatalogEntry): number {
  const c = entry.code;
  if (typeof c === "number" && Number.isSafeInteger(c)) return c;
  if (typeof c === "string" && NUMERIC.test(c)) return Number(c);
  return entry.status >= 500 ? 500 : 200;
}

/** The `error` name of an entry: its name, else its string code, else its key. */
export function identityCloudName(entry: CatalogEntry): string {
  if (entry.name !== null) return entry.name;
  return typeof entry.code === "string" && !NUMERIC.test(entry.code) ? entry.code : entry.key;
}

/** `"invalid_fields":{"name":"message",…}`; a name given twice collects its messages in an array. */
function invalidFields(fields: readonly FieldError[]): string {
  const byName = new Map<string, string[]>();
  for (const f of fields) {
    // Member names must be well-formed (RFC 8259 §8.2); values may hold anything JSON can escape.
    const name = wellFormed(f.name);
    const list = byName.get(name);
    if (list) list.push(f.message);
    else byName.set(name, [f.message]);
  }
  let out = "";
  for (const [name, messages] of byName) {
    const v =
      messages.length === 1 ? jsonString(messages[0]) : `[${messages.map((m) => jsonString(m)).join(",")}]`;
    out += `${out ? "," : ""}${jsonString(name)}:${v}`;
  }
  return `,"invalid_fields":{${out}}`;
}

/** Extra members (`argument_name`, …) in their own order, skipping reserved and undefined ones. */
function extraMembers(extra: Readonly<Record<string, JsonValue>>): string {
  let out = "";
  for (const k of Object.keys(extra)) {
    const v = extra[k];
    if (v === undefined || RESERVED.has(k)) continue;
    out += `,${jsonString(k)}:${JSON.stringify(v)}`;
  }
  return out;
}

/** The Identity Cloud format. */
export function identityCloud(options: IdentityCloudOptions = {}): Format<Compiled> {
  const mapped = (options.httpStatus ?? "always-200") === "mapped";
  const keep = new Set(options.keepStatuses ?? PROTOCOL_STATUSES);
  const cacheControl = options.cacheControl === undefined ? "no-store" : options.cacheControl;
  const headers: readonly string[] =
    cacheControl === null
      ? ["Content-Type", IDENTITY_CLOUD_JSON]
      : ["Content-Type", IDENTITY_CLOUD_JSON, "Cache-Control", cacheControl];
  return {
    id: "identity-cloud",
    mediaTypes: [IDENTITY_CLOUD_JSON],
    compile(entry: CatalogEntry): Compiled {
      const head = `{"stat":"error","code":${identityCloudCode(entry)},"error":${jsonString(identityCloudName(entry))},"error_description":`;
      const staticDetail =
        entry.message.names.length === 0 && entry.messages.size === 0
          ? jsonString(entry.message.source)
          : null;
      const status = mapped || keep.has(entry.status) ? entry.status : 200;
      return { head, staticDetail, status, headers };
    },
    render(error: ErrataError, ctx: RenderContext, c: Compiled): RenderedError {
      const detail =
        c.staticDetail !== null && error.detailOverride === undefined && ctx.locale === undefined
          ? c.staticDetail
          : jsonString(ctx.detail);
      let body = `${c.head}${detail},"request_token":${jsonString(ctx.request.token)}`;
      if (error.extra !== undefined) body += extraMembers(error.extra);
      if (error.fields.length !== 0) body += invalidFields(error.fields);
      body += "}";
      return { status: c.status, headers: c.headers.slice(), body };
    },
  };
}
