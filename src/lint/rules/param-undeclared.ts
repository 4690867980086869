/**
 * Rule `param-undeclared`: a template parameter used but not declared.
 *
 * What "declared" means in errata: an entry's parameters are those of its developer `message`,
 * the text every format renders and every translation translates. The user message (ORCID's
 * `user-message`) and the translations in `messages` are the same error for another audience or
 * locale, so they may only use those names: a translation's extra name is not even in the
 * factory's type and renders empty, and a user-message-only value leaves the developer message
 * (logs, support) without it.
 * @module
 */
import type { LintRule, RuleHit } from "../types.js";

export const paramUndeclared: LintRule = {
  id: "param-undeclared",
  explanation: "userMessage and translations may only use the parameters the main message declares.",
  *check(catalog): Iterable<RuleHit> {
    for (const entry of catalog.entries) {
      const declared = new Set(entry.message.names);
      const problems: string[] = [];
      const check = (where: string, names: readonly string[]) => {
        const extra = [...new Set(names)].filter((n) => !declared.has(n) && PARAM_NAME.test(n));
        if (extra.length) problems.push(`${where} uses ${extra.map((n) => `{${n}}`).join(", ")}`);
      };
      if (entry.userMessage !== null) check("userMessage", entry.userMessage.names);
      for (const [loc, t] of entry.messages) check(`messages.${loc}`, t.names);
      if (problems.length) {
        const list = entry.message.names.length ? [...declared].map((n) => `{${n}}`).join(", ") : "none";
        yield { entry, message: `${problems.join("; ")}, not declared by message (declares ${list})` };
      }
    }
  },
};

/** A parameter name: an identifier (dots and dashes allowed after the first character). */
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
