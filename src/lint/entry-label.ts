/**
 * How findings and diff lines name an entry: `code name`, with the key standing in for a
 * missing name and `-` for a missing code (ORCID's seed has rows without codes).
 * @module
 */
import type { CatalogEntry } from "../catalog/types.js";

/** `352 unknown_application`, `- deprecatedRecord`, `invalid_request invalidRequest`. */
export function entryLabel(entry: Pick<CatalogEntry, "code" | "name" | "key">): string {
  return `${entry.code ?? "-"} ${entry.name ?? entry.key}`;
}

/** Another entry, inside a message: `221 unknown_application`, `9001 badRequestXmlHeaders`, `invalid_request`. */
export function entryRef(entry: Pick<CatalogEntry, "code" | "name" | "key">): string {
  if (entry.code !== null) return `${entry.code} ${entry.name ?? entry.key}`;
  return entry.name ?? entry.key;
}
