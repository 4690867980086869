/**
 * Loads the catalogs a CATALOG argument names (CONTRACT §2): a TypeScript module (`.ts`, `.mts`,
 * `.cts`, loaded without a build step by jiti), a JavaScript module (`.js`, `.mjs`, `.cjs`,
 * loaded natively), or a `catalog.json` export. A module's catalogs are its exports whose value
 * carries a `$` catalog info (one level into a default export that is a plain object or array).
 *
 * Every failure is a `CatalogLoadError` whose message is one line naming the file and the reason.
 * @module
 */
import { readFile, stat } from "node:fs/promises";
import { extname, isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { AnyCatalog } from "./define.js";
import { CatalogFormatError, catalogsFromDocument } from "./export.js";

/** A catalog and where it came from. */
export interface LoadedCatalog {
  /** The file as the caller named it (used in lint output). */
  readonly file: string;
  /** The export that held it (`errors`, `default`), or `catalogs[0]` for JSON. */
  readonly exportName: string;
  readonly catalog: AnyCatalog;
}

/** A catalog file that cannot be used; the message is `file: reason`. */
export class CatalogLoadError extends Error {
  override readonly name = "CatalogLoadError";
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

export interface LoadOptions {
  /** Directory relative paths are resolved against (default: `process.cwd()`). */
  readonly cwd?: string;
}

const TS_EXTENSIONS = new Set([".ts", ".mts", ".cts"]);
const JS_EXTENSIONS = new Set([".js", ".mjs", ".cjs"]);

/** Whether a value is a catalog made by `defineCatalog` (duck-typed: a module loaded by jiti has its own copy of errata). */
export function isCatalog(value: unknown): value is AnyCatalog {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  const info = (value as { $?: unknown }).$;
  if (typeof info !== "object" || info === null) return false;
  const i = info as { id?: unknown; entries?: unknown; get?: unknown };
  return typeof i.id === "string" && Array.isArray(i.entries) && typeof i.get === "function";
}

/** One line of an error's message: no stack, no multi-line compiler frames. */
function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const line = msg.split("\n").find((l) => l.trim() !== "") ?? "unknown error";
  return line.trim().slice(0, 300);
}

let jitiPromise: Promise<(id: string) => Promise<unknown>> | undefined;

/** jiti, created once and only when a TypeScript catalog is loaded (it costs ~100 ms to load). */
function tsImporter(): Promise<(id: string) => Promise<unknown>> {
  jitiPromise ??= import("jiti").then(({ createJiti }) => {
    // Module cache on: `errata explain` loads several catalogs that share errata's own modules.
    const jiti = createJiti(import.meta.url, { moduleCache: true, interopDefault: false });
    return (id: string) => jiti.import(id);
  });
  return jitiPromise;
}

/** The catalogs among a module's exports, deduplicated, in export order. */
export function catalogsOfModule(mod: unknown): { name: string; catalog: AnyCatalog }[] {
  const out: { name: string; catalog: AnyCatalog }[] = [];
  const seen = new Set<unknown>();
  const add = (name: string, v: unknown) => {
    if (isCatalog(v) && !seen.has(v.$)) {
      seen.add(v.$);
      out.push({ name, catalog: v });
    }
  };
  if (typeof mod !== "object" || mod === null) return out;
  for (const [name, v] of Object.entries(mod)) {
    add(name, v);
    // `export default { orcid, orcidAuth }` or `export default [a, b]`: one level down.
    if (name === "default" && !isCatalog(v) && typeof v === "object" && v !== null) {
      for (const [k, inner] of Object.entries(v))
        add(Array.isArray(v) ? `default[${k}]` : `default.${k}`, inner);
    }
  }
  return out;
}

async function loadJson(file: string, path: string): Promise<LoadedCatalog[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new CatalogLoadError(file, `cannot read file (${firstLine(err)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CatalogLoadError(file, `not valid JSON (${firstLine(err)})`);
  }
  let catalogs: AnyCatalog[];
  try {
    catalogs = catalogsFromDocument(value);
  } catch (err) {
    if (err instanceof CatalogFormatError)
      throw new CatalogLoadError(file, `not a catalog.json export: ${err.message}`);
    throw new CatalogLoadError(file, firstLine(err));
  }
  if (catalogs.length === 0) throw new CatalogLoadError(file, "the document holds no catalogs");
  return catalogs.map((catalog, i) => ({ file, exportName: `catalogs[${i}]`, catalog }));
}

/** Loads the catalogs of one file. */
export async function loadCatalogFile(file: string, options: LoadOptions = {}): Promise<LoadedCatalog[]> {
  const path = isAbsolute(file) ? file : resolve(options.cwd ?? process.cwd(), file);
  const ext = extname(path).toLowerCase();
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new CatalogLoadError(
      file,
      code === "ENOENT" ? "no such file" : `cannot read file (${firstLine(err)})`,
    );
  }
  if (!isFile) throw new CatalogLoadError(file, "not a file");
  if (ext === ".json") return loadJson(file, path);
  if (!TS_EXTENSIONS.has(ext) && !JS_EXTENSIONS.has(ext)) {
    throw new CatalogLoadError(
      file,
      `unsupported file type "${ext || "(none)"}" (expected .ts, .mts, .js, .mjs or .json)`,
    );
  }
  let mod: unknown;
  try {
    mod = TS_EXTENSIONS.has(ext) ? await (await tsImporter())(path) : await import(pathToFileURL(path).href);
  } catch (err) {
    throw new CatalogLoadError(file, `cannot load module (${firstLine(err)})`);
  }
  const found = catalogsOfModule(mod);
  if (found.length === 0) {
    throw new CatalogLoadError(file, "exports no catalog (expected an export made with defineCatalog)");
  }
  return found.map(({ name, catalog }) => ({ file, exportName: name, catalog }));
}

/** Loads several files in order; the first failure rejects. */
export async function loadCatalogFiles(
  files: readonly string[],
  options: LoadOptions = {},
): Promise<LoadedCatalog[]> {
  const out: LoadedCatalog[] = [];
  for (const f of files) out.push(...(await loadCatalogFile(f, options)));
  return out;
}
