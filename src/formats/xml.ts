/**
 * XML for the XML formats (problem+xml, ORCID XML, OCLC), built and parsed with fast-xml-parser:
 * text is escaped by the library, never concatenated raw. Parsing never expands entities and
 * refuses DTDs (no billion laughs, no external entities: no file or network access).
 * @module
 */
import { XMLBuilder, XMLParser } from "fast-xml-parser";

/**
 * Characters XML 1.0 §2.2 cannot carry (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates)
 * are replaced by U+FFFD so any message yields a well-formed document.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Makes any string safe to put in XML text or attribute values (before the builder escapes it). */
export function xmlSafe(s: string): string {
  return s.replace(NOT_XML_CHAR, "\uFFFD");
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  format: false,
  suppressEmptyNode: false,
  processEntities: true,
});

/** A tree for the builder: element names → text, numbers, child objects or arrays; `@_name` keys are attributes. */
export type XmlTree = { readonly [name: string]: XmlNode };
export type XmlNode = string | number | boolean | null | XmlTree | readonly XmlNode[];

function sanitise(node: XmlNode): XmlNode {
  if (typeof node === "string") return xmlSafe(node);
  if (Array.isArray(node)) return node.map(sanitise);
  if (node && typeof node === "object") {
    const out: Record<string, XmlNode> = {};
    for (const k of Object.keys(node)) out[k] = sanitise((node as XmlTree)[k] as XmlNode);
    return out;
  }
  return node;
}

/** Serialises a tree (without declaration). Strings are sanitised and escaped. */
export function buildXml(tree: XmlTree): string {
  return builder.build(sanitise(tree)) as string;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** Thrown by `parseXmlSafe` for input errata will not parse. */
export class XmlRejectedError extends Error {
  override readonly name = "XmlRejectedError";
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  // Only the five predefined entities and character references can occur: DTDs are refused before
  // parsing, so no entity can be declared (no billion laughs, no external entities).
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  removeNSPrefix: false,
});

/**
 * Parses untrusted XML: DTDs (`<!DOCTYPE`) are refused outright, entities are never expanded.
 * Throws XmlRejectedError for DTDs; fast-xml-parser's own errors for malformed input.
 */
export function parseXmlSafe(text: string): Record<string, unknown> {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) throw new XmlRejectedError("DTDs are not accepted");
  return parser.parse(text, true) as Record<string, unknown>;
}
