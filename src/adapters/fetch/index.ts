/**
 * `errata/fetch`: errata for Web-standard servers — a handler `(Request) => Response`, as Bun,
 * Deno, Cloudflare Workers, Hono and `@hono/node-server` run it.
 *
 * `errataFetch(errata, handler)` wraps a handler with the request token (`X-Request-Id` on every
 * response, success or error), CONTRACT §3's guards — 414 (request-target length), 431 (header
 * section, summed over the headers), 413 (declared `Content-Length`, and a bounded body reader for
 * chunked bodies), 415 (`accepts`), 406 (`produces`) — and one error path: whatever the handler
 * throws, rejects with or returns as an ErrataError is rendered by `errata.handle`, the same core
 * as the node:http adapter's. HEAD gets the status and headers and no body.
 *
 * @example
 * ```ts
 * const fetch = errataFetch(errata, async (req, ctx) => {
 *   const { body } = await ctx.validate({ body: OrderInput });
 *   return Response.json(await createOrder(body), { status: 201 });
 * }, { accepts: ["application/json"] });
 * Bun.serve({ fetch }); // Deno.serve(fetch); export default { fetch };
 * ```
 * @module
 */
import type { Errata } from "../../core/errata.js";
import { ErrataError } from "../../errors/errata-error.js";
import type { HeaderMap, RenderedError, RequestView } from "../../formats/types.js";
import { DEFAULT_LIMITS, type Limits } from "../../guards/limits.js";
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
import { decodeBody, isClosing, readBounded, utf8Length } from "./body.js";

export { decodeBody, readBounded, utf8Length } from "./body.js";

/** What a fetch handler receives beside the `Request`. */
export interface FetchContext {
  readonly request: Request;
  /** The request token (also sent in `X-Request-Id`). */
  readonly token: string;
  readonly errata: Errata;
  /** Path without the query string. */
  readonly path: string;
  /** The parsed URL. */
  readonly url: URL;
  /** The negotiated response media type among `produces`. */
  readonly mediaType: string;
  /** Values for the error formats (OAuth `realm`, `scope`, …) and the event (`clientId`). */
  readonly locals: Record<string, unknown>;
  /** Client id for the error event, when the handler learned it. */
  clientId: string | null;
  /** Path parameters, when the handler's router sets them (for `validate`). */
  params: Record<string, string>;
  /** The body, bounded (413 past the limit, read no further). */
  body(): Promise<Uint8Array>;
  /** The body as text (invalid UTF-8 → 400; an unknown charset → 415). */
  text(): Promise<string>;
  /** The body as JSON (broken JSON → 400 malformed body). */
  json(): Promise<unknown>;
  /** The body as form fields. */
  form(): Promise<URLSearchParams>;
  /** Route-level guards for handlers that route themselves: 413, 415, 406 as an error to return, or null. */
  check(rules: RouteRules): ErrataError | null;
  /** Validates params, query, headers and body (parsed by its Content-Type) with Standard Schema validators. */
  validate<S extends RequestSchemas>(schemas: S, options?: ValidateOptions): Promise<Validated<S>>;
  /** The request view errata renders errors with. */
  view(): RequestView;
}

/** A handler returns a Response or an ErrataError (or throws one); sync or async. */
export type FetchHandler = (
  request: Request,
  ctx: FetchContext,
) => Response | ErrataError | Promise<Response | ErrataError>;

/** Options of {@link errataFetch}. */
export interface ErrataFetchOptions extends RouteRules {
  /** URI, header and body limits (CONTRACT §3: 8 KiB, 16 KiB, 1 MiB). */
  readonly limits?: Partial<Limits>;
}

/** Header values of a fetch `Headers` as the lowercase map errata's views carry. */
export function headerMap(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((v, k) => {
    out[k] = v;
  });
  return out;
}

// A module-level accumulator, so summing the header section allocates no closure per request.
let sectionBytes = 0;
const addField = (v: string, k: string): void => {
  sectionBytes += k.length + v.length + 4; // `name: value\r\n`, as headerSectionBytes counts Node's
};

/** Bytes of a header section, counted as `name: value\r\n` per field. */
export function headersBytes(headers: Headers): number {
  sectionBytes = 0;
  headers.forEach(addField);
  return sectionBytes;
}

/** Where the request-target starts in an absolute URL (after `scheme://authority`). */
function targetStart(url: string): number {
  const s = url.indexOf("//");
  const i = url.indexOf("/", s < 0 ? 0 : s + 2);
  return i < 0 ? url.length : i;
}

/** A Response for a rendered error: HEAD keeps the status and headers and drops the body. */
export function errorResponse(r: RenderedError, token: string, head: boolean, close: boolean): Response {
  const headers = new Headers();
  const h = r.headers;
  for (let i = 0; i + 1 < h.length; i += 2) headers.append(h[i] as string, h[i + 1] as string);
  headers.set("X-Request-Id", token);
  headers.set("Content-Length", String(utf8Length(r.body)));
  if (close) headers.set("Connection", "close");
  return new Response(head ? null : r.body, { status: r.status, headers });
}

/** Adds `X-Request-Id` to a handler's Response (copying it when its headers are immutable, as `fetch()`'s are). */
export function withToken(res: Response, token: string): Response {
  try {
    res.headers.set("X-Request-Id", token);
    return res;
  } catch {
    const headers = new Headers(res.headers);
    headers.set("X-Request-Id", token);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  }
}

/**
 * The headers the route guards read, as a map (no copy of the whole section). A Request built in
 * code may carry a body without framing headers: it counts as a body of unknown length.
 */
export function guardHeaders(request: Request): HeaderMap {
  const h = request.headers;
  const cl = h.get("content-length") ?? undefined;
  const te =
    h.get("transfer-encoding") ?? (cl === undefined && request.body !== null ? "chunked" : undefined);
  return {
    "content-length": cl,
    "transfer-encoding": te,
    "content-type": h.get("content-type") ?? undefined,
    accept: h.get("accept") ?? undefined,
  };
}

/** Wraps a fetch handler with errata's token, guards and error rendering. */
export function errataFetch(
  errata: Errata,
  handler: FetchHandler,
  options: ErrataFetchOptions = {},
): (request: Request) => Promise<Response> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const bodyBytes = options.bodyBytes ?? limits.bodyBytes;
  const produces = options.produces ?? errata.mediaTypes;
  const accepts = options.accepts;

  return async function errataFetchHandler(request: Request): Promise<Response> {
    const token = requestToken();
    const start = performance.now();
    const url = request.url;
    const ts = targetStart(url);
    const q = url.indexOf("?", ts);
    const path = q < 0 ? url.slice(ts) || "/" : url.slice(ts, q) || "/";
    const head = request.method === "HEAD";
    let allHeaders: Record<string, string> | undefined;
    let bodyText: string | null = null;
    let bodyPromise: Promise<Uint8Array> | undefined;
    let parsedUrl: URL | undefined;
    let ctx: FetchContext | undefined;
    const headersOf = (): Record<string, string> => {
      allHeaders ??= headerMap(request.headers);
      return allHeaders;
    };
    const baseView = (): RequestView => ({
      method: request.method,
      path,
      headers: headersOf(),
      token,
      route: null,
      startTime: start,
      bodyText,
      clientId: ctx?.clientId ?? null,
      locals: ctx?.locals,
    });

    const early = checkEarly(url.length - ts, headersBytes(request.headers), limits);
    if (early !== null) {
      const v = baseView();
      return errorResponse(
        errata.handle(errata.guard(early), early === "uriTooLong" ? { ...v, path: "" } : v),
        token,
        head,
        true,
      );
    }
    const mi = checkRoute(guardHeaders(request), bodyBytes, accepts, produces);
    if (typeof mi !== "number")
      return errorResponse(renderGuard(errata, mi, baseView()), token, head, closesConnection(mi));

    const c: FetchContext = {
      request,
      token,
      errata,
      path,
      get url() {
        parsedUrl ??= new URL(url);
        return parsedUrl;
      },
      mediaType: produces[mi] as string,
      locals: {},
      clientId: null,
      params: {},
      body() {
        bodyPromise ??= readBounded(request, bodyBytes, errata);
        return bodyPromise;
      },
      async text() {
        bodyText = decodeBody(await c.body(), request.headers.get("content-type"), errata);
        return bodyText;
      },
      async json() {
        const t = await c.text();
        try {
          return JSON.parse(t);
        } catch (cause) {
          throw errata.guard("malformedBody", undefined, { cause });
        }
      },
      async form() {
        return new URLSearchParams(await c.text());
      },
      check(rules) {
        const r = checkRoute(
          guardHeaders(request),
          rules.bodyBytes ?? bodyBytes,
          rules.accepts,
          rules.produces ?? produces,
        );
        return typeof r === "number" ? null : errata.guard(r);
      },
      async validate(schemas, opts) {
        let body: unknown;
        if (schemas.body !== undefined && request.body !== null) {
          body = parseBodyText(await c.text(), request.headers.get("content-type") ?? undefined, errata);
        }
        return validate(
          errata,
          schemas,
          {
            params: c.params,
            query: schemas.query !== undefined ? queryObject(c.url.searchParams) : undefined,
            headers: schemas.headers !== undefined ? headersOf() : undefined,
            body,
          },
          opts,
        );
      },
      view: baseView,
    };
    ctx = c;

    let out: Response | ErrataError;
    try {
      out = await handler(request, c);
    } catch (e) {
      return errorResponse(renderError(errata, e, baseView()), token, head, isClosing(e));
    }
    if (out instanceof Response) return withToken(out, token);
    if (out instanceof ErrataError)
      return errorResponse(renderError(errata, out, baseView()), token, head, isClosing(out));
    // Anything else is a defect of the handler: a generic 500, the value kept for the log only.
    return errorResponse(
      errata.handle(new TypeError("the fetch handler returned no Response"), baseView()),
      token,
      head,
      false,
    );
  };
}
