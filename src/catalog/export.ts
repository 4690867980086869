/**
 * The `catalog.json` export format: every catalog as plain JSON, so tools in any language (and
 * `errata lint`/`diff`/`docs` themselves) can read a catalog without running TypeScript.
 * The format is described in `docs/catalog-format.md`; its JSON Schema is `catalogJsonSchema`
 * (src/docs/catalog-schema.ts).
 *
 * Both directions live here: `exportCatalogs` (catalog → JSON) and `catalogsFromDocument`
 * (JSON → catalogs rebuilt with `defineCatalog`), with `parseCatalogDocument` checking an unknown
 * value against the format and naming the first wrong member by its JSON path.
 * @module
 */
import { type AnyCatalog, defineCatalog } from "./define.js";
import { type CatalogStatus, reasonPhrase } from "./status.js";
import type { CatalogEntry, CatalogInfo, ErrorSpec, JsonValue } from "./types.js";

/** The value of `format` in every catalog document. */
export const CATALOG_FORMAT = "errata-catalog";
/** The version of the format this module writes (and the highest it reads). */
export const CATALOG_FORMAT_VERSION = 1;

/** One entry of a catalog, as exported. Absent optional values are `null` or empty, never missing. */
export interface EntryJson {
  /** Property name in the catalog definition (`entityNotFound`); unique within the catalog. */
  readonly key: string;
  /** URL-safe identifier of the entry (its docs page is `<catalog id>/<slug>`). Informational. */
  readonly slug: string;
  readonly code: number | string | null;
  readonly name: string | null;
  readonly status: number;
  readonly title: string;
  /** Developer message template with `{param}` placeholders. */
  readonly message: string;
  readonly userMessage: string | null;
  /** Localised message templates by BCP 47 tag. */
  readonly messages: Readonly<Record<string, string>>;
  readonly description: string | null;
  readonly causes: readonly string[];
  readonly fixes: readonly string[];
  /** Explicit documentation URL, or null (the generated page is used). */
  readonly docs: string | null;
  /** Code (or name) of the entry's family: the declared parent, else the derived catch-all or prefix family. */
  readonly parent: number | string | null;
  readonly authMethods: readonly string[];
  /** A documented known defect of the real catalog, kept on purpose. */
  readonly defect: string | null;
  readonly tags: readonly string[];
  readonly deprecated: boolean;
  /** Template parameter names the error is raised with (`message` and `userMessage`), in order of first use. */
  readonly params: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  readonly extra: Readonly<Record<string, JsonValue>>;
  readonly expose: boolean;
  readonly retryAfter: number | null;
}

/** One catalog, as exported. */
export interface CatalogJson {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly version: string | null;
  readonly defaultLocale: string;
  readonly families: { readonly catchAll: boolean; readonly prefix: boolean };
  /** Format ids (or media types) the catalog is served in. */
  readonly formats: readonly string[];
  readonly entries: readonly EntryJson[];
}

/** A `catalog.json` document. */
export interface CatalogDocument {
  readonly format: typeof CATALOG_FORMAT;
  readonly formatVersion: number;
  readonly catalogs: readonly CatalogJson[];
}

/** A document that does not follow the format; `path` is the JSON path of the first wrong member. */
export class CatalogFormatError extends Error {
  override readonly name = "CatalogFormatError";
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/** The parameter names an entry is raised with: `message` then `userMessage`, each once. */
export function entryParams(entry: CatalogEntry): string[] {
  const out: string[] = [];
  for (const n of entry.message.names) if (!out.includes(n)) out.push(n);
  for (const n of entry.userMessage?.names ?? []) if (!out.includes(n)) out.push(n);
  return out;
}

/** The code or name by which an entry's family is referenced, or null. */
function parentRef(entry: CatalogEntry): number | string | null {
  // The declared parent is kept even when it names nothing, so lint still sees the mistake after a round trip.
  if (entry.spec.parent !== undefined) return entry.spec.parent;
  const p = entry.parent;
  if (p === null) return null;
  return p.code ?? p.name;
}

/** One entry in the export format. */
export function exportEntry(entry: CatalogEntry): EntryJson {
  const s = entry.spec;
  return {
    key: entry.key,
    slug: entry.slug,
    code: entry.code,
    name: entry.name,
    status: entry.status,
    title: entry.title,
    message: entry.message.source,
    userMessage: entry.userMessage?.source ?? null,
    messages: { ...s.messages },
    description: s.description ?? null,
    causes: [...(s.causes ?? [])],
    fixes: [...(s.fixes ?? [])],
    docs: s.docs ?? null,
    parent: parentRef(entry),
    authMethods: [...(s.authMethods ?? [])],
    defect: s.defect ?? null,
    tags: [...(s.tags ?? [])],
    deprecated: s.deprecated === true,
    params: entryParams(entry),
    headers: { ...s.headers },
    extra: { ...s.extra },
    expose: entry.expose,
    retryAfter: s.retryAfter ?? null,
  };
}

/** One catalog in the export format. */
export function exportCatalog(info: CatalogInfo): CatalogJson {
  return {
    id: info.id,
    title: info.title,
    description: info.description,
    version: info.version,
    defaultLocale: info.defaultLocale,
    families: { catchAll: info.families.catchAll, prefix: info.families.prefix },
    formats: [...info.formats],
    entries: info.entries.map(exportEntry),
  };
}

/** The `catalog.json` document for some catalogs. */
export function exportCatalogs(catalogs: readonly AnyCatalog[]): CatalogDocument {
  return {
    format: CATALOG_FORMAT,
    formatVersion: CATALOG_FORMAT_VERSION,
    catalogs: catalogs.map((c) => exportCatalog(c.$)),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading: a hand-written checker, so a wrong document gives one precise line (CONTRACT §2).

type Obj = Readonly<Record<string, unknown>>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function fail(path: string, reason: string): never {
  throw new CatalogFormatError(path, reason);
}

function str(o: Obj, k: string, path: string): string {
  const v = o[k];
  if (typeof v !== "string") fail(`${path}.${k}`, "expected a string");
  return v;
}

function optStr(o: Obj, k: string, path: string): string | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") fail(`${path}.${k}`, "expected a string or null");
  return v;
}

function optBool(o: Obj, k: string, path: string): boolean | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") fail(`${path}.${k}`, "expected true or false");
  return v;
}

function optCode(o: Obj, k: string, path: string): number | string | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string" && v !== "") return v;
  if (typeof v === "number" && Number.isSafeInteger(v)) return v;
  return fail(`${path}.${k}`, "expected an integer, a non-empty string or null");
}

function optStrings(o: Obj, k: string, path: string): string[] | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) fail(`${path}.${k}`, "expected an array of strings");
  v.forEach((x, i) => {
    if (typeof x !== "string") fail(`${path}.${k}[${i}]`, "expected a string");
  });
  return v as string[];
}

function optStringMap(o: Obj, k: string, path: string): Record<string, string> | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) fail(`${path}.${k}`, "expected an object of strings");
  for (const [mk, mv] of Object.entries(v)) {
    if (typeof mv !== "string") fail(`${path}.${k}.${mk}`, "expected a string");
  }
  return { ...(v as Record<string, string>) };
}

function isJsonValue(v: unknown, depth = 0): v is JsonValue {
  if (depth > 64) return false;
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isJsonValue(x, depth + 1));
  if (isObj(v)) return Object.values(v).every((x) => isJsonValue(x, depth + 1));
  return false;
}

function parseEntry(v: unknown, path: string): EntryJson {
  if (!isObj(v)) fail(path, "expected an object");
  const status = v.status;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) {
    fail(`${path}.status`, "expected an integer from 100 to 599");
  }
  const retryAfter = v.retryAfter;
  if (retryAfter !== undefined && retryAfter !== null && (typeof retryAfter !== "number" || retryAfter < 0)) {
    fail(`${path}.retryAfter`, "expected a non-negative number or null");
  }
  const extra = v.extra;
  if (extra !== undefined && extra !== null && !(isObj(extra) && isJsonValue(extra))) {
    fail(`${path}.extra`, "expected an object of JSON values");
  }
  const key = str(v, "key", path);
  if (key === "" || key === "$") fail(`${path}.key`, 'expected a non-empty key other than "$"');
  const code = optCode(v, "code", path) ?? null;
  const name = optStr(v, "name", path) ?? null;
  return {
    key,
    slug: optStr(v, "slug", path) ?? "",
    code,
    name,
    status,
    title: optStr(v, "title", path) ?? reasonPhrase(status),
    message: str(v, "message", path),
    userMessage: optStr(v, "userMessage", path) ?? null,
    messages: optStringMap(v, "messages", path) ?? {},
    description: optStr(v, "description", path) ?? null,
    causes: optStrings(v, "causes", path) ?? [],
    fixes: optStrings(v, "fixes", path) ?? [],
    docs: optStr(v, "docs", path) ?? null,
    parent: optCode(v, "parent", path) ?? null,
    authMethods: optStrings(v, "authMethods", path) ?? [],
    defect: optStr(v, "defect", path) ?? null,
    tags: optStrings(v, "tags", path) ?? [],
    deprecated: optBool(v, "deprecated", path) ?? false,
    params: optStrings(v, "params", path) ?? [],
    headers: optStringMap(v, "headers", path) ?? {},
    extra: (extra ?? {}) as Record<string, JsonValue>,
    expose: optBool(v, "expose", path) ?? status < 500,
    retryAfter: (retryAfter as number | null | undefined) ?? null,
  };
}

const CATALOG_ID = /^[a-z0-9][a-z0-9-]*$/;

function parseCatalog(v: unknown, path: string): CatalogJson {
  if (!isObj(v)) fail(path, "expected an object");
  const id = str(v, "id", path);
  if (!CATALOG_ID.test(id)) fail(`${path}.id`, "expected lowercase letters, digits and '-'");
  const fam = v.families;
  if (fam !== undefined && fam !== null && !isObj(fam)) fail(`${path}.families`, "expected an object");
  const famObj: Obj = isObj(fam) ? fam : {};
  const entriesV = v.entries;
  if (!Array.isArray(entriesV)) fail(`${path}.entries`, "expected an array");
  const entries = entriesV.map((e, i) => parseEntry(e, `${path}.entries[${i}]`));
  const keys = new Set<string>();
  entries.forEach((e, i) => {
    if (keys.has(e.key)) fail(`${path}.entries[${i}].key`, `duplicate key "${e.key}"`);
    keys.add(e.key);
  });
  return {
    id,
    title: optStr(v, "title", path) ?? id,
    description: optStr(v, "description", path) ?? "",
    version: optStr(v, "version", path) ?? null,
    defaultLocale: optStr(v, "defaultLocale", path) ?? "en",
    families: {
      catchAll: optBool(famObj, "catchAll", `${path}.families`) ?? true,
      prefix: optBool(famObj, "prefix", `${path}.families`) ?? true,
    },
    formats: optStrings(v, "formats", path) ?? [],
    entries,
  };
}

/**
 * Checks an unknown value (parsed JSON) against the format. Lenient where it is safe: optional
 * members may be absent. Throws CatalogFormatError naming the first wrong member.
 */
export function parseCatalogDocument(value: unknown): CatalogDocument {
  if (!isObj(value)) fail("$", "expected a JSON object");
  if (value.format !== CATALOG_FORMAT) fail("$.format", `expected "${CATALOG_FORMAT}"`);
  const version = value.formatVersion;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    fail("$.formatVersion", "expected a positive integer");
  }
  if (version > CATALOG_FORMAT_VERSION) {
    fail("$.formatVersion", `version ${version} is newer than this errata reads (${CATALOG_FORMAT_VERSION})`);
  }
  const cats = value.catalogs;
  if (!Array.isArray(cats)) fail("$.catalogs", "expected an array");
  return {
    format: CATALOG_FORMAT,
    formatVersion: version,
    catalogs: cats.map((c, i) => parseCatalog(c, `$.catalogs[${i}]`)),
  };
}

/** The ErrorSpec an exported entry was made from (defaults left out, so they stay defaults). */
export function specFromJson(e: EntryJson): ErrorSpec {
  const spec: { -readonly [K in keyof ErrorSpec]: ErrorSpec[K] } = {
    status: e.status as CatalogStatus,
    message: e.message,
  };
  if (e.code !== null) spec.code = e.code;
  if (e.name !== null) spec.name = e.name;
  spec.title = e.title;
  if (e.userMessage !== null) spec.userMessage = e.userMessage;
  if (Object.keys(e.messages).length) spec.messages = e.messages;
  if (e.description !== null) spec.description = e.description;
  if (e.causes.length) spec.causes = e.causes;
  if (e.fixes.length) spec.fixes = e.fixes;
  if (e.docs !== null) spec.docs = e.docs;
  if (e.parent !== null) spec.parent = e.parent;
  if (Object.keys(e.headers).length) spec.headers = e.headers;
  if (Object.keys(e.extra).length) spec.extra = e.extra;
  if (e.authMethods.length) spec.authMethods = e.authMethods;
  if (e.defect !== null) spec.defect = e.defect;
  if (e.expose !== e.status < 500) spec.expose = e.expose;
  if (e.retryAfter !== null) spec.retryAfter = e.retryAfter;
  if (e.tags.length) spec.tags = e.tags;
  if (e.deprecated) spec.deprecated = true;
  return spec;
}

/** Rebuilds one catalog from its export with `defineCatalog`. */
export function catalogFromJson(c: CatalogJson): AnyCatalog {
  const specs: Record<string, ErrorSpec> = {};
  for (const e of c.entries) specs[e.key] = specFromJson(e);
  return defineCatalog(
    {
      id: c.id,
      title: c.title,
      description: c.description,
      ...(c.version !== null ? { version: c.version } : {}),
      defaultLocale: c.defaultLocale,
      families: c.families,
      formats: c.formats,
    },
    specs,
  );
}

/** Rebuilds every catalog of a document (checked first with `parseCatalogDocument`). */
export function catalogsFromDocument(value: unknown): AnyCatalog[] {
  return parseCatalogDocument(value).catalogs.map(catalogFromJson);
}
