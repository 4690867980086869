/**
 * Rule `duplicate-name`: two entries share a symbolic name. Seed 001's real catalog gives 352 the
 * name `unknown_application` of 221 (with 214's description), so a client matching on the name
 * cannot tell them apart.
 * @module
 */
import type { CatalogEntry } from "../../catalog/types.js";
import { entryRef } from "../entry-label.js";
import type { LintRule, RuleHit } from "../types.js";

export const duplicateName: LintRule = {
  id: "duplicate-name",
  explanation: "Two entries share a name: a client matching on the name cannot tell them apart.",
  *check(catalog): Iterable<RuleHit> {
    const first = new Map<string, CatalogEntry>();
    for (const entry of catalog.entries) {
      if (entry.name === null) continue;
      const prev = first.get(entry.name);
      if (prev === undefined) first.set(entry.name, entry);
      else yield { entry, message: `name "${entry.name}" is already used by ${entryRef(prev)}` };
    }
  },
};
