/**
 * `errata/express`: errata for Express 5, as three middleware and a few helpers. Thin: each one
 * turns the request into a request view, calls the same core (`errata.handle`) as the node:http
 * adapter, and writes the rendered status, headers and body once.
 *
 * - `guards` (first, `app.use(x.guards)`): the request token in `X-Request-Id` on every response,
 *   and the server-wide guards 414, 431, 413 (declared `Content-Length`) and 406 (`Accept` against
 *   the formats). They run before Express routes the request, so an oversized or unacceptable
 *   request to an unknown path answers 413/406 rather than 404.
 * - `route({ accepts, produces, bodyBytes })`: per-route guards 413/415/406 (`app.post(p, x.route(…), h)`).
 * - `notFound` (after the routes): 404, or 405 with `Allow` when another method of the path has a
 *   route — found by matching the path against the app's router stack (Express itself has no 405).
 *   For `app.route(p).get(…).put(…).all(x.methodNotAllowed)` the route's own methods give `Allow`.
 * - `errorHandler` (last): whatever a handler throws, rejects or passes to `next(err)` — catalog
 *   errors as they are, body-parser's errors as errata's guards (broken JSON → 400 malformed body,
 *   too large → 413, bad charset → 415), anything else a generic 500 that leaks nothing.
 *
 * @example
 * ```ts
 * const x = errataExpress(errata);
 * app.use(x.guards, express.json());
 * app.get("/orders/:id", (req) => { throw errors.orderNotFound({ id: req.params.id }); });
 * app.use(x.notFound, x.errorHandler);
 * ```
 * @module
 */
import type { ServerResponse } from "node:http";
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";
import { thrownProperty } from "../../core/cause.js";
import type { Errata, GuardKind } from "../../core/errata.js";
import type { ErrataError } from "../../errors/errata-error.js";
import type { RenderedError, RequestView } from "../../formats/types.js";
import { DEFAULT_LIMITS, headerSectionBytes, type Limits } from "../../guards/limits.js";
import type { RateLimitGuard } from "../../guards/rate-limit.js";
import {
  allowList,
  checkEarly,
  checkRoute,
  closesConnection,
  declaresTooLarge,
  methodNotAllowed,
  type RouteRules,
  renderError,
  renderGuard,
} from "../../guards/request.js";
import { negotiateMediaType } from "../../negotiate/index.js";
import { requestToken } from "../../token/index.js";
import {
  type RequestSchemas,
  type Validated,
  type ValidateOptions,
  validate,
} from "../../validate/standard.js";
import { allowedMethods } from "./allow.js";

export { allowedMethods } from "./allow.js";

/** Options of {@link errataExpress}. */
export interface ErrataExpressOptions {
  /** Body, URI and header limits (CONTRACT §3 defaults: 1 MiB, 8 KiB, 16 KiB). */
  readonly limits?: Partial<Limits>;
  /**
   * Response media types for the app-wide 406 check. Default: the errata formats' media types;
   * `false` leaves 406 to the routes (`x.route({ produces })`).
   */
  readonly produces?: readonly string[] | false;
  /** `notFound` answers 405 + `Allow` when another method of the path has a route. Default true. */
  readonly methodNotAllowed?: boolean;
}

/** errata's middleware and helpers for one Express app (or router). */
export interface ErrataExpress {
  readonly errata: Errata;
  /** Token + `X-Request-Id`, then 414, 431, 413 (declared), 406. Mount first. */
  readonly guards: RequestHandler;
  /** 404, or 405 + `Allow`. Mount after the routes. */
  readonly notFound: RequestHandler;
  /** For `app.route(path)….all(x.methodNotAllowed)`: 405 with the route's methods in `Allow`. */
  readonly methodNotAllowed: RequestHandler;
  /** The error handler. Mount last. */
  readonly errorHandler: ErrorRequestHandler;
  /** Per-route guards: 413 past `bodyBytes`, 415 outside `accepts`, 406 outside `produces`. */
  route(rules: RouteRules): RequestHandler;
  /**
   * Wraps a handler so that *any* throw or rejection reaches the error handler. Express treats a
   * thrown `null`/`undefined` as "no error" and routes on (to a 404); wrapped, it is the generic 500.
   */
  wrap(handler: (req: Request, res: Response, next: NextFunction) => unknown): RequestHandler;
  /** A rate-limit guard as middleware: refused requests get the limit error and its headers. */
  rateLimit(guard: RateLimitGuard<Request>): RequestHandler;
  /**
   * Validates `req.params`, `req.query`, `req.headers` and `req.body` (parsed by `express.json()`)
   * with Standard Schema validators; rejects with one `validationFailed` error listing every issue.
   */
  validate<S extends RequestSchemas>(
    req: Request,
    schemas: S,
    options?: ValidateOptions,
  ): Promise<Validated<S>>;
  /** The request token of `req` (made on first use when `guards` did not run). */
  token(req: Request): string;
  /** The request view errata renders errors of `req` with. */
  view(req: Request, res: Response): RequestView;
  /** Renders an error (any throwable) for `req` and writes it. */
  send(req: Request, res: Response, thrown: unknown): void;
}

const TOKEN = Symbol.for("errata.token");
const START = Symbol.for("errata.start");

interface Marked {
  [TOKEN]?: string;
  [START]?: number;
}

/** Representation headers a handler may have set for the response it was building (finalhandler drops them too). */
const STALE_HEADERS = [
  "content-encoding",
  "content-language",
  "content-range",
  "content-disposition",
  "etag",
  "last-modified",
];

/** The path of a request-target, without its query. */
function pathOf(url: string): string {
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
}

/**
 * Writes a rendered error on a Node response. Headers set earlier by middleware (CORS, security)
 * stay; representation headers of an abandoned success response go. HEAD: no body (RFC 9110 §9.3.2).
 */
export function writeError(
  res: ServerResponse,
  r: RenderedError,
  token: string,
  head: boolean,
  close: boolean,
): void {
  if (res.headersSent) {
    // The status is already on the wire: end the connection so the client sees a broken
    // response rather than a truncated success.
    res.destroy();
    return;
  }
  const h = r.headers;
  h.push("X-Request-Id", token, "Content-Length", String(Buffer.byteLength(r.body)));
  if (close) h.push("Connection", "close");
  for (const n of STALE_HEADERS) if (res.hasHeader(n)) res.removeHeader(n);
  res.writeHead(r.status, h);
  res.end(head ? undefined : r.body);
}

/**
 * The guard kind of an error from Express's body parsers (`express.json()`, `express.urlencoded()`,
 * raw-body): their `type` says what went wrong. Null for other errors.
 */
export function bodyParserGuard(err: unknown): GuardKind | null {
  if (err === null || typeof err !== "object") return null;
  const type = thrownProperty(err, "type");
  switch (type) {
    case "entity.parse.failed":
    case "request.aborted":
    case "request.size.invalid":
    case "parameters.depth.exceeded":
      return "malformedBody";
    case "entity.too.large":
    case "parameters.too.many":
      return "payloadTooLarge";
    case "encoding.unsupported":
    case "charset.unsupported":
      return "unsupportedMediaType";
    default:
      return null;
  }
}

/** Creates errata's Express middleware for one errata instance (one error surface). */
export function errataExpress(errata: Errata, options: ErrataExpressOptions = {}): ErrataExpress {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const produces = options.produces === false ? null : (options.produces ?? errata.mediaTypes);
  const detect405 = options.methodNotAllowed ?? true;

  function token(req: Request): string {
    const m = req as unknown as Marked;
    let t = m[TOKEN];
    if (t === undefined) {
      t = requestToken();
      m[TOKEN] = t;
    }
    return t;
  }

  function view(req: Request, res: Response): RequestView {
    const locals = res.locals as Record<string, unknown>;
    const clientId = locals.clientId;
    const route = (req.route as { path?: unknown } | undefined)?.path;
    return {
      method: req.method,
      path: pathOf(req.originalUrl ?? req.url),
      headers: req.headers,
      token: token(req),
      route: typeof route === "string" ? req.baseUrl + route : null,
      startTime: (req as unknown as Marked)[START],
      bodyText: null,
      clientId: typeof clientId === "string" ? clientId : null,
      locals,
    };
  }

  function render(req: Request, res: Response, r: RenderedError, close: boolean): void {
    writeError(res, r, token(req), req.method === "HEAD", close);
  }

  function send(req: Request, res: Response, thrown: unknown): void {
    const kind = bodyParserGuard(thrown);
    const err = kind === null ? thrown : errata.guard(kind, undefined, { cause: thrown });
    render(req, res, renderError(errata, err, view(req, res)), kind === "payloadTooLarge");
  }

  const guards: RequestHandler = (req, res, next) => {
    const t = requestToken();
    const m = req as unknown as Marked;
    m[TOKEN] = t;
    m[START] = performance.now();
    res.setHeader("X-Request-Id", t);
    const url = req.originalUrl ?? req.url;
    const early = checkEarly(url.length, headerSectionBytes(req.rawHeaders), limits);
    if (early !== null) {
      const v = view(req, res);
      render(
        req,
        res,
        errata.handle(errata.guard(early), early === "uriTooLong" ? { ...v, path: "" } : v),
        true,
      );
      return;
    }
    if (declaresTooLarge(req.headers, limits.bodyBytes)) {
      render(req, res, errata.handle(errata.guard("payloadTooLarge"), view(req, res)), true);
      return;
    }
    const accept = req.headers.accept;
    if (produces !== null && accept !== undefined && negotiateMediaType(accept, produces) < 0) {
      render(req, res, renderGuard(errata, "notAcceptable", view(req, res)), false);
      return;
    }
    next();
  };

  const notFound: RequestHandler = (req, res) => {
    const v = view(req, res);
    if (detect405) {
      const allow = allowedMethods((req.app as unknown as { router?: unknown }).router, v.path);
      if (allow.length !== 0) {
        render(req, res, errata.handle(methodNotAllowed(errata, allow), v), false);
        return;
      }
    }
    render(req, res, errata.handle(errata.guard("notFound"), v), false);
  };

  const methodNotAllowedHandler: RequestHandler = (req, res) => {
    const route = req.route as { _methods?: () => string[]; methods?: Record<string, boolean> } | undefined;
    const methods =
      typeof route?._methods === "function" ? route._methods() : Object.keys(route?.methods ?? {});
    render(req, res, errata.handle(methodNotAllowed(errata, allowList(methods)), view(req, res)), false);
  };

  const errorHandler: ErrorRequestHandler = (
    err: unknown,
    req: Request,
    res: Response,
    _next: NextFunction,
  ) => {
    send(req, res, err);
  };

  function route(rules: RouteRules): RequestHandler {
    const bodyBytes = rules.bodyBytes ?? limits.bodyBytes;
    const offers = rules.produces ?? produces ?? errata.mediaTypes;
    return (req, res, next) => {
      const r = checkRoute(req.headers, bodyBytes, rules.accepts, offers);
      if (typeof r === "number") {
        next();
        return;
      }
      render(req, res, renderGuard(errata, r, view(req, res)), closesConnection(r));
    };
  }

  function rateLimit(guard: RateLimitGuard<Request>): RequestHandler {
    return (req, res, next) => {
      const refuse = (e: ErrataError | null): void => {
        if (e === null) next();
        else render(req, res, errata.handle(e, view(req, res)), false);
      };
      let r: ReturnType<RateLimitGuard<Request>>;
      try {
        r = guard(req, errata);
      } catch (e) {
        next(e);
        return;
      }
      if (r !== null && typeof (r as Promise<unknown>).then === "function") {
        (r as Promise<ErrataError | null>).then(refuse, next);
      } else {
        refuse(r as ErrataError | null);
      }
    };
  }

  function wrap(handler: (req: Request, res: Response, next: NextFunction) => unknown): RequestHandler {
    return (req, res, next) => {
      // A falsy throwable would read as "no error" to next(): hand over errata's normalised error.
      const fail = (e: unknown): void => next(e ? e : errata.normalise(e));
      let r: unknown;
      try {
        r = handler(req, res, next);
      } catch (e) {
        fail(e);
        return;
      }
      if (r !== null && typeof r === "object" && typeof (r as Promise<unknown>).then === "function") {
        (r as Promise<unknown>).then(undefined, fail);
      }
    };
  }

  return {
    errata,
    guards,
    wrap,
    notFound,
    methodNotAllowed: methodNotAllowedHandler,
    errorHandler,
    route,
    rateLimit,
    validate: (req, schemas, opts) => validate(errata, schemas, req, opts),
    token,
    view,
    send,
  };
}
