/**
 * Rule `param-unused`: a declared template parameter (one of the main message's) that a
 * translation in `messages` leaves out: readers in that locale lose the value (OCLC's
 * `WSKey "{WSKey}" is invalid` translated without the key). The user message may leave
 * parameters out on purpose (a second, less technical audience) and is not checked.
 * @module
 */
import { templateNames } from "../../catalog/template.js";
import type { LintRule, RuleHit } from "../types.js";
import { PARAM_NAME } from "./param-undeclared.js";

export const paramUnused: LintRule = {
  id: "param-unused",
  explanation: "Every translation must use every parameter the main message declares.",
  *check(catalog): Iterable<RuleHit> {
    for (const entry of catalog.entries) {
      const declared = [...new Set(entry.message.names)].filter((n) => PARAM_NAME.test(n));
      if (declared.length === 0) continue;
      const problems: string[] = [];
      for (const [loc, t] of Object.entries(entry.spec.messages ?? {})) {
        const used = new Set(templateNames(t));
        const missing = declared.filter((n) => !used.has(n));
        if (missing.length)
          problems.push(`messages.${loc} leaves out ${missing.map((n) => `{${n}}`).join(", ")}`);
      }
      if (problems.length) yield { entry, message: `declared but unused: ${problems.join("; ")}` };
    }
  },
};
