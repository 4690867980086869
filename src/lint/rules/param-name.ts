/**
 * Rule `param-name`: braces in a template that do not hold a parameter name (`{}`, `{ id }`,
 * `{"a":1}`). errata reads every `{…}` as a parameter, so literal braces vanish from the message
 * and the factory's type asks for an odd argument.
 * @module
 */
import type { LintRule, RuleHit } from "../types.js";
import { PARAM_NAME } from "./param-undeclared.js";

export const paramName: LintRule = {
  id: "param-name",
  explanation: "A template's {…} must hold a parameter name (letters, digits, _ . -), not literal text.",
  *check(catalog): Iterable<RuleHit> {
    for (const entry of catalog.entries) {
      const templates: [string, readonly string[]][] = [["message", entry.message.names]];
      if (entry.userMessage !== null) templates.push(["userMessage", entry.userMessage.names]);
      for (const [loc, t] of entry.messages) templates.push([`messages.${loc}`, t.names]);
      const bad: string[] = [];
      for (const [where, names] of templates) {
        for (const n of new Set(names))
          if (!PARAM_NAME.test(n)) bad.push(`${JSON.stringify(`{${n}}`)} in ${where}`);
      }
      if (bad.length) yield { entry, message: `not a parameter name: ${bad.join(", ")}` };
    }
  },
};
