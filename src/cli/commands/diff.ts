/**
 * `errata diff OLD NEW [--json]` (CONTRACT §2): compares two versions of a catalog and lists
 * breaking changes (code removed, code reused for another meaning, status or name changed,
 * template parameter removed or added) and compatible ones (message text, docs, new codes).
 * One line per change, `breaking|compatible: catalog code name: kind: message`; `--json` prints
 * `{ breaking, compatible, changes }`. Exit 1 when anything is breaking, 0 otherwise, 2 on bad
 * usage or an unreadable catalog. The kinds are listed in src/lint/diff.ts.
 * @module
 */
import { parseArgs } from "node:util";
import { CatalogLoadError, loadCatalogFile } from "../../catalog/load.js";
import { diffCatalogs, formatChange } from "../../lint/diff.js";
import { type Command, UsageError } from "../io.js";

const diff: Command = {
  name: "diff",
  summary: "Compare two versions of a catalog: breaking vs compatible changes.",
  usage: [
    "errata diff OLD NEW [--json]",
    "",
    "OLD and NEW are catalog files (.ts, .js/.mjs or catalog.json); catalogs are paired by id.",
    "  --json    print { breaking, compatible, changes } as JSON",
    "Breaking: a code removed or reused for another meaning, a status or name changed, a template",
    "parameter removed or added. Compatible: message text, docs, new codes.",
    "Exit status: 0 nothing breaking, 1 breaking changes, 2 bad usage or unreadable catalog.",
  ].join("\n"),
  async run(args, io) {
    let values: { json?: boolean };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: { json: { type: "boolean" } },
      }));
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    if (positionals.length !== 2)
      throw new UsageError("expected two catalogs (usage: errata diff OLD NEW [--json])");
    const [oldFile, newFile] = positionals as [string, string];
    let oldC: Awaited<ReturnType<typeof loadCatalogFile>>;
    let newC: Awaited<ReturnType<typeof loadCatalogFile>>;
    try {
      oldC = await loadCatalogFile(oldFile, { cwd: io.cwd });
      newC = await loadCatalogFile(newFile, { cwd: io.cwd });
    } catch (err) {
      if (err instanceof CatalogLoadError) throw new UsageError(err.message);
      throw err;
    }
    const result = diffCatalogs(
      oldC.map((l) => l.catalog),
      newC.map((l) => l.catalog),
    );
    if (values.json) {
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      // Breaking changes first: they are what a reviewer must see.
      const ordered = [
        ...result.changes.filter((c) => c.breaking),
        ...result.changes.filter((c) => !c.breaking),
      ];
      for (const c of ordered) io.stdout(`${formatChange(c)}\n`);
      io.stderr(
        `errata diff: ${result.breaking} breaking, ${result.compatible} compatible ${result.compatible === 1 ? "change" : "changes"}\n`,
      );
    }
    return result.breaking === 0 ? 0 : 1;
  },
};

export default diff;
