/**
 * `defineCatalog`: every error declared once, typed.
 *
 * @example
 * ```ts
 * const errors = defineCatalog({ id: "oclc" }, {
 *   wskeyInvalid: { status: 401, message: 'WSKey "{wskey}" is invalid', fixes: ["Check the key"] },
 *   notFound: { code: 404, status: 404, message: "Not found" },
 * });
 * throw errors.wskeyInvalid({ wskey: "abc" }); // { wskey } is required by the type
 * throw errors.notFound();
 * ```
 * @module
 */
import { ErrataError, type ErrorOptions } from "../errors/errata-error.js";
import { reasonPhrase } from "./status.js";
import { compileTemplate, type ParamValue, type TemplateParams } from "./template.js";
import type { CatalogEntry, CatalogInfo, CatalogOptions, ErrorSpec, FamilyRules } from "./types.js";

/** The parameter names an entry's templates use (developer and user message). */
export type SpecParams<S extends ErrorSpec> =
  | TemplateParams<S["message"]>
  | (S["userMessage"] extends string ? TemplateParams<S["userMessage"]> : never);

/** Metadata every factory carries, so `is(err, errors.entityNotFound)` and docs can use it. */
export interface FactoryInfo<K extends string> {
  readonly key: K;
  readonly entry: CatalogEntry;
}

/** The function that raises one catalog error. Parameters are required exactly when the template has some. */
export type ErrorFactory<K extends string, S extends ErrorSpec> = ([SpecParams<S>] extends [never]
  ? (options?: ErrorOptions) => ErrataError<K>
  : (params: { readonly [P in SpecParams<S>]: ParamValue }, options?: ErrorOptions) => ErrataError<K>) &
  FactoryInfo<K>;

/** A catalog: one factory per entry, plus `$` for metadata and look-ups. */
export type Catalog<D extends Record<string, ErrorSpec> = Record<string, ErrorSpec>> = {
  readonly [K in keyof D & string]: ErrorFactory<K, D[K]>;
} & { readonly $: CatalogInfo };

/** Any catalog, whatever its entries. */
export interface AnyCatalog {
  readonly $: CatalogInfo;
}

/** Any factory of any catalog. */
export type AnyErrorFactory = ((...args: never[]) => ErrataError) & FactoryInfo<string>;

const SLUG_UNSAFE = /[^A-Za-z0-9._-]+/g;

function buildEntry(key: string, spec: ErrorSpec, info: CatalogInfo): CatalogEntry {
  const code = spec.code ?? null;
  const name = spec.name ?? null;
  const messages = new Map<string, ReturnType<typeof compileTemplate>>();
  if (spec.messages)
    for (const [loc, t] of Object.entries(spec.messages)) messages.set(loc.toLowerCase(), compileTemplate(t));
  const codeString = code !== null ? String(code) : (name ?? key);
  return {
    key,
    catalog: info,
    code,
    name,
    status: spec.status,
    title: spec.title ?? reasonPhrase(spec.status),
    message: compileTemplate(spec.message),
    userMessage: spec.userMessage !== undefined ? compileTemplate(spec.userMessage) : null,
    messages,
    spec,
    slug: codeString.replace(SLUG_UNSAFE, "-"),
    expose: spec.expose ?? spec.status < 500,
    codeString,
    parent: null,
  };
}

function isNumericCode(c: string | number): boolean {
  return typeof c === "number" ? Number.isSafeInteger(c) && c >= 0 : /^[0-9]{1,15}$/.test(c);
}

/**
 * The nearest existing family of a code: first its catch-all (a multiple of 10, 100, … below it;
 * seed 001), then a code its digits start with (seed 003: 200601 → 2006).
 */
function familyOf(
  code: string | number,
  has: (c: string) => CatalogEntry | undefined,
  rules: Required<FamilyRules>,
): CatalogEntry | undefined {
  if (!isNumericCode(code)) return undefined;
  const n = Number(code);
  if (rules.catchAll) {
    for (let m = 10; m <= n; m *= 10) {
      const p = n - (n % m);
      if (p !== n) {
        const e = has(String(p));
        if (e) return e;
      }
    }
  }
  if (rules.prefix) {
    const s = String(code);
    for (let len = s.length - 1; len >= 1; len--) {
      const e = has(s.slice(0, len));
      if (e) return e;
    }
  }
  return undefined;
}

/**
 * Declares a catalog. Keys are the names of the factories; `$` is reserved for metadata.
 * Duplicate codes and names are accepted at run time (real catalogs have them: seed 001's 352)
 * and reported by `errata lint`; look-ups return the first.
 */
export function defineCatalog<const D extends Record<string, ErrorSpec> & { readonly $?: never }>(
  options: CatalogOptions,
  errors: D,
): Catalog<D> {
  const entries: CatalogEntry[] = [];
  const byKey = new Map<string, CatalogEntry>();
  const byCode = new Map<string, CatalogEntry>();
  const byName = new Map<string, CatalogEntry>();
  const families: Required<FamilyRules> = {
    catchAll: options.families?.catchAll ?? true,
    prefix: options.families?.prefix ?? true,
  };
  const info: CatalogInfo = {
    id: options.id,
    title: options.title ?? options.id,
    description: options.description ?? "",
    version: options.version ?? null,
    defaultLocale: (options.defaultLocale ?? "en").toLowerCase(),
    formats: options.formats ?? [],
    families,
    entries,
    get(k) {
      const s = String(k);
      return byKey.get(s) ?? byCode.get(s) ?? byName.get(s);
    },
    resolve(k) {
      const s = String(k);
      const exact = byCode.get(s) ?? byName.get(s);
      if (exact) return exact;
      return familyOf(k, (c) => byCode.get(c), families);
    },
  };
  const out: Record<string, unknown> = { $: info };
  for (const [key, spec] of Object.entries(errors as Record<string, ErrorSpec>)) {
    if (key === "$") continue;
    const entry = buildEntry(key, spec, info);
    entries.push(entry);
    byKey.set(key, entry);
    if (entry.code !== null && !byCode.has(String(entry.code))) byCode.set(String(entry.code), entry);
    if (entry.name !== null && !byName.has(entry.name)) byName.set(entry.name, entry);
    const hasParams = entry.message.names.length > 0 || (entry.userMessage?.names.length ?? 0) > 0;
    // Two shapes so the common no-parameter call does no argument juggling.
    const factory = hasParams
      ? (params: Record<string, unknown>, opts?: ErrorOptions) => new ErrataError(entry, params, opts)
      : (opts?: ErrorOptions) => new ErrataError(entry, undefined, opts);
    Object.defineProperties(factory, {
      key: { value: key, enumerable: true },
      entry: { value: entry, enumerable: true },
    });
    out[key] = factory;
  }
  for (const entry of entries) {
    const p = entry.spec.parent;
    if (p !== undefined) {
      entry.parent = byCode.get(String(p)) ?? byName.get(String(p)) ?? null;
    } else if (entry.code !== null) {
      const fam = familyOf(entry.code, (c) => byCode.get(c), families);
      entry.parent = fam && fam !== entry ? fam : null;
    }
  }
  return Object.freeze(out) as Catalog<D>;
}

/** The entries of a catalog, in definition order. */
export function entriesOf(catalog: AnyCatalog): readonly CatalogEntry[] {
  return catalog.$.entries;
}
