/**
 * RFC 9457 problem details in XML (Appendix B: root `<problem xmlns="urn:ietf:rfc:7807">`,
 * members as child elements, arrays as `<i>` items). The members are converted to the JSON
 * shape and mapped exactly as problem+json (see ./problem-json.ts).
 * @module
 */

import type { XmlRecognizer } from "../registry.js";
import type { XmlElement } from "../safe-xml.js";
import type { JsonObject } from "../values.js";
import { decodeProblem } from "./problem-json.js";

/** RFC 9457 Appendix B namespace (kept from RFC 7807). */
export const PROBLEM_XML_NS = "urn:ietf:rfc:7807";

/** Element → JSON-like value: text leaf → string; `<i>` children → array; else object. */
function toJson(el: XmlElement, depth: number): unknown {
  const kids = el.allChildren();
  if (kids.length === 0 || depth > 8) return el.text();
  if (kids.every((k) => k.local === "i")) return kids.map((k) => toJson(k, depth + 1));
  const o: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const k of kids) if (!(k.local in o)) o[k.local] = toJson(k, depth + 1);
  return o;
}

/** The `problem+xml` recogniser. */
export const problemXml: XmlRecognizer = {
  kind: "xml",
  format: "problem+xml",
  roots: ["problem"],
  recognize(root, ctx) {
    if (root.local !== "problem") return undefined;
    if (root.ns !== PROBLEM_XML_NS && ctx.contentType !== "application/problem+xml") return undefined;
    const members = toJson(root, 0);
    if (typeof members !== "object" || members === null || Array.isArray(members)) return decodeProblem({});
    return decodeProblem(members as JsonObject);
  },
};
