/**
 * The demo server's operations side (issue 7, CONTRACT §1 and §3.6): the error store, metrics,
 * the structured log and span marking, fed by one set of error observers that every errata
 * instance of the demo registers, plus the support console and `/metrics` routers.
 *
 * - Store: the embedded default is a SQLite file `errors.db` in `ERRATA_DATA_DIR` (default
 *   `./.errata`); a `postgres://` URL or a path may be given instead. Retention: 30 days, at
 *   most a million events. When the default SQLite
 *   store cannot open (no driver on this Node), the demo still starts, on a memory store, and
 *   says so in the log.
 * - Log: pino, one JSON line per error (token, status, code; for a 5xx the cause with its stack)
 *   on stdout through an asynchronous destination.
 * - Admin token: `ERRATA_ADMIN_TOKEN`, or 256 random bits generated at start (`generated` is then
 *   true and the caller prints it).
 *
 * Each observer is cheap (a queue push, a Map increment, a buffered log write) and never throws,
 * so none of them can slow or change a response.
 *
 * @example
 * ```ts
 * const obs = await createDemoObservability({ dataDir: process.env.ERRATA_DATA_DIR });
 * const errata = createErrata({ formats: [problemJson()], catalogs: obs.catalogs, observers: obs.observers });
 * const server = createServer({ errata, routers: [...obs.routers(errata), ...apiRouters] });
 * // on shutdown: await obs.close();
 * ```
 * @module
 */
import type pino from "pino";
import type { Router } from "../src/adapters/node/index.js";
import type { AnyCatalog } from "../src/catalog/define.js";
import type { Errata, ErrorObserver } from "../src/core/errata.js";
import { createErrorLogger, createLogger, type Logger } from "../src/observe/log.js";
import { createMetrics, type Metrics } from "../src/observe/metrics.js";
import { markErrorSpan } from "../src/observe/trace.js";
import { type OpenStoreOptions, openStore, resolveDataDir } from "../src/store/index.js";
import type { ErrorStore } from "../src/store/types.js";
import { supportErrors } from "./support-catalog.js";
import { generateAdminToken, mountMetrics, mountSupport } from "./support-routes.js";

/** The demo keeps 30 days of events, at most a million, pruned hourly (issue 7: retention by age or count). */
export const DEMO_RETENTION = {
  maxAgeMs: 30 * 86_400_000,
  maxCount: 1_000_000,
  intervalMs: 3_600_000,
} as const;

/** Options of {@link createDemoObservability}. Every field has a default. */
export interface DemoObservabilityOptions {
  /** Data directory of the embedded store. Default `$ERRATA_DATA_DIR`, else `./.errata`. */
  readonly dataDir?: string;
  /** Store location: a SQLite path, `sqlite:`/`file:` URL, `postgres://` URL or `memory:`. Default the SQLite file in `dataDir`. */
  readonly store?: string;
  /** Admin bearer token for `/support`. Default `$ERRATA_ADMIN_TOKEN`, else generated. */
  readonly adminToken?: string;
  /** Log level. Default `$LOG_LEVEL`, else `info`. */
  readonly logLevel?: string;
  /** Log destination: a file descriptor, a path or a stream. Default 1 (stdout), asynchronous. */
  readonly logDestination?: number | string | pino.DestinationStream;
  /** Environment to read `ERRATA_DATA_DIR`, `ERRATA_ADMIN_TOKEN` and `LOG_LEVEL` from. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Tuning of the store's queue and writer (tests). */
  readonly storeOptions?: Omit<OpenStoreOptions, "dataDir" | "env" | "logger">;
}

/** The demo's store, metrics, log and the routes that expose them. */
export interface DemoObservability {
  /** Observers for every errata instance: store, metrics, log, trace. */
  readonly observers: readonly ErrorObserver[];
  readonly store: ErrorStore;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** The admin bearer token of `/support/requests/{token}`. */
  readonly adminToken: string;
  /** True when the admin token was generated at start (print it: nobody else knows it). */
  readonly generated: boolean;
  /**
   * Catalogs of the routes' own errors (the support console's 401/404/503): give them to the
   * root errata (`createErrata({ catalogs })`) so the docs document the codes their bodies link to.
   */
  readonly catalogs: readonly AnyCatalog[];
  /** The absolute data directory of the embedded store. */
  readonly dataDir: string;
  /**
   * The routers of `/support` (page, script, style, look-up) and `/metrics`; their errors render
   * with `errata` (the root problem+json surface).
   */
  routers(errata: Errata): Router[];
  /** Flushes the store and the log, then closes the store. Idempotent. */
  close(): Promise<void>;
}

/** Opens the store and creates metrics, the log and the admin token. */
export async function createDemoObservability(
  options: DemoObservabilityOptions = {},
): Promise<DemoObservability> {
  const env = options.env ?? process.env;
  const logger = createLogger({
    level: options.logLevel ?? env.LOG_LEVEL ?? "info",
    destination: options.logDestination ?? 1,
  });
  const errorLog = createErrorLogger({ logger });
  const dataDir = resolveDataDir({ dataDir: options.dataDir, env });
  const storeOptions: OpenStoreOptions = {
    retention: DEMO_RETENTION,
    ...options.storeOptions,
    dataDir,
    env,
    logger,
  };

  let store: ErrorStore;
  try {
    store = await openStore(options.store, storeOptions);
  } catch (err) {
    // A named store that does not open is a configuration error; the default one falls back so
    // that `npm start` works on any Node (the demo then keeps events in memory).
    if (options.store !== undefined) throw err;
    logger.warn(
      { err: err instanceof Error ? err.message : String(err), dataDir },
      "embedded error store unavailable; keeping error events in memory",
    );
    store = await openStore("memory:", { ...storeOptions, spillPath: false });
  }

  const metrics = createMetrics({ store });
  const configured = options.adminToken ?? env.ERRATA_ADMIN_TOKEN;
  const generated = configured === undefined || configured === "";
  const adminToken = generated ? generateAdminToken() : configured;

  const observers: ErrorObserver[] = [
    (event) => store.enqueue(event),
    (event) => metrics.observe(event),
    (event) => errorLog.log(event),
    (event) => markErrorSpan(event),
  ];

  let closing: Promise<void> | undefined;
  return {
    observers,
    store,
    metrics,
    logger,
    adminToken,
    generated,
    catalogs: [supportErrors],
    dataDir,
    routers: (errata) => [mountSupport({ errata, store, adminToken }), mountMetrics({ errata, metrics })],
    close() {
      closing ??= (async () => {
        await store.close();
        await errorLog.flush();
      })();
      return closing;
    },
  };
}
