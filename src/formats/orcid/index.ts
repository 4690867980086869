/**
 * ORCID's API error body (seed 000), as ORCID's v2/v3 API writes it (`OrcidError` in orcid-model,
 * filled by `OrcidCoreExceptionMapper` in ORCID-Source's orcid-core):
 *
 * - `response-code`: the HTTP status;
 * - `developer-message`: the developer text (`apiError.<code>.developerMessage`, then
 *   " Full validation error: " and the exception's message) — errata's `message` template;
 * - `user-message`: the end-user text (`apiError.<code>.userMessage`) — errata's `userMessage`
 *   template, the second audience (falls back to the developer message);
 * - `error-code`: ORCID's own code (9001–9053: 9016 not found, 9018 locked, 9007 deprecated…),
 *   the catalog entry's code; left out when the entry has none (legacy rows of seed 000);
 * - `more-info`: a link about the code. Real ORCID sends its troubleshooting page for every code;
 *   errata links the code's own docs page (CONTRACT §3.6), left out when there is none.
 *
 * JSON for `application/vnd.orcid+json` and `application/json`, byte for byte as ORCID's
 * `OrcidErrorJsonMessageBodyWriter` writes it: Jackson with `INDENT_OUTPUT` (2-space indent,
 * `" : "` between name and value, no final newline), members in the order above.
 * XML for `application/vnd.orcid+xml` and `application/xml`: JAXB with `JAXB_FORMATTED_OUTPUT`
 * (ORCID-Source `OrcidMarshallerContextResolver`): the `standalone="yes"` declaration, root
 * `<error xmlns="http://www.orcid.org/ns/error">` (as in ORCID's own example in
 * orcid-api-web/tutorial/api_errors.md), 4-space indentation, a final newline.
 *
 * The request token: ORCID's body has no member for it, so it travels in `X-Request-Id` only.
 * The body holds one error: field errors are appended to the developer message after
 * "Full validation error:", and errors raised together (`also`) are not rendered.
 * Content-Type is the negotiated media type as is (no `charset`: the JSON types take none, and
 * the XML declaration carries the encoding, RFC 7303 §3.2).
 * @module
 */
import { XMLBuilder } from "fast-xml-parser";
import type { CatalogEntry } from "../../catalog/types.js";
import type { ErrataError } from "../../errors/errata-error.js";
import { jsonString } from "../json-escape.js";
import type { Format, FormatEnv, RenderContext, RenderedError } from "../types.js";
import { xmlSafe } from "../xml.js";

/** orcid-model `error-3.0.xsd` target namespace. */
export const ORCID_ERROR_NS = "http://www.orcid.org/ns/error";
export const ORCID_XML = "application/vnd.orcid+xml";
export const ORCID_JSON = "application/vnd.orcid+json";

/** JAXB's declaration, as ORCID's API sends it. */
export const ORCID_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

export interface OrcidFormatOptions {
  /**
   * Which representation answers when `Accept` does not choose (absent, `*\/*`, or a 406):
   * `"xml"` (default: ORCID is an XML-first API; its record calls answer XML without `Accept`)
   * or `"json"`.
   */
  readonly defaultRepresentation?: "xml" | "json";
}

interface Compiled {
  /** `{\n  "response-code" : N,\n  "developer-message" : ` */
  readonly jsonHead: string;
  /** `,\n  "error-code" : N,\n  "more-info" : "…"\n}` */
  readonly jsonTail: string;
  /** The static developer and user messages, or null when templated. */
  readonly staticDeveloper: string | null;
  readonly staticUser: string | null;
  /** The whole XML body when both messages are static, else null. */
  readonly staticXml: string | null;
  readonly code: number | string | null;
  readonly moreInfo: string | null;
  readonly status: number;
}

/**
 * JAXB_FORMATTED_OUTPUT's layout: four spaces, one element per line. JAXB escapes `&`, `<` and `>`
 * in text and leaves quotes as they are (`unexpected element (uri:"", local:"x")` reads as ORCID
 * sends it), so the builder escapes exactly those three.
 */
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  format: true,
  indentBy: "    ",
  suppressEmptyNode: false,
  processEntities: false,
  tagValueProcessor: (_name: string, value: unknown) =>
    typeof value === "string" ? escapeText(value) : value,
});

const TEXT_SPECIAL = /[&<>]/g;
const TEXT_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** XML 1.0 §2.4 text escaping as JAXB does it: `&`, `<`, `>`. */
function escapeText(s: string): string {
  return s.replace(TEXT_SPECIAL, (ch) => TEXT_ESCAPES[ch] as string);
}

function xmlBody(
  status: number,
  developer: string,
  user: string,
  code: number | string | null,
  moreInfo: string | null,
): string {
  const error: Record<string, string | number> = {
    "@_xmlns": ORCID_ERROR_NS,
    "response-code": status,
    "developer-message": xmlSafe(developer),
    "user-message": xmlSafe(user),
  };
  if (code !== null) error["error-code"] = typeof code === "string" ? xmlSafe(code) : code;
  if (moreInfo !== null) error["more-info"] = xmlSafe(moreInfo);
  return `${ORCID_XML_DECLARATION}\n${builder.build({ error }) as string}`;
}

/** Field errors as one line: `name: message; name: message`. */
function fieldText(error: ErrataError): string {
  let out = "";
  for (const f of error.fields) out += `${out ? "; " : ""}${f.name}: ${f.message}`;
  return out;
}

function codeJson(code: number | string): string {
  return typeof code === "number" ? String(code) : jsonString(code);
}

/** The ORCID format: JSON and XML, one id (`orcid`). */
export function orcid(options: OrcidFormatOptions = {}): Format<Compiled> {
  const xmlTypes = [ORCID_XML, "application/xml"];
  const jsonTypes = [ORCID_JSON, "application/json"];
  const mediaTypes =
    options.defaultRepresentation === "json" ? [...jsonTypes, ...xmlTypes] : [...xmlTypes, ...jsonTypes];
  return {
    id: "orcid",
    mediaTypes,
    compile(entry: CatalogEntry, env: FormatEnv): Compiled {
      const moreInfo = env.docsUrl(entry);
      const code = entry.code;
      const jsonHead = `{\n  "response-code" : ${entry.status},\n  "developer-message" : `;
      let jsonTail = "";
      if (code !== null) jsonTail += `,\n  "error-code" : ${codeJson(code)}`;
      if (moreInfo !== null) jsonTail += `,\n  "more-info" : ${jsonString(moreInfo)}`;
      jsonTail += "\n}";
      const staticDeveloper =
        entry.message.names.length === 0 && entry.messages.size === 0 ? entry.message.source : null;
      const u = entry.userMessage;
      const staticUser = u === null ? staticDeveloper : u.names.length === 0 ? u.source : null;
      const staticXml =
        staticDeveloper !== null && staticUser !== null
          ? xmlBody(entry.status, staticDeveloper, staticUser, code, moreInfo)
          : null;
      return {
        jsonHead,
        jsonTail,
        staticDeveloper,
        staticUser,
        staticXml,
        code,
        moreInfo,
        status: entry.status,
      };
    },
    render(error: ErrataError, ctx: RenderContext, c: Compiled): RenderedError {
      const isStatic = error.detailOverride === undefined && ctx.locale === undefined;
      const base = isStatic && c.staticDeveloper !== null ? c.staticDeveloper : ctx.detail;
      // ORCID's body has no field list: field errors follow "Full validation error:" in the developer
      // text, as ORCID writes its validation failures (OrcidCoreExceptionMapper.getDeveloperMessage).
      const developer =
        error.fields.length === 0 ? base : `${base} Full validation error: ${fieldText(error)}`;
      // Without a user template ORCID's user-message repeats the developer text (without the details).
      const user =
        c.staticUser !== null && isStatic
          ? c.staticUser
          : error.entry.userMessage === null
            ? base
            : error.userMessage;
      const mediaType = ctx.mediaType;
      const json = mediaType.endsWith("json");
      let body: string;
      if (json) {
        body = `${c.jsonHead}${jsonString(developer)},\n  "user-message" : ${jsonString(user)}${c.jsonTail}`;
      } else if (c.staticXml !== null && isStatic && error.fields.length === 0) {
        body = c.staticXml;
      } else {
        body = xmlBody(c.status, developer, user, c.code, c.moreInfo);
      }
      return { status: error.status, headers: ["Content-Type", mediaType], body };
    },
  };
}
