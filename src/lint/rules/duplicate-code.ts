/**
 * Rule `duplicate-code`: two entries share a code. Look-ups return the first, so the second can
 * never be matched by clients or `resolve()`. `3001` and `"3001"` are the same code on the wire.
 * @module
 */
import type { CatalogEntry } from "../../catalog/types.js";
import { entryRef } from "../entry-label.js";
import type { LintRule, RuleHit } from "../types.js";

export const duplicateCode: LintRule = {
  id: "duplicate-code",
  explanation: "Two entries share a code: clients and look-ups only ever reach the first.",
  *check(catalog): Iterable<RuleHit> {
    const first = new Map<string, CatalogEntry>();
    for (const entry of catalog.entries) {
      if (entry.code === null) continue;
      const k = String(entry.code);
      const prev = first.get(k);
      if (prev === undefined) first.set(k, entry);
      else
        yield { entry, message: `code ${k} is already used by ${entryRef(prev)}; look-ups return that one` };
    }
  },
};
