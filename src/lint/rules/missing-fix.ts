/**
 * Rule `missing-fix`: an entry without a fix text. The docs page, `errata explain` and support
 * answers all need to say what the client should do (seed 000's "Possible Solution" column).
 * @module
 */
import type { LintRule, RuleHit } from "../types.js";

export const missingFix: LintRule = {
  id: "missing-fix",
  explanation: "Every error needs at least one fix text telling the client what to do.",
  *check(catalog): Iterable<RuleHit> {
    for (const entry of catalog.entries) {
      const fixes = entry.spec.fixes ?? [];
      if (!fixes.some((f) => typeof f === "string" && f.trim() !== "")) {
        yield { entry, message: 'no fix text (add fixes: ["…"] saying what the client should do)' };
      }
    }
  },
};
