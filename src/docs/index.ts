/**
 * `errata/docs`: the documentation generated from catalogs — the static site (HTML index and a
 * page per code), `catalog.json`, `openapi.json` (OpenAPI 3.1) and `errors.md`.
 * @module
 */
export { buildMarkdown } from "./markdown.js";
export { buildOpenApi, type OpenApiDocument } from "./openapi.js";
export { buildSite, type SiteFile, type SiteOptions } from "./site.js";
