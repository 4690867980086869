/**
 * A small router for errata's node:http adapter: routes by method and path template
 * (`/entities/:id`), each router with its own errata instance (its error surface) and a prefix.
 * errata is not a web framework; the router exists so the adapter knows what is a 404, what is a
 * 405 (and its `Allow`), and which format a route answers errors in.
 *
 * @example
 * ```ts
 * const api = createRouter({ prefix: "/entity-api/v1", errata: entityErrata })
 *   .get("/entities/:id", (ctx) => ({ body: { id: ctx.params.id } }))
 *   .post("/entities", create, { accepts: ["application/json"] });
 * ```
 * @module
 */
import type { Errata } from "../../core/errata.js";
import type { Handler } from "./context.js";

export type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

export interface RouteOptions {
  /** Request media types the route takes when a body is sent (415 otherwise). Default: any. */
  readonly accepts?: readonly string[];
  /** Media types the route can answer with (406 when `Accept` allows none). Default: the errata formats' types. */
  readonly produces?: readonly string[];
  /** Body limit for this route, in bytes (default: the server's). */
  readonly bodyBytes?: number;
  /**
   * The error surface of this route when it differs from the router's: an OAuth protected resource
   * (RFC 6750 §3 challenges) beside the token endpoint (RFC 6749 §5.2 bodies) under one prefix.
   */
  readonly errata?: Errata;
}

export interface Route {
  readonly method: Method;
  readonly template: string;
  readonly segments: readonly string[];
  readonly handler: Handler;
  readonly options: RouteOptions;
  readonly router: Router;
}

export interface Router {
  readonly prefix: string;
  readonly errata: Errata;
  readonly routes: readonly Route[];
  route(method: Method | readonly Method[], path: string, handler: Handler, options?: RouteOptions): Router;
  get(path: string, handler: Handler, options?: RouteOptions): Router;
  post(path: string, handler: Handler, options?: RouteOptions): Router;
  put(path: string, handler: Handler, options?: RouteOptions): Router;
  patch(path: string, handler: Handler, options?: RouteOptions): Router;
  delete(path: string, handler: Handler, options?: RouteOptions): Router;
}

export interface RouterOptions {
  readonly errata: Errata;
  /** Path prefix (`/entity-api/v1`); empty for the root. */
  readonly prefix?: string;
}

function split(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

/** Creates a router. */
export function createRouter(options: RouterOptions): Router {
  const routes: Route[] = [];
  const prefix = (options.prefix ?? "").replace(/\/+$/, "");
  const router: Router = {
    prefix,
    errata: options.errata,
    routes,
    route(method, path, handler, opts = {}) {
      for (const m of Array.isArray(method) ? method : [method]) {
        routes.push({
          method: m as Method,
          template: prefix + path,
          segments: split(path),
          handler,
          options: opts,
          router,
        });
      }
      return router;
    },
    get: (p, h, o) => router.route("GET", p, h, o),
    post: (p, h, o) => router.route("POST", p, h, o),
    put: (p, h, o) => router.route("PUT", p, h, o),
    patch: (p, h, o) => router.route("PATCH", p, h, o),
    delete: (p, h, o) => router.route("DELETE", p, h, o),
  };
  return router;
}

/** Result of matching a path against routers. */
export interface Match {
  /** The router whose prefix (and some route's path) matched. */
  readonly router: Router;
  /** The route for the method, if any. */
  readonly route: Route | undefined;
  readonly params: Record<string, string>;
  /** Methods the path supports (for 405 `Allow`). */
  readonly allow: readonly string[];
}

function matchSegments(route: Route, parts: readonly string[], params: Record<string, string>): boolean {
  const segs = route.segments;
  if (segs.length !== parts.length) return false;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i] as string;
    const p = parts[i] as string;
    if (s.charCodeAt(0) === 58 /* : */) {
      let v: string;
      try {
        v = decodeURIComponent(p);
      } catch {
        return false; // a malformed escape matches no route → 404, never a 500
      }
      params[s.slice(1)] = v;
    } else if (s !== p) {
      return false;
    }
  }
  return true;
}

/** Finds the route for a method and path among routers (first prefix that has the path wins). */
export function matchRoute(routers: readonly Router[], method: string, path: string): Match | undefined {
  for (const router of routers) {
    const pre = router.prefix;
    let rest: string;
    if (pre === "") rest = path;
    else if (path === pre || path.startsWith(`${pre}/`)) rest = path.slice(pre.length);
    else continue;
    const parts = split(rest);
    let found: Route | undefined;
    let foundParams: Record<string, string> | undefined;
    const allow: string[] = [];
    for (const route of router.routes) {
      const params: Record<string, string> = {};
      if (!matchSegments(route, parts, params)) continue;
      if (!allow.includes(route.method)) allow.push(route.method);
      if (found === undefined && (route.method === method || (method === "HEAD" && route.method === "GET"))) {
        found = route;
        foundParams = params;
      }
    }
    if (allow.length === 0) continue;
    // RFC 9110 §9.3.2: HEAD is allowed wherever GET is.
    if (allow.includes("GET") && !allow.includes("HEAD")) allow.push("HEAD");
    return { router, route: found, params: foundParams ?? {}, allow };
  }
  return undefined;
}
