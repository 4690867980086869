/**
 * `errata explain CODE_OR_NAME [--catalog FILE…] [--json]` (CONTRACT §2): what a code means, its
 * status, causes and fixes, in the terminal. Looks in the given catalogs, or by default in the
 * shipped examples (`examples/*∕catalog.ts` of the errata package) plus the built-in `http`
 * catalog. `CATALOG:CODE` (`oclc:401`) narrows the search to one catalog. A code with no entry of
 * its own is explained by its family (seed 001: an unknown 353 falls under the catch-all 350 or 300).
 * Exit 0 when something matched, 1 when nothing did, 2 on bad usage or an unreadable catalog.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { AnyCatalog } from "../../catalog/define.js";
import { entryParams, exportEntry } from "../../catalog/export.js";
import { httpErrors } from "../../catalog/http.js";
import { CatalogLoadError, type LoadedCatalog, loadCatalogFiles } from "../../catalog/load.js";
import { reasonPhrase } from "../../catalog/status.js";
import type { CatalogEntry } from "../../catalog/types.js";
import { type CliIO, type Command, UsageError } from "../io.js";

/** A match: the entry, where it came from, and whether it is the code itself or its family. */
interface Match {
  readonly entry: CatalogEntry;
  readonly file: string | null;
  readonly kind: "exact" | "family" | "status";
}

/** The errata package root (the directory of its package.json), from this module's location. */
function packageRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: unknown }).name === "errata") return dir;
      } catch {
        // An unreadable package.json is not ours; keep walking up.
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

/** The shipped example catalogs that exist (they may not, in an installed package). */
export function defaultCatalogFiles(): string[] {
  const root = packageRoot();
  if (root === null) return [];
  const examples = join(root, "examples");
  if (!existsSync(examples)) return [];
  return readdirSync(examples, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(examples, d.name, "catalog.ts"))
    .filter((f) => existsSync(f))
    .sort();
}

async function catalogsFor(files: readonly string[], io: CliIO): Promise<LoadedCatalog[]> {
  try {
    return await loadCatalogFiles(files, { cwd: io.cwd });
  } catch (err) {
    if (err instanceof CatalogLoadError) throw new UsageError(err.message);
    throw err;
  }
}

/** Finds a code, name or key in catalogs; `catalog:code` narrows to one catalog. */
export function findEntries(
  query: string,
  catalogs: readonly { catalog: AnyCatalog; file: string | null }[],
): Match[] {
  let q = query.trim();
  let only: string | null = null;
  const colon = /^([a-z0-9][a-z0-9-]*)[:/](.+)$/.exec(q);
  if (colon && catalogs.some((c) => c.catalog.$.id === colon[1])) {
    only = colon[1] as string;
    q = colon[2] as string;
  }
  const scope = catalogs.filter((c) => only === null || c.catalog.$.id === only);
  const exact: Match[] = [];
  for (const c of scope) {
    const info = c.catalog.$;
    let e = info.get(q);
    if (e === undefined) {
      const lower = q.toLowerCase();
      e = info.entries.find((x) => x.name?.toLowerCase() === lower || String(x.code).toLowerCase() === lower);
    }
    if (e !== undefined) exact.push({ entry: e, file: c.file, kind: "exact" });
  }
  if (exact.length) return exact;
  const family: Match[] = [];
  for (const c of scope) {
    const e = c.catalog.$.resolve(q);
    if (e !== undefined) family.push({ entry: e, file: c.file, kind: "family" });
  }
  if (family.length) return family;
  // `errata explain 404`: not a code anywhere, so list the entries sent with that HTTP status.
  const status = /^[1-5][0-9]{2}$/.test(q) ? Number(q) : null;
  const byStatus: Match[] = [];
  if (status !== null) {
    for (const c of scope) {
      for (const e of c.catalog.$.entries)
        if (e.status === status) byStatus.push({ entry: e, file: c.file, kind: "status" });
    }
  }
  return byStatus;
}

function wrap(text: string, indent: string, width = 96): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line && line.length + 1 + w.length > width - indent.length) {
      lines.push(line);
      line = w;
    } else {
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : indent + l)).join("\n");
}

/** The terminal text for one match. */
export function explainText(m: Match, query: string, cwd: string): string {
  const e = m.entry;
  const s = e.spec;
  const head = [e.catalog.id, e.code ?? "", e.name ?? (e.code === null ? e.key : "")]
    .filter((x) => x !== "")
    .join(" ");
  const out: string[] = [];
  if (m.kind === "family") out.push(`No entry ${query}; the nearest family explains it:`);
  out.push(`${head} — ${e.title}`);
  const row = (label: string, value: string) =>
    out.push(`  ${`${label}:`.padEnd(10)}${wrap(value, " ".repeat(12))}`);
  row("Status", `${e.status} ${reasonPhrase(e.status)}`);
  row(
    "Catalog",
    `${e.catalog.title}${m.file ? ` (${isAbsolute(m.file) ? relative(cwd, m.file) || m.file : m.file})` : ""}`,
  );
  row("Message", e.message.source);
  if (e.userMessage !== null) row("User msg", e.userMessage.source);
  const params = entryParams(e);
  if (params.length) row("Params", params.join(", "));
  if (s.description) row("Meaning", s.description);
  if (e.parent !== null)
    row("Family", `${e.parent.code ?? e.parent.name ?? e.parent.key} ${e.parent.name ?? e.parent.title}`);
  if (s.authMethods?.length) row("Auth", s.authMethods.join(", "));
  if (s.deprecated) row("Note", "deprecated");
  const list = (label: string, items: readonly string[] | undefined) => {
    if (!items?.length) return;
    out.push(`  ${label}:`);
    for (const it of items) out.push(`    - ${wrap(it, "      ")}`);
  };
  list("Causes", s.causes);
  if (s.fixes?.length) list("Fixes", s.fixes);
  else out.push("  Fixes:    none documented");
  if (s.defect) row("Defect", s.defect);
  if (s.docs) row("Docs", s.docs);
  return out.join("\n");
}

/** What a catalog file argument looks like (codes and names never end so). */
const CATALOG_FILE = /\.(?:[cm]?ts|[cm]?js|json)$/i;

const explain: Command = {
  name: "explain",
  summary: "Explain an error code or name: meaning, status, causes and fixes.",
  usage: [
    "errata explain CODE_OR_NAME [--catalog FILE…] [--json]",
    "",
    "  --catalog FILE  catalog(s) to search (.ts, .js/.mjs or catalog.json); repeatable.",
    "                  Default: the example catalogs shipped with errata and the built-in http catalog.",
    "  --json          print the matching entries as JSON (catalog.json entry format)",
    "CATALOG:CODE (e.g. oclc:401) searches one catalog. A code without an entry is explained by its family.",
    "Exit status: 0 found, 1 not found, 2 bad usage or unreadable catalog.",
  ].join("\n"),
  async run(args, io) {
    let values: { catalog?: string[]; json?: boolean };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: { catalog: { type: "string", short: "c", multiple: true }, json: { type: "boolean" } },
      }));
    } catch (err) {
      throw new UsageError(err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err));
    }
    const given = values.catalog ?? [];
    // `--catalog a.ts b.ts`: the files after the first --catalog value arrive as positionals.
    const more = given.length ? positionals.filter((p) => CATALOG_FILE.test(p)) : [];
    const rest = positionals.filter((p) => !more.includes(p));
    const query = rest[0];
    if (query === undefined || query.trim() === "")
      throw new UsageError("no CODE_OR_NAME given (usage: errata explain CODE_OR_NAME)");
    if (rest.length > 1)
      throw new UsageError(`unexpected argument ${JSON.stringify(rest[1])} (give one CODE_OR_NAME)`);
    const files = [...given, ...more];
    let sources: { catalog: AnyCatalog; file: string | null }[];
    if (files.length) {
      sources = (await catalogsFor(files, io)).map((l) => ({ catalog: l.catalog, file: l.file }));
    } else {
      const defaults = defaultCatalogFiles();
      sources = (await catalogsFor(defaults, io)).map((l) => ({ catalog: l.catalog, file: l.file }));
      if (!sources.some((s) => s.catalog.$.id === httpErrors.$.id))
        sources.push({ catalog: httpErrors, file: null });
    }
    const matches = findEntries(query, sources);
    if (values.json) {
      io.stdout(
        `${JSON.stringify(
          matches.map((m) => ({
            catalog: m.entry.catalog.id,
            file: m.file,
            match: m.kind,
            entry: exportEntry(m.entry),
          })),
          null,
          2,
        )}\n`,
      );
    } else if (matches.length && matches[0]?.kind === "status") {
      io.stdout(`No code ${query}; entries sent with HTTP status ${matches[0].entry.status}:\n`);
      for (const m of matches) {
        const e = m.entry;
        io.stdout(`  ${e.catalog.id} ${e.code ?? "-"} ${e.name ?? e.key} — ${e.message.source}\n`);
      }
      io.stdout(`Run errata explain CATALOG:CODE for one of them.\n`);
    } else if (matches.length) {
      io.stdout(`${matches.map((m) => explainText(m, query, io.cwd)).join("\n\n")}\n`);
    }
    if (matches.length === 0) {
      const where = sources.map((s) => s.catalog.$.id).join(", ");
      io.stderr(`errata explain: no code or name ${JSON.stringify(query)} in ${where || "any catalog"}\n`);
      return 1;
    }
    return 0;
  },
};

export default explain;
