/**
 * A demo-like server for the store fault tests (issue 8): the demo's own observability wiring
 * (`createDemoObservability`: error store, metrics, error log) with the log captured, behind
 * routes that fail as an API does — 401, 404, 429 and a 500 whose internals go to the store.
 * @module
 */
import type { AddressInfo } from "node:net";
import type pino from "pino";
import { createDemoObservability, type DemoObservability } from "../../demo/observability.js";
import { createRouter, createServer } from "../../src/adapters/node/index.js";
import { createErrata, httpErrors } from "../../src/index.js";
import type { OpenStoreOptions } from "../../src/store/index.js";

/** A running store server. */
export interface StoreServer {
  readonly port: number;
  readonly obs: DemoObservability;
  /** Stops accepting, then flushes and closes the store (as the demo's `close`). */
  close(): Promise<void>;
}

/** The paths the server answers, with the status each must get. */
export const STORE_PATHS: Readonly<Record<string, number>> = {
  "/s/401": 401,
  "/nope": 404,
  "/s/429": 429,
  "/s/500": 500,
};

/** Starts the server on a free port with the store at `store` (SQLite path or `postgres://` URL). */
export async function startStoreServer(options: {
  readonly store: string;
  readonly dataDir: string;
  readonly log: pino.DestinationStream;
  readonly storeOptions?: Omit<OpenStoreOptions, "dataDir" | "env" | "logger">;
}): Promise<StoreServer> {
  const obs = await createDemoObservability({
    store: options.store,
    dataDir: options.dataDir,
    adminToken: "admin",
    logLevel: "info",
    logDestination: options.log,
    env: {},
    storeOptions: options.storeOptions,
  });
  const errata = createErrata({ observers: obs.observers, catalogs: obs.catalogs });
  let n = 0;
  const router = createRouter({ errata, prefix: "/s" })
    .get("/401", () => httpErrors.unauthorized())
    .get("/429", () => httpErrors.tooManyRequests({ retryAfter: 30 }))
    .get("/500", () => {
      throw new Error(`SELECT * FROM accounts WHERE id = ${n++} at /srv/app/db.js:12`);
    });
  const server = createServer({ errata, routers: [router] });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    obs,
    close: async () => {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await obs.close();
    },
  };
}
