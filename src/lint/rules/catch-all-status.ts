/**
 * Rule `catch-all-status`: an entry whose status class (4xx/5xx) differs from its family's. A
 * catch-all "may be split off into more specific codes in the future" (seed 001), so a client
 * that handles the catch-all handles its children: they must agree on whose mistake it is.
 * Applies to every family (catch-all multiples of 10/100, prefix families, declared parents).
 * Seed 001's 510 `api_limit_error` (a rate limit) under 500 `unexpected_error` is one.
 * @module
 */

import { entryRef } from "../entry-label.js";
import { catchAllSpan, numericCode } from "../families.js";
import type { LintRule, RuleHit } from "../types.js";

function statusClass(s: number): string {
  return `${Math.floor(s / 100)}xx`;
}

export const catchAllStatus: LintRule = {
  id: "catch-all-status",
  explanation: "A code and its catch-all (family) must agree on the status class, 4xx or 5xx.",
  *check(catalog): Iterable<RuleHit> {
    for (const entry of catalog.entries) {
      const parent = entry.parent;
      if (parent === null || parent === entry) continue;
      if (statusClass(entry.status) === statusClass(parent.status)) continue;
      const p = numericCode(parent.code);
      const kind = p !== null && catchAllSpan(p) !== 0 ? "catch-all" : "family";
      yield {
        entry,
        message: `status ${entry.status} (${statusClass(entry.status)}) disagrees with its ${kind} ${entryRef(parent)} (status ${parent.status})`,
      };
    }
  },
};
