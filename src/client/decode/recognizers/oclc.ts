/**
 * OCLC WorldCat errors, seed 002: `<oclc:error xmlns:oclc="http://worldcat.org/xmlschemas/response">
 * <oclc:code type="http">401</oclc:code><oclc:message>…</oclc:message>[<oclc:detail>…]</oclc:error>`,
 * alone or inside an Atom `<entry>` that echoes the posted content (POST/PUT).
 *
 * Mapping: `code` ← `code` (OCLC's code is the HTTP status, typed `type="http"`); `message` ←
 * `message`; `detail` ← `detail` text; `fields` ← `detail` children carrying a `field`/`name`
 * attribute (validation errors), when present.
 * @module
 */
import type { NormalizedFieldError } from "../../normalized-error.js";
import type { Recognition, XmlRecognizer } from "../registry.js";
import type { XmlElement } from "../safe-xml.js";
import { MAX_FIELDS } from "../values.js";

/** OCLC's response namespace. */
export const OCLC_NS = "http://worldcat.org/xmlschemas/response";

function decodeOclcError(err: XmlElement): Recognition {
  const detailEl = err.child("detail");
  const fields: NormalizedFieldError[] = [];
  let detail: string | null = null;
  if (detailEl) {
    const t = detailEl.text().trim();
    detail = t.length > 0 ? t : null;
    for (const item of detailEl.allChildren()) {
      if (fields.length >= MAX_FIELDS) break;
      const name = item.attr("field") ?? item.attr("name") ?? item.childText("field");
      if (!name) continue;
      const msg = item.childText("message") ?? (item.text().trim() || null);
      fields.push({ name, message: msg, code: item.attr("code") ?? item.childText("code") });
    }
  }
  return {
    code: err.childText("code"),
    name: null,
    message: err.childText("message"),
    detail,
    requestId: err.childText("requestId") ?? err.childText("request-id"),
    fields,
  };
}

/** The `oclc` recogniser. */
export const oclc: XmlRecognizer = {
  kind: "xml",
  format: "oclc",
  roots: ["error", "entry"],
  recognize(root) {
    if (root.local === "error" && root.ns === OCLC_NS) return decodeOclcError(root);
    if (root.local === "entry") {
      for (const c of root.children("error")) if (c.ns === OCLC_NS) return decodeOclcError(c);
    }
    return undefined;
  },
};
