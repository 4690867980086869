/**
 * The support console and metrics of the demo server (CONTRACT §3.6):
 *
 * - `GET /support/requests/{token}` with `Authorization: Bearer <admin token>` → 200 JSON of the
 *   stored error event (token, time, method, path, route, status, catalog, code, name, message,
 *   client id, duration, and for a 5xx the internal cause). No or a wrong token → 401 with an
 *   RFC 6750 §3 challenge; unknown token → 404; store unreadable → 503 with `Retry-After`.
 *   There is no list endpoint: request ids are unguessable (16 characters from a CSPRNG), and
 *   only a holder of the admin token can read one.
 * - `GET /support` → the look-up page, with `/support/app.js` and `/support/app.css`.
 * - `GET /metrics` → the Prometheus text exposition.
 *
 * The admin token is compared in constant time: both sides are hashed to SHA-256 digests of the
 * same length and compared with `crypto.timingSafeEqual`, so neither the token's length nor the
 * position of the first differing character shows in the response time.
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createRouter, type Reply, type RouteContext, type Router } from "../src/adapters/node/index.js";
import type { Errata } from "../src/core/errata.js";
import type { ErrataError } from "../src/errors/errata-error.js";
import type { Metrics } from "../src/observe/metrics.js";
import type { ErrorStore, StoredEvent } from "../src/store/types.js";
import { supportErrors } from "./support-catalog.js";
import {
  SUPPORT_ASSET_CSP,
  SUPPORT_PAGE_CSP,
  SUPPORT_PAGE_CSS,
  SUPPORT_PAGE_JS,
  supportPageHtml,
} from "./support-page.js";

/** Where the console is mounted. */
export const SUPPORT_PREFIX = "/support";

/** Request ids the look-up accepts: errata's 16-character tokens, and other systems' ids (as `errata lookup`). */
const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

/** RFC 6750 §2.1: `Bearer` (any case), one or more spaces, a b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** A look-up slower than this answers 503 rather than holding the operator's request. */
const LOOKUP_TIMEOUT_MS = 5000;

/** A new admin token: 32 random bytes (256 bits) from the CSPRNG, base64url (43 characters). */
export function generateAdminToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * A constant-time check of presented bearer tokens against the admin token. The expected
 * digest is computed once; each check hashes the presented value (any length) to 32 bytes and
 * compares digests with `timingSafeEqual`.
 */
export function adminTokenChecker(adminToken: string): (presented: string) => boolean {
  if (adminToken === "") throw new Error("the admin token must not be empty");
  const expected = createHash("sha256").update(adminToken, "utf8").digest();
  return (presented) => timingSafeEqual(createHash("sha256").update(presented, "utf8").digest(), expected);
}

/** The bearer token of an `Authorization` header, or null when there is none (or another scheme). */
export function bearerToken(authorization: string | undefined): string | null {
  if (authorization === undefined) return null;
  const m = BEARER.exec(authorization.trim());
  return m ? (m[1] as string) : null;
}

/** The event as the support endpoint returns it: time as ISO 8601 (UTC), as `errata lookup` prints it. */
export function supportView(event: StoredEvent): Record<string, unknown> {
  const view: Record<string, unknown> = {
    token: event.token,
    time: new Date(event.time).toISOString(),
    method: event.method,
    path: event.path,
    route: event.route,
    status: event.status,
    catalog: event.catalog,
    code: event.code,
    name: event.name,
    message: event.message,
    clientId: event.clientId,
    durationMs: event.durationMs,
    // The core records a cause for 5xx only; the check keeps it so for events from elsewhere.
    cause: event.status >= 500 ? event.cause : null,
  };
  if (event.request) view.request = event.request;
  return view;
}

/** Headers of every console response. */
const COMMON: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** Options of {@link mountSupport}. */
export interface SupportRoutesOptions {
  /** The surface the console's errors render in (the root problem+json errata). */
  readonly errata: Errata;
  readonly store: ErrorStore;
  /** The admin bearer token. */
  readonly adminToken: string;
  /** Path prefix. Default `/support`. */
  readonly prefix?: string;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`look-up timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** The support console's router: the page, its script and style, and the JSON look-up. */
export function mountSupport(options: SupportRoutesOptions): Router {
  const prefix = (options.prefix ?? SUPPORT_PREFIX).replace(/\/+$/, "");
  const isAdmin = adminTokenChecker(options.adminToken);
  const { store } = options;
  const page = supportPageHtml(prefix);
  const router = createRouter({ prefix, errata: options.errata });

  const asset = (contentType: string, body: string, csp: string) => (): Reply => ({
    status: 200,
    headers: {
      ...COMMON,
      "Content-Type": contentType,
      "Content-Security-Policy": csp,
      "Cache-Control": "no-cache",
    },
    body,
  });

  router.get("/", asset("text/html; charset=utf-8", page, SUPPORT_PAGE_CSP), { produces: ["text/html"] });
  router.get("/app.js", asset("text/javascript; charset=utf-8", SUPPORT_PAGE_JS, SUPPORT_ASSET_CSP), {
    produces: ["text/javascript"],
  });
  router.get("/app.css", asset("text/css; charset=utf-8", SUPPORT_PAGE_CSS, SUPPORT_ASSET_CSP), {
    produces: ["text/css"],
  });

  router.get(
    "/requests/:token",
    async (ctx: RouteContext): Promise<Reply | ErrataError> => {
      // Authentication first (as real APIs order their checks), then the argument.
      const header = ctx.req.headers.authorization;
      const presented = bearerToken(header);
      if (presented === null) return supportErrors.adminTokenRequired();
      if (!isAdmin(presented)) return supportErrors.adminTokenInvalid();
      const token = ctx.params.token ?? "";
      if (!TOKEN.test(token)) return supportErrors.requestNotFound();
      let event: StoredEvent | null;
      try {
        event = await withTimeout(store.lookup(token), LOOKUP_TIMEOUT_MS);
      } catch (cause) {
        // The driver's error (host, SQL) goes to the log and the store with this 503's event only.
        return supportErrors.storeUnavailable({ cause });
      }
      if (event === null) return supportErrors.requestNotFound();
      return {
        status: 200,
        headers: {
          ...COMMON,
          "Content-Type": "application/json; charset=utf-8",
          "Content-Security-Policy": SUPPORT_ASSET_CSP,
          // Internal details: never kept by a cache (RFC 9111 §5.2.2.5).
          "Cache-Control": "no-store",
        },
        body: JSON.stringify(supportView(event)),
      };
    },
    { produces: ["application/json"] },
  );
  return router;
}

/** Options of {@link mountMetrics}. */
export interface MetricsRoutesOptions {
  readonly errata: Errata;
  readonly metrics: Metrics;
  /** Path. Default `/metrics`. */
  readonly path?: string;
}

/** `GET /metrics`: the Prometheus text exposition (format 0.0.4). */
export function mountMetrics(options: MetricsRoutesOptions): Router {
  const router = createRouter({ errata: options.errata });
  router.get(
    options.path ?? "/metrics",
    async (): Promise<Reply> => ({
      status: 200,
      headers: {
        "Content-Type": options.metrics.contentType,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
      body: await options.metrics.render(),
    }),
    { produces: ["text/plain"] },
  );
  return router;
}
