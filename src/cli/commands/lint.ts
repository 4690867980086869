/**
 * `errata lint CATALOG… [--json]` (CONTRACT §2, §4): checks catalogs and prints one line per
 * finding, `file: code name: rule: message`; `--json` prints an array of findings instead;
 * `--rules` lists the rules. Exit 1 when anything was found, 0 when clean, 2 on bad usage or an
 * unreadable catalog. Findings on entries with a documented known defect are still reported
 * (and marked), so the shipped seed catalogs fail lint on purpose.
 * @module
 */
import { parseArgs } from "node:util";
import { CatalogLoadError, loadCatalogFiles } from "../../catalog/load.js";
import { describeRules, type Finding, formatFinding, lintCatalog } from "../../lint/index.js";
import { type Command, UsageError } from "../io.js";

const lint: Command = {
  name: "lint",
  summary: "Check error catalogs for the mistakes hand-written references make (CONTRACT §4).",
  usage: [
    "errata lint CATALOG… [--json]",
    "       errata lint --rules",
    "",
    "CATALOG is a .ts/.mts or .js/.mjs module (its exported catalogs) or a catalog.json export.",
    "  --json    print the findings as a JSON array",
    "  --rules   list the rules with their explanations",
    "Prints one line per finding: file: code name: rule: message.",
    "Exit status: 0 no findings, 1 findings, 2 bad usage or unreadable catalog.",
  ].join("\n"),
  async run(args, io) {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(args);
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    const { values, positionals } = parsed;
    if (values.rules) {
      io.stdout(`${describeRules()}\n`);
      return 0;
    }
    if (positionals.length === 0)
      throw new UsageError("no CATALOG given (usage: errata lint CATALOG… [--json])");
    let loaded: Awaited<ReturnType<typeof loadCatalogFiles>>;
    try {
      loaded = await loadCatalogFiles(positionals, { cwd: io.cwd });
    } catch (err) {
      if (err instanceof CatalogLoadError) throw new UsageError(err.message);
      throw err;
    }
    const findings: Finding[] = [];
    for (const l of loaded) findings.push(...lintCatalog(l.catalog, { file: l.file }));
    if (values.json) {
      io.stdout(`${JSON.stringify(findings, null, 2)}\n`);
    } else {
      for (const f of findings) io.stdout(`${formatFinding(f)}\n`);
      const known = findings.filter((f) => f.knownDefect !== null).length;
      const n = loaded.length;
      io.stderr(
        findings.length === 0
          ? `errata lint: no findings in ${n} ${n === 1 ? "catalog" : "catalogs"}\n`
          : `errata lint: ${findings.length} ${findings.length === 1 ? "finding" : "findings"}${known ? ` (${known} on known defects)` : ""} in ${n} ${n === 1 ? "catalog" : "catalogs"}\n`,
      );
    }
    return findings.length === 0 ? 0 : 1;
  },
};

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { json: { type: "boolean" }, rules: { type: "boolean" } },
  });
}

export default lint;
