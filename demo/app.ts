/**
 * The demo server (CONTRACT §3): one process, one port, an example of each seed system built
 * with errata, plus the docs, the support console and metrics.
 *
 * Each seed system lives in `examples/<system>/` (catalog + routes) and is mounted here under its
 * prefix. Every system shares the same observers: the log, the error store, metrics.
 * @module
 */
import type { Server } from "node:http";
import { createRouter, createServer, type Router } from "../src/adapters/node/index.js";
import { problemJson } from "../src/formats/problem-json/index.js";
import { problemXml } from "../src/formats/problem-xml/index.js";
import { createErrata, type Errata, type ErrorObserver } from "../src/index.js";
import { mountDocs } from "./docs-routes.js";
import { createDemoObservability } from "./observability.js";

export interface DemoOptions {
  readonly port?: number;
  readonly host?: string;
  /** Directory of the embedded store (SQLite) — `ERRATA_DATA_DIR`, default `./.errata`. */
  readonly dataDir?: string;
  /** Admin bearer token for `/support`; generated (and printed) when absent. */
  readonly adminToken?: string;
  /** Extra observers (tests). */
  readonly observers?: readonly ErrorObserver[];
  /** Error store location (SQLite path, `postgres://` URL, `memory:` for tests). Default: SQLite in `dataDir`. */
  readonly store?: string;
  /** Log level of the error log (`silent` for tests). Default `LOG_LEVEL`, else `info`. */
  readonly logLevel?: string;
}

/** What every example system gets when it is mounted. */
export interface DemoContext {
  /**
   * Base URL of the docs (`http://127.0.0.1:3000/errors`): every error body links to its page.
   * A function, because the port is known only after listening: pass it as is to `createErrata`.
   */
  readonly docsBaseUrl: () => string;
  /** Observers every errata instance must register (log, store, metrics). */
  readonly observers: readonly ErrorObserver[];
  /** Clock in ms (tests may inject one). */
  readonly now: () => number;
}

export interface Demo {
  readonly server: Server;
  readonly url: string;
  readonly adminToken: string;
  /** True when the admin token was generated at start (server.ts prints it). */
  readonly adminTokenGenerated: boolean;
  /** The root surface (problem+json / problem+xml). */
  readonly errata: Errata;
  close(): Promise<void>;
}

/** A system of the demo: how it mounts itself. */
export type MountSystem = (ctx: DemoContext) => Router | Promise<Router>;

/** Systems mounted by the demo, in order. Filled by `demo/systems.ts`. */
export const systems: MountSystem[] = [];

/** Builds and starts the demo server. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 3000;
  const obs = await createDemoObservability({
    dataDir: options.dataDir,
    adminToken: options.adminToken,
    store: options.store,
    logLevel: options.logLevel,
  });
  const observers: ErrorObserver[] = [...(options.observers ?? []), ...obs.observers];
  // The docs base needs the real port: resolved after listen for port 0, so keep it mutable.
  const base = { url: `http://${host}:${port}` };
  const ctx: DemoContext = {
    docsBaseUrl: () => `${base.url}/errors`,
    observers,
    now: () => Date.now(),
  };
  // CONTRACT §3: outside the seed prefixes, problem+json, or problem+xml when Accept prefers it.
  const errata = createErrata({
    formats: [problemJson(), problemXml()],
    docsBaseUrl: ctx.docsBaseUrl,
    catalogs: obs.catalogs,
    observers,
  });
  const root = createRouter({ errata });
  root.get("/demo/unexpected", () => {
    // CONTRACT §3.6: an internal error whose message holds SQL, a file path and a Java class name.
    throw new Error(
      "org.hibernate.exception.SQLGrammarException: could not execute statement [SELECT * FROM users WHERE id = 1] at /srv/app/src/repository/UserRepository.java:42",
    );
  });
  const routers: Router[] = [];
  for (const mount of systems) routers.push(await mount(ctx));
  routers.push(
    mountDocs({ catalogs: routers.flatMap((r) => r.errata.catalogs), errata, docsBaseUrl: ctx.docsBaseUrl }),
  );
  routers.push(...obs.routers(errata), root);
  const server = createServer({ errata, routers });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  }).catch(async (err: unknown) => {
    await obs.close();
    throw err;
  });
  const addr = server.address();
  const actualPort = typeof addr === "object" && addr ? addr.port : port;
  base.url = `http://${host}:${actualPort}`;
  return {
    server,
    url: base.url,
    adminToken: obs.adminToken,
    adminTokenGenerated: obs.generated,
    errata,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      // Flush the store last: requests still finishing above may add events.
      await obs.close();
    },
  };
}
