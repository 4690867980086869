/**
 * Rule `family-range`: an entry whose declared `parent` is a family whose range does not contain
 * its code (a 352 filed under 340, whose catch-all range is 341–349). Derived families are in
 * range by construction; only explicit parents can be wrong.
 * @module
 */

import { entryRef } from "../entry-label.js";
import { describeRange, inFamilyRange, numericCode } from "../families.js";
import type { LintRule, RuleHit } from "../types.js";

export const familyRange: LintRule = {
  id: "family-range",
  explanation:
    "A code must lie in its family's range (the catch-all's span, or the family code's digit prefix).",
  *check(catalog): Iterable<RuleHit> {
    const rules = catalog.families;
    if (!rules.catchAll && !rules.prefix) return;
    for (const entry of catalog.entries) {
      const parent = entry.parent;
      if (entry.spec.parent === undefined || parent === null || parent === entry) continue;
      const c = numericCode(entry.code);
      const p = numericCode(parent.code);
      if (c === null || p === null) continue;
      if (!inFamilyRange(c, p, rules)) {
        const range = describeRange(p, rules);
        yield {
          entry,
          message: `code ${c} is outside the range of its family ${entryRef(parent)}${range ? ` (${range})` : ""}`,
        };
      }
    }
  },
};
