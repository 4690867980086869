/**
 * `errata/store`: open the error store for a location — a SQLite file (the embedded default,
 * `./.errata/errors.db`, or `$ERRATA_DATA_DIR/errors.db`), a `postgres://` URL (shared by many
 * server processes) or `memory:` (tests) — behind the bounded queue and background writer.
 * @module
 */
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createMemoryBackend } from "./memory.js";
import { isPostgresUrl, openPostgresBackend, type PostgresBackendOptions } from "./postgres.js";
import { createQueuedStore, type QueueOptions } from "./queue.js";
import { openSqliteBackend, type SqliteBackendOptions } from "./sqlite.js";
import type { ErrorStore, StoreBackend } from "./types.js";

export { createMemoryBackend, type MemoryBackend, type MemoryFault } from "./memory.js";
export { isPostgresUrl, openPostgresBackend, type PostgresBackendOptions, safeUrl } from "./postgres.js";
export { createQueuedStore, type QueueOptions, type RetentionOptions } from "./queue.js";
export {
  createRedactor,
  DEFAULT_REDACTED_HEADERS,
  DEFAULT_SECRET_FIELD_NAMES,
  DEFAULT_SECRET_FIELD_PARTS,
  DEFAULT_TEXT_RULES,
  REDACTED,
  type RedactOptions,
  type Redactor,
  redactEvent,
  type TextRule,
} from "./redact.js";
export { LATEST_VERSION, MIGRATIONS, SchemaTooNewError } from "./schema.js";
export { type FlushOnSignalsOptions, flushOnSignals } from "./signals.js";
export { migrateSqlite, openSqliteBackend, type SqliteBackend, type SqliteBackendOptions } from "./sqlite.js";
export {
  availableSqliteDrivers,
  loadSqliteDriver,
  type SqliteConnection,
  type SqliteDriver,
  type SqliteDriverChoice,
  type SqliteDriverName,
  type SqliteOpenOptions,
  type SqliteParam,
  type SqliteRow,
  type SqliteStatement,
  sqliteErrorCode,
} from "./sqlite-driver.js";
export type {
  BatchReport,
  ErrorStore,
  PruneOptions,
  StoreBackend,
  StoredEvent,
  StoreLogger,
  StoreStats,
} from "./types.js";

/** The SQLite file name inside the data directory. */
export const DEFAULT_DB_FILE = "errors.db";
/** The spill file name inside the data directory. */
export const DEFAULT_SPILL_FILE = "spill.jsonl";
/** The data directory when neither an option nor `ERRATA_DATA_DIR` names one. */
export const DEFAULT_DATA_DIR = ".errata";

/** Where and how to open a store. Queue options apply to every backend. */
export interface OpenStoreOptions extends QueueOptions {
  /** Directory for the SQLite file and the spill file. Default `$ERRATA_DATA_DIR` or `./.errata`. */
  readonly dataDir?: string;
  /** Environment to read `ERRATA_DATA_DIR` from. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Base for relative paths. Default `process.cwd()`. */
  readonly cwd?: string;
  readonly sqlite?: SqliteBackendOptions;
  readonly postgres?: PostgresBackendOptions;
}

/** A store location, resolved. */
export interface StoreLocation {
  readonly kind: "sqlite" | "postgres" | "memory";
  /** Absolute file path (sqlite), URL (postgres) or `memory:`. */
  readonly target: string;
  /** Absolute data directory (spill file). */
  readonly dataDir: string;
}

/** The data directory for these options: option, then `ERRATA_DATA_DIR`, then `./.errata`. */
export function resolveDataDir(options: Pick<OpenStoreOptions, "dataDir" | "env" | "cwd"> = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  return resolve(cwd, options.dataDir ?? (env.ERRATA_DATA_DIR || DEFAULT_DATA_DIR));
}

/** Decides the backend for a path or URL (absent: the default SQLite file). */
export function resolveStoreLocation(
  urlOrPath: string | undefined,
  options: Pick<OpenStoreOptions, "dataDir" | "env" | "cwd"> = {},
): StoreLocation {
  const cwd = options.cwd ?? process.cwd();
  const dataDir = resolveDataDir(options);
  const where = urlOrPath?.trim();
  if (!where) return { kind: "sqlite", target: join(dataDir, DEFAULT_DB_FILE), dataDir };
  if (where === "memory:" || where === "memory://") return { kind: "memory", target: "memory:", dataDir };
  if (isPostgresUrl(where)) return { kind: "postgres", target: where, dataDir };
  let path = where;
  if (/^file:/i.test(where)) path = fileURLToPath(where);
  else if (/^sqlite:/i.test(where)) {
    path = where.slice("sqlite:".length);
    if (path.startsWith("//")) path = path.slice(2);
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(where)) {
    throw new Error(
      `unsupported error store URL scheme: ${where.split(":")[0]} (use a file path, sqlite:, postgres:// or memory:)`,
    );
  }
  if (!path) throw new Error("empty SQLite path");
  const abs = isAbsolute(path) ? path : resolve(cwd, path);
  // An explicit file keeps its spill beside it unless a data directory was named.
  const env = options.env ?? process.env;
  const spillDir = options.dataDir || env.ERRATA_DATA_DIR ? dataDir : resolve(abs, "..");
  return { kind: "sqlite", target: abs, dataDir: spillDir };
}

/**
 * Opens the error store: SQLite for a path, `sqlite:` or `file:` URL (default
 * `./.errata/errors.db`), PostgreSQL for `postgres://`/`postgresql://`, memory for `memory:`.
 * The spill file defaults to `spill.jsonl` in the data directory (none for memory).
 */
export async function openStore(urlOrPath?: string, options: OpenStoreOptions = {}): Promise<ErrorStore> {
  const loc = resolveStoreLocation(urlOrPath, options);
  let backend: StoreBackend;
  // Every pooled connection reports a server that went away: say so once per outage, not per connection.
  let lostLogged = false;
  if (loc.kind === "memory") backend = createMemoryBackend();
  else if (loc.kind === "postgres") {
    const logger = options.logger;
    backend = await openPostgresBackend(loc.target, {
      readOnly: options.readOnly,
      onIdleError: logger
        ? (err) => {
            if (lostLogged) return;
            lostLogged = true;
            logger.warn({ err: err.message }, "error store connection lost");
          }
        : undefined,
      ...options.postgres,
    });
  } else backend = await openSqliteBackend(loc.target, { readOnly: options.readOnly, ...options.sqlite });
  const spillPath =
    options.spillPath !== undefined
      ? options.spillPath
      : loc.kind === "memory"
        ? false
        : join(loc.dataDir, DEFAULT_SPILL_FILE);
  const store = await createQueuedStore(backend, { ...options, spillPath });
  if (loc.kind === "postgres") {
    store.onBatch((r) => {
      if (r.ok) lostLogged = false;
    });
  }
  return store;
}
