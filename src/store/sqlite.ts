/**
 * The embedded error store: one SQLite file (default `./.errata/errors.db`) in WAL mode, through
 * better-sqlite3 — an optional peer dependency, imported only when a SQLite store is opened, so
 * the core runs without it.
 *
 * better-sqlite3 is synchronous: a batch of a few hundred rows in one transaction takes about a
 * millisecond, and runs on the writer's turn of the event loop, never inside a request.
 * @module
 */
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import type { ErrorEvent } from "../core/event.js";
import {
  COLUMNS,
  EVENTS_TABLE,
  eventToRow,
  LATEST_VERSION,
  MIGRATIONS,
  type Row,
  rowToEvent,
  SchemaTooNewError,
  VERSION_TABLE,
} from "./schema.js";
import type { PruneOptions, StoreBackend, StoredEvent } from "./types.js";

/** Options for the SQLite backend. */
export interface SqliteBackendOptions {
  /** Open an existing database for look-ups only: no file is created, no migration runs. */
  readonly readOnly?: boolean;
  /**
   * How long a write waits for another connection's lock (ms). better-sqlite3 waits
   * synchronously, so this stays small; a write that gives up fails its batch, which the queue
   * spills and retries. Default 200.
   */
  readonly busyTimeoutMs?: number;
}

type DatabaseConstructor = typeof BetterSqlite3;
type Database = BetterSqlite3.Database;

let driver: Promise<DatabaseConstructor> | undefined;

/** Loads better-sqlite3 once; rejects with an install hint when it is absent. */
function loadDriver(): Promise<DatabaseConstructor> {
  driver ??= import("better-sqlite3").then(
    (m) => m.default,
    () => {
      driver = undefined;
      throw new Error("the SQLite error store needs better-sqlite3: npm install better-sqlite3");
    },
  );
  return driver;
}

/** Applies pending migrations in one IMMEDIATE transaction (one migrator at a time per file). */
export function migrateSqlite(db: Database): number {
  // Fast path without a write lock: a current database needs nothing (and may be busy).
  const seen = currentVersion(db);
  if (seen !== null && seen > LATEST_VERSION) throw new SchemaTooNewError(seen);
  if (seen === LATEST_VERSION) return seen;
  const run = db.transaction(() => {
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
  return run.immediate();
}

function currentVersion(db: Database): number | null {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(VERSION_TABLE) as unknown;
  if (!exists) return null;
  const row = db.prepare(`SELECT max(version) AS v FROM ${VERSION_TABLE}`).get() as { v: number | null };
  return row.v ?? 0;
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}

/**
 * Opens (creating and migrating unless read-only) the SQLite store at `path`. A database locked by
 * another writer is migrated on first use instead, so a busy file does not stop a server starting.
 */
export async function openSqliteBackend(
  path: string,
  options: SqliteBackendOptions = {},
): Promise<StoreBackend> {
  const Database = await loadDriver();
  const readOnly = options.readOnly === true;
  const fresh = !readOnly && path !== ":memory:" && !existsSync(path);
  // The store holds internal causes (stacks, messages): private to the server's user.
  if (fresh) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new Database(path, {
    readonly: readOnly,
    fileMustExist: readOnly,
    timeout: options.busyTimeoutMs ?? 200,
  });
  try {
    // SQLite gives the -wal and -shm files the database file's permissions.
    if (fresh) chmodSync(path, 0o600);
    if (!readOnly) {
      // WAL: readers (look-ups) never block the writer and vice versa. NORMAL sync is durable
      // across a process crash, which is what an error log needs.
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
    }
    const backend = new SqliteBackend(db, readOnly);
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
  readonly insertMany: BetterSqlite3.Transaction<(events: readonly ErrorEvent[]) => number> | null;
  readonly byToken: BetterSqlite3.Statement<[string], Row>;
  readonly total: BetterSqlite3.Statement<[], { n: number }>;
}

class SqliteBackend implements StoreBackend {
  readonly kind = "sqlite";
  private statements: Statements | null = null;

  constructor(
    private readonly db: Database,
    private readonly readOnly: boolean,
  ) {}

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
    let insertMany: Statements["insertMany"] = null;
    if (!this.readOnly) {
      // ON CONFLICT (token) only: unlike INSERT OR IGNORE it does not also skip rows that break
      // NOT NULL, so a bad row fails its batch instead of vanishing.
      const insert = db.prepare(
        `INSERT INTO ${EVENTS_TABLE} (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map(() => "?").join(", ")}) ON CONFLICT (token) DO NOTHING`,
      );
      insertMany = db.transaction((events: readonly ErrorEvent[]) => {
        let n = 0;
        for (const e of events) n += insert.run(eventToRow(e)).changes;
        return n;
      });
    }
    this.statements = {
      insertMany,
      byToken: db.prepare(`SELECT * FROM ${EVENTS_TABLE} WHERE token = ?`),
      total: db.prepare(`SELECT count(*) AS n FROM ${EVENTS_TABLE}`),
    };
    return this.statements;
  }

  private writable(): NonNullable<Statements["insertMany"]> {
    const { insertMany } = this.ready();
    if (!insertMany) throw new Error("the error store was opened read-only");
    return insertMany;
  }

  async writeBatch(events: readonly ErrorEvent[]): Promise<number> {
    // IMMEDIATE: take the write lock up front, so a busy database fails fast instead of midway.
    return this.writable().immediate(events);
  }

  async lookup(token: string): Promise<StoredEvent | null> {
    const row = this.ready().byToken.get(token);
    return row ? rowToEvent(row) : null;
  }

  async count(): Promise<number> {
    return this.ready().total.get()?.n ?? 0;
  }

  async prune(options: PruneOptions): Promise<number> {
    this.writable();
    const run = this.db.transaction(() => {
      let n = 0;
      if (options.maxAgeMs !== undefined) {
        n += this.db
          .prepare(`DELETE FROM ${EVENTS_TABLE} WHERE time < ?`)
          .run(Date.now() - options.maxAgeMs).changes;
      }
      if (options.maxCount !== undefined) {
        n += this.db
          .prepare(
            `DELETE FROM ${EVENTS_TABLE} WHERE token IN (SELECT token FROM ${EVENTS_TABLE} ORDER BY time DESC, token DESC LIMIT -1 OFFSET ?)`,
          )
          .run(Math.max(0, Math.floor(options.maxCount))).changes;
      }
      return n;
    });
    return run.immediate();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
