/**
 * The static documentation site (`errata docs`, and `/errors` in the demo): every file in memory,
 * so the CLI writes them to a directory and a server serves them without touching the disk.
 *
 * Files: `index.html`, `<catalog>/<slug>.html` (one per code), `catalog.json`,
 * `catalog.schema.json`, `openapi.json`, `errors.md`. The HTML works from `file://`, needs no
 * server and makes no external request.
 *
 * @example
 * ```ts
 * const files = buildSite([errors], { docsBaseUrl: "https://api.example.com/errors" });
 * for (const f of files) await writeFile(join(out, f.path), f.body);
 * ```
 * @module
 */
import type { AnyCatalog } from "../catalog/define.js";
import { exportCatalogs } from "../catalog/export.js";
import { INDEX_SCRIPT, SITE_STYLE } from "./assets.js";
import { catalogJsonSchema } from "./catalog-schema.js";
import { contentSecurityPolicy } from "./html.js";
import { buildMarkdown } from "./markdown.js";
import { buildModel, type DocEntry, type ModelOptions, type SiteModel } from "./model.js";
import { buildOpenApi } from "./openapi.js";
import { codePage, indexPage, type LinkStyle, linksFor } from "./pages.js";

/** One generated file. */
export interface SiteFile {
  /** Path relative to the site root, `/`-separated (`oclc/401.html`). */
  readonly path: string;
  /** Content-Type to serve it with. */
  readonly contentType: string;
  readonly body: string;
  /** The entry of a code page. */
  readonly entry?: DocEntry;
  /** For HTML: the Content-Security-Policy its meta tag declares, for servers to send as a header too. */
  readonly csp?: string;
}

export interface SiteOptions extends ModelOptions {
  /** How pages link: relative files (default, a static site) or paths under a server base. */
  readonly links?: LinkStyle;
}

export const HTML = "text/html; charset=utf-8";
export const JSON_TYPE = "application/json; charset=utf-8";
export const MARKDOWN = "text/markdown; charset=utf-8";

/** Builds every file of the site from a model. */
export function siteFiles(model: SiteModel, style: LinkStyle = { kind: "relative" }): SiteFile[] {
  const files: SiteFile[] = [];
  const indexCsp = contentSecurityPolicy(SITE_STYLE, INDEX_SCRIPT);
  const pageCsp = contentSecurityPolicy(SITE_STYLE, null);
  files.push({
    path: "index.html",
    contentType: HTML,
    body: indexPage(model, linksFor(style, 0)),
    csp: indexCsp,
  });
  const pageLinks = linksFor(style, 1);
  for (const c of model.catalogs) {
    for (const e of c.entries) {
      files.push({
        path: `${c.dir}/${e.file}.html`,
        contentType: HTML,
        body: codePage(model, e, pageLinks),
        entry: e,
        csp: pageCsp,
      });
    }
  }
  const catalogs: AnyCatalog[] = model.catalogs.map((c) => ({ $: c.info }));
  files.push({
    path: "catalog.json",
    contentType: JSON_TYPE,
    body: `${JSON.stringify(exportCatalogs(catalogs), null, 2)}\n`,
  });
  files.push({
    path: "catalog.schema.json",
    contentType: JSON_TYPE,
    body: `${JSON.stringify(catalogJsonSchema, null, 2)}\n`,
  });
  // Absolute page URLs when the site's address is known, so openapi.json and errors.md work anywhere.
  const rootLinks = linksFor(style, 0);
  const pageUrl = (e: DocEntry): string =>
    model.docsBaseUrl !== null
      ? `${model.docsBaseUrl}/${encodeURIComponent(e.catalog.dir)}/${encodeURIComponent(e.file)}`
      : rootLinks.page(e);
  files.push({
    path: "openapi.json",
    contentType: JSON_TYPE,
    body: `${JSON.stringify(buildOpenApi(model, pageUrl), null, 2)}\n`,
  });
  files.push({ path: "errors.md", contentType: MARKDOWN, body: buildMarkdown(model, pageUrl) });
  return files;
}

/** Builds the site for some catalogs. */
export function buildSite(catalogs: readonly AnyCatalog[], options: SiteOptions = {}): SiteFile[] {
  return siteFiles(buildModel(catalogs, options), options.links);
}
