/**
 * The request guards of CONTRACT §3, as framework-independent decisions every adapter (node,
 * Express, Fastify, fetch, Hono) makes the same way, in the same order:
 *
 *   414 URI too long → 431 header section too large → (the adapter routes: 404, 405 + `Allow`)
 *   → 413 declared body too large → 415 body media type → 406 `Accept`.
 *
 * Each check returns a guard kind (a string constant, no allocation) or a negotiated index, so the
 * success path of a request allocates nothing here. The adapter raises the kind with
 * `errata.guard(kind)` and renders it through the one error path (`errata.handle`).
 * @module
 */
import type { Errata } from "../core/errata.js";
import { type ErrataError, isErrataError } from "../errors/errata-error.js";
import type { HeaderMap, RenderedError, RequestView } from "../formats/types.js";
import { negotiateMediaType } from "../negotiate/index.js";
import { type Limits, mediaTypeAccepted, mediaTypeOf } from "./limits.js";

/** Guards decided before routing: the request line and the header section. */
export type EarlyGuardKind = "uriTooLong" | "headersTooLarge";

/** Guards decided once a route is known. */
export type RouteGuardKind = "payloadTooLarge" | "unsupportedMediaType" | "notAcceptable";

/** What a route takes and gives, for its guards (the node router's `RouteOptions` has the same fields). */
export interface RouteRules {
  /** Request media types the route takes when a body is sent (415 otherwise). Default: any. */
  readonly accepts?: readonly string[] | undefined;
  /** Response media types the route can produce (406 when `Accept` allows none). */
  readonly produces?: readonly string[] | undefined;
  /** Body limit of the route, in bytes (413 beyond). */
  readonly bodyBytes?: number | undefined;
}

/**
 * 414 when the request-target is longer than `limits.uriBytes`, 431 when the header section is
 * larger than `limits.headerBytes` (CONTRACT §3; RFC 9110 §15.5.15, RFC 6585 §5), else null.
 * `targetLength` is the length of the request-target (path + query) as received.
 */
export function checkEarly(targetLength: number, headerBytes: number, limits: Limits): EarlyGuardKind | null {
  if (targetLength > limits.uriBytes) return "uriTooLong";
  if (headerBytes > limits.headerBytes) return "headersTooLarge";
  return null;
}

/** One header value as a string (Node gives arrays for repeated headers). */
function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(",") : v;
}

/** True when the request announces a body (RFC 9112 §6.3: Content-Length other than 0, or Transfer-Encoding). */
export function announcesBody(headers: HeaderMap): boolean {
  const cl = headers["content-length"];
  return (cl !== undefined && cl !== "0") || headers["transfer-encoding"] !== undefined;
}

/**
 * True when the declared `Content-Length` is past `bodyBytes`: answer 413 at once, without
 * reading the body, and close the connection (RFC 9110 §15.5.14).
 */
export function declaresTooLarge(headers: HeaderMap, bodyBytes: number): boolean {
  const cl = headers["content-length"];
  return cl !== undefined && Number(single(cl)) > bodyBytes;
}

/**
 * The checks of a matched route, in CONTRACT §3's order: 413 (declared size), 415 (body media
 * type, when the route restricts it and a body is announced), 406 (`Accept` against `produces`).
 * Returns the index of the negotiated media type in `produces`, or the guard kind to raise.
 */
export function checkRoute(
  headers: HeaderMap,
  bodyBytes: number,
  accepts: readonly string[] | undefined,
  produces: readonly string[],
): number | RouteGuardKind {
  if (declaresTooLarge(headers, bodyBytes)) return "payloadTooLarge";
  if (
    accepts !== undefined &&
    announcesBody(headers) &&
    !mediaTypeAccepted(mediaTypeOf(single(headers["content-type"])), accepts)
  ) {
    return "unsupportedMediaType";
  }
  const accept = single(headers.accept);
  const mi = accept === undefined ? 0 : negotiateMediaType(accept, produces);
  return mi < 0 ? "notAcceptable" : mi;
}

/** True for the guards whose response must close the connection: the rest of the request is never read. */
export function closesConnection(kind: string): boolean {
  return kind === "uriTooLong" || kind === "headersTooLarge" || kind === "payloadTooLarge";
}

/** The 405 error with its `Allow` header (RFC 9110 §15.5.6: a 405 response MUST carry Allow). */
export function methodNotAllowed(errata: Errata, allow: readonly string[]): ErrataError {
  return errata.guard("methodNotAllowed", undefined, { headers: { Allow: allow.join(", ") } });
}

/**
 * Renders the 406 in the route's default format whatever `Accept` said (CONTRACT §3): the view's
 * `Accept` is dropped so negotiation falls back to the first format.
 */
export function renderNotAcceptable(
  errata: Errata,
  view: RequestView,
  error: ErrataError = errata.guard("notAcceptable"),
): RenderedError {
  return errata.handle(error, { ...view, headers: { ...view.headers, accept: undefined } });
}

/**
 * `errata.handle` for anything an adapter caught — except that a 406 raised by a handler is also
 * rendered in the default format (the client's `Accept` is what failed).
 */
export function renderError(errata: Errata, thrown: unknown, view: RequestView): RenderedError {
  if (isErrataError(thrown) && thrown.entry === errata.guards.notAcceptable.entry) {
    return renderNotAcceptable(errata, view, thrown);
  }
  return errata.handle(thrown, view);
}

/**
 * Renders a guard kind. 406 goes through {@link renderNotAcceptable}; the others are plain
 * `errata.handle(errata.guard(kind), view)`.
 */
export function renderGuard(
  errata: Errata,
  kind: EarlyGuardKind | RouteGuardKind | "notFound",
  view: RequestView,
): RenderedError {
  return kind === "notAcceptable"
    ? renderNotAcceptable(errata, view)
    : errata.handle(errata.guard(kind), view);
}

/**
 * Bytes of a header section given as name/value pairs (fetch `Headers`), counted as
 * `name: value\r\n` per field, the same measure as `headerSectionBytes` of Node's raw headers.
 */
export function headerPairsBytes(pairs: Iterable<readonly [string, string]>): number {
  let n = 0;
  for (const [k, v] of pairs) n += k.length + v.length + 4;
  return n;
}

/**
 * The methods of `Allow`, for a resource that answers `methods`: upper case, each once, and HEAD
 * wherever GET is (RFC 9110 §9.3.2).
 */
export function allowList(methods: Iterable<string>): string[] {
  const out: string[] = [];
  for (const m of methods) {
    const u = m.toUpperCase();
    if (u !== "" && u !== "_ALL" && u !== "*" && !out.includes(u)) out.push(u);
  }
  if (out.includes("GET") && !out.includes("HEAD")) out.push("HEAD");
  return out;
}
