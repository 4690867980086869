/**
 * `errata/hono`: errata for Hono 4 — a middleware (token + guards), `onError` and `notFound`
 * handlers, built on the fetch adapter's pieces and the same core (`errata.handle`).
 *
 * Hono answers an unknown method on a known path with 404 (no 405); routes that want 405 return
 * `methodNotAllowed(errata, ["GET", "PUT"])` from `errata/guards` (or from an `app.all()` route).
 *
 * @example
 * ```ts
 * const x = errataHono(errata);
 * const app = new Hono();
 * app.use(x.middleware);
 * app.get("/orders/:id", (c) => { throw errors.orderNotFound({ id: c.req.param("id") }); });
 * app.onError(x.onError);
 * app.notFound(x.notFound);
 * ```
 * @module
 */
import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from "hono";
import type { Errata } from "../../core/errata.js";
import type { ErrataError } from "../../errors/errata-error.js";
import type { RequestView } from "../../formats/types.js";
import { DEFAULT_LIMITS, type Limits } from "../../guards/limits.js";
import type { RateLimitGuard } from "../../guards/rate-limit.js";
import {
  checkEarly,
  checkRoute,
  closesConnection,
  type RouteRules,
  renderError,
  renderGuard,
} from "../../guards/request.js";
import { requestToken } from "../../token/index.js";
import { parseBodyText, queryObject } from "../../validate/input.js";
import {
  type RequestSchemas,
  type Validated,
  type ValidateOptions,
  validate,
} from "../../validate/standard.js";
import { decodeBody, isClosing, readBounded } from "../fetch/body.js";
import { errorResponse, guardHeaders, headerMap, headersBytes } from "../fetch/index.js";

declare module "hono" {
  interface ContextVariableMap {
    /** The request token (16 chars), also sent in `X-Request-Id`. */
    errataToken: string;
    /** `performance.now()` when errata's middleware saw the request. */
    errataStart: number;
    /** Values for the error formats (OAuth `realm`, `scope`, …) and the event (`clientId`). */
    errataLocals: Record<string, unknown>;
  }
}

/** Options of {@link errataHono}. */
export interface ErrataHonoOptions {
  /** URI, header and body limits (CONTRACT §3: 8 KiB, 16 KiB, 1 MiB). */
  readonly limits?: Partial<Limits>;
  /** Response media types for the app-wide 406. Default: the errata formats'; `false`: none. */
  readonly produces?: readonly string[] | false;
}

/** errata's Hono handlers for one errata instance. */
export interface ErrataHono {
  readonly errata: Errata;
  /** Token + `X-Request-Id`, 414, 431, 413 (declared), 406. `app.use(x.middleware)` first. */
  readonly middleware: MiddlewareHandler;
  /** Per-route 413/415/406: `app.post("/x", x.route({ accepts: ["application/json"] }), handler)`. */
  route(rules: RouteRules): MiddlewareHandler;
  /** `app.onError(x.onError)`. */
  readonly onError: ErrorHandler;
  /** `app.notFound(x.notFound)`. */
  readonly notFound: NotFoundHandler;
  /** A rate-limit guard as middleware. */
  rateLimit(guard: RateLimitGuard<Context>): MiddlewareHandler;
  /** Validates params, query, headers and body (bounded, parsed by its Content-Type) with Standard Schema validators. */
  validate<S extends RequestSchemas>(
    c: Context,
    schemas: S,
    options?: ValidateOptions,
  ): Promise<Validated<S>>;
  /** The request token of `c`. */
  token(c: Context): string;
  /** The request view errata renders errors of `c` with. */
  view(c: Context): RequestView;
}

/** The path of an absolute URL as sent: percent-encoding kept, no query. */
function rawPath(url: string): string {
  const ts = url.indexOf("/", url.indexOf("//") + 2);
  if (ts < 0) return "/";
  const q = url.indexOf("?", ts);
  return q < 0 ? url.slice(ts) : url.slice(ts, q);
}

/** Creates errata's Hono handlers. */
export function errataHono(errata: Errata, options: ErrataHonoOptions = {}): ErrataHono {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const produces = options.produces === false ? null : (options.produces ?? errata.mediaTypes);

  function token(c: Context): string {
    let t = c.get("errataToken");
    if (t === undefined) {
      t = requestToken();
      c.set("errataToken", t);
    }
    return t;
  }

  function view(c: Context): RequestView {
    const locals = c.get("errataLocals");
    const clientId = locals?.clientId;
    return {
      method: c.req.method,
      // The path as sent (Hono's `c.req.path` is decoded): the same `instance` as every adapter.
      path: rawPath(c.req.raw.url),
      headers: headerMap(c.req.raw.headers),
      token: token(c),
      route: c.req.routePath ?? null,
      startTime: c.get("errataStart"),
      bodyText: null,
      clientId: typeof clientId === "string" ? clientId : null,
      locals,
    };
  }

  const head = (c: Context): boolean => c.req.method === "HEAD";

  const middleware: MiddlewareHandler = async (c, next) => {
    const t = requestToken();
    c.set("errataToken", t);
    c.set("errataStart", performance.now());
    const raw = c.req.raw;
    const url = raw.url;
    const ts = url.indexOf("/", url.indexOf("//") + 2);
    const early = checkEarly(ts < 0 ? 0 : url.length - ts, headersBytes(raw.headers), limits);
    if (early !== null) {
      const v = view(c);
      return errorResponse(
        errata.handle(errata.guard(early), early === "uriTooLong" ? { ...v, path: "" } : v),
        t,
        head(c),
        true,
      );
    }
    if (produces !== null) {
      const r = checkRoute(
        {
          "content-length": raw.headers.get("content-length") ?? undefined,
          accept: raw.headers.get("accept") ?? undefined,
        },
        limits.bodyBytes,
        undefined,
        produces,
      );
      if (typeof r !== "number")
        return errorResponse(renderGuard(errata, r, view(c)), t, head(c), closesConnection(r));
    }
    try {
      await next();
    } catch (e) {
      // Hono hands only Error instances to onError; a thrown string, null or plain object comes
      // back up here and still gets the generic 500 in errata's format.
      return errorResponse(renderError(errata, e, view(c)), t, head(c), isClosing(e));
    }
    try {
      c.res.headers.set("X-Request-Id", t);
    } catch {
      // Immutable headers (a proxied fetch() response): Hono's setter copies them into a new Response.
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set("X-Request-Id", t);
    }
  };

  function route(rules: RouteRules): MiddlewareHandler {
    const bodyBytes = rules.bodyBytes ?? limits.bodyBytes;
    const offers = rules.produces ?? produces ?? errata.mediaTypes;
    return async (c, next) => {
      const r = checkRoute(guardHeaders(c.req.raw), bodyBytes, rules.accepts, offers);
      if (typeof r !== "number")
        return errorResponse(renderGuard(errata, r, view(c)), token(c), head(c), closesConnection(r));
      await next();
    };
  }

  const onError: ErrorHandler = (err, c) =>
    errorResponse(renderError(errata, err, view(c)), token(c), head(c), isClosing(err));

  const notFound: NotFoundHandler = (c) =>
    errorResponse(errata.handle(errata.guard("notFound"), view(c)), token(c), head(c), false);

  function rateLimit(guard: RateLimitGuard<Context>): MiddlewareHandler {
    return async (c, next) => {
      const refused: ErrataError | null = await guard(c, errata);
      if (refused !== null) return errorResponse(errata.handle(refused, view(c)), token(c), head(c), false);
      await next();
    };
  }

  async function validateContext<S extends RequestSchemas>(
    c: Context,
    schemas: S,
    opts?: ValidateOptions,
  ): Promise<Validated<S>> {
    const raw = c.req.raw;
    let body: unknown;
    if (schemas.body !== undefined && raw.body !== null) {
      const ct = raw.headers.get("content-type");
      body = parseBodyText(
        decodeBody(await readBounded(raw, limits.bodyBytes, errata), ct, errata),
        ct ?? undefined,
        errata,
      );
    }
    return validate(
      errata,
      schemas,
      {
        params: c.req.param(),
        query: schemas.query !== undefined ? queryObject(new URL(raw.url).searchParams) : undefined,
        headers: schemas.headers !== undefined ? headerMap(raw.headers) : undefined,
        body,
      },
      opts,
    );
  }

  return { errata, middleware, route, onError, notFound, rateLimit, validate: validateContext, token, view };
}
