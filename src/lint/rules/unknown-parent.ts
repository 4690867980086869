/**
 * Rule `unknown-parent`: a declared `parent` that names no other entry of the catalog, or that
 * leads back to the entry itself. The entry then silently has no family.
 * @module
 */
import type { CatalogEntry } from "../../catalog/types.js";
import type { LintRule, RuleHit } from "../types.js";

export const unknownParent: LintRule = {
  id: "unknown-parent",
  explanation: "A declared parent must name another entry of the catalog, without a cycle.",
  *check(catalog): Iterable<RuleHit> {
    for (const entry of catalog.entries) {
      const declared = entry.spec.parent;
      if (declared === undefined) continue;
      if (entry.parent === null) {
        yield {
          entry,
          message: `parent ${JSON.stringify(declared)} is not a code or name in catalog ${catalog.id}`,
        };
        continue;
      }
      const seen = new Set<CatalogEntry>([entry]);
      for (let p: CatalogEntry | null = entry.parent; p !== null; p = p.parent) {
        if (seen.has(p)) {
          yield {
            entry,
            message: `parent ${JSON.stringify(declared)} leads back to this entry (a family cycle)`,
          };
          break;
        }
        seen.add(p);
      }
    }
  },
};
