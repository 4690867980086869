/**
 * The error object of errata: one catalog entry plus the parameters of this occurrence.
 *
 * It interoperates with the ecosystem's conventions (http-errors, boom): `status`, `statusCode`,
 * `expose`, `headers`, so Express's and Fastify's own handlers do the right thing without an
 * adapter. Expected errors capture no stack trace: capturing one is the dominant cost of an
 * error path, and an expected error's origin is its catalog entry, not a call site.
 * @module
 */
import type { CatalogEntry, JsonValue } from "../catalog/types.js";
import { fillTemplate } from "../catalog/template.js";
import type { FieldError } from "./field-error.js";

/** Options given when an error is raised. */
export interface ErrorOptions {
  /** Field errors carried together in this one error (validation). */
  readonly fields?: readonly FieldError[];
  /** The underlying cause (kept for logs and the store; never rendered). */
  readonly cause?: unknown;
  /** Extra response headers (`Location` for ORCID's 301). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Extra body members (Identity Cloud's `argument_name`). */
  readonly extra?: Readonly<Record<string, JsonValue>>;
  /** Seconds for `Retry-After`. */
  readonly retryAfter?: number;
  /** Further errors reported in the same response (seed 003's `errors[]` may hold several codes). */
  readonly also?: readonly ErrataError[];
  /** Capture a stack trace even though the error is expected (debugging). */
  readonly captureStack?: boolean;
  /** The message for the detail instead of the template (used for unknown-code fallbacks). */
  readonly detail?: string;
}

const EMPTY_FIELDS: readonly FieldError[] = Object.freeze([]);
const EMPTY_HEADERS: Readonly<Record<string, string>> = Object.freeze({});
const NO_PARAMS: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * An error from a catalog. Create it with the catalog's factory (`errors.entityNotFound()`),
 * not with `new`.
 */
export class ErrataError<K extends string = string> extends Error {
  /** Stable class code (oauth4webapi style): every ErrataError has it. */
  static readonly code = "ERR_ERRATA";
  /** The catalog entry. */
  readonly entry: CatalogEntry;
  /** The catalog key (`entityNotFound`). */
  readonly key: K;
  /** Template parameters of this occurrence. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Field errors carried in this error. */
  readonly fields: readonly FieldError[];
  /** Further errors reported in the same response. */
  readonly also: readonly ErrataError[];
  /** HTTP status (http-errors / Express convention). */
  readonly status: number;
  /** HTTP status (Fastify / boom convention). */
  readonly statusCode: number;
  /** Whether the message may be shown to clients (http-errors convention): false for 5xx. */
  readonly expose: boolean;
  /** Response headers for this error (http-errors convention; Express's finalhandler sends them). */
  readonly headers: Readonly<Record<string, string>>;
  /** Catalog code (`3001`, `"invalid_request"`). */
  readonly code: number | string;
  /** Extra body members. */
  readonly extra: Readonly<Record<string, JsonValue>> | undefined;
  /** Seconds for `Retry-After`, if any. */
  readonly retryAfter: number | undefined;
  /** An explicit detail overriding the template. */
  readonly detailOverride: string | undefined;

  constructor(entry: CatalogEntry, params: Readonly<Record<string, unknown>> | undefined, options?: ErrorOptions) {
    // No stack for expected errors: Error.captureStackTrace is skipped when the limit is 0.
    const limit = Error.stackTraceLimit;
    if (options?.captureStack !== true) Error.stackTraceLimit = 0;
    super(undefined, options?.cause !== undefined ? { cause: options.cause } : undefined);
    Error.stackTraceLimit = limit;
    this.entry = entry;
    this.key = entry.key as K;
    this.params = params ?? NO_PARAMS;
    this.fields = options?.fields ?? EMPTY_FIELDS;
    this.also = options?.also ?? (EMPTY_FIELDS as unknown as readonly ErrataError[]);
    this.status = entry.status;
    this.statusCode = entry.status;
    this.expose = entry.expose;
    const retryAfter = options?.retryAfter ?? entry.spec.retryAfter;
    this.retryAfter = retryAfter;
    const h = options?.headers;
    const base = entry.spec.headers;
    this.headers =
      h === undefined && base === undefined && retryAfter === undefined
        ? EMPTY_HEADERS
        : {
            ...base,
            ...(retryAfter !== undefined ? { "Retry-After": String(Math.max(0, Math.ceil(retryAfter))) } : undefined),
            ...h,
          };
    this.code = entry.code ?? entry.name ?? entry.key;
    this.extra = options?.extra ?? entry.spec.extra;
    this.detailOverride = options?.detail;
  }

  /** The developer message, filled from the template on first read (most errors are rendered from compiled parts instead). */
  override get message(): string {
    return this.detailOverride ?? fillTemplate(this.entry.message, this.params);
  }

  /** The end-user message (ORCID's `user-message`), or the developer message. */
  get userMessage(): string {
    const t = this.entry.userMessage;
    return t ? fillTemplate(t, this.params) : this.message;
  }

  /** The message in a locale the catalog has, else the default one. */
  localizedMessage(locale: string | undefined): string {
    if (locale && this.detailOverride === undefined) {
      const t = this.entry.messages.get(locale);
      if (t) return fillTemplate(t, this.params);
    }
    return this.message;
  }

  /** Symbolic name (`api_limit_error`) or null. */
  get errorName(): string | null {
    return this.entry.name;
  }

  /** JSON form for logs: never includes the cause's internals unless the caller asks for them. */
  toJSON(): Record<string, unknown> {
    return {
      catalog: this.entry.catalog.id,
      code: this.code,
      name: this.entry.name,
      status: this.status,
      message: this.message,
      ...(this.fields.length ? { fields: this.fields } : undefined),
    };
  }
}

Object.defineProperty(ErrataError.prototype, "name", { value: "ErrataError", writable: true, configurable: true });

/** Type guard: is this an errata catalog error? */
export function isErrataError(value: unknown): value is ErrataError {
  return value instanceof ErrataError;
}
