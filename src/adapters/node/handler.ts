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
import { ErrataError } from "../../errors/errata-error.js";
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
      (thrown instanceof ErrataError &&
        (thrown as unknown as Record<symbol, unknown>)[CLOSE_CONNECTION] === true);
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
    const errata = route.options.errata ?? route.router.errata;
    const url = req.url ?? "/";
    let bodyText: string | null = null;
    let query: URLSearchParams | undefined;
    let bodyPromise: Promise<Buffer> | undefined;
    const bodyBytes = route.options.bodyBytes ?? limits.bodyBytes;
    const ctx: RouteContext = {
      req,
      res,
      method: req.method ?? "GET",
      path,
      params,
      get query() {
        query ??= new URLSearchParams(queryOf(url));
        return query;
      },
      token,
      mediaType: offers[mi] as string,
      errata,
      locals: {},
      clientId: null,
      body() {
        bodyPromise ??= readBody(req, bodyBytes, errata);
        return bodyPromise;
      },
      async text() {
        const b = await ctx.body();
        bodyText = decodeText(b, req.headers["content-type"], errata);
        return bodyText;
      },
      async json() {
        return parseJson(await ctx.text(), errata);
      },
      async form() {
        return new URLSearchParams(await ctx.text());
      },
      view() {
        return {
          method: ctx.method,
          path,
          headers: req.headers,
          token,
          route: route.template,
          startTime: start,
          bodyText,
          clientId: ctx.clientId,
          locals: ctx.locals,
        };
      },
    };
    res.setHeader("X-Request-Id", token);
    const head = req.method === "HEAD";
    const onResult = (r: HandlerResult): void => {
      if (r instanceof ErrataError) fail(errata, r, req, res, ctx.view());
      else if (r !== undefined) sendReply(res, r, token, head);
    };
    const onThrow = (e: unknown): void => fail(errata, e, req, res, ctx.view());
    let result: HandlerResult | Promise<HandlerResult>;
    try {
      result = route.handler(ctx);
    } catch (e) {
      onThrow(e);
      return;
    }
    if (
      result !== null &&
      typeof result === "object" &&
      typeof (result as Promise<HandlerResult>).then === "function"
    ) {
      (result as Promise<HandlerResult>).then(onResult, onThrow);
    } else {
      onResult(result as HandlerResult);
    }
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

function hasHeader(h: Record<string, string>, lower: string): boolean {
  for (const k of Object.keys(h)) if (k.toLowerCase() === lower) return true;
  return false;
}
