/**
 * The error object of errata: one catalog entry plus the parameters of this occurrence.
 *
 * It interoperates with the ecosystem's conventions (http-errors, boom): `status`, `statusCode`,
 * `expose`, `headers`, so Express's and Fastify's own handlers do the right thing without an
 * adapter. Expected errors capture no stack trace: capturing one is the dominant cost of an
 * error path, and an expected error's origin is its catalog entry, not a call site.
 * @module
 */

import { fillTemplate } from "../catalog/template.js";
import type { CatalogEntry, JsonValue } from "../catalog/types.js";
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
const EMPTY_ALSO: readonly never[] = Object.freeze([]);

/**
 * An error from a catalog. Create it with the catalog's factory (`errors.entityNotFound()`),
 * not with `new`.
 *
 * It inherits from `Error.prototype` (so `instanceof Error` holds and every framework treats it as
 * an error) but its constructor does not call the native `Error` constructor: that call installs
 * the stack machinery even with `Error.stackTraceLimit = 0` and costs ~1 µs, two orders of
 * magnitude more than the rest of creating the error. `stack` is the one-line `name: message`
 * unless `captureStack` is asked for.
 */
export interface ErrataError<K extends string = string> extends Error {
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
  /** Catalog code (`3001`, `"invalid_request"`); the name or key when the entry has no code. */
  readonly code: number | string;
  /** Extra body members. */
  readonly extra: Readonly<Record<string, JsonValue>> | undefined;
  /** Seconds for `Retry-After`, if any. */
  readonly retryAfter: number | undefined;
  /** An explicit detail overriding the template. */
  readonly detailOverride: string | undefined;
  /** The underlying cause (never rendered). */
  readonly cause?: unknown;
  /** The developer message, filled from the template. */
  readonly message: string;
  /** The end-user message (ORCID's `user-message`), or the developer message. */
  readonly userMessage: string;
  /** Symbolic name (`api_limit_error`) or null. */
  readonly errorName: string | null;
  /** The message in a locale the catalog has, else the default one. */
  localizedMessage(locale: string | undefined): string;
  /** JSON form for logs: never includes the cause. */
  toJSON(): Record<string, unknown>;
}

export interface ErrataErrorConstructor {
  new <K extends string = string>(
    entry: CatalogEntry,
    params?: Readonly<Record<string, unknown>>,
    options?: ErrorOptions,
  ): ErrataError<K>;
  readonly prototype: ErrataError;
  /** Stable class code (oauth4webapi style). */
  readonly code: "ERR_ERRATA";
}

type Writable = { -readonly [P in keyof ErrataError]: ErrataError[P] };

function retryHeaders(
  base: Readonly<Record<string, string>> | undefined,
  h: Readonly<Record<string, string>> | undefined,
  retryAfter: number | undefined,
): Readonly<Record<string, string>> {
  if (h === undefined && base === undefined && retryAfter === undefined) return EMPTY_HEADERS;
  return {
    ...base,
    ...(retryAfter !== undefined ? { "Retry-After": String(Math.max(0, Math.ceil(retryAfter))) } : undefined),
    ...h,
  };
}

export const ErrataError = function ErrataError(
  this: Writable,
  entry: CatalogEntry,
  params?: Readonly<Record<string, unknown>>,
  options?: ErrorOptions,
): void {
  // Every instance gets the same fields in the same order (one hidden class).
  this.entry = entry;
  this.key = entry.key;
  this.params = params ?? NO_PARAMS;
  this.status = entry.status;
  this.statusCode = entry.status;
  this.expose = entry.expose;
  this.code = entry.code ?? entry.name ?? entry.key;
  if (options === undefined) {
    this.fields = EMPTY_FIELDS;
    this.also = EMPTY_ALSO;
    this.retryAfter = entry.spec.retryAfter;
    this.headers =
      entry.spec.headers === undefined && this.retryAfter === undefined
        ? EMPTY_HEADERS
        : retryHeaders(entry.spec.headers, undefined, this.retryAfter);
    this.extra = entry.spec.extra;
    this.detailOverride = undefined;
    this.cause = undefined;
    return;
  }
  this.fields = options.fields ?? EMPTY_FIELDS;
  this.also = options.also ?? EMPTY_ALSO;
  this.retryAfter = options.retryAfter ?? entry.spec.retryAfter;
  this.headers = retryHeaders(entry.spec.headers, options.headers, this.retryAfter);
  this.extra = options.extra ?? entry.spec.extra;
  this.detailOverride = options.detail;
  this.cause = options.cause;
  if (options.captureStack === true) Error.captureStackTrace(this, ErrataError);
} as unknown as ErrataErrorConstructor;

Object.defineProperty(ErrataError, "code", { value: "ERR_ERRATA", enumerable: true });

const proto = Object.create(Error.prototype, {
  constructor: { value: ErrataError, writable: true, configurable: true },
  name: { value: "ErrataError", writable: true, configurable: true },
  message: {
    get(this: ErrataError): string {
      return this.detailOverride ?? fillTemplate(this.entry.message, this.params);
    },
    configurable: true,
  },
  userMessage: {
    get(this: ErrataError): string {
      const t = this.entry.userMessage;
      return t ? fillTemplate(t, this.params) : this.message;
    },
    configurable: true,
  },
  errorName: {
    get(this: ErrataError): string | null {
      return this.entry.name;
    },
    configurable: true,
  },
  stack: {
    // A captured stack (captureStack) is an own property and shadows this.
    get(this: ErrataError): string {
      return `${this.name}: ${this.message}`;
    },
    set(this: ErrataError, v: unknown) {
      Object.defineProperty(this, "stack", { value: v, writable: true, configurable: true });
    },
    configurable: true,
  },
  localizedMessage: {
    value(this: ErrataError, locale: string | undefined): string {
      if (locale && this.detailOverride === undefined) {
        const t = this.entry.messages.get(locale);
        if (t) return fillTemplate(t, this.params);
      }
      return this.message;
    },
    writable: true,
    configurable: true,
  },
  toJSON: {
    value(this: ErrataError): Record<string, unknown> {
      return {
        catalog: this.entry.catalog.id,
        code: this.code,
        name: this.entry.name,
        status: this.status,
        message: this.message,
        ...(this.fields.length ? { fields: this.fields } : undefined),
      };
    },
    writable: true,
    configurable: true,
  },
});
(ErrataError as unknown as { prototype: unknown }).prototype = proto;

/**
 * Type guard: is this an errata catalog error? Total: a thrown value whose prototype lookup throws
 * (a revoked Proxy) is not one, instead of an exception in the middle of error handling.
 */
export function isErrataError(value: unknown): value is ErrataError {
  try {
    return value instanceof ErrataError;
  } catch {
    return false;
  }
}
