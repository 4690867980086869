/**
 * The docs site's model: catalogs with their formats, every entry with its page file name,
 * family (ancestors, children) and example responses. The HTML pages, `openapi.json` and
 * `errors.md` are all written from it.
 * @module
 */
import type { AnyCatalog } from "../catalog/define.js";
import type { CatalogEntry, CatalogInfo } from "../catalog/types.js";
import {
  ExampleRenderer,
  type ExampleResponse,
  exampleMediaTypes,
  type FormatUse,
  formatsOf,
} from "./examples.js";

/** One entry as documented. */
export interface DocEntry {
  readonly entry: CatalogEntry;
  readonly catalog: DocCatalog;
  /** Page file name without `.html`, unique in its catalog: the slug, or slug-key for a duplicate code. */
  readonly file: string;
  /** Parent chain, nearest first. */
  readonly ancestors: DocEntry[];
  /** Entries whose parent is this one. */
  readonly children: DocEntry[];
  /** Other entries of the catalog with the same code (a lint finding, but real catalogs have them). */
  readonly sameCode: DocEntry[];
  /** One example per format and syntax (ORCID: JSON and XML). */
  readonly examples: ExampleResponse[];
  /** Examples for every media type of every format (OpenAPI content). */
  readonly allExamples: ExampleResponse[];
}

/** One catalog as documented. */
export interface DocCatalog {
  readonly info: CatalogInfo;
  /** Directory of its pages (the catalog id, made path-safe). */
  readonly dir: string;
  readonly formats: readonly FormatUse[];
  readonly entries: DocEntry[];
}

export interface SiteModel {
  readonly title: string;
  readonly docsBaseUrl: string | null;
  readonly catalogs: readonly DocCatalog[];
}

export interface ModelOptions {
  /**
   * Base URL the site is served at: error bodies in the examples link to `${base}/${catalog}/${slug}`,
   * and openapi.json / errors.md link to pages absolutely. Default: none (relative links, and
   * examples on the placeholder EXAMPLE_DOCS_BASE).
   */
  readonly docsBaseUrl?: string | null;
  /** Site title (default "Error reference"). */
  readonly title?: string;
  /** Render examples (default true; `errata explain` does not need them). */
  readonly examples?: boolean;
}

/** Two different catalogs with one id: their pages would overwrite each other. */
export class DuplicateCatalogError extends Error {
  override readonly name = "DuplicateCatalogError";
}

/** The docs base shown in examples when the site's address is not given. */
export const EXAMPLE_DOCS_BASE = "https://api.example.com/errors";

/** Names at the site's root that a catalog directory must not take. */
const RESERVED = new Set(["index.html", "catalog.json", "catalog.schema.json", "openapi.json", "errors.md"]);

function pathSafe(s: string): string {
  let out = s.replace(/[^A-Za-z0-9._-]+/g, "-");
  if (out === "" || /^\.+$/.test(out)) out = `_${out.length}`;
  return out;
}

/** Builds the model; catalogs given twice (same object) are documented once. */
export function buildModel(catalogs: readonly AnyCatalog[], options: ModelOptions = {}): SiteModel {
  const docsBaseUrl = options.docsBaseUrl ? options.docsBaseUrl.replace(/\/+$/, "") : null;
  const seen = new Map<string, CatalogInfo>();
  const unique: AnyCatalog[] = [];
  for (const c of catalogs) {
    const prev = seen.get(c.$.id);
    if (prev === c.$) continue;
    if (prev !== undefined) throw new DuplicateCatalogError(`two different catalogs have the id "${c.$.id}"`);
    seen.set(c.$.id, c.$);
    unique.push(c);
  }
  const dirs = new Set<string>();
  const docCatalogs: DocCatalog[] = unique.map((catalog) => {
    const info = catalog.$;
    let dir = pathSafe(info.id);
    while (RESERVED.has(dir) || dirs.has(dir)) dir = `${dir}-catalog`;
    dirs.add(dir);
    const dc: DocCatalog = { info, dir, formats: formatsOf(info), entries: [] };
    const files = new Set<string>();
    const byEntry = new Map<CatalogEntry, DocEntry>();
    // Without a real address, examples still show where the link goes, on a placeholder host.
    const renderer =
      options.examples === false ? null : new ExampleRenderer(docsBaseUrl ?? EXAMPLE_DOCS_BASE, catalog);
    for (const entry of info.entries) {
      let file = pathSafe(entry.slug);
      if (files.has(file)) file = pathSafe(`${entry.slug}-${entry.key}`);
      while (files.has(file)) file = `${file}-`;
      files.add(file);
      const examples: ExampleResponse[] = [];
      const allExamples: ExampleResponse[] = [];
      if (renderer !== null) {
        for (const use of dc.formats) {
          const firsts = new Set(exampleMediaTypes(use.format));
          for (const m of use.format.mediaTypes) {
            const ex = renderer.render(entry, use, m);
            allExamples.push(ex);
            if (firsts.has(m)) examples.push(ex);
          }
        }
      }
      const de: DocEntry = {
        entry,
        catalog: dc,
        file,
        ancestors: [],
        children: [],
        sameCode: [],
        examples,
        allExamples,
      };
      dc.entries.push(de);
      byEntry.set(entry, de);
    }
    const byCode = new Map<string, DocEntry[]>();
    for (const de of dc.entries) {
      if (de.entry.code === null) continue;
      const k = String(de.entry.code);
      const group = byCode.get(k);
      if (group) group.push(de);
      else byCode.set(k, [de]);
    }
    for (const group of byCode.values()) {
      if (group.length > 1) for (const de of group) de.sameCode.push(...group.filter((o) => o !== de));
    }
    for (const de of dc.entries) {
      const seenUp = new Set<CatalogEntry>([de.entry]);
      for (let p = de.entry.parent; p !== null && !seenUp.has(p); p = p.parent) {
        seenUp.add(p);
        const pd = byEntry.get(p);
        if (pd === undefined) break;
        de.ancestors.push(pd);
      }
      const direct = de.ancestors[0];
      if (direct !== undefined) direct.children.push(de);
    }
    return dc;
  });
  return { title: options.title ?? "Error reference", docsBaseUrl, catalogs: docCatalogs };
}
