/**
 * An ORCID-style API (seed 000) on the demo server, exactly as CONTRACT §3.2 says, under
 * `/orcid/v3.0`. Errors are ORCID's body (`response-code`, `developer-message`, `user-message`,
 * `error-code`, `more-info`) in XML or JSON, by `Accept`; anything but the four ORCID media types
 * → 406, answered in XML (ORCID's default).
 *
 * Records: `0000-0002-1825-0097` exists (Josiah Carberry, ORCID's own test identity);
 * `0000-0001-5109-3700` is deprecated into it (301 + `Location`); `0000-0003-1415-9269` is locked
 * (409). An iD whose ISO 7064 11,2 check digit does not match is malformed (400).
 *
 * `POST /{orcid}/work` checks as ORCID does: the token (401 missing / invalid; 403 without the
 * `/activities/update` scope), then the record, then the body: XML only (415), parsed with
 * `parseXmlSafe` (DTDs refused, no entity expansion). The parse errors carry the Java XML
 * parser's own messages, which ORCID repeats: "Content is not allowed in prolog." (markup does not
 * start the document), "Premature end of file." (nothing, or a document cut off before its root
 * element ends — CONTRACT §3.2; Xerces says "XML document structures must start and end within
 * the same entity." for a cut inside the root, errata answers the contract's text for every
 * truncation).
 * @module
 */
import type { DemoContext } from "../../demo/app.js";
import type { Reply, RouteContext } from "../../src/adapters/node/index.js";
import { createRouter, type Router } from "../../src/adapters/node/index.js";
import { ORCID_XML_DECLARATION, orcid } from "../../src/formats/orcid/index.js";
import { buildXml, parseXmlSafe, XmlRejectedError, type XmlTree } from "../../src/formats/xml.js";
import { mediaTypeOf } from "../../src/guards/limits.js";
import { createErrata, type ErrataError } from "../../src/index.js";
import { orcidErrors as errors, orcidGuards } from "./catalog.js";

export const ORCID_PREFIX = "/orcid/v3.0";

/** orcid-model namespaces (record_3.0 XSDs). */
const NS = {
  record: "http://www.orcid.org/ns/record",
  common: "http://www.orcid.org/ns/common",
  person: "http://www.orcid.org/ns/person",
  personalDetails: "http://www.orcid.org/ns/personal-details",
  search: "http://www.orcid.org/ns/search",
  work: "http://www.orcid.org/ns/work",
} as const;

/** The canonical iD URI (orcid-model 2.1+: "ORCID iDs are expressed in the canonical form with the https prefix"). */
const ID_URI = "https://orcid.org/";

const DEMO_TOKEN = "demo-token";
const READONLY_TOKEN = "readonly-token";

/** ORCID's media types for XML bodies it reads (ORCID-Source OrcidApiConstants and JAX-RS). */
const XML_BODY_TYPES = new Set([
  "application/xml",
  "text/xml",
  "application/vnd.orcid+xml",
  "application/orcid+xml",
]);

interface Person {
  readonly given: string;
  readonly family: string;
}

interface Work {
  readonly putCode: number;
  readonly title: string;
  readonly type: string | null;
}

const ORCID_ID = /^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$/;

/** ISO 7064 MOD 11-2 check digit, as ORCID computes it (ORCID's "Structure of the ORCID Identifier"). */
export function isValidOrcidId(id: string): boolean {
  if (!ORCID_ID.test(id)) return false;
  const digits = id.replaceAll("-", "");
  let total = 0;
  for (let i = 0; i < 15; i++) total = (total + (digits.charCodeAt(i) - 48)) * 2;
  const result = (12 - (total % 11)) % 11;
  return digits[15] === (result === 10 ? "X" : String(result));
}

/** The local part of a qualified name (`work:title` → `title`). */
function localOf(qname: string): string {
  const i = qname.indexOf(":");
  return i < 0 ? qname : qname.slice(i + 1);
}

/** The namespace a root element's qualified name is in, from the xmlns attributes on it. */
function namespaceOf(qname: string, el: unknown): string {
  const i = qname.indexOf(":");
  const attr = i < 0 ? "@_xmlns" : `@_xmlns:${qname.slice(0, i)}`;
  const v = el !== null && typeof el === "object" ? (el as Record<string, unknown>)[attr] : undefined;
  return typeof v === "string" ? v : "";
}

/** The first child element with this local name, whatever its prefix. */
function child(el: unknown, local: string): unknown {
  if (el === null || typeof el !== "object") return undefined;
  for (const [k, v] of Object.entries(el as Record<string, unknown>)) {
    if (!k.startsWith("@_") && k !== "#text" && localOf(k) === local) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/** An element's text (fast-xml-parser gives a string, or `#text` when the element has attributes). */
function textOf(el: unknown): string {
  if (typeof el === "string") return el;
  if (el !== null && typeof el === "object") {
    const t = (el as Record<string, unknown>)["#text"];
    if (typeof t === "string") return t;
  }
  return "";
}

/** Index of the first character after the prolog's declaration, comments and PIs, or -1 when one is cut off. */
function skipProlog(text: string): number {
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\r" || text[i] === "\n")) i++;
    if (text.startsWith("<?", i)) {
      const e = text.indexOf("?>", i + 2);
      if (e < 0) return -1;
      i = e + 2;
    } else if (text.startsWith("<!--", i)) {
      const e = text.indexOf("-->", i + 4);
      if (e < 0) return -1;
      i = e + 3;
    } else {
      return i;
    }
  }
}

/** After a comment, PI or CDATA section starting at `lt`: its end, -2 when it is cut off, -1 when `lt` starts none. */
function skipSpecial(text: string, lt: number): number {
  let close: string;
  if (text.startsWith("<!--", lt)) close = "-->";
  else if (text.startsWith("<![CDATA[", lt)) close = "]]>";
  else if (text.startsWith("<?", lt)) close = "?>";
  else return -1;
  const e = text.indexOf(close, lt + 2);
  return e < 0 ? -2 : e + close.length;
}

/**
 * True when the document stops inside its root element or inside a tag: a truncation. One linear
 * pass over the markup (comments, PIs, CDATA and quoted attribute values skipped).
 */
export function endsInsideDocument(text: string, start: number): boolean {
  let depth = 0;
  let i = start;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf("<", i);
    if (lt < 0) break;
    const after = skipSpecial(text, lt);
    if (after === -2) return true;
    if (after >= 0) {
      i = after;
      continue;
    }
    let j = lt + 1;
    let quote = 0;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62) break;
    }
    if (j >= n) return true;
    if (text.charCodeAt(lt + 1) === 47) depth--;
    else if (text.charCodeAt(j - 1) !== 47) depth++;
    if (depth < 0) return false;
    i = j + 1;
  }
  return depth > 0;
}

/**
 * Parses a posted work the way ORCID's XML stack reports it: each failure is the catalog error
 * with the parser's message. Returns the work's title and type, or the error.
 */
export function parseWork(text: string): { title: string; type: string | null } | ErrataError {
  const start = skipProlog(text);
  if (start < 0 || start >= text.length) return errors.prematureEndOfFile();
  if (text[start] !== "<") return errors.contentNotAllowedInProlog();
  let doc: Record<string, unknown>;
  try {
    doc = parseXmlSafe(text);
  } catch (e) {
    if (e instanceof XmlRejectedError) return errors.doctypeDisallowed();
    return endsInsideDocument(text, start) ? errors.prematureEndOfFile() : errors.notWellFormed({ cause: e });
  }
  const roots = Object.keys(doc).filter((k) => k !== "?xml" && k !== "#comment");
  // One root element (XML 1.0 §2.1); fast-xml-parser tolerates several, Xerces does not.
  if (roots.length !== 1 || Array.isArray(doc[roots[0] as string])) return errors.notWellFormed();
  const qname = roots[0] as string;
  const root = doc[qname];
  const uri = namespaceOf(qname, root);
  const local = localOf(qname);
  if (local !== "work" || uri !== NS.work) {
    // JAXB's UnmarshalException text for an unknown root element.
    return errors.unexpectedElement({ uri, local, expected: `<{${NS.work}}work>` });
  }
  const title = textOf(child(child(root, "title"), "title")).trim();
  if (title === "") return errors.titleRequired();
  const type = textOf(child(root, "type")).trim();
  return { title, type: type === "" ? null : type };
}

/** Mounts the ORCID-style API on the demo (CONTRACT §3.2). */
export function mountOrcid(ctx: DemoContext): Router {
  const errata = createErrata({
    formats: [orcid()],
    catalogs: [errors],
    guards: orcidGuards,
    docsBaseUrl: ctx.docsBaseUrl,
    observers: ctx.observers,
  });
  const records = new Map<string, Person>([["0000-0002-1825-0097", { given: "Josiah", family: "Carberry" }]]);
  const deprecated = new Map<string, string>([["0000-0001-5109-3700", "0000-0002-1825-0097"]]);
  const locked = new Set<string>(["0000-0003-1415-9269"]);
  const works = new Map<string, Map<number, Work>>();
  let nextPutCode = 1_000_001;

  /** The record checks ORCID makes before any call on a record: iD, deprecation, lock, existence. */
  function checkRecord(id: string, rest: string): ErrataError | null {
    if (!isValidOrcidId(id)) return errors.invalidOrcidId({ orcid: id });
    const primary = deprecated.get(id);
    if (primary !== undefined) {
      // ORCID-Source OrcidExceptionMapper.getPrimaryRecordLocation: the same call with the primary iD.
      // A path reference (RFC 9110 §10.2.2) rather than one built from the client's Host header.
      return errors.deprecatedRecord(
        { primary: `${ID_URI}${primary}`, deprecated: `${ID_URI}${id}` },
        { headers: { Location: `${ORCID_PREFIX}/${primary}${rest}` } },
      );
    }
    if (locked.has(id)) return errors.recordLocked({ orcidUri: `${ID_URI}${id}` });
    return records.has(id) ? null : errors.notFound();
  }

  /** A success body in the negotiated representation. */
  function reply(c: RouteContext, status: number, json: object, xml: XmlTree): Reply {
    const isJson = c.mediaType.endsWith("json");
    const body = isJson ? JSON.stringify(json) : `${ORCID_XML_DECLARATION}\n${buildXml(xml)}`;
    return { status, headers: { "Content-Type": c.mediaType }, body };
  }

  function identifier(id: string) {
    return { uri: `${ID_URI}${id}`, path: id, host: "orcid.org" };
  }

  const router = createRouter({ prefix: ORCID_PREFIX, errata });

  router.get("/:orcid/record", (c) => {
    const id = c.params.orcid ?? "";
    const problem = checkRecord(id, "/record");
    if (problem) return problem;
    const p = records.get(id) as Person;
    const ident = identifier(id);
    return reply(
      c,
      200,
      {
        "orcid-identifier": ident,
        person: { name: { "given-names": { value: p.given }, "family-name": { value: p.family } } },
        path: `/${id}`,
      },
      {
        "record:record": {
          "@_xmlns:record": NS.record,
          "@_xmlns:common": NS.common,
          "@_xmlns:person": NS.person,
          "@_xmlns:personal-details": NS.personalDetails,
          "@_path": `/${id}`,
          "common:orcid-identifier": {
            "common:uri": ident.uri,
            "common:path": ident.path,
            "common:host": ident.host,
          },
          "person:person": {
            "person:name": {
              "personal-details:given-names": p.given,
              "personal-details:family-name": p.family,
            },
          },
        },
      },
    );
  });

  router.get("/search", (c) => {
    const rowsParam = c.query.get("rows");
    let rows = 100;
    if (rowsParam !== null) {
      // Seed 000: "The rows parameter must be an integer between 0 and 1,000".
      if (!/^[0-9]{1,4}$/.test(rowsParam) || Number(rowsParam) > 1000) return errors.invalidSearchRows();
      rows = Number(rowsParam);
    }
    const q = (c.query.get("q") ?? "").trim().toLowerCase();
    const found: string[] = [];
    for (const [id, p] of records) {
      if (q === "" || id.includes(q) || `${p.given} ${p.family}`.toLowerCase().includes(q)) found.push(id);
    }
    const page = found.slice(0, rows);
    return reply(
      c,
      200,
      { result: page.map((id) => ({ "orcid-identifier": identifier(id) })), "num-found": found.length },
      {
        "search:search": {
          "@_xmlns:search": NS.search,
          "@_xmlns:common": NS.common,
          "@_num-found": found.length,
          "search:result": page.map((id) => {
            const i = identifier(id);
            return {
              "common:orcid-identifier": {
                "common:uri": i.uri,
                "common:path": i.path,
                "common:host": i.host,
              },
            };
          }),
        },
      },
    );
  });

  router.post("/:orcid/work", async (c) => {
    // Authentication, then scope (ORCID's Spring Security filters run before the resource).
    const auth = c.req.headers.authorization;
    if (auth === undefined || auth.trim() === "") return errors.unauthorized();
    const m = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i.exec(auth);
    const token = m?.[1];
    if (token === READONLY_TOKEN) return errors.insufficientScope({ scopes: "[/read-limited]" });
    if (token !== DEMO_TOKEN) return errors.invalidAccessToken();
    const id = c.params.orcid ?? "";
    const problem = checkRecord(id, "/work");
    if (problem) return problem;
    if (!XML_BODY_TYPES.has(mediaTypeOf(c.req.headers["content-type"]))) return errors.unsupportedMediaType();
    const parsed = parseWork(await c.text());
    if (parsed instanceof Error) return parsed;
    const putCode = nextPutCode++;
    let mine = works.get(id);
    if (mine === undefined) {
      mine = new Map();
      works.set(id, mine);
    }
    mine.set(putCode, { putCode, title: parsed.title, type: parsed.type });
    // ORCID answers 201 with the new item's URL in Location and no body.
    return { status: 201, headers: { Location: `${ORCID_PREFIX}/${id}/work/${putCode}` } };
  });

  router.get("/:orcid/work/:putCode", (c) => {
    const id = c.params.orcid ?? "";
    // Re-encoded: the router decodes path parameters, and Location must stay a valid header value.
    const problem = checkRecord(id, `/work/${encodeURIComponent(c.params.putCode ?? "")}`);
    if (problem) return problem;
    const w = /^[0-9]{1,15}$/.test(c.params.putCode ?? "")
      ? works.get(id)?.get(Number(c.params.putCode))
      : undefined;
    if (w === undefined) {
      // The body kbase/orcidlink's mocks record for an unknown put-code: 9016 plus the JPA message.
      return errors.notFound({
        detail: "404 Not Found: The resource was not found. Full validation error: No entity found for query",
      });
    }
    const work = {
      "put-code": w.putCode,
      title: { title: { value: w.title } },
      type: w.type,
      path: `/${id}/work/${w.putCode}`,
    };
    return reply(c, 200, work, {
      "work:work": {
        "@_xmlns:work": NS.work,
        "@_xmlns:common": NS.common,
        "@_put-code": w.putCode,
        "@_path": work.path,
        "work:title": { "common:title": w.title },
        ...(w.type !== null ? { "work:type": w.type } : undefined),
      },
    });
  });

  return router;
}
