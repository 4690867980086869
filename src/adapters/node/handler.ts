/**
 * errata's node:http adapter: a request listener with the server-wide guards of CONTRACT §3,
 * routing to handlers, and one error path for whatever they throw, reject or return.
 *
 * Order of checks (as real APIs do): URI length (414) → header size (431) → route (404, 405 +
 * `Allow`) → declared body size (413, without reading it) → request media type (415) → `Accept`
 * (406) → handler. A chunked body past the limit is cut off at the limit (413) and the connection
 * closed, so the rest is never read.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Errata } from "../../core/errata.js";
import { ErrataError, isErrataError } from "../../errors/errata-error.js";
import type { RenderedError, RequestView } from "../../formats/types.js";
import { DEFAULT_LIMITS, headerSectionBytes, type Limits } from "../../guards/limits.js";
import {
  checkEarly,
  checkRoute,
  closesConnection,
  methodNotAllowed,
  renderNotAcceptable,
} from "../../guards/request.js";
import { requestToken } from "../../token/index.js";
import {
  CLOSE_CONNECTION,
  decodeText,
  type HandlerResult,
  parseJson,
  type Reply,
  type RouteContext,
  readBody,
} from "./context.js";
import { matchRoute, type Route, type Router } from "./router.js";

export interface NodeHandlerOptions {
  /** The surface for errors raised before a route is known (404, 414, 431): problem+json by default. */
  readonly errata: Errata;
  /** Routers, tried in order. */
  readonly routers?: readonly Router[];
  readonly limits?: Partial<Limits>;
  /** Called for paths no router knows, before the 404; return true when it answered. */
  readonly fallback?: (req: IncomingMessage, res: ServerResponse, token: string) => boolean;
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

const EMPTY_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** Writes a rendered error. HEAD gets the same status and headers and no body (RFC 9110 §9.3.2). */
export function sendError(
  res: ServerResponse,
  r: RenderedError,
  token: string,
  head: boolean,
  close: boolean,
): void {
  if (res.headersSent) {
    // Too late for an error response: the status is on the wire. End the connection so the
    // client sees a broken response rather than a truncated success.
    res.destroy();
    return;
  }
  const h = r.headers;
  h.push("X-Request-Id", token, "Content-Length", String(Buffer.byteLength(r.body)));
  if (close) h.push("Connection", "close");
  if (res.hasHeader("x-request-id")) {
    // The handler had started a response: drop what it set, keep only the error's headers.
    for (const n of res.getHeaderNames()) res.removeHeader(n);
  }
  res.writeHead(r.status, h);
  res.end(head ? undefined : r.body);
}

function queryOf(url: string): string {
  const q = url.indexOf("?");
  return q < 0 ? "" : url.slice(q + 1);
}

/** Creates the request listener. */
export function createHandler(options: NodeHandlerOptions): RequestListener {
  const top = options.errata;
  const routers = options.routers ?? [];
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const fallback = options.fallback;

  function view(
    req: IncomingMessage,
    path: string,
    token: string,
    start: number,
    route: Route | null,
  ): RequestView {
    return {
      method: req.method ?? "GET",
      path,
      headers: req.headers,
      token,
      route: route?.template ?? null,
      startTime: start,
    };
  }

  function fail(
    errata: Errata,
    thrown: unknown,
    req: IncomingMessage,
    res: ServerResponse,
    v: RequestView,
    close = false,
  ): void {
    const rendered = errata.handle(thrown, v);
    const mustClose =
      close ||
      (isErrataError(thrown) && (thrown as unknown as Record<symbol, unknown>)[CLOSE_CONNECTION] === true);
    sendError(res, rendered, v.token, req.method === "HEAD", mustClose);
  }

  function sendReply(res: ServerResponse, reply: Reply, token: string, head: boolean): void {
    if (res.headersSent) return;
    let body = reply.body;
    const headers: Record<string, string> = { ...(reply.headers ?? EMPTY_HEADERS) };
    if (body !== undefined && body !== null && typeof body !== "string" && !(body instanceof Uint8Array)) {
      body = JSON.stringify(body);
      if (!hasHeader(headers, "content-type")) headers["Content-Type"] = "application/json";
    }
    const buf = body === undefined || body === null ? "" : body;
    headers["X-Request-Id"] = token;
    headers["Content-Length"] = String(typeof buf === "string" ? Buffer.byteLength(buf) : buf.byteLength);
    res.writeHead(reply.status ?? 200, headers);
    res.end(head ? undefined : buf);
  }

  function run(
    route: Route,
    params: Record<string, string>,
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    token: string,
    start: number,
    mi: number,
    offers: readonly string[],
  ): void {
    const ctx = new NodeRouteContext(
      req,
      res,
      path,
      params,
      token,
      offers[mi] as string,
      route.options.errata ?? route.router.errata,
      route,
      start,
      route.options.bodyBytes ?? limits.bodyBytes,
    );
    let result: HandlerResult | Promise<HandlerResult>;
    try {
      result = route.handler(ctx);
    } catch (e) {
      settleThrown(ctx, e);
      return;
    }
    if (
      result !== null &&
      typeof result === "object" &&
      typeof (result as Promise<HandlerResult>).then === "function"
    ) {
      // The one place a request needs closures: a handler that answered with a promise.
      (result as Promise<HandlerResult>).then(
        (r) => settle(ctx, r),
        (e: unknown) => settleThrown(ctx, e),
      );
    } else {
      settle(ctx, result as HandlerResult);
    }
  }

  function settle(ctx: NodeRouteContext, r: HandlerResult): void {
    if (r instanceof ErrataError) fail(ctx.errata, r, ctx.req, ctx.rawRes, ctx.view());
    else if (r !== undefined) sendReply(ctx.rawRes, r, ctx.token, ctx.req.method === "HEAD");
  }

  function settleThrown(ctx: NodeRouteContext, e: unknown): void {
    fail(ctx.errata, e, ctx.req, ctx.rawRes, ctx.view());
  }

  return function errataRequestListener(req: IncomingMessage, res: ServerResponse): void {
    const token = requestToken();
    const start = performance.now();
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const method = req.method ?? "GET";
    // CONTRACT §3: URI longer than 8 KiB → 414; header section larger than 16 KiB → 431 (problem+json: no route yet).
    const early = checkEarly(url.length, headerSectionBytes(req.rawHeaders), limits);
    if (early !== null) {
      // A 414's path is the oversized URI itself: not echoed back as the problem's `instance`.
      fail(
        top,
        top.guard(early),
        req,
        res,
        view(req, early === "uriTooLong" ? "" : path, token, start, null),
        true,
      );
      return;
    }
    const m = matchRoute(routers, method, path);
    if (m === undefined) {
      if (fallback?.(req, res, token)) return;
      fail(top, top.guard("notFound"), req, res, view(req, path, token, start, null));
      return;
    }
    const errata = m.router.errata;
    const route = m.route;
    if (route === undefined) {
      // RFC 9110 §15.5.6: a 405 response MUST carry Allow.
      fail(errata, methodNotAllowed(errata, m.allow), req, res, view(req, path, token, start, null));
      return;
    }
    // A route may answer errors on its own surface (RouteOptions.errata); 405 above is the path's, not a route's.
    const surface = route.options.errata ?? errata;
    const produces = route.options.produces ?? surface.mediaTypes;
    // 413 (declared size: answered without reading the body), 415, 406 — shared with every adapter.
    const mi = checkRoute(
      req.headers,
      route.options.bodyBytes ?? limits.bodyBytes,
      route.options.accepts,
      produces,
    );
    if (typeof mi !== "number") {
      const v = view(req, path, token, start, route);
      if (mi === "notAcceptable") {
        // Rendered in the route's default format (CONTRACT §3), whatever Accept said.
        sendError(res, renderNotAcceptable(surface, v), token, method === "HEAD", false);
      } else {
        fail(surface, surface.guard(mi), req, res, v, closesConnection(mi));
      }
      return;
    }
    run(route, m.params, req, res, path, token, start, mi, produces);
  };
}

/**
 * The route context of one request. A class, so a request allocates one object and no closures
 * (issue 9: an object literal with a getter and six closures per request cost more in promotions
 * to the old generation than the whole rest of the error path).
 *
 * `X-Request-Id` is set on the response when the handler first reads `ctx.res` (to write the
 * response itself): a handler that returns a reply or an error never touches `res`, and its
 * response headers are then written once, by `writeHead` with a flat array (Node's fast path).
 */
class NodeRouteContext implements RouteContext {
  readonly method: string;
  readonly locals: Record<string, unknown> = {};
  clientId: string | null = null;
  readonly #res: ServerResponse;
  readonly #route: Route;
  readonly #start: number;
  readonly #bodyBytes: number;
  #idSent = false;
  #query: URLSearchParams | undefined = undefined;
  #body: Promise<Buffer> | undefined = undefined;
  #bodyText: string | null = null;

  constructor(
    readonly req: IncomingMessage,
    res: ServerResponse,
    readonly path: string,
    readonly params: Readonly<Record<string, string>>,
    readonly token: string,
    readonly mediaType: string,
    readonly errata: Errata,
    route: Route,
    start: number,
    bodyBytes: number,
  ) {
    this.method = req.method ?? "GET";
    this.#res = res;
    this.#route = route;
    this.#start = start;
    this.#bodyBytes = bodyBytes;
  }

  /** The response, for a handler that writes it itself: it carries `X-Request-Id` from here on. */
  get res(): ServerResponse {
    const res = this.#res;
    if (!this.#idSent) {
      this.#idSent = true;
      if (!res.headersSent) res.setHeader("X-Request-Id", this.token);
    }
    return res;
  }

  /** The response without marking it as written by the handler (errata's own writes). */
  get rawRes(): ServerResponse {
    return this.#res;
  }

  get query(): URLSearchParams {
    this.#query ??= new URLSearchParams(queryOf(this.req.url ?? "/"));
    return this.#query;
  }

  body(): Promise<Buffer> {
    this.#body ??= readBody(this.req, this.#bodyBytes, this.errata);
    return this.#body;
  }

  async text(): Promise<string> {
    const b = await this.body();
    this.#bodyText = decodeText(b, this.req.headers["content-type"], this.errata);
    return this.#bodyText;
  }

  async json(): Promise<unknown> {
    return parseJson(await this.text(), this.errata);
  }

  async form(): Promise<URLSearchParams> {
    return new URLSearchParams(await this.text());
  }

  view(): RequestView {
    return {
      method: this.method,
      path: this.path,
      headers: this.req.headers,
      token: this.token,
      route: this.#route.template,
      startTime: this.#start,
      bodyText: this.#bodyText,
      clientId: this.clientId,
      locals: this.locals,
    };
  }
}

function hasHeader(h: Record<string, string>, lower: string): boolean {
  for (const k of Object.keys(h)) if (k.toLowerCase() === lower) return true;
  return false;
}
