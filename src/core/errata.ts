/**
 * The one error path (DESIGN.md): every adapter hands a throwable and a request view to
 * `errata.handle()`, which
 *   1. normalises it (a catalog error as is; anything else → the catalog's unexpected-error entry,
 *      with the internals kept on the event's `cause` for the log and store only),
 *   2. negotiates the format (`Accept`) and locale (`Accept-Language`),
 *   3. renders it with the format's compiled form of the entry,
 *   4. emits the error event to the observers (log, store, metrics, trace) — each guarded, so a
 *      failing observer never changes the response.
 * Guards (404, 405, 406, 413, 415, 414, 431, rate limits) produce catalog errors and enter the
 * same path: one renderer per format, never a second hand-written body.
 *
 * @example
 * ```ts
 * const errata = createErrata({ formats: [problemJson(), problemXml()], docsBaseUrl: "https://api.example.com/errors" });
 * const res = errata.handle(new Error("boom"), { method: "GET", path: "/x", headers: {}, token: requestToken() });
 * // res.status === 500, res.body is problem+json with a generic detail
 * ```
 * @module
 */
import type { AnyCatalog, AnyErrorFactory } from "../catalog/define.js";
import { httpErrors } from "../catalog/http.js";
import type { CatalogEntry } from "../catalog/types.js";
import { ErrataError, type ErrorOptions, isErrataError } from "../errors/errata-error.js";
import { problemJson } from "../formats/problem-json/index.js";
import type { AnyFormat, FormatEnv, RenderedError, RequestView } from "../formats/types.js";
import { negotiateLanguage, negotiateMediaType } from "../negotiate/index.js";
import { describeCause } from "./cause.js";
import type { ErrorEvent } from "./event.js";

/** The request-level errors errata raises itself, each mapped to a catalog entry. */
export interface GuardEntries {
  /** A request that cannot be parsed at all (HTTP syntax). */
  readonly badRequest: AnyErrorFactory;
  readonly notFound: AnyErrorFactory;
  readonly methodNotAllowed: AnyErrorFactory;
  readonly notAcceptable: AnyErrorFactory;
  readonly payloadTooLarge: AnyErrorFactory;
  readonly uriTooLong: AnyErrorFactory;
  readonly headersTooLarge: AnyErrorFactory;
  readonly unsupportedMediaType: AnyErrorFactory;
  readonly malformedBody: AnyErrorFactory;
  readonly validationFailed: AnyErrorFactory;
  readonly tooManyRequests: AnyErrorFactory;
  readonly requestTimeout: AnyErrorFactory;
  /** The unexpected-error entry: what any non-catalog throwable becomes. */
  readonly unexpected: AnyErrorFactory;
}

export type GuardKind = keyof GuardEntries;

/** Receives every error event, off the response's critical data path. Must not throw (errata guards anyway). */
export type ErrorObserver = (event: ErrorEvent, error: ErrataError, request: RequestView) => void;

export interface ErrataOptions {
  /** Formats offered, the default first. Default: problem+json. */
  readonly formats?: readonly AnyFormat[];
  /** Catalogs served (docs, look-ups). The guards' catalog is added automatically. */
  readonly catalogs?: readonly AnyCatalog[];
  /** Entries used by the guards; unspecified ones come from the built-in `http` catalog. */
  readonly guards?: Partial<GuardEntries>;
  /**
   * Base URL of the docs site (`https://api.example.com/errors`); entry pages are `${base}/${catalog}/${slug}`.
   * A function is read when an entry is first rendered (a server that learns its port after listening).
   */
  readonly docsBaseUrl?: string | null | (() => string | null);
  /** Called for every error event. */
  readonly observers?: readonly ErrorObserver[];
  /**
   * Map errors from other libraries that carry an HTTP status (http-errors, boom, body parsers) to
   * the generic entry of that status. Their own message is never rendered. Default true.
   */
  readonly mapForeignStatus?: boolean;
}

/** An errata instance: one error surface (a set of formats and guards) of an API. */
export interface Errata {
  readonly formats: readonly AnyFormat[];
  /** All media types offered, in order; `formatOf[i]` is the format of `mediaTypes[i]`. */
  readonly mediaTypes: readonly string[];
  readonly guards: GuardEntries;
  readonly catalogs: readonly AnyCatalog[];
  /** Normalise, negotiate, render, emit. Never throws. */
  handle(thrown: unknown, request: RequestView): RenderedError;
  /** The index into `mediaTypes` that `Accept` selects, or -1 (→ 406). */
  negotiate(accept: string | undefined): number;
  /** Raises a guard error (with template parameters when the guard's entry has some). */
  guard(kind: GuardKind, params?: Readonly<Record<string, unknown>>, options?: ErrorOptions): ErrataError;
  /** The docs URL of an entry, or null. */
  docsUrl(entry: CatalogEntry): string | null;
  /** Adds an observer (store, metrics) after creation. */
  observe(observer: ErrorObserver): void;
  /** Turns any throwable into the catalog error errata would render for it. */
  normalise(thrown: unknown): ErrataError;
}

const DEFAULT_GUARDS: GuardEntries = {
  badRequest: httpErrors.badRequest,
  notFound: httpErrors.notFound,
  methodNotAllowed: httpErrors.methodNotAllowed,
  notAcceptable: httpErrors.notAcceptable,
  payloadTooLarge: httpErrors.payloadTooLarge,
  uriTooLong: httpErrors.uriTooLong,
  headersTooLarge: httpErrors.headersTooLarge,
  unsupportedMediaType: httpErrors.unsupportedMediaType,
  malformedBody: httpErrors.malformedBody,
  validationFailed: httpErrors.validationFailed,
  tooManyRequests: httpErrors.tooManyRequests,
  requestTimeout: httpErrors.requestTimeout,
  unexpected: httpErrors.internalError,
};

const byStatus = new Map<number, AnyErrorFactory>();
for (const e of httpErrors.$.entries) {
  if (!byStatus.has(e.status))
    byStatus.set(e.status, httpErrors[e.key as keyof typeof httpErrors] as AnyErrorFactory);
}

/** The HTTP status a foreign error carries (http-errors `status`/`statusCode`, boom `output.statusCode`). */
function foreignStatus(thrown: unknown): number | undefined {
  if (!thrown || typeof thrown !== "object") return undefined;
  try {
    const t = thrown as {
      status?: unknown;
      statusCode?: unknown;
      isBoom?: unknown;
      output?: { statusCode?: unknown };
    };
    const s = t.isBoom === true ? t.output?.statusCode : (t.status ?? t.statusCode);
    return typeof s === "number" && Number.isInteger(s) && s >= 400 && s <= 599 ? s : undefined;
  } catch {
    return undefined;
  }
}

/** RFC 9110 §5.1 field names are tokens. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What Node's `writeHead` refuses in a field value (RFC 9110 §5.5: no CR, LF, NUL or other controls). */
const BAD_VALUE_CHAR = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\t\x20-\x7e\x80-\xff]/g;

function percentEncode(c: string): string {
  const n = c.charCodeAt(0);
  // A lone surrogate cannot be encoded as UTF-8: U+FFFD instead (encodeURIComponent would throw).
  return c.length === 1 && n >= 0xd800 && n <= 0xdfff ? "%EF%BF%BD" : encodeURIComponent(c);
}

/**
 * Header values built from request data (a `Location` from a decoded path, a parameter in a
 * challenge) must never break the header block: controls are percent-encoded in `Location` and
 * replaced by a space elsewhere. Without this Node's `writeHead` throws (a crash, not a 4xx).
 */
export function safeHeaderValue(name: string, value: string): string {
  BAD_VALUE_CHAR.lastIndex = 0;
  if (!BAD_VALUE_CHAR.test(value)) return value;
  return name.toLowerCase() === "location"
    ? value.replace(BAD_VALUE_CHAR, percentEncode)
    : value.replace(BAD_VALUE_CHAR, " ");
}

function headerString(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(",") : v;
}

/** Creates an errata instance. */
export function createErrata(options: ErrataOptions = {}): Errata {
  const formats = options.formats?.length ? options.formats : [problemJson()];
  const guards: GuardEntries = { ...DEFAULT_GUARDS, ...options.guards };
  const catalogs = [...(options.catalogs ?? [])];
  for (const g of Object.values(guards)) {
    const c = (g as AnyErrorFactory).entry.catalog;
    if (!catalogs.some((x) => x.$ === c)) catalogs.push({ $: c });
  }
  const mediaTypes: string[] = [];
  const formatOf: number[] = [];
  formats.forEach((f, i) => {
    for (const m of f.mediaTypes) {
      mediaTypes.push(m);
      formatOf.push(i);
    }
  });
  const baseOpt = options.docsBaseUrl;
  const baseOf = (): string | null => {
    const b = typeof baseOpt === "function" ? baseOpt() : baseOpt;
    return b ? b.replace(/\/+$/, "") : null;
  };
  const docsUrl = (entry: CatalogEntry): string | null => {
    if (entry.spec.docs) return entry.spec.docs;
    const base = baseOf();
    return base === null ? null : `${base}/${entry.catalog.id}/${encodeURIComponent(entry.slug)}`;
  };
  const env: FormatEnv = { docsUrl };
  const observers: ErrorObserver[] = [...(options.observers ?? [])];
  const mapForeign = options.mapForeignStatus ?? true;
  // Compiled forms per entry, one slot per format.
  const compiled = new WeakMap<CatalogEntry, unknown[]>();

  function compiledFor(entry: CatalogEntry, fi: number): unknown {
    let slots = compiled.get(entry);
    if (slots === undefined) {
      slots = new Array(formats.length);
      compiled.set(entry, slots);
    }
    let c = slots[fi];
    if (c === undefined) {
      c = (formats[fi] as AnyFormat).compile(entry, env);
      slots[fi] = c;
    }
    return c;
  }

  function normalise(thrown: unknown): ErrataError {
    if (isErrataError(thrown)) return thrown;
    if (mapForeign) {
      const s = foreignStatus(thrown);
      if (s !== undefined && s < 500) {
        const f = byStatus.get(s);
        if (f) return new ErrataError(f.entry, undefined, { cause: thrown });
      }
    }
    return new ErrataError(guards.unexpected.entry, undefined, { cause: thrown });
  }

  function emit(err: ErrataError, req: RequestView, status: number, detail: string, thrown: unknown): void {
    if (observers.length === 0) return;
    const entry = err.entry;
    const event: ErrorEvent = {
      token: req.token,
      time: Date.now(),
      method: req.method,
      path: req.path,
      route: req.route ?? null,
      status,
      catalog: entry.catalog.id,
      code: entry.code !== null ? String(entry.code) : null,
      name: entry.name,
      message: detail,
      clientId: req.clientId ?? null,
      durationMs:
        req.startTime !== undefined ? Math.round((performance.now() - req.startTime) * 1000) / 1000 : null,
      cause: err.status >= 500 ? describeCause(err === thrown ? (err.cause ?? null) : thrown) : null,
    };
    for (const o of observers) {
      try {
        o(event, err, req);
      } catch {
        // An observer's failure must never change or break the response.
      }
    }
  }

  function handle(thrown: unknown, req: RequestView): RenderedError {
    const err = normalise(thrown);
    const accept = headerString(req.headers.accept);
    let mi = accept === undefined ? 0 : negotiateMediaType(accept, mediaTypes);
    if (mi < 0) mi = 0;
    const fi = formatOf[mi] as number;
    const entry = err.entry;
    let locale: string | undefined;
    if (entry.messages.size !== 0) {
      locale = negotiateLanguage(headerString(req.headers["accept-language"]), entry.messages);
    }
    // Unexpected errors never show their own text: the entry's message is generic by design.
    const detail = locale !== undefined ? err.localizedMessage(locale) : err.message;
    let out: RenderedError;
    try {
      out = (formats[fi] as AnyFormat).render(
        err,
        { request: req, mediaType: mediaTypes[mi] as string, locale, detail },
        compiledFor(entry, fi),
      );
    } catch (renderFailure) {
      // A format must not fail, but if one does the client still gets a safe problem+json 500.
      const fallback = new ErrataError(guards.unexpected.entry, undefined, { cause: renderFailure });
      out = {
        status: 500,
        headers: ["Content-Type", "application/problem+json"],
        body: `{"title":"Internal Server Error","status":500,"requestId":"${req.token}"}`,
      };
      emit(fallback, req, 500, fallback.message, renderFailure);
      return out;
    }
    const h = out.headers;
    const eh = err.headers;
    for (const k of Object.keys(eh)) {
      if (!HEADER_NAME.test(k)) continue;
      h.push(k, safeHeaderValue(k, String(eh[k])));
    }
    if (locale !== undefined) h.push("Content-Language", locale);
    // The body depends on Accept (format or 406) even when one format is offered.
    h.push("Vary", "Accept");
    emit(err, req, out.status, detail, thrown);
    return out;
  }

  return {
    formats,
    mediaTypes,
    guards,
    catalogs,
    handle,
    negotiate: (accept) => negotiateMediaType(accept, mediaTypes),
    guard: (kind, params, opts) => new ErrataError(guards[kind].entry, params, opts),
    docsUrl,
    observe: (o) => {
      observers.push(o);
    },
    normalise,
  };
}
