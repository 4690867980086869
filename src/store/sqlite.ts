/**
 * The embedded error store: one SQLite file (default `./.errata/errors.db`) in WAL mode, through
 * better-sqlite3 (an optional peer dependency) or, when that is not installed or its native
 * binary does not load (another Node ABI), Node's built-in `node:sqlite` (Node ≥ 22.13) — one
 * driver interface over both (./sqlite-driver.ts), imported only when a SQLite store is opened,
 * so the core runs without either.
 *
 * Both drivers are synchronous: a batch of a few hundred rows in one transaction takes about a
 * millisecond, and runs on the writer's turn of the event loop, never inside a request.
 * @module
 */
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { ErrorEvent } from "../core/event.js";
import {
  COLUMNS,
  EVENTS_TABLE,
  eventToRow,
  LATEST_VERSION,
  MIGRATIONS,
  rowToEvent,
  SchemaTooNewError,
  VERSION_TABLE,
} from "./schema.js";
import {
  loadSqliteDriver,
  type SqliteConnection,
  type SqliteDriverChoice,
  type SqliteDriverName,
  type SqliteStatement,
  sqliteErrorCode,
} from "./sqlite-driver.js";
import type { PruneOptions, StoreBackend, StoredEvent } from "./types.js";

/** Options for the SQLite backend. */
export interface SqliteBackendOptions {
  /** Open an existing database for look-ups only: no file is created, no migration runs. */
  readonly readOnly?: boolean;
  /**
   * How long a write waits for another connection's lock (ms). Both drivers wait
   * synchronously, so this stays small; a write that gives up fails its batch, which the queue
   * spills and retries. Default 200.
   */
  readonly busyTimeoutMs?: number;
  /** Which driver: `auto` (default) takes better-sqlite3 when it loads, else `node:sqlite`. */
  readonly driver?: SqliteDriverChoice;
}

/** A SQLite store backend, with the driver it runs on. */
export interface SqliteBackend extends StoreBackend {
  readonly kind: "sqlite";
  readonly driver: SqliteDriverName;
}

/** Applies pending migrations in one IMMEDIATE transaction (one migrator at a time per file). */
export function migrateSqlite(db: SqliteConnection): number {
  // Fast path without a write lock: a current database needs nothing (and may be busy).
  const seen = currentVersion(db);
  if (seen !== null && seen > LATEST_VERSION) throw new SchemaTooNewError(seen);
  if (seen === LATEST_VERSION) return seen;
  return db.immediate(() => {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (version INTEGER PRIMARY KEY NOT NULL, applied_at INTEGER NOT NULL, description TEXT NOT NULL)`,
    );
    const current = currentVersion(db) ?? 0;
    if (current > LATEST_VERSION) throw new SchemaTooNewError(current);
    const insert = db.prepare(
      `INSERT INTO ${VERSION_TABLE} (version, applied_at, description) VALUES (?, ?, ?)`,
    );
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      for (const sql of m.sqlite) db.exec(sql);
      insert.run(m.version, Date.now(), m.description);
    }
    return currentVersion(db) ?? 0;
  });
}

function currentVersion(db: SqliteConnection): number | null {
  const exists = db
    .prepare("SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(VERSION_TABLE);
  if (!exists) return null;
  const row = db.prepare(`SELECT max(version) AS v FROM ${VERSION_TABLE}`).get();
  const v = row?.v;
  return typeof v === "number" ? v : v === null || v === undefined ? 0 : Number(v);
}

function isBusy(err: unknown): boolean {
  const code = sqliteErrorCode(err);
  return code !== undefined && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

/**
 * Opens (creating and migrating unless read-only) the SQLite store at `path`. A database locked by
 * another writer is migrated on first use instead, so a busy file does not stop a server starting.
 */
export async function openSqliteBackend(
  path: string,
  options: SqliteBackendOptions = {},
): Promise<SqliteBackend> {
  const driver = await loadSqliteDriver(options.driver);
  const readOnly = options.readOnly === true;
  const fresh = !readOnly && path !== ":memory:" && !existsSync(path);
  // The store holds internal causes (stacks, messages): private to the server's user.
  if (fresh) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = driver.open(path, { readOnly, busyTimeoutMs: options.busyTimeoutMs ?? 200 });
  try {
    // SQLite gives the -wal and -shm files the database file's permissions.
    if (fresh) chmodSync(path, 0o600);
    if (!readOnly) {
      // WAL: readers (look-ups) never block the writer and vice versa. NORMAL sync is durable
      // across a process crash, which is what an error log needs.
      db.exec("PRAGMA journal_mode = WAL");
      db.exec("PRAGMA synchronous = NORMAL");
    }
    const backend = new SqliteStoreBackend(db, readOnly);
    try {
      backend.ready();
    } catch (err) {
      if (readOnly || !isBusy(err)) throw err;
    }
    return backend;
  } catch (err) {
    db.close();
    throw err;
  }
}

interface Statements {
  readonly insert: SqliteStatement | null;
  readonly byToken: SqliteStatement;
  readonly total: SqliteStatement;
}

class SqliteStoreBackend implements SqliteBackend {
  readonly kind = "sqlite";
  readonly driver: SqliteDriverName;
  private statements: Statements | null = null;

  constructor(
    private readonly db: SqliteConnection,
    private readonly readOnly: boolean,
  ) {
    this.driver = db.driver;
  }

  /** Checks or migrates the schema and prepares statements, once. */
  ready(): Statements {
    if (this.statements) return this.statements;
    const db = this.db;
    if (this.readOnly) {
      const v = currentVersion(db);
      if (v === null) throw new Error("not an errata error store (no schema version table)");
      if (v > LATEST_VERSION) throw new SchemaTooNewError(v);
    } else {
      migrateSqlite(db);
    }
    this.statements = {
      // ON CONFLICT (token) only: unlike INSERT OR IGNORE it does not also skip rows that break
      // NOT NULL, so a bad row fails its batch instead of vanishing.
      insert: this.readOnly
        ? null
        : db.prepare(
            `INSERT INTO ${EVENTS_TABLE} (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map(() => "?").join(", ")}) ON CONFLICT (token) DO NOTHING`,
          ),
      byToken: db.prepare(`SELECT * FROM ${EVENTS_TABLE} WHERE token = ?`),
      total: db.prepare(`SELECT count(*) AS n FROM ${EVENTS_TABLE}`),
    };
    return this.statements;
  }

  private writable(): SqliteStatement {
    const { insert } = this.ready();
    if (!insert) throw new Error("the error store was opened read-only");
    return insert;
  }

  async writeBatch(events: readonly ErrorEvent[]): Promise<number> {
    const insert = this.writable();
    // IMMEDIATE: take the write lock up front, so a busy database fails fast instead of midway.
    return this.db.immediate(() => {
      let n = 0;
      for (const e of events) n += insert.run(...eventToRow(e));
      return n;
    });
  }

  async lookup(token: string): Promise<StoredEvent | null> {
    const row = this.ready().byToken.get(token);
    return row ? rowToEvent(row) : null;
  }

  async count(): Promise<number> {
    return Number(this.ready().total.get()?.n ?? 0);
  }

  async prune(options: PruneOptions): Promise<number> {
    this.writable();
    const db = this.db;
    return db.immediate(() => {
      let n = 0;
      if (options.maxAgeMs !== undefined) {
        n += db.prepare(`DELETE FROM ${EVENTS_TABLE} WHERE time < ?`).run(Date.now() - options.maxAgeMs);
      }
      if (options.maxCount !== undefined) {
        n += db
          .prepare(
            `DELETE FROM ${EVENTS_TABLE} WHERE token IN (SELECT token FROM ${EVENTS_TABLE} ORDER BY time DESC, token DESC LIMIT -1 OFFSET ?)`,
          )
          .run(Math.max(0, Math.floor(options.maxCount)));
      }
      return n;
    });
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
