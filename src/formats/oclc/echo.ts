/**
 * The posted content OCLC echoes in an error (seed 002: "When an error happens on a POST or PUT
 * request the web service will return both the error and the content sent in on the request").
 *
 * The echo is never the posted text pasted into the response. Posted XML is parsed (DTDs refused,
 * no entity expansion, element order kept), checked (one root element, XML names, only the five
 * predefined entities and character references) and serialised again by fast-xml-parser's
 * builder, which escapes every text and attribute value. Anything else — not XML, a DTD, several
 * roots, a name or character XML cannot carry — is echoed as escaped text (`type="text"`,
 * RFC 4287 §4.1.3.1), so no posted byte can open or close an element of the response.
 * @module
 */
import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { xmlSafe } from "../xml.js";

/** Atom's namespace (RFC 4287 §2). */
export const ATOM_NS = "http://www.w3.org/2005/Atom";

/** A text node of posted XML (entity references decoded). */
export interface PostedText {
  readonly kind: "text";
  readonly text: string;
}

/** An element of posted XML: qualified name, attributes in document order, children. */
export interface PostedElement {
  readonly kind: "element";
  readonly name: string;
  readonly attributes: readonly (readonly [name: string, value: string])[];
  readonly children: readonly PostedNode[];
}

export type PostedNode = PostedText | PostedElement;

/** Thrown when a body is not XML errata will echo as XML (the caller echoes it as text). */
export class NotEchoableXmlError extends Error {
  override readonly name = "NotEchoableXmlError";
}

/** Deepest element nesting accepted; deeper documents are echoed as text (and rejected by routes). */
export const MAX_DEPTH = 128;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  // Entities are decoded below, in one pass, so `&amp;lt;` stays `&lt;` and nothing is expanded.
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: "#cdata",
  allowBooleanAttributes: false,
});

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  format: false,
  suppressEmptyNode: true,
  processEntities: true,
});

// XML 1.0 (fifth edition) §2.3 Name.
const NAME_START =
  ":A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}";
const XML_NAME = new RegExp(
  `^[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`,
  "u",
);

/** XML 1.0 §4.1 references to the predefined entities and characters; a bare `&` or `<` is not well-formed. */
const REFERENCE = /&(?:#x([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));|[&<]/g;
const PREDEFINED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** XML 1.0 §2.2 Char. */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Decodes the references of raw text or an attribute value; throws on anything not well-formed. */
function decodeReferences(raw: string): string {
  if (raw.indexOf("&") < 0 && raw.indexOf("<") < 0) return raw;
  return raw.replace(
    REFERENCE,
    (m, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
      if (named !== undefined) return PREDEFINED[named] as string;
      if (hex === undefined && dec === undefined) throw new NotEchoableXmlError(`bare ${m} in text`);
      const cp = hex !== undefined ? Number.parseInt(hex, 16) : Number.parseInt(dec as string, 10);
      if (!isXmlChar(cp))
        throw new NotEchoableXmlError("character reference to a character XML cannot carry");
      return String.fromCodePoint(cp);
    },
  );
}

type RawNode = Record<string, unknown>;

function textOf(children: unknown): string {
  let s = "";
  if (Array.isArray(children)) {
    for (const c of children as RawNode[]) if (typeof c["#text"] === "string") s += c["#text"];
  }
  return s;
}

function convert(raw: RawNode, depth: number): PostedNode | null {
  for (const key of Object.keys(raw)) {
    if (key === ":@") continue;
    const value = raw[key];
    if (key === "#text") return { kind: "text", text: decodeReferences(String(value)) };
    // CDATA content is literal text: no references to decode.
    if (key === "#cdata") return { kind: "text", text: textOf(value) };
    if (!XML_NAME.test(key)) throw new NotEchoableXmlError("element name is not an XML name");
    if (depth > MAX_DEPTH) throw new NotEchoableXmlError("elements nested too deeply");
    const attributes: (readonly [string, string])[] = [];
    const attrs = raw[":@"] as Record<string, unknown> | undefined;
    if (attrs) {
      for (const a of Object.keys(attrs)) {
        const name = a.startsWith("@_") ? a.slice(2) : a;
        if (!XML_NAME.test(name)) throw new NotEchoableXmlError("attribute name is not an XML name");
        attributes.push([name, decodeReferences(String(attrs[a]))]);
      }
    }
    const children: PostedNode[] = [];
    if (Array.isArray(value)) {
      for (const c of value as RawNode[]) {
        const n = convert(c, depth + 1);
        if (n !== null) children.push(n);
      }
    }
    return { kind: "element", name: key, attributes, children };
  }
  return null;
}

// A route parses the posted order and the format echoes it in the same tick: parse it once.
let lastText: string | null = null;
let lastResult: PostedElement | NotEchoableXmlError | null = null;

/**
 * Parses a posted XML document into its root element. Refuses DTDs (`<!DOCTYPE`, `<!ENTITY`):
 * nothing is ever expanded or fetched. Comments and processing instructions are dropped.
 * @throws NotEchoableXmlError when the text is not one well-formed XML element errata can echo.
 */
export function parsePostedXml(text: string): PostedElement {
  if (text === lastText && lastResult !== null) {
    if (lastResult instanceof NotEchoableXmlError) throw lastResult;
    return lastResult;
  }
  let result: PostedElement | NotEchoableXmlError;
  try {
    result = parseUncached(text);
  } catch (e) {
    result = e instanceof NotEchoableXmlError ? e : new NotEchoableXmlError("not well-formed XML");
  }
  lastText = text;
  lastResult = result;
  if (result instanceof NotEchoableXmlError) throw result;
  return result;
}

function parseUncached(text: string): PostedElement {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text))
    throw new NotEchoableXmlError("DTDs are not accepted");
  // XML 1.0 §2.1: a document is its root element between Misc (white space, comments, PIs), so it
  // starts with "<" and ends with ">"; the parser itself lets trailing text after `<a/>` pass.
  const inner = text.replace(/^\uFEFF/, "").trim();
  if (!inner.startsWith("<") || !inner.endsWith(">"))
    throw new NotEchoableXmlError("text outside the root element");
  const nodes = parser.parse(text, true) as RawNode[];
  let root: PostedElement | null = null;
  for (const raw of nodes) {
    const n = convert(raw, 1);
    if (n === null) continue;
    if (n.kind === "text") {
      if (n.text.trim() !== "") throw new NotEchoableXmlError("text outside the root element");
      continue;
    }
    if (root !== null) throw new NotEchoableXmlError("more than one root element");
    root = n;
  }
  if (root === null) throw new NotEchoableXmlError("no root element");
  return root;
}

/** The local part of a qualified name (`ns11:vendorId` → `vendorId`). */
export function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

/** The text of an element (its direct text children, concatenated). */
export function elementText(el: PostedElement): string {
  let s = "";
  for (const c of el.children) if (c.kind === "text") s += c.text;
  return s;
}

/** The first element (depth first, document order) whose local name is `local`, or undefined. */
export function findElement(root: PostedElement, local: string): PostedElement | undefined {
  const stack: PostedElement[] = [root];
  while (stack.length > 0) {
    const el = stack.pop() as PostedElement;
    if (localName(el.name) === local) return el;
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i] as PostedNode;
      if (c.kind === "element") stack.push(c);
    }
  }
  return undefined;
}

type BuilderNode = Record<string, unknown>;

function usesDefaultNamespace(el: PostedElement): boolean {
  if (el.name.indexOf(":") < 0) return true;
  for (const c of el.children) if (c.kind === "element" && usesDefaultNamespace(c)) return true;
  return false;
}

function toBuilder(node: PostedNode, extraAttrs: readonly (readonly [string, string])[]): BuilderNode {
  if (node.kind === "text") return { "#text": xmlSafe(node.text) };
  const out: BuilderNode = { [node.name]: node.children.map((c) => toBuilder(c, [])) };
  const all = extraAttrs.length === 0 ? node.attributes : [...extraAttrs, ...node.attributes];
  if (all.length > 0) {
    const attrs: Record<string, string> = {};
    for (const [n, v] of all) attrs[`@_${n}`] = xmlSafe(v);
    out[":@"] = attrs;
  }
  return out;
}

/**
 * Serialises a posted element again. When its unprefixed elements relied on having no default
 * namespace, `xmlns=""` is added to the root so that, inside an Atom entry (whose default
 * namespace is Atom's), they keep meaning what they meant.
 */
export function serializePosted(root: PostedElement): string {
  const declaresDefault = root.attributes.some(([n]) => n === "xmlns");
  const extra: (readonly [string, string])[] =
    !declaresDefault && usesDefaultNamespace(root) ? [["xmlns", ""]] : [];
  return builder.build([toBuilder(root, extra)]) as string;
}

/**
 * The Atom `<content>` element echoing a request body: the re-serialised XML with
 * `type="application/xml"` (as seed 002's example), escaped text with `type="text"` when the body
 * is not echoable XML, and an empty `<content type="application/xml"/>` when no body was read.
 */
export function echoContent(bodyText: string | null | undefined): string {
  if (bodyText === null || bodyText === undefined || bodyText === "")
    return '<content type="application/xml"/>';
  try {
    return `<content type="application/xml">${serializePosted(parsePostedXml(bodyText))}</content>`;
  } catch (e) {
    if (!(e instanceof NotEchoableXmlError)) throw e;
    return builder.build([
      { content: [{ "#text": xmlSafe(bodyText) }], ":@": { "@_type": "text" } },
    ]) as string;
  }
}
