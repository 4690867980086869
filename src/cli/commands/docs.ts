/**
 * `errata docs CATALOG… --out DIR [--base-url URL] [--title TEXT]` (CONTRACT §2): writes the
 * static documentation site — `index.html` (every code, search and filters), one page per code
 * at `<catalog>/<slug>.html`, `catalog.json` (+ `catalog.schema.json`), `openapi.json` and
 * `errors.md`. `--base-url` is where the site will be served (the API's `docsBaseUrl`): examples
 * and the machine-readable files then link to the real pages.
 * @module
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CatalogLoadError, loadCatalogFiles } from "../../catalog/load.js";
import { DuplicateCatalogError } from "../../docs/model.js";
import { buildSite } from "../../docs/site.js";
import { type Command, UsageError } from "../io.js";

function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";
}

const docs: Command = {
  name: "docs",
  summary:
    "Write a static documentation site for error catalogs (HTML, catalog.json, openapi.json, errors.md).",
  usage: [
    "errata docs CATALOG… --out DIR [--base-url URL] [--title TEXT]",
    "",
    "CATALOG is a .ts/.mts or .js/.mjs module (its exported catalogs) or a catalog.json export.",
    "  --out DIR        directory to write the site to (created if needed; files are overwritten)",
    "  --base-url URL   where the site will be served (your docsBaseUrl), e.g. https://api.example.com/errors;",
    "                   without it, links are relative and examples use a placeholder host",
    "  --title TEXT     site title (default: Error reference)",
    "Exit status: 0 written, 2 bad usage, unreadable catalog or unwritable directory.",
  ].join("\n"),
  async run(args, io) {
    let values: { out?: string; "base-url"?: string; title?: string };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: {
          out: { type: "string", short: "o" },
          "base-url": { type: "string" },
          title: { type: "string" },
        },
      }));
    } catch (err) {
      throw new UsageError(oneLine(err));
    }
    if (positionals.length === 0)
      throw new UsageError("no CATALOG given (usage: errata docs CATALOG… --out DIR)");
    if (!values.out) throw new UsageError("--out DIR is required");
    const base = values["base-url"];
    if (base !== undefined && !/^https?:\/\/[^\s/]+/i.test(base)) {
      throw new UsageError(`--base-url ${JSON.stringify(base)}: expected an http(s) URL`);
    }
    let loaded: Awaited<ReturnType<typeof loadCatalogFiles>>;
    try {
      loaded = await loadCatalogFiles(positionals, { cwd: io.cwd });
    } catch (err) {
      if (err instanceof CatalogLoadError) throw new UsageError(err.message);
      throw err;
    }
    let files: ReturnType<typeof buildSite>;
    try {
      files = buildSite(
        loaded.map((l) => l.catalog),
        { docsBaseUrl: base ?? null, ...(values.title ? { title: values.title } : {}) },
      );
    } catch (err) {
      if (err instanceof DuplicateCatalogError)
        throw new UsageError(`${positionals.join(", ")}: ${err.message}`);
      throw err;
    }
    const out = isAbsolute(values.out) ? values.out : resolve(io.cwd, values.out);
    try {
      for (const f of files) {
        const path = join(out, ...f.path.split("/"));
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, f.body, "utf8");
      }
    } catch (err) {
      throw new UsageError(`${values.out}: cannot write (${oneLine(err)})`);
    }
    const pages = files.filter((f) => f.entry !== undefined).length;
    io.stdout(`wrote ${files.length} files (${pages} code pages) to ${values.out}\n`);
    return 0;
  },
};

export default docs;
