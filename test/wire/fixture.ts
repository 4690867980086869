/**
 * The one application every adapter serves in the wire suite: the same catalog, errata instance,
 * schemas, thrown values and rate limit, so the same cases must give the same bytes everywhere.
 * @module
 */
import * as v from "valibot";
import { z } from "zod";
import { problemXml } from "../../src/formats/problem-xml/index.js";
import { rateLimitGuard } from "../../src/guards/rate-limit.js";
import { createErrata, defineCatalog, type Errata, type ErrorEvent, problemJson } from "../../src/index.js";
import { createRateLimiter } from "../../src/rate-limit/index.js";

export const DOCS = "https://api.example.com/errors";

export const shop = defineCatalog(
  { id: "shop" },
  {
    orderNotFound: {
      code: 3001,
      status: 404,
      message: "Order {id} not found",
      fixes: ["Check the order id."],
    },
    outOfStock: {
      code: 3002,
      status: 409,
      message: "Item {item} is out of stock",
      fixes: ["Order another item."],
    },
  },
);

/** A running wire-test server. */
export interface WireServer {
  readonly port: number;
  /** Error events the errata instance emitted (log/store side: where internals may go). */
  readonly events: ErrorEvent[];
  close(): Promise<void>;
}

/** An adapter under test. */
export interface WireAdapter {
  readonly name: string;
  start(): Promise<WireServer>;
}

/** The errata instance of one server, recording its events. */
export function makeErrata(): { errata: Errata; events: ErrorEvent[] } {
  const events: ErrorEvent[] = [];
  const errata = createErrata({
    formats: [problemJson(), problemXml()],
    catalogs: [shop],
    docsBaseUrl: DOCS,
    observers: [(e) => events.push(e)],
  });
  return { errata, events };
}

/** `POST /orders` body (zod 4). */
export const OrderInput = z.object({
  item: z.string().min(1),
  quantity: z.number().int().positive(),
  address: z.object({ zip: z.string() }).optional(),
});

/** `GET /search` query (valibot 1). */
export const SearchQuery = v.object({
  rows: v.pipe(v.string(), v.regex(/^[0-9]+$/, "rows must be an integer")),
});

/** A secret that must never reach a response. */
export const SECRET = "SELECT password FROM users WHERE id = 1 -- at /srv/app/src/db.ts:42";

/** What `GET /throw/:kind` throws (or rejects with, for `reject`). */
export const THROWN: Readonly<Record<string, () => unknown>> = {
  string: () => SECRET,
  null: () => null,
  undefined: () => undefined,
  object: () => ({ code: "ECONNREFUSED", message: SECRET }),
  error: () => new TypeError(SECRET),
  circular: () => {
    const e = new Error(SECRET) as Error & { cause?: unknown };
    e.cause = e;
    return e;
  },
  getter: () => ({
    get message(): string {
      throw new Error(SECRET);
    },
    get status(): number {
      throw new Error(SECRET);
    },
  }),
};

/** The rate limit of `GET /limited`: 2 a minute per `X-Client`. */
export function limitGuard<V>(clientOf: (view: V) => string | undefined) {
  const limiter = createRateLimiter({ policies: [{ name: "burst", limit: 2, windowMs: 60_000 }] });
  return rateLimitGuard<V>({ limiter, policy: "burst", key: (view) => clientOf(view) ?? null });
}

export const JSON_TYPE = "application/json";

/** The value `GET /throw/:kind` throws. */
export function thrown(kind: unknown): unknown {
  const f = typeof kind === "string" ? THROWN[kind] : undefined;
  return f === undefined ? SECRET : f();
}

/** The `X-Client` header of a Node-style request. */
export function clientHeader(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): string | undefined {
  const c = headers["x-client"];
  return typeof c === "string" ? c : undefined;
}
