/**
 * OCLC WorldCat web-service errors, seed 002. XML in the `http://worldcat.org/xmlschemas/response`
 * namespace, whose code is the HTTP status:
 *
 * ```xml
 * <oclc:error xmlns:oclc="http://worldcat.org/xmlschemas/response">
 *   <oclc:code type="http">401</oclc:code><oclc:message>WSKey "abc" is invalid</oclc:message>
 * </oclc:error>
 * ```
 *
 * On POST and PUT the error travels in an Atom entry (RFC 4287) that echoes the posted content
 * first — seed 002: "When an error happens on a POST or PUT request the web service will return
 * both the error and the content sent in on the request", and its example:
 *
 * ```xml
 * <entry xmlns="http://www.w3.org/2005/Atom" xmlns:oclc="http://worldcat.org/xmlschemas/response">
 *   <content type="application/xml"><ns11:purchaseOrder …>…</ns11:purchaseOrder></content>
 *   <oclc:error><oclc:code type="http">400</oclc:code><oclc:message>vendorId … not found</oclc:message></oclc:error>
 * </entry>
 * ```
 *
 * The echo is rebuilt from the parsed posted XML, never pasted (see `./echo.ts`). Field errors
 * (validation) add `<oclc:detail>` with one `<oclc:field name="…">message</oclc:field>` each.
 * Every element is built by fast-xml-parser's builder, which escapes all text; the static parts
 * (declaration, namespaces, code) are built once per catalog entry.
 * @example
 * ```ts
 * const errata = createErrata({ formats: [oclc()], catalogs: [oclcErrors] });
 * ```
 * @module
 */
import type { CatalogEntry } from "../../catalog/types.js";
import type { ErrataError } from "../../errors/errata-error.js";
import type { Format, RenderContext, RenderedError } from "../types.js";
import { buildXml, XML_DECLARATION, type XmlTree } from "../xml.js";
import { ATOM_NS, echoContent } from "./echo.js";

export {
  ATOM_NS,
  echoContent,
  elementText,
  findElement,
  localName,
  MAX_DEPTH,
  NotEchoableXmlError,
  type PostedElement,
  type PostedNode,
  type PostedText,
  parsePostedXml,
  serializePosted,
} from "./echo.js";

/** OCLC's response namespace (seed 002). */
export const OCLC_NS = "http://worldcat.org/xmlschemas/response";

/** Options of {@link oclc}. */
export interface OclcOptions {
  /** Methods whose errors echo the posted content in an Atom entry. Default POST and PUT (seed 002). */
  readonly echoMethods?: readonly string[];
  /**
   * Add `<oclc:requestId>` with the request token. Default false: seed 002's documents have no
   * such element, and the token is in `X-Request-Id` either way.
   */
  readonly requestId?: boolean;
}

interface Compiled {
  /** `<oclc:code type="http">N</oclc:code>` */
  readonly code: string;
  /** `<oclc:message>…</oclc:message>` when the message is static, else null. */
  readonly staticMessage: string | null;
  readonly status: number;
}

const ERROR_DOC_OPEN = `${XML_DECLARATION}<oclc:error xmlns:oclc="${OCLC_NS}">`;
const ENTRY_OPEN = `${XML_DECLARATION}<entry xmlns="${ATOM_NS}" xmlns:oclc="${OCLC_NS}">`;

function messageElement(text: string): string {
  return buildXml({ "oclc:message": text });
}

/** `<oclc:detail>` with one `<oclc:field>` per field error (and one per further error, by code). */
function detailElement(error: ErrataError): string {
  const items: XmlTree[] = [];
  for (const f of error.fields) {
    const item: Record<string, string> = { "@_name": f.name };
    if (f.code !== undefined) item["@_code"] = String(f.code);
    item["#text"] = f.message;
    items.push(item);
  }
  for (const a of error.also) items.push({ "@_code": String(a.code), "#text": a.message });
  return buildXml({ "oclc:detail": { "oclc:field": items } });
}

/** The OCLC format. */
export function oclc(options: OclcOptions = {}): Format<Compiled> {
  const echo = new Set((options.echoMethods ?? ["POST", "PUT"]).map((m) => m.toUpperCase()));
  const withRequestId = options.requestId === true;
  return {
    id: "oclc",
    mediaTypes: ["application/xml", "text/xml"],
    compile(entry: CatalogEntry): Compiled {
      // The `http` code is the HTTP status (seed 002's example: 400 with a 400 response).
      const code = buildXml({ "oclc:code": { "@_type": "http", "#text": String(entry.status) } });
      const staticMessage =
        entry.message.names.length === 0 && entry.messages.size === 0
          ? messageElement(entry.message.source)
          : null;
      return { code, staticMessage, status: entry.status };
    },
    render(error: ErrataError, ctx: RenderContext, c: Compiled): RenderedError {
      const message =
        c.staticMessage !== null && error.detailOverride === undefined && ctx.locale === undefined
          ? c.staticMessage
          : messageElement(ctx.detail);
      let inner = c.code + message;
      if (error.fields.length !== 0 || error.also.length !== 0) inner += detailElement(error);
      if (withRequestId) inner += buildXml({ "oclc:requestId": ctx.request.token });
      const req = ctx.request;
      const body = echo.has(req.method.toUpperCase())
        ? `${ENTRY_OPEN}${echoContent(req.bodyText)}<oclc:error>${inner}</oclc:error></entry>`
        : `${ERROR_DOC_OPEN}${inner}</oclc:error>`;
      // RFC 7303 §3.2: state the charset; text/* needs it (CONTRACT §3).
      return { status: c.status, headers: ["Content-Type", `${ctx.mediaType}; charset=utf-8`], body };
    },
  };
}
