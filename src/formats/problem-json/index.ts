/**
 * RFC 9457 problem details, JSON (`application/problem+json`): errata's default format.
 *
 * Members: `type` (the code's docs URL, RFC 9457 §3.1.1), `title` (§3.1.3), `status` (§3.1.2),
 * `detail` (§3.1.4), `instance` (§3.1.5: the request path), and extension members (§3.2): `code`,
 * `name`, `requestId`, and `errors` for field errors (the shape of RFC 9457 §3's example).
 *
 * Compiled per entry: everything static is serialised once, so rendering is string concatenation
 * of the pre-serialised parts with the escaped path, detail and token.
 * @example
 * ```ts
 * const errata = createErrata({ formats: [problemJson()] });
 * ```
 * @module
 */
import type { CatalogEntry } from "../../catalog/types.js";
import type { ErrataError } from "../../errors/errata-error.js";
import type { FieldError } from "../../errors/field-error.js";
import { jsonString } from "../json-escape.js";
import type { Format, FormatEnv, RenderContext, RenderedError } from "../types.js";

export const PROBLEM_JSON = "application/problem+json";

interface Compiled {
  /** `{"type":…,"title":…,"status":N,"detail":` */
  readonly head: string;
  /** The serialised detail when the message is static, else null. */
  readonly staticDetail: string | null;
  /** `,"code":…,"name":…,"requestId":"` */
  readonly tail: string;
  readonly contentTypeHeaders: string[];
}

/** Members errata writes itself; extras may not overwrite them. */
const RESERVED = new Set([
  "type",
  "title",
  "status",
  "detail",
  "instance",
  "code",
  "name",
  "requestId",
  "errors",
]);

/** Field errors as RFC 9457 §3 shows them: `detail` plus `pointer` (body) or the parameter/header name. */
export function problemFieldErrors(fields: readonly FieldError[], also: readonly ErrataError[]): string {
  let out = "";
  for (const f of fields) {
    const where = f.in ?? "body";
    let loc: string;
    if (where === "body") {
      const ptr = f.name.startsWith("/") ? f.name : `/${f.name}`;
      loc = `"pointer":${jsonString(`#${ptr}`)}`;
    } else if (where === "header") {
      loc = `"header":${jsonString(f.name)}`;
    } else {
      loc = `"parameter":${jsonString(f.name)}`;
    }
    out += `${out ? "," : ""}{"detail":${jsonString(f.message)},${loc}${f.code !== undefined ? `,"code":${JSON.stringify(f.code)}` : ""}}`;
  }
  for (const a of also) {
    out += `${out ? "," : ""}{"detail":${jsonString(a.message)},"code":${JSON.stringify(a.code)}}`;
  }
  return out;
}

/** Extension members from `extra`, skipping the reserved ones. */
export function extraMembers(extra: ErrataError["extra"]): string {
  if (!extra) return "";
  let out = "";
  for (const k of Object.keys(extra)) {
    if (RESERVED.has(k)) continue;
    out += `,${jsonString(k)}:${JSON.stringify(extra[k])}`;
  }
  return out;
}

/** The problem+json format. */
export function problemJson(): Format<Compiled> {
  return {
    id: "problem+json",
    mediaTypes: [PROBLEM_JSON],
    compile(entry: CatalogEntry, env: FormatEnv): Compiled {
      const type = env.docsUrl(entry) ?? "about:blank";
      const head = `{"type":${jsonString(type)},"title":${jsonString(entry.title)},"status":${entry.status},"detail":`;
      const staticDetail =
        entry.message.names.length === 0 && entry.messages.size === 0
          ? jsonString(entry.message.source)
          : null;
      let tail = "";
      if (entry.code !== null) tail += `,"code":${JSON.stringify(entry.code)}`;
      if (entry.name !== null) tail += `,"name":${jsonString(entry.name)}`;
      tail += `,"requestId":"`;
      return { head, staticDetail, tail, contentTypeHeaders: ["Content-Type", PROBLEM_JSON] };
    },
    render(error: ErrataError, ctx: RenderContext, c: Compiled): RenderedError {
      const detail =
        c.staticDetail !== null && error.detailOverride === undefined && ctx.locale === undefined
          ? c.staticDetail
          : jsonString(ctx.detail);
      const path = ctx.request.path;
      // RFC 9457 §3.1.5: instance identifies this occurrence; errors raised before a request line was read have none.
      let body = `${c.head}${detail}${path === "" ? "" : `,"instance":${jsonString(path)}`}${c.tail}${ctx.request.token}"`;
      if (error.fields.length !== 0 || error.also.length !== 0) {
        body += `,"errors":[${problemFieldErrors(error.fields, error.also)}]`;
      }
      if (error.extra !== undefined) body += extraMembers(error.extra);
      body += "}";
      return { status: error.status, headers: c.contentTypeHeaders.slice(), body };
    },
  };
}
