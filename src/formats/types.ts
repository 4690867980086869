/**
 * The contract between errata's core and a wire format. Every format renders the same thing —
 * an ErrataError plus the request it answers — and decides only how it is spelled: field names,
 * JSON or XML, which HTTP status and headers it uses (Identity Cloud answers 200).
 * @module
 */
import type { CatalogEntry } from "../catalog/types.js";
import type { ErrataError } from "../errors/errata-error.js";

/** Header map as Node gives it: lowercase names. */
export type HeaderMap = Readonly<Record<string, string | string[] | undefined>>;

/** What a format may know about the request it answers. Adapters build it. */
export interface RequestView {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Request headers, lowercase names. */
  readonly headers: HeaderMap;
  /** The request token (also sent in `X-Request-Id`). */
  readonly token: string;
  /** Route template when a route matched. */
  readonly route?: string | null;
  /** `performance.now()` at request start, for the event's duration. */
  readonly startTime?: number;
  /** The request body as text when the route read it (OCLC echoes it on POST/PUT). */
  readonly bodyText?: string | null;
  /** Client id when authentication established one (API key, OAuth client). */
  readonly clientId?: string | null;
  /** Per-request values formats may use: OAuth's `realm`, `scope`, `authScheme`, `redirectUri`, `state`. */
  readonly locals?: Readonly<Record<string, unknown>>;
}

/** What errata knows when rendering. */
export interface RenderContext {
  readonly request: RequestView;
  /** The negotiated media type (one of the format's `mediaTypes`). */
  readonly mediaType: string;
  /** Negotiated locale, when the catalog has messages in it. */
  readonly locale: string | undefined;
  /** The message, filled and localised. */
  readonly detail: string;
}

/** A rendered error: status, flat header list `[name, value, name, value, …]` and body. */
export interface RenderedError {
  readonly status: number;
  readonly headers: string[];
  readonly body: string;
}

/** Environment a format compiles an entry in. */
export interface FormatEnv {
  /** The URL of the entry's documentation page, or null. */
  docsUrl(entry: CatalogEntry): string | null;
}

/**
 * A wire format. `compile` runs once per catalog entry (per errata instance) so static parts are
 * serialised once; `render` runs per error.
 */
export interface Format<C = unknown> {
  /** Stable id: `problem+json`, `problem+xml`, `oauth2`, `bearer-challenge`, `orcid`, `identity-cloud`, `oclc`, `entity-api`. */
  readonly id: string;
  /** Media types this format can answer for `Accept`; the first is its canonical Content-Type. */
  readonly mediaTypes: readonly string[];
  compile(entry: CatalogEntry, env: FormatEnv): C;
  render(error: ErrataError, ctx: RenderContext, compiled: C): RenderedError;
}

/** Any format, whatever its compiled form (methods are bivariant, so every Format<C> fits). */
export type AnyFormat = Format<unknown>;
