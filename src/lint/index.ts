/**
 * `errata lint`'s engine: runs every rule of CONTRACT §4 over a catalog and formats findings as
 * `file: code name: rule: message` (one line each). Entries with a documented `defect` are still
 * reported — the shipped seed catalogs keep their real defects so lint has something real to
 * find — and their findings are marked "(known defect)".
 *
 * @example
 * ```ts
 * const findings = lintCatalog(errors, { file: "catalog.ts" });
 * for (const f of findings) console.log(formatFinding(f));
 * ```
 * @module
 */
import type { AnyCatalog } from "../catalog/define.js";
import type { CatalogInfo } from "../catalog/types.js";
import { entryLabel } from "./entry-label.js";
import { catchAllStatus } from "./rules/catch-all-status.js";
import { clientErrorAs5xx } from "./rules/client-error-as-5xx.js";
import { duplicateCode } from "./rules/duplicate-code.js";
import { duplicateName } from "./rules/duplicate-name.js";
import { familyRange } from "./rules/family-range.js";
import { leaksInternals } from "./rules/leaks-internals.js";
import { missingFix } from "./rules/missing-fix.js";
import { paramName } from "./rules/param-name.js";
import { paramUndeclared } from "./rules/param-undeclared.js";
import { paramUnused } from "./rules/param-unused.js";
import { statusRange } from "./rules/status-range.js";
import { unknownParent } from "./rules/unknown-parent.js";
import type { Finding, LintRule } from "./types.js";

export type { Finding, LintRule, RuleHit } from "./types.js";

/** Every rule, in the order CONTRACT §4 lists them (then the extra ones). */
export const lintRules: readonly LintRule[] = [
  duplicateCode,
  duplicateName,
  familyRange,
  catchAllStatus,
  clientErrorAs5xx,
  leaksInternals,
  paramUndeclared,
  paramUnused,
  missingFix,
  statusRange,
  unknownParent,
  paramName,
];

export interface LintOptions {
  /** The file the catalog came from, printed in findings. */
  readonly file?: string | null;
  /** Rules to run (default: all). */
  readonly rules?: readonly LintRule[];
}

/** Runs the rules over one catalog; findings are ordered by entry, then by rule. */
export function lintCatalog(catalog: AnyCatalog | CatalogInfo, options: LintOptions = {}): Finding[] {
  const info: CatalogInfo = "$" in catalog ? catalog.$ : catalog;
  const rules = options.rules ?? lintRules;
  const order = new Map(info.entries.map((e, i) => [e, i]));
  const out: { f: Finding; e: number; r: number }[] = [];
  rules.forEach((rule, r) => {
    for (const hit of rule.check(info)) {
      const e = hit.entry;
      out.push({
        e: order.get(e) ?? 0,
        r,
        f: {
          file: options.file ?? null,
          catalog: info.id,
          key: e.key,
          code: e.code,
          name: e.name,
          status: e.status,
          rule: rule.id,
          message: hit.message,
          knownDefect: e.spec.defect ?? null,
        },
      });
    }
  });
  out.sort((a, b) => a.e - b.e || a.r - b.r);
  return out.map((x) => x.f);
}

/** One line, CONTRACT §2: `file: code name: rule: message` (the catalog id stands in for a missing file). */
export function formatFinding(f: Finding): string {
  const where = f.file ?? f.catalog;
  const mark = f.knownDefect !== null ? " (known defect)" : "";
  return `${where}: ${entryLabel(f)}: ${f.rule}: ${f.message.replace(/[\r\n]+/g, " ")}${mark}`;
}

/** The rule list as `id — explanation` lines, for `errata lint --rules`. */
export function describeRules(rules: readonly LintRule[] = lintRules): string {
  const width = Math.max(...rules.map((r) => r.id.length));
  return rules.map((r) => `${r.id.padEnd(width)}  ${r.explanation}`).join("\n");
}
