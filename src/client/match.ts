/**
 * Catalog matching on the client (issue 6): given the catalogs an API publishes (imported, or
 * rebuilt from its `catalog.json` with `catalogsFromDocument`), a decoded error response becomes
 * the typed catalog error the server raised, so client code matches on catalog entries and
 * families exactly as server code does:
 *
 * ```ts
 * const err = toCatalogError(await decodeResponse(res), [entityApiErrors]);
 * if (is(err, entityApiErrors.entityNotFound)) …
 * if (is(err, 2006)) …            // 200601 and 200602 are in the 2006 family (seed 003)
 * explain(err).fixes              // what the catalog says to do about it
 * ```
 *
 * How an entry is found, most specific first, within the catalogs served in the decoded format
 * (a catalog's `formats`; all catalogs when none declares it):
 * 1. the code (`errorCode`, `error`, `code`, ORCID's `error-code`) equals an entry's code;
 * 2. the name (Identity Cloud's `error`) or the code equals an entry's name;
 * 3. only when the response has no code beyond the HTTP status (OCLC's `<oclc:code type="http">`):
 *    the message fits an entry's template of that status (`WSKey "{wskey}" is invalid`), which
 *    also gives back the template parameters;
 * 4. the nearest family of the code: seed 001 says codes that are multiples of 10/100 are
 *    catch-alls "and may be split off into more specific codes in the future", so a client built
 *    against an old catalog still understands a new sub-code (an unknown 365 is a 360, a 300);
 *    seed 003's 200603 is a 2006.
 *
 * Template matching is a left-to-right literal scan (no regular expression), linear in the
 * message, and runs on messages of at most 4 KiB.
 * @module
 */
import type { AnyCatalog } from "../catalog/define.js";
import { type FamilyRef, is } from "../catalog/match.js";
import { reasonPhrase } from "../catalog/status.js";
import type { CompiledTemplate } from "../catalog/template.js";
import type { CatalogEntry, CatalogInfo } from "../catalog/types.js";
import { ErrataError, type ErrorOptions } from "../errors/errata-error.js";
import type { FieldError } from "../errors/field-error.js";
import { ERRATA_CLIENT_ERROR } from "./errata-client-error.js";
import type { NormalizedError } from "./normalized-error.js";

/** One catalog or several, as `toCatalogError`, `matches` and `explain` take them. */
export type CatalogSet = AnyCatalog | readonly AnyCatalog[];

/** How a decoded error was matched to its entry (see the module comment for the order). */
export type MatchKind = "code" | "name" | "message" | "family";

/** The entry a decoded error stands for. */
export interface CatalogMatch {
  readonly entry: CatalogEntry;
  readonly kind: MatchKind;
  /** Template parameters read back from the message (`{ wskey: "abc" }`), or null when it did not fit. */
  readonly params: Readonly<Record<string, string>> | null;
}

/** A catalog error made from a decoded response: an `ErrataError`, plus what only the response knew. */
export interface DecodedCatalogError<K extends string = string> extends ErrataError<K> {
  /** The request token / request id the response carried (quote it to support). */
  readonly requestId: string | null;
  /** The decoded response this error was made from (its `status` is the HTTP status received). */
  readonly decoded: NormalizedError;
  /** How the entry was found; `family` when the code itself is not in the catalog. */
  readonly matchedBy: MatchKind;
}

/** What a client shows a developer about an error (`explain`). */
export interface Explanation {
  /** The code received (the most specific one), else the entry's code. */
  readonly code: string | null;
  /** The symbolic name (received, else the entry's). */
  readonly name: string | null;
  /** The entry's HTTP status, else the status received. */
  readonly status: number;
  readonly title: string | null;
  /** This occurrence's message. */
  readonly message: string | null;
  /** What the error means (the catalog's description), or null. */
  readonly description: string | null;
  readonly causes: readonly string[];
  readonly fixes: readonly string[];
  /** The entry's documentation URL: its explicit `docs`, else `${docsBaseUrl}/${catalog}/${slug}` when a base is given. */
  readonly docs: string | null;
  /** The catalog id, or null when no catalog entry matched. */
  readonly catalog: string | null;
  /** How the entry was found, or `none` (only what the response said is known). */
  readonly match: MatchKind | "exact" | "none";
  readonly requestId: string | null;
}

/** Options of `explain`. */
export interface ExplainOptions {
  /** Base URL of the API's generated docs (`https://api.example.com/errors`), for `docs`. */
  readonly docsBaseUrl?: string;
}

/** Longest message tried against templates: real messages are short; this bounds the work. */
const MAX_MATCH_TEXT = 4096;
/** A template must have this much literal text to match by message (a bare `{reason}` fits anything). */
const MIN_LITERAL = 4;

interface CatalogIndex {
  readonly formats: ReadonlySet<string>;
  /** Every entry per code, duplicates kept (seed 001 lists 352 twice): the message picks among them. */
  readonly byCode: ReadonlyMap<string, readonly CatalogEntry[]>;
  readonly byName: ReadonlyMap<string, readonly CatalogEntry[]>;
  readonly byStatus: ReadonlyMap<number, readonly CatalogEntry[]>;
}

const indexes = new WeakMap<CatalogInfo, CatalogIndex>();

function push<K>(map: Map<K, CatalogEntry[]>, key: K, e: CatalogEntry): void {
  const list = map.get(key);
  if (list) list.push(e);
  else map.set(key, [e]);
}

/** The catalog's look-up tables, built once per catalog. */
function indexOf(info: CatalogInfo): CatalogIndex {
  let idx = indexes.get(info);
  if (idx) return idx;
  const formats = new Set<string>();
  for (const f of info.formats) {
    const lower = f.toLowerCase();
    formats.add(lower);
    // A catalog may list media types: `application/problem+json` serves the `problem+json` format.
    if (lower.startsWith("application/")) formats.add(lower.slice("application/".length));
  }
  const byCode = new Map<string, CatalogEntry[]>();
  const byName = new Map<string, CatalogEntry[]>();
  const byStatus = new Map<number, CatalogEntry[]>();
  for (const e of info.entries) {
    if (e.code !== null) push(byCode, String(e.code), e);
    if (e.name !== null) push(byName, e.name, e);
    push(byStatus, e.status, e);
  }
  idx = { formats, byCode, byName, byStatus };
  indexes.set(info, idx);
  return idx;
}

function catalogList(catalogs: CatalogSet | undefined): readonly AnyCatalog[] {
  if (catalogs === undefined) return [];
  return Array.isArray(catalogs) ? (catalogs as readonly AnyCatalog[]) : [catalogs as AnyCatalog];
}

/**
 * Reads a template's parameters back from a message it produced, or null when it does not fit.
 * Literal parts are found left to right (`indexOf`), the last one at the end: linear, no
 * backtracking. A parameter used twice must have the same value both times.
 */
export function matchTemplate(t: CompiledTemplate, text: string): Record<string, string> | null {
  const { parts, names } = t;
  const head = parts[0] ?? "";
  if (names.length === 0) return text === head ? {} : null;
  if (!text.startsWith(head)) return null;
  const params: Record<string, string> = {};
  let pos = head.length;
  for (let i = 0; i < names.length; i++) {
    const lit = parts[i + 1] ?? "";
    let value: string;
    if (i === names.length - 1) {
      const end = text.length - lit.length;
      if (end < pos || !text.endsWith(lit)) return null;
      value = text.slice(pos, end);
      pos = text.length;
    } else {
      // Two adjacent parameters cannot be told apart: the first takes nothing.
      const at = lit === "" ? pos : text.indexOf(lit, pos);
      if (at < 0) return null;
      value = text.slice(pos, at);
      pos = at + lit.length;
    }
    const name = names[i] ?? "";
    const seen = params[name];
    if (seen !== undefined && seen !== value) return null;
    params[name] = value;
  }
  return params;
}

function literalLength(t: CompiledTemplate): number {
  let n = 0;
  for (const p of t.parts) n += p.length;
  return n;
}

/** The texts of a decoded error a template may have produced: the detail first (problem+json, ORCID's developer message), then the message. */
function textsOf(decoded: NormalizedError): string[] {
  const out: string[] = [];
  for (const t of [decoded.detail, decoded.message])
    if (t !== null && t.length <= MAX_MATCH_TEXT && !out.includes(t)) out.push(t);
  return out;
}

/**
 * The parameters when one of the entry's templates fits one of the texts: its developer message
 * (and localised ones), or, when `user` is set, its end-user message (ORCID's `user-message`,
 * often shared by many entries, so it is only a last resort).
 */
function paramsFrom(
  entry: CatalogEntry,
  texts: readonly string[],
  user: boolean,
): Record<string, string> | null {
  if (texts.length === 0) return null;
  const templates: CompiledTemplate[] = [];
  if (user) {
    if (entry.userMessage) templates.push(entry.userMessage);
  } else {
    templates.push(entry.message);
    for (const t of entry.messages.values()) templates.push(t);
  }
  for (const t of templates) {
    for (const text of texts) {
      const p = matchTemplate(t, text);
      if (p !== null) return p;
    }
  }
  return null;
}

function pick(
  entries: readonly CatalogEntry[] | undefined,
  decoded: NormalizedError,
  texts: readonly string[],
  kind: MatchKind,
): CatalogMatch | undefined {
  if (entries === undefined || entries.length === 0) return undefined;
  const first = entries[0] as CatalogEntry;
  if (entries.length === 1) return { entry: first, kind, params: paramsFrom(first, texts, false) };
  // A code several entries or catalogs share (seed 001's 352, ORCID's 9001): the entry whose developer
  // message fits wins, then one whose user message fits, then one of the status received, then
  // the first.
  for (const user of [false, true]) {
    for (const e of entries) {
      const params = paramsFrom(e, texts, user);
      if (params !== null) return { entry: e, kind, params: user ? null : params };
    }
  }
  return { entry: entries.find((e) => e.status === decoded.status) ?? first, kind, params: null };
}

/** The entries a look-up finds in each catalog, in catalog order (no copy when only one has any). */
function candidates(
  scope: readonly AnyCatalog[],
  get: (idx: CatalogIndex) => readonly CatalogEntry[] | undefined,
): readonly CatalogEntry[] | undefined {
  let out: readonly CatalogEntry[] | undefined;
  let copied = false;
  for (const c of scope) {
    const found = get(indexOf(c.$));
    if (found === undefined) continue;
    if (out === undefined) out = found;
    else if (copied) (out as CatalogEntry[]).push(...found);
    else {
      out = [...out, ...found];
      copied = true;
    }
  }
  return out;
}

/**
 * Finds the catalog entry a decoded error stands for (see the module comment for the order), or
 * null when no catalog knows it.
 */
export function findCatalogEntry(decoded: NormalizedError, catalogs: CatalogSet): CatalogMatch | null {
  const list = catalogList(catalogs);
  if (list.length === 0) return null;
  const format = decoded.format.toLowerCase();
  const served = list.filter((c) => indexOf(c.$).formats.has(format));
  // The response came from the API whose catalogs are served in its format; other catalogs'
  // codes (OCLC's 401 is not Identity Cloud's) must not capture it.
  const scope = served.length > 0 ? served : list;
  const texts = textsOf(decoded);
  const { code, name } = decoded;

  // The same code in several catalogs (ORCID's and the entity API's 9001 behind problem+json)
  // or in several entries: all of them compete, the message deciding (see `pick`).
  if (code !== null) {
    const m = pick(
      candidates(scope, (idx) => idx.byCode.get(code)),
      decoded,
      texts,
      "code",
    );
    if (m) return m;
  }
  for (const n of [name, code]) {
    if (n === null) continue;
    const m = pick(
      candidates(scope, (idx) => idx.byName.get(n)),
      decoded,
      texts,
      "name",
    );
    if (m) return m;
  }
  // OCLC's code restates the HTTP status; only the message says which 401 it was.
  if ((code === null || code === String(decoded.status)) && texts.length > 0) {
    let best: CatalogMatch | null = null;
    let bestLiteral = -1;
    for (const c of scope) {
      const idx = indexOf(c.$);
      const pool = decoded.status >= 400 ? idx.byStatus.get(decoded.status) : c.$.entries;
      for (const e of pool ?? []) {
        const lit = literalLength(e.message);
        if ((e.message.names.length > 0 && lit < MIN_LITERAL) || lit <= bestLiteral) continue;
        const params = paramsFrom(e, texts, false);
        if (params !== null) {
          // The most literal text is the most specific fit ("WSKey is expired" over "{reason}").
          best = { entry: e, kind: "message", params };
          bestLiteral = lit;
        }
      }
    }
    if (best) return best;
  }
  if (code !== null) {
    for (const c of scope) {
      const e = c.$.resolve(code);
      if (e) return { entry: e, kind: "family", params: null };
    }
  }
  return null;
}

function fieldsOf(decoded: NormalizedError): FieldError[] {
  return decoded.fields.map((f) =>
    f.code !== null
      ? { name: f.name, message: f.message ?? "", code: f.code }
      : { name: f.name, message: f.message ?? "" },
  );
}

/**
 * The catalog error a decoded response stands for, or null when no catalog knows it. The error
 * carries the response's message (as the detail, unless the template's parameters could be read
 * back from it), its field errors and retry hint, and `requestId`, `decoded` and `matchedBy`.
 * Its `status` is the entry's (Identity Cloud's 510 is a 429 in the catalog though it arrives
 * with HTTP 200); `decoded.status` is what was received.
 */
export function toCatalogError(decoded: NormalizedError, catalogs: CatalogSet): DecodedCatalogError | null {
  const m = findCatalogEntry(decoded, catalogs);
  if (m === null) return null;
  const fields = decoded.fields.length > 0 ? fieldsOf(decoded) : undefined;
  const text = decoded.detail ?? decoded.message;
  const options: ErrorOptions = {
    ...(fields ? { fields } : undefined),
    ...(decoded.retryAfterSeconds !== null ? { retryAfter: decoded.retryAfterSeconds } : undefined),
    // The filled template is the message when its parameters were read back; otherwise the
    // server's own words (a family entry's template would be too generic).
    ...(m.params === null && text !== null ? { detail: text } : undefined),
  };
  return new DecodedError(m.entry, m.params ?? undefined, options, decoded, m.kind);
}

type DecodedErrorFields = { -readonly [P in "requestId" | "decoded" | "matchedBy"]: DecodedCatalogError[P] };

/**
 * The constructor behind `DecodedCatalogError`: ErrataError's own initialisation, then three
 * fields, so every instance has one hidden class (defining properties afterwards cost ~0.7 µs).
 */
const DecodedError = function DecodedError(
  this: DecodedErrorFields,
  entry: CatalogEntry,
  params: Readonly<Record<string, unknown>> | undefined,
  options: ErrorOptions,
  decoded: NormalizedError,
  kind: MatchKind,
): void {
  (ErrataError as unknown as (this: unknown, ...args: unknown[]) => void).call(this, entry, params, options);
  this.requestId = decoded.requestId;
  this.decoded = decoded;
  this.matchedBy = kind;
} as unknown as new (
  entry: CatalogEntry,
  params: Readonly<Record<string, unknown>> | undefined,
  options: ErrorOptions,
  decoded: NormalizedError,
  kind: MatchKind,
) => DecodedCatalogError;
// An ErrataError in every respect (instanceof, name, message, toJSON), one level down.
DecodedError.prototype = Object.create(ErrataError.prototype, {
  constructor: { value: DecodedError, writable: true, configurable: true },
});

function isNormalizedError(v: unknown): v is NormalizedError {
  if (v === null || typeof v !== "object") return false;
  const o = v as Partial<Record<keyof NormalizedError, unknown>>;
  return typeof o.status === "number" && typeof o.format === "string" && Array.isArray(o.fields);
}

/** An `ErrataClientError` (also from another copy of the module): its matched error and its decoding. */
function clientParts(v: unknown): { catalogError: unknown; error: NormalizedError } | null {
  if (!(v instanceof Error)) return null;
  const o = v as Error & { code?: unknown; error?: unknown; catalogError?: unknown };
  return o.code === ERRATA_CLIENT_ERROR && isNormalizedError(o.error)
    ? { catalogError: o.catalogError, error: o.error }
    : null;
}

/**
 * The catalog error behind anything a client holds: an `ErrataError` as is, an
 * `ErrataClientError`'s matched error (or its decoding matched now), a decoded error matched.
 */
export function catalogErrorOf(err: unknown, catalogs?: CatalogSet): ErrataError | null {
  if (err instanceof ErrataError) return err;
  const client = clientParts(err);
  if (client) {
    if (client.catalogError instanceof ErrataError) return client.catalogError;
    return catalogs ? toCatalogError(client.error, catalogs) : null;
  }
  if (catalogs && isNormalizedError(err)) return toCatalogError(err, catalogs);
  return null;
}

/**
 * `is()` with the catalogs at hand: true when `err` (a decoded error, an `ErrataClientError` or a
 * catalog error) is the entry `family` or in its family. Unlike `is(decoded, 2006)`, which only
 * compares codes, this resolves the decoded code first, so a 200601 response is in 2006.
 */
export function matches(err: unknown, catalogs: CatalogSet, family: FamilyRef): boolean {
  const ce = catalogErrorOf(err, catalogs);
  return ce !== null ? is(ce, family) : is(err, family);
}

function docsOf(entry: CatalogEntry, options: ExplainOptions | undefined): string | null {
  if (entry.spec.docs !== undefined) return entry.spec.docs;
  const base = options?.docsBaseUrl;
  if (base === undefined) return null;
  return `${base.replace(/\/+$/, "")}/${encodeURIComponent(entry.catalog.id)}/${entry.slug}`;
}

/**
 * What a client shows a developer about an error: code, name, status, title, the catalog's
 * description, causes, fixes and docs link. Takes a decoded error, an `ErrataClientError` or a
 * catalog error; without a matching catalog entry, only what the response said (match `none`).
 * Null for anything else.
 */
export function explain(err: unknown, catalogs?: CatalogSet, options?: ExplainOptions): Explanation | null {
  const ce = catalogErrorOf(err, catalogs);
  const decoded =
    ce !== null
      ? ((ce as Partial<DecodedCatalogError>).decoded ?? null)
      : isNormalizedError(err)
        ? err
        : (clientParts(err)?.error ?? null);
  if (ce !== null) {
    const e = ce.entry;
    const s = e.spec;
    return {
      code: decoded?.code ?? (e.code !== null ? String(e.code) : null),
      name: decoded?.name ?? e.name,
      status: e.status,
      title: e.title,
      message: ce.message,
      description: s.description ?? null,
      causes: s.causes ?? [],
      fixes: s.fixes ?? [],
      docs: docsOf(e, options),
      catalog: e.catalog.id,
      match: (ce as Partial<DecodedCatalogError>).matchedBy ?? "exact",
      requestId: decoded?.requestId ?? null,
    };
  }
  if (decoded === null) return null;
  return {
    code: decoded.code,
    name: decoded.name,
    status: decoded.status,
    title: decoded.status >= 400 ? reasonPhrase(decoded.status) : null,
    message: decoded.detail ?? decoded.message,
    description: null,
    causes: [],
    fixes: [],
    docs: null,
    catalog: null,
    match: "none",
    requestId: decoded.requestId,
  };
}
