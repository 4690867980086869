/**
 * Servers for the leak check (issue 8), one per adapter, built as the wire suite's apps are
 * (test/wire/apps/*): each serves `GET /leak/{sync|async}/{id}`, whose handler throws (sync) or
 * rejects with (async) the value registered under `id` — so the internals never travel in the
 * request, and anything of them in a response is a leak.
 *
 * The node:http server also mounts the route under `/f/{format}/…` once per wire format errata
 * ships, so every format's generic 500 is checked, not only problem+json and problem+xml.
 * @module
 */
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { errataExpress } from "../../src/adapters/express/index.js";
import { errataFastify } from "../../src/adapters/fastify/index.js";
import { errataFetch } from "../../src/adapters/fetch/index.js";
import { errataHono } from "../../src/adapters/hono/index.js";
import { createRouter, createServer, type Router } from "../../src/adapters/node/index.js";
import { problemXml } from "../../src/formats/problem-xml/index.js";
import { formatFactories } from "../../src/formats/registry.js";
import { createErrata, type Errata, type ErrorEvent, problemJson } from "../../src/index.js";

/** Docs base of every leak server (fixed, so bodies are comparable). */
export const LEAK_DOCS = "https://api.example.com/errors";

/** Values waiting to be thrown, by id. A handler takes (and removes) its value. */
const pending = new Map<string, () => unknown>();
let nextId = 0;

let taken = 0;

/**
 * Registers a value for one request; returns the id to put in the path. Ids are long and
 * distinctive (`q000000042z`), so a check can replace them in a body without hitting anything else.
 */
export function registerThrow(make: () => unknown): string {
  const id = `q${(nextId++).toString(36).padStart(9, "0")}z`;
  pending.set(id, make);
  return id;
}

/** How many registered values handlers have taken so far (a harness checks that each request threw its own). */
export function takenCount(): number {
  return taken;
}

/** The value registered under `id`, created now (so a throwing getter fires only in the handler). */
function take(id: string | string[] | undefined): unknown {
  const make = typeof id === "string" ? pending.get(id) : undefined;
  if (make === undefined) return new Error("no value registered");
  pending.delete(id as string);
  taken++;
  return make();
}

/** One leak-check target: a base path and the Accept header to send. */
export interface LeakRoute {
  /** `/leak` or `/f/{format}/leak`. */
  readonly base: string;
  readonly accept: string | undefined;
  /** Label for reports (`problem+json`, `orcid xml`, …). */
  readonly label: string;
}

/** A running leak server. */
export interface LeakServer {
  readonly adapter: string;
  readonly port: number;
  readonly routes: readonly LeakRoute[];
  /** Error events emitted (where internals may go: log and store). */
  readonly events: ErrorEvent[];
  close(): Promise<void>;
}

function problemErrata(events: ErrorEvent[]): Errata {
  return createErrata({
    formats: [problemJson(), problemXml()],
    docsBaseUrl: LEAK_DOCS,
    observers: [(e) => events.push(e)],
  });
}

const PROBLEM_ROUTES: readonly LeakRoute[] = [
  { base: "/leak", accept: undefined, label: "problem+json" },
  { base: "/leak", accept: "application/problem+xml", label: "problem+xml" },
];

function listen(server: ReturnType<typeof createHttpServer>): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
}

function closer(server: ReturnType<typeof createHttpServer>): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
}

/** errata's node:http adapter, with the leak route in every built-in format. */
export async function startNodeLeak(): Promise<LeakServer> {
  const events: ErrorEvent[] = [];
  const mount = (router: Router): Router =>
    router
      .get("/sync/:id", (ctx) => {
        throw take(ctx.params.id);
      })
      .get("/async/:id", async (ctx) => {
        await Promise.resolve();
        throw take(ctx.params.id);
      });
  const root = problemErrata(events);
  const routers: Router[] = [mount(createRouter({ errata: root, prefix: "/leak" }))];
  const routes: LeakRoute[] = [...PROBLEM_ROUTES];
  for (const [id, make] of Object.entries(formatFactories)) {
    const format = make();
    const errata = createErrata({
      formats: [format],
      docsBaseUrl: LEAK_DOCS,
      observers: [(e) => events.push(e)],
    });
    const slug = id.replace(/[^a-z0-9]+/g, "-");
    routers.push(mount(createRouter({ errata, prefix: `/f/${slug}/leak` })));
    // Every media type of the format: ORCID answers JSON and XML, OCLC application/ and text/xml.
    for (const mt of format.mediaTypes) {
      routes.push({ base: `/f/${slug}/leak`, accept: mt, label: `${id} ${mt}` });
    }
  }
  const server = createServer({ errata: root, routers });
  server.keepAliveTimeout = 30_000;
  return { adapter: "node", port: await listen(server), routes, events, close: closer(server) };
}

/** Express 5 with `errata/express` (handlers wrapped, as the adapter documents). */
export async function startExpressLeak(): Promise<LeakServer> {
  const events: ErrorEvent[] = [];
  const x = errataExpress(problemErrata(events));
  const app = express();
  app.use(x.guards);
  app.get(
    "/leak/sync/:id",
    x.wrap((req) => {
      throw take(req.params.id);
    }),
  );
  app.get(
    "/leak/async/:id",
    x.wrap(async (req) => {
      await Promise.resolve();
      throw take(req.params.id);
    }),
  );
  app.use(x.notFound, x.errorHandler);
  const server = createHttpServer({ maxHeaderSize: 64 * 1024, keepAliveTimeout: 30_000 }, app);
  return {
    adapter: "express",
    port: await listen(server),
    routes: PROBLEM_ROUTES,
    events,
    close: closer(server),
  };
}

/** Fastify 5 with the `errata/fastify` plugin. */
export async function startFastifyLeak(): Promise<LeakServer> {
  const events: ErrorEvent[] = [];
  const app = Fastify({ http: { maxHeaderSize: 64 * 1024 }, keepAliveTimeout: 30_000 });
  await app.register(errataFastify, { errata: problemErrata(events) });
  app.get<{ Params: { id: string } }>("/leak/sync/:id", (req) => {
    throw take(req.params.id);
  });
  app.get<{ Params: { id: string } }>("/leak/async/:id", async (req) => {
    await Promise.resolve();
    throw take(req.params.id);
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    adapter: "fastify",
    port: (app.server.address() as AddressInfo).port,
    routes: PROBLEM_ROUTES,
    events,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}

/** A fetch handler (`errata/fetch`) on `@hono/node-server`'s request listener. */
export async function startFetchLeak(): Promise<LeakServer> {
  const events: ErrorEvent[] = [];
  const errata = problemErrata(events);
  const handler = errataFetch(errata, async (_req, ctx) => {
    const [first, how, id] = ctx.path.split("/").filter((s) => s !== "");
    if (first === "leak" && how === "sync") throw take(id);
    if (first === "leak" && how === "async") {
      await Promise.resolve();
      throw take(id);
    }
    return errata.guard("notFound");
  });
  const server = createHttpServer(
    { maxHeaderSize: 64 * 1024, keepAliveTimeout: 30_000 },
    getRequestListener(handler),
  );
  return {
    adapter: "fetch",
    port: await listen(server),
    routes: PROBLEM_ROUTES,
    events,
    close: closer(server),
  };
}

/** Hono 4 with `errata/hono` on `@hono/node-server`. */
export async function startHonoLeak(): Promise<LeakServer> {
  const events: ErrorEvent[] = [];
  const x = errataHono(problemErrata(events));
  const app = new Hono();
  app.use(x.middleware);
  app.get("/leak/sync/:id", (c) => {
    throw take(c.req.param("id"));
  });
  app.get("/leak/async/:id", async (c) => {
    await Promise.resolve();
    throw take(c.req.param("id"));
  });
  app.onError(x.onError);
  app.notFound(x.notFound);
  const server = createHttpServer(
    { maxHeaderSize: 64 * 1024, keepAliveTimeout: 30_000 },
    getRequestListener(app.fetch),
  );
  return {
    adapter: "hono",
    port: await listen(server),
    routes: PROBLEM_ROUTES,
    events,
    close: closer(server),
  };
}

/** Every adapter's leak server, by name. */
export const LEAK_ADAPTERS: ReadonlyArray<readonly [string, () => Promise<LeakServer>]> = [
  ["node", startNodeLeak],
  ["express", startExpressLeak],
  ["fastify", startFastifyLeak],
  ["fetch", startFetchLeak],
  ["hono", startHonoLeak],
];
