/**
 * `errata/fastify`: errata as a Fastify 5 plugin. Thin: Fastify routes, parses and validates;
 * errata's core (`errata.handle`, the same as the node:http adapter's) renders every error.
 *
 * Encapsulation: the plugin is not encapsulated itself (`skip-override`, as `fastify-plugin`
 * does), so its hooks and handlers land in the context that registers it and in that context's
 * children — and nowhere else. Register it at the root for the whole server, or inside a child
 * context (`app.register(async (api) => { await api.register(errataFastify, { errata }); … },
 * { prefix: "/entity-api/v1" })`) so that only that context answers in that errata's formats.
 * Register it before the routes it should guard.
 *
 * What it adds:
 * - one `onRequest` hook per route (added through `onRoute`, compiled once): the request token
 *   (`request.errataToken`, sent as `X-Request-Id` on every response), then CONTRACT §3's guards —
 *   414, 431, 413 for a declared `Content-Length` past the route's limit (without reading the
 *   body), 415 outside `config.errata.accepts`, 406 when `Accept` allows none of
 *   `config.errata.produces` (default: the errata formats);
 * - `setNotFoundHandler`: 404, or 405 with `Allow` when another method of the path has a route
 *   (Fastify itself answers 404 there);
 * - `setErrorHandler`: catalog errors as they are; Fastify's own errors as errata's guards
 *   (`FST_ERR_CTP_BODY_TOO_LARGE` → 413, `FST_ERR_CTP_INVALID_MEDIA_TYPE` → 415, broken or empty
 *   JSON → 400 malformed body, schema validation → `validationFailed` with one field error per
 *   issue); anything else a generic 500 that leaks nothing.
 *
 * @example
 * ```ts
 * const app = Fastify();
 * await app.register(errataFastify, { errata });
 * app.get("/orders/:id", async (req) => { throw errors.orderNotFound({ id: req.params.id }); });
 * ```
 * @module
 */
import type {
  FastifyError,
  FastifyInstance,
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
} from "fastify";
import { thrownProperty } from "../../core/cause.js";
import type { Errata, GuardKind } from "../../core/errata.js";
import type { ErrataError } from "../../errors/errata-error.js";
import type { FieldError, FieldLocation } from "../../errors/field-error.js";
import type { RenderedError, RequestView } from "../../formats/types.js";
import { DEFAULT_LIMITS, headerSectionBytes, type Limits } from "../../guards/limits.js";
import type { RateLimitGuard } from "../../guards/rate-limit.js";
import {
  allowList,
  checkEarly,
  checkRoute,
  closesConnection,
  methodNotAllowed,
  type RouteRules,
  renderError,
  renderGuard,
} from "../../guards/request.js";
import { requestToken } from "../../token/index.js";
import {
  type RequestSchemas,
  type Validated,
  type ValidateOptions,
  validate,
  validationError,
} from "../../validate/standard.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** errata's guards for this route: `accepts` (415), `produces` (406), `bodyBytes` (413). */
    errata?: RouteRules;
  }
  interface FastifyRequest {
    /** The request token (16 chars), also sent in `X-Request-Id`. */
    errataToken: string;
    /** `performance.now()` when the request arrived. */
    errataStart: number;
    /** Values for the error formats (OAuth `realm`, `scope`, …) and the event (`clientId`). */
    errataLocals: Record<string, unknown> | null;
    /** The route's URL pattern (`/orders/:id`), set by errata's route hook. */
    errataRoute: string | null;
  }
}

/** Options of the plugin. */
export interface ErrataFastifyOptions {
  /** The errata instance (the error surface) of this context. */
  readonly errata: Errata;
  /** URI and header limits (CONTRACT §3: 8 KiB, 16 KiB); `bodyBytes` overrides Fastify's `bodyLimit` for the 413 check. */
  readonly limits?: Partial<Limits>;
  /** Default response media types of the routes (406). Default: the errata formats' media types. */
  readonly produces?: readonly string[];
  /** Answer unknown routes (404/405) in this context. Default true. */
  readonly notFound?: boolean;
}

/** Methods probed for `Allow`. */
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function pathOf(url: string): string {
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
}

/**
 * The request token: made by errata's route hook; made here when an error came first (another
 * plugin's hook failed before errata's ran).
 */
export function tokenOf(request: FastifyRequest): string {
  let token = request.errataToken;
  if (!token) {
    token = requestToken();
    request.errataToken = token;
  }
  return token;
}

/** 414 (without echoing the URI as `instance`) or 431, in this context's format. */
function renderEarly(
  errata: Errata,
  kind: "uriTooLong" | "headersTooLarge",
  request: FastifyRequest,
): RenderedError {
  const v = fastifyView(request);
  return errata.handle(errata.guard(kind), kind === "uriTooLong" ? { ...v, path: "" } : v);
}

/** The request view errata renders an error of `request` with. */
export function fastifyView(request: FastifyRequest): RequestView {
  const locals = request.errataLocals ?? undefined;
  const clientId = locals?.clientId;
  return {
    method: request.method,
    path: pathOf(request.url),
    headers: request.headers,
    token: tokenOf(request),
    route: request.errataRoute,
    startTime: request.errataStart || undefined,
    bodyText: null,
    clientId: typeof clientId === "string" ? clientId : null,
    locals,
  };
}

/** Identity: the body is already serialised (see sendRendered). */
const preSerialised = (payload: unknown): string => payload as string;

/**
 * Writes a rendered error through the reply: status, headers, the token, the pre-rendered body.
 * Through Fastify's reply (not `reply.raw`), so onSend/onResponse hooks and logging still run.
 */
export function sendRendered(reply: FastifyReply, r: RenderedError, close: boolean): void {
  const h = r.headers;
  reply.code(r.status);
  for (let i = 0; i + 1 < h.length; i += 2) reply.header(h[i] as string, h[i + 1]);
  reply.header("x-request-id", reply.request.errataToken || tokenOf(reply.request));
  if (close) reply.header("connection", "close");
  // With a serializer set, Fastify sends a string as it is; without one it would append
  // `; charset=utf-8` to a JSON-ish Content-Type, and errata sends the format's type exactly.
  reply.serializer(preSerialised).send(r.body);
}

/** Ajv's error objects as Fastify attaches them to `error.validation`. */
interface AjvIssue {
  readonly instancePath?: string;
  readonly message?: string;
  readonly keyword?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

const CONTEXT_LOCATION: Readonly<Record<string, FieldLocation>> = {
  body: "body",
  querystring: "query",
  params: "path",
  headers: "header",
};

/** RFC 6901 §4: `~1` → `/`, `~0` → `~`. */
function unescapePointer(s: string): string {
  return s.indexOf("~") < 0 ? s : s.replace(/~1/g, "/").replace(/~0/g, "~");
}

/**
 * Fastify's schema validation errors (Ajv) → field errors, named as `errata/validate` names them:
 * a top-level body member by its name, a nested one by its JSON pointer, other parts dotted.
 */
export function ajvFields(issues: readonly AjvIssue[], context: string | undefined): FieldError[] {
  const loc = CONTEXT_LOCATION[context ?? "body"] ?? "body";
  const out: FieldError[] = [];
  for (const issue of issues) {
    let ptr = issue.instancePath ?? "";
    // `required` points at the object; the missing member is the field.
    const missing = issue.params?.missingProperty;
    if (issue.keyword === "required" && typeof missing === "string")
      ptr += `/${missing.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    const segs = ptr === "" ? [] : ptr.slice(1).split("/");
    let name: string;
    if (loc === "body") name = segs.length === 1 ? (segs[0] as string) : ptr;
    else name = segs.map(unescapePointer).join(".");
    out.push({ name, message: issue.message ?? "is invalid", in: loc });
  }
  return out;
}

/** The guard kind of one of Fastify's own errors, or null. */
export function fastifyGuard(err: unknown): GuardKind | null {
  if (err === null || typeof err !== "object") return null;
  switch (thrownProperty(err, "code")) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return "payloadTooLarge";
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return "unsupportedMediaType";
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return "malformedBody";
    case "FST_ERR_BAD_URL":
      return "badRequest";
    case "FST_ERR_NOT_FOUND":
      return "notFound";
    default:
      return null;
  }
}

/** The methods some route answers for `path`, using Fastify's router; `self404` is the 404 route's handler (prefixed 404 handlers are routes too). */
function allowedMethods(instance: FastifyInstance, method: string, path: string): string[] {
  const own = instance.findRoute({ method: method as "GET", url: path });
  const notFoundHandler = own?.handler;
  const found: string[] = [];
  const handlers: unknown[] = [];
  for (const m of METHODS) {
    const r = instance.findRoute({ method: m, url: path });
    if (r === null) continue;
    handlers.push(r.handler);
    if (notFoundHandler === undefined || r.handler !== notFoundHandler) found.push(m);
  }
  // A method the router does not know (own === null) under a prefixed 404 route: every probe
  // finds that same catch-all route, which is not a resource.
  if (
    notFoundHandler === undefined &&
    found.length === METHODS.length &&
    handlers.every((h) => h === handlers[0])
  ) {
    return [];
  }
  return allowList(found);
}

/** The plugin. Register it with `app.register(errataFastify, { errata })`. */
export const errataFastify: FastifyPluginCallback<ErrataFastifyOptions> = (instance, options, done) => {
  const errata = options.errata;
  if (errata === undefined) {
    done(new TypeError("errataFastify needs the errata instance: app.register(errataFastify, { errata })"));
    return;
  }
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const bodyBytesOption = options.limits?.bodyBytes;
  const produces = options.produces ?? errata.mediaTypes;

  if (!instance.hasRequestDecorator("errataToken")) instance.decorateRequest("errataToken", "");
  if (!instance.hasRequestDecorator("errataStart")) instance.decorateRequest("errataStart", 0);
  if (!instance.hasRequestDecorator("errataLocals")) instance.decorateRequest("errataLocals", null);
  if (!instance.hasRequestDecorator("errataRoute")) instance.decorateRequest("errataRoute", null);

  // One hook per route, compiled when the route is added: the token, then CONTRACT §3's guards
  // in order — 414, 431, 413 (declared size, body unread), 415, 406. First among the route's own
  // onRequest hooks, so a route's rate limit or auth hook sees the token.
  instance.addHook("onRoute", (route) => {
    const rules = route.config?.errata;
    const bodyBytes =
      rules?.bodyBytes ??
      bodyBytesOption ??
      route.bodyLimit ??
      instance.initialConfig.bodyLimit ??
      limits.bodyBytes;
    const accepts = rules?.accepts;
    const offers = rules?.produces ?? produces;
    const url = route.url;
    const guard: onRequestHookHandler = (request, reply, next) => {
      const token = requestToken();
      request.errataToken = token;
      request.errataStart = performance.now();
      request.errataRoute = url;
      reply.header("x-request-id", token);
      const raw = request.raw;
      const early = checkEarly((raw.url ?? "").length, headerSectionBytes(raw.rawHeaders), limits);
      if (early !== null) {
        sendRendered(reply, renderEarly(errata, early, request), true);
        return;
      }
      const r = checkRoute(request.headers, bodyBytes, accepts, offers);
      if (typeof r === "number") {
        next();
        return;
      }
      sendRendered(reply, renderGuard(errata, r, fastifyView(request)), closesConnection(r));
    };
    const existing = route.onRequest;
    route.onRequest =
      existing === undefined ? [guard] : Array.isArray(existing) ? [guard, ...existing] : [guard, existing];
  });

  if (options.notFound ?? true) {
    instance.setNotFoundHandler((request, reply) => {
      const raw = request.raw;
      const early = checkEarly((raw.url ?? "").length, headerSectionBytes(raw.rawHeaders), limits);
      if (early !== null) {
        sendRendered(reply, renderEarly(errata, early, request), true);
        return;
      }
      const v = fastifyView(request);
      const allow = allowedMethods(instance, request.method, v.path);
      const err = allow.length !== 0 ? methodNotAllowed(errata, allow) : errata.guard("notFound");
      sendRendered(reply, errata.handle(err, v), false);
    });
  }

  instance.setErrorHandler((error: FastifyError, request, reply) => {
    sendRendered(reply, renderFastifyError(errata, error, request), isTooLarge(error));
  });

  done();
};

function isTooLarge(error: unknown): boolean {
  return thrownProperty(error, "code") === "FST_ERR_CTP_BODY_TOO_LARGE";
}

/** Renders any error raised while Fastify handled `request`: catalog errors as they are, Fastify's own as errata's guards. */
export function renderFastifyError(errata: Errata, error: unknown, request: FastifyRequest): RenderedError {
  const v = fastifyView(request);
  const validation = thrownProperty(error, "validation");
  if (Array.isArray(validation)) {
    const c = thrownProperty(error, "validationContext");
    const ctx = typeof c === "string" ? c : undefined;
    return errata.handle(validationError(errata, ajvFields(validation as AjvIssue[], ctx)), v);
  }
  const kind = fastifyGuard(error);
  if (kind !== null) return errata.handle(errata.guard(kind, undefined, { cause: error }), v);
  return renderError(errata, error, v);
}

// fastify-plugin's convention (plugin-utils.js): not encapsulated, named "errata" in errors and printPlugins.
Object.assign(errataFastify, {
  [Symbol.for("skip-override")]: true,
  [Symbol.for("fastify.display-name")]: "errata",
});

/** A rate-limit guard as an `onRequest` / `preHandler` hook (route- or context-level). */
export function rateLimitHook(errata: Errata, guard: RateLimitGuard<FastifyRequest>): onRequestHookHandler {
  return (request, reply, next) => {
    const refuse = (e: ErrataError | null): void => {
      if (e === null) next();
      else sendRendered(reply, errata.handle(e, fastifyView(request)), false);
    };
    let r: ReturnType<RateLimitGuard<FastifyRequest>>;
    try {
      r = guard(request, errata);
    } catch (e) {
      next(e as Error);
      return;
    }
    if (r !== null && typeof (r as Promise<unknown>).then === "function") {
      (r as Promise<ErrataError | null>).then(refuse, (e: unknown) => next(e as Error));
    } else {
      refuse(r as ErrataError | null);
    }
  };
}

/**
 * Validates `request.params`, `.query`, `.headers` and `.body` with Standard Schema validators
 * (zod, valibot, …); rejects with one `validationFailed` error listing every issue of every part.
 */
export function validateRequest<S extends RequestSchemas>(
  errata: Errata,
  request: FastifyRequest,
  schemas: S,
  options?: ValidateOptions,
): Promise<Validated<S>> {
  return validate(errata, schemas, request, options);
}

/**
 * Fastify's `clientErrorHandler` option for errata: a header section past Node's `maxHeaderSize`
 * gets a real 431 (or 414 for an oversized request line) in problem+json with a token, instead of
 * Fastify's bare JSON. Use with `Fastify({ clientErrorHandler: errataClientErrorHandler(errata) })`.
 */
export { errataClientErrorHandler } from "./client-error.js";
