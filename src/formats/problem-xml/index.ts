/**
 * RFC 9457 problem details in XML (`application/problem+xml`, Appendix B): root
 * `<problem xmlns="urn:ietf:rfc:7807">` (the namespace RFC 7807 registered, kept by RFC 9457), each
 * member a child element, arrays as repeated `<i>` children ("arrays are represented by the `i`
 * element"). The members are exactly problem+json's: `type`, `title`, `status`, `detail`,
 * `instance`, and the extension members `code`, `name`, `requestId`, `errors` (field errors, one
 * `<i>` each) and the entry's `extra` members.
 *
 * Content-Type is `application/problem+xml` without a `charset` parameter: the IANA registration
 * (RFC 9457 §6.2) lists "Optional parameters: None" and defers encoding to RFC 7303, where the XML
 * declaration carries it (`encoding="UTF-8"`). problem+json sends no `charset` either.
 *
 * Built with fast-xml-parser's builder (`buildXml`), never by concatenating untrusted text: the
 * static parts of each entry are built once in `compile` and split at slot markers, and the
 * per-error parts (detail, instance, requestId, errors, extras) are built per render. Characters
 * XML 1.0 cannot carry (C0 controls, lone surrogates) become U+FFFD, so any message yields a
 * well-formed document.
 * @example
 * ```ts
 * const errata = createErrata({ formats: [problemJson(), problemXml()] });
 * // Accept: application/xml → <problem xmlns="urn:ietf:rfc:7807">…</problem>
 * ```
 * @module
 */
import type { CatalogEntry, JsonValue } from "../../catalog/types.js";
import type { ErrataError } from "../../errors/errata-error.js";
import type { FieldError } from "../../errors/field-error.js";
import type { Format, FormatEnv, RenderContext, RenderedError } from "../types.js";
import { buildXml, XML_DECLARATION, type XmlNode, type XmlTree } from "../xml.js";

export const PROBLEM_XML = "application/problem+xml";

/** RFC 9457 Appendix B: "the namespace URI … is urn:ietf:rfc:7807". */
export const PROBLEM_XML_NS = "urn:ietf:rfc:7807";

interface Compiled {
  /** Declaration, `<problem xmlns…>`, `<type>`, `<title>`, `<status>`. */
  readonly head: string;
  /** `<detail>…</detail>` when the message is static, else null. */
  readonly staticDetail: string | null;
  /** `<code>`, `<name>` (static, between instance and requestId). */
  readonly mid: string;
  /** `</problem>`. */
  readonly tail: string;
  readonly contentTypeHeaders: readonly string[];
}

/** Members errata writes itself; extras may not overwrite them (same set as problem+json). */
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

/**
 * Extension member names that are XML element names as written (an ASCII NCName not starting
 * with "xml", XML 1.0 §2.3 reserves those). Others cannot be spelled in XML and are left out.
 */
const ELEMENT_NAME = /^(?![Xx][Mm][Ll])[A-Za-z_][A-Za-z0-9._-]*$/;

const SLOT_1 = "errata-slot-1";
const SLOT_2 = "errata-slot-2";

/** A JSON value as an XML node: arrays become `<i>` items (Appendix B), objects child elements. */
function jsonToXml(v: JsonValue, depth: number): XmlNode {
  if (v === null || typeof v !== "object") return v;
  if (depth > 16) return "";
  if (Array.isArray(v)) return { i: v.map((x) => wrapArray(jsonToXml(x, depth + 1))) };
  const out: Record<string, XmlNode> = {};
  const o = v as { readonly [k: string]: JsonValue };
  for (const k of Object.keys(o)) {
    if (ELEMENT_NAME.test(k)) out[k] = jsonToXml(o[k] as JsonValue, depth + 1);
  }
  return out;
}

/** An array nested in an array needs its own `<i>` wrapper, or the builder would flatten it. */
function wrapArray(n: XmlNode): XmlNode {
  return Array.isArray(n) ? { i: n } : n;
}

/** Field errors as problem+json spells them (`detail`, `pointer` | `header` | `parameter`, `code`), one `<i>` each. */
export function problemXmlFieldErrors(
  fields: readonly FieldError[],
  also: readonly ErrataError[],
): XmlTree[] {
  const out: XmlTree[] = [];
  for (const f of fields) {
    const where = f.in ?? "body";
    const item: Record<string, XmlNode> = { detail: f.message };
    if (where === "body") item.pointer = `#${f.name.startsWith("/") ? f.name : `/${f.name}`}`;
    else if (where === "header") item.header = f.name;
    else item.parameter = f.name;
    if (f.code !== undefined) item.code = f.code;
    out.push(item);
  }
  for (const a of also) out.push({ detail: a.message, code: a.code });
  return out;
}

function splitOnce(s: string, marker: string): [string, string] {
  const i = s.indexOf(marker);
  if (i < 0) throw new Error(`problem+xml: slot ${marker} not found`);
  return [s.slice(0, i), s.slice(i + marker.length)];
}

/** The problem+xml format (RFC 9457 Appendix B). */
export function problemXml(): Format<Compiled> {
  return {
    id: "problem+xml",
    mediaTypes: [PROBLEM_XML],
    compile(entry: CatalogEntry, env: FormatEnv): Compiled {
      const problem: Record<string, XmlNode> = {
        "@_xmlns": PROBLEM_XML_NS,
        type: env.docsUrl(entry) ?? "about:blank",
        title: entry.title,
        status: entry.status,
        [SLOT_1]: "",
      };
      if (entry.code !== null) problem.code = entry.code;
      if (entry.name !== null) problem.name = entry.name;
      problem[SLOT_2] = "";
      const built = buildXml({ problem });
      const [head, rest] = splitOnce(built, `<${SLOT_1}></${SLOT_1}>`);
      const [mid, tail] = splitOnce(rest, `<${SLOT_2}></${SLOT_2}>`);
      const staticDetail =
        entry.message.names.length === 0 && entry.messages.size === 0
          ? buildXml({ detail: entry.message.source })
          : null;
      // RFC 9457 Appendix B's example starts with the declaration on a line of its own.
      return {
        head: `${XML_DECLARATION}\n${head}`,
        staticDetail,
        mid,
        tail,
        contentTypeHeaders: ["Content-Type", PROBLEM_XML],
      };
    },
    render(error: ErrataError, ctx: RenderContext, c: Compiled): RenderedError {
      const path = ctx.request.path;
      const useStatic =
        c.staticDetail !== null && error.detailOverride === undefined && ctx.locale === undefined;
      // RFC 9457 §3.1.5: instance identifies this occurrence; errors raised before a request line was read have none.
      const first: Record<string, XmlNode> = useStatic ? {} : { detail: ctx.detail };
      if (path !== "") first.instance = path;
      const second: Record<string, XmlNode> = { requestId: ctx.request.token };
      if (error.fields.length !== 0 || error.also.length !== 0) {
        second.errors = { i: problemXmlFieldErrors(error.fields, error.also) };
      }
      const extra = error.extra;
      if (extra !== undefined) {
        for (const k of Object.keys(extra)) {
          if (!RESERVED.has(k) && ELEMENT_NAME.test(k)) second[k] = jsonToXml(extra[k] as JsonValue, 0);
        }
      }
      const body = `${c.head}${useStatic ? c.staticDetail : ""}${buildXml(first)}${c.mid}${buildXml(second)}${c.tail}`;
      return { status: error.status, headers: c.contentTypeHeaders.slice(), body };
    },
  };
}
