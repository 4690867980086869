/**
 * XML parsing for untrusted error bodies, with fast-xml-parser: entity processing off, documents
 * with a DTD (`<!DOCTYPE`, the door to billion-laughs and external entities) refused before
 * parsing, nesting capped by the parser (`maxNestedTags`), and Atom `<content>` (OCLC's echo of
 * the posted document, seed 002) kept as unparsed text. The five predefined entities and numeric
 * character references are decoded afterwards, one pass, one character each — no expansion.
 * @module
 */
import { XMLParser } from "fast-xml-parser";

/** fast-xml-parser's object output: text, an element object, or repeated elements. */
type XmlNode = string | { readonly [key: string]: unknown } | readonly unknown[];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  maxNestedTags: 64,
  // Atom <content> in an OCLC error entry echoes the posted document: not ours to parse.
  stopNodes: ["*.content"],
});

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const NAMED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decodes XML's predefined entities and character references (XML 1.0 §4.6, §4.1). */
export function decodeXmlText(s: string): string {
  if (s.indexOf("&") < 0) return s;
  return s.replace(
    ENTITY,
    (m, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
      if (name) return NAMED[name] ?? m;
      const cp = dec ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? "", 16);
      return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : "\uFFFD";
    },
  );
}

function localOf(qname: string): string {
  const i = qname.indexOf(":");
  return i < 0 ? qname : qname.slice(i + 1);
}

function prefixOf(qname: string): string {
  const i = qname.indexOf(":");
  return i < 0 ? "" : qname.slice(0, i);
}

function isRecord(v: unknown): v is { readonly [key: string]: unknown } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A read-only view of one parsed element, with namespace resolution. */
export class XmlElement {
  /** Local name (`error` for `<oclc:error>`). */
  readonly local: string;
  /** Namespace URI, or "" when none is in scope. */
  readonly ns: string;
  readonly #node: unknown;
  readonly #scope: ReadonlyMap<string, string>;

  /** @internal */
  constructor(qname: string, node: unknown, parentScope: ReadonlyMap<string, string>) {
    this.#node = node;
    let scope = parentScope;
    if (isRecord(node)) {
      for (const k of Object.keys(node)) {
        if (k === "@_xmlns" || k.startsWith("@_xmlns:")) {
          if (scope === parentScope) scope = new Map(parentScope);
          (scope as Map<string, string>).set(k === "@_xmlns" ? "" : k.slice(8), String(node[k]));
        }
      }
    }
    this.#scope = scope;
    this.local = localOf(qname);
    this.ns = scope.get(prefixOf(qname)) ?? "";
  }

  /** The element's text content (own text only; child elements are not concatenated). */
  text(): string {
    const n = this.#node;
    if (typeof n === "string") return decodeXmlText(n);
    if (isRecord(n)) {
      const t = n["#text"];
      return typeof t === "string" ? decodeXmlText(t) : "";
    }
    return "";
  }

  /** An attribute's value (by qualified name as written), or null. */
  attr(name: string): string | null {
    const n = this.#node;
    if (!isRecord(n)) return null;
    const v = n[`@_${name}`];
    return typeof v === "string" ? decodeXmlText(v) : null;
  }

  /** Child elements with the given local name (any namespace), in document order per name. */
  children(local: string): XmlElement[] {
    const n = this.#node;
    const out: XmlElement[] = [];
    if (!isRecord(n)) return out;
    for (const k of Object.keys(n)) {
      if (k.startsWith("@_") || k === "#text" || localOf(k) !== local) continue;
      const v = n[k];
      if (Array.isArray(v)) for (const item of v) out.push(new XmlElement(k, item as XmlNode, this.#scope));
      else out.push(new XmlElement(k, v as XmlNode, this.#scope));
    }
    return out;
  }

  /** The first child element with the given local name, or null. */
  child(local: string): XmlElement | null {
    return this.children(local)[0] ?? null;
  }

  /** Text of the first child with that local name, trimmed; null when absent or empty. */
  childText(local: string): string | null {
    const c = this.child(local);
    if (!c) return null;
    const t = c.text().trim();
    return t.length > 0 ? t : null;
  }

  /** All child elements, in key order. */
  allChildren(): XmlElement[] {
    const n = this.#node;
    const out: XmlElement[] = [];
    if (!isRecord(n)) return out;
    for (const k of Object.keys(n)) {
      if (k.startsWith("@_") || k === "#text") continue;
      const v = n[k];
      if (Array.isArray(v)) for (const item of v) out.push(new XmlElement(k, item as XmlNode, this.#scope));
      else out.push(new XmlElement(k, v as XmlNode, this.#scope));
    }
    return out;
  }
}

const EMPTY_SCOPE: ReadonlyMap<string, string> = new Map();

/**
 * Parses an XML body and returns its root element, or undefined (never throws) when the text is
 * not well-formed, has a DTD, nests too deep, or has no root element.
 */
export function safeXmlRoot(text: string): XmlElement | undefined {
  // A DTD (internal subset, entity declarations, external ids) is never needed by an error body.
  if (text.indexOf("<!DOCTYPE") >= 0 || text.indexOf("<!ENTITY") >= 0) return undefined;
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(doc)) return undefined;
  for (const k of Object.keys(doc)) {
    if (k.startsWith("@_") || k === "#text") continue;
    const v = doc[k];
    return new XmlElement(k, Array.isArray(v) ? v[0] : v, EMPTY_SCOPE);
  }
  return undefined;
}

/**
 * The qualified name of the root element, found without parsing: skips a BOM, whitespace, the XML
 * declaration, processing instructions and comments. Null when the text does not start like XML.
 * Bounded: looks at most at the first 4 KiB of prolog.
 */
export function xmlRootName(text: string): string | null {
  const limit = Math.min(text.length, 4096);
  let i = 0;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === 0xfeff || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
      continue;
    }
    if (c !== 0x3c /* < */) return null;
    if (text.startsWith("<?", i)) {
      const end = text.indexOf("?>", i + 2);
      if (end < 0 || end > limit) return null;
      i = end + 2;
      continue;
    }
    if (text.startsWith("<!--", i)) {
      const end = text.indexOf("-->", i + 4);
      if (end < 0 || end > limit) return null;
      i = end + 3;
      continue;
    }
    let j = i + 1;
    while (j < text.length && j - i < 256) {
      const d = text.charCodeAt(j);
      if (d === 0x20 || d === 0x09 || d === 0x0a || d === 0x0d || d === 0x3e /* > */ || d === 0x2f /* / */)
        break;
      j++;
    }
    return j > i + 1 ? text.slice(i + 1, j) : null;
  }
  return null;
}

/** The local part of a qualified name (`oclc:error` → `error`). */
export function localName(qname: string): string {
  return localOf(qname);
}
