/**
 * Rule `status-range`: an error whose HTTP status is outside 400–599. Real references list
 * redirects among their errors (seed 000's 301 for a deprecated iD); errata serves them, but
 * clients and caches treat such a response as a success or a redirect, not an error.
 * @module
 */
import type { LintRule, RuleHit } from "../types.js";

export const statusRange: LintRule = {
  id: "status-range",
  explanation: "An error's HTTP status must be a client or server error (400–599).",
  *check(catalog): Iterable<RuleHit> {
    for (const entry of catalog.entries) {
      const s = entry.status;
      if (!Number.isInteger(s) || s < 400 || s > 599) {
        yield { entry, message: `status ${s} is not an error status (expected 400–599)` };
      }
    }
  },
};
