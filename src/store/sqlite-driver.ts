/**
 * One small synchronous SQLite interface over two drivers: better-sqlite3 (the optional peer
 * dependency, a native add-on) and Node's built-in `node:sqlite` (`DatabaseSync`, unflagged since
 * Node 22.13). The store prefers better-sqlite3 and falls back to `node:sqlite` when the add-on is
 * not installed or cannot load — a binary built for another Node ABI fails only when the first
 * database is opened (`ERR_DLOPEN_FAILED`), so loading probes an in-memory database.
 *
 * Both behave the same for the store: positional parameters, rows as plain objects, `changes`
 * as a number, `BEGIN IMMEDIATE` transactions, and errors carrying better-sqlite3's `code`
 * (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_NOTNULL`, …) — `node:sqlite` reports `ERR_SQLITE_ERROR` with
 * the numeric `errcode`, which is translated here so callers test one spelling.
 * @module
 */

/** The SQLite drivers errata can use. */
export type SqliteDriverName = "better-sqlite3" | "node:sqlite";

/** Which driver to use: `auto` tries better-sqlite3, then `node:sqlite`. */
export type SqliteDriverChoice = "auto" | SqliteDriverName;

/** A parameter value both drivers bind. */
export type SqliteParam = string | number | bigint | null | Uint8Array;

/** A row: column name → value. */
export type SqliteRow = Readonly<Record<string, unknown>>;

/** A prepared statement. */
export interface SqliteStatement {
  /** Executes; resolves to the number of rows changed. */
  run(...params: SqliteParam[]): number;
  /** The first row, or undefined. */
  get(...params: SqliteParam[]): SqliteRow | undefined;
  all(...params: SqliteParam[]): SqliteRow[];
}

/** An open database. Every method is synchronous, as both drivers are. */
export interface SqliteConnection {
  readonly driver: SqliteDriverName;
  readonly isOpen: boolean;
  /** Runs one or more statements without results (DDL, PRAGMA). */
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  /**
   * Runs `fn` in a `BEGIN IMMEDIATE` transaction (the write lock up front, so a busy database
   * fails fast rather than midway): COMMIT when it returns, ROLLBACK when it throws. Not
   * re-entrant.
   */
  immediate<T>(fn: () => T): T;
  /** Closes the database. Idempotent. */
  close(): void;
}

/** How to open a database. */
export interface SqliteOpenOptions {
  /** Open an existing file for reading only (a missing file is an error). */
  readonly readOnly?: boolean;
  /** How long a statement waits for another connection's lock (ms). Default 0. */
  readonly busyTimeoutMs?: number;
}

/** A loaded driver. */
export interface SqliteDriver {
  readonly name: SqliteDriverName;
  open(path: string, options?: SqliteOpenOptions): SqliteConnection;
}

// SQLite result codes (https://sqlite.org/rescode.html) → the names better-sqlite3 uses as `code`.
const PRIMARY_CODES: readonly string[] = [
  "SQLITE_OK",
  "SQLITE_ERROR",
  "SQLITE_INTERNAL",
  "SQLITE_PERM",
  "SQLITE_ABORT",
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_NOMEM",
  "SQLITE_READONLY",
  "SQLITE_INTERRUPT",
  "SQLITE_IOERR",
  "SQLITE_CORRUPT",
  "SQLITE_NOTFOUND",
  "SQLITE_FULL",
  "SQLITE_CANTOPEN",
  "SQLITE_PROTOCOL",
  "SQLITE_EMPTY",
  "SQLITE_SCHEMA",
  "SQLITE_TOOBIG",
  "SQLITE_CONSTRAINT",
  "SQLITE_MISMATCH",
  "SQLITE_MISUSE",
  "SQLITE_NOLFS",
  "SQLITE_AUTH",
  "SQLITE_FORMAT",
  "SQLITE_RANGE",
  "SQLITE_NOTADB",
  "SQLITE_NOTICE",
  "SQLITE_WARNING",
];

// The extended codes the store can meet (constraint kinds, busy/locked variants).
const EXTENDED_CODES: ReadonlyMap<number, string> = new Map([
  [261, "SQLITE_BUSY_RECOVERY"],
  [517, "SQLITE_BUSY_SNAPSHOT"],
  [773, "SQLITE_BUSY_TIMEOUT"],
  [262, "SQLITE_LOCKED_SHAREDCACHE"],
  [1032, "SQLITE_READONLY_DBMOVED"],
  [275, "SQLITE_CONSTRAINT_CHECK"],
  [1299, "SQLITE_CONSTRAINT_NOTNULL"],
  [1555, "SQLITE_CONSTRAINT_PRIMARYKEY"],
  [2067, "SQLITE_CONSTRAINT_UNIQUE"],
]);

/** better-sqlite3's `code` for a numeric SQLite result code. */
export function sqliteCodeName(errcode: number): string {
  return EXTENDED_CODES.get(errcode) ?? PRIMARY_CODES[errcode & 0xff] ?? `SQLITE_UNKNOWN_${errcode}`;
}

/** The SQLite error code (`SQLITE_BUSY`, …) of an error from either driver, or undefined. */
export function sqliteErrorCode(err: unknown): string | undefined {
  if (!err || typeof err !== "object") return undefined;
  const e = err as { code?: unknown; errcode?: unknown };
  if (typeof e.code === "string" && e.code.startsWith("SQLITE_")) return e.code;
  if (typeof e.errcode === "number") return sqliteCodeName(e.errcode);
  return undefined;
}

// ---- better-sqlite3 ------------------------------------------------------------------------

interface BetterStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

interface BetterDatabase {
  readonly open: boolean;
  exec(sql: string): unknown;
  prepare(sql: string): BetterStatement;
  close(): unknown;
}

type BetterConstructor = new (
  path: string,
  options: { readonly?: boolean; fileMustExist?: boolean; timeout?: number },
) => BetterDatabase;

function wrapBetter(db: BetterDatabase): SqliteConnection {
  const tx = transactions((sql) => db.prepare(sql));
  return {
    driver: "better-sqlite3",
    get isOpen() {
      return db.open;
    },
    exec(sql) {
      db.exec(sql);
    },
    prepare(sql) {
      const s = db.prepare(sql);
      return {
        run: (...p) => s.run(...p).changes,
        get: (...p) => s.get(...p) as SqliteRow | undefined,
        all: (...p) => s.all(...p) as SqliteRow[],
      };
    },
    immediate: tx,
    close() {
      if (db.open) db.close();
    },
  };
}

async function loadBetter(): Promise<SqliteDriver> {
  const mod = (await import("better-sqlite3")) as unknown as { default: BetterConstructor };
  const Database = mod.default;
  // The add-on loads on the first open: a binary for another Node ABI fails here, not at import.
  new Database(":memory:", {}).close();
  return {
    name: "better-sqlite3",
    open(path, options = {}) {
      const readOnly = options.readOnly === true;
      return wrapBetter(
        new Database(path, {
          readonly: readOnly,
          fileMustExist: readOnly,
          timeout: options.busyTimeoutMs ?? 0,
        }),
      );
    },
  };
}

// ---- node:sqlite ----------------------------------------------------------------------------

interface NodeStatement {
  run(...params: SqliteParam[]): { changes: number | bigint };
  get(...params: SqliteParam[]): unknown;
  all(...params: SqliteParam[]): unknown[];
}

interface NodeDatabase {
  readonly isOpen: boolean;
  exec(sql: string): void;
  prepare(sql: string): NodeStatement;
  close(): void;
}

type NodeDatabaseConstructor = new (path: string, options?: { readOnly?: boolean }) => NodeDatabase;

/** Gives a `node:sqlite` error better-sqlite3's `code`, keeping `errcode` and the message. */
function translate(err: unknown): unknown {
  if (err && typeof err === "object") {
    const e = err as { code?: unknown; errcode?: unknown };
    if (e.code === "ERR_SQLITE_ERROR" && typeof e.errcode === "number") {
      try {
        Object.defineProperty(err, "code", {
          value: sqliteCodeName(e.errcode),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      } catch {
        // A frozen error keeps its own code; sqliteErrorCode() still reads errcode.
      }
    }
  }
  return err;
}

function guarded<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      return fn(...args);
    } catch (err) {
      throw translate(err);
    }
  };
}

function wrapNode(db: NodeDatabase): SqliteConnection {
  const prepare = guarded((sql: string): SqliteStatement => {
    const s = db.prepare(sql);
    return {
      run: guarded((...p: SqliteParam[]) => Number(s.run(...p).changes)),
      // Rows come with a null prototype: copy to plain objects so they compare and print alike.
      get: guarded((...p: SqliteParam[]) => {
        const row = s.get(...p) as SqliteRow | undefined;
        return row === undefined ? undefined : { ...row };
      }),
      all: guarded((...p: SqliteParam[]) => (s.all(...p) as SqliteRow[]).map((r) => ({ ...r }))),
    };
  });
  return {
    driver: "node:sqlite",
    get isOpen() {
      return db.isOpen;
    },
    exec: guarded((sql: string) => db.exec(sql)),
    prepare,
    immediate: transactions(prepare),
    close() {
      if (db.isOpen) db.close();
    },
  };
}

function loadNode(): SqliteDriver {
  // process.getBuiltinModule (Node ≥ 20.16) returns undefined for a module this Node lacks, so
  // Node 20 and 22.x before 22.13 (flag needed) fall through to the install hint.
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const mod = getBuiltin?.call(process, "node:sqlite") as
    | { DatabaseSync?: NodeDatabaseConstructor }
    | undefined;
  const DatabaseSync = mod?.DatabaseSync;
  if (typeof DatabaseSync !== "function")
    throw new Error(`node:sqlite is not available in Node ${process.version}`);
  return {
    name: "node:sqlite",
    open(path, options = {}) {
      let db: NodeDatabase;
      try {
        // readOnly opens with SQLITE_OPEN_READONLY: a missing file fails (SQLITE_CANTOPEN).
        db = new DatabaseSync(path, { readOnly: options.readOnly === true });
      } catch (err) {
        throw translate(err);
      }
      const conn = wrapNode(db);
      try {
        // PRAGMA rather than the constructor's `timeout` option, which arrived later (22.16).
        conn.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 0))}`);
      } catch (err) {
        conn.close();
        throw err;
      }
      return conn;
    },
  };
}

// ---- shared ---------------------------------------------------------------------------------

/** BEGIN IMMEDIATE / COMMIT / ROLLBACK around a function, with the statements prepared once. */
function transactions(prepare: (sql: string) => { run(...p: SqliteParam[]): unknown }) {
  let stmts: { begin: { run(): unknown }; commit: { run(): unknown }; rollback: { run(): unknown } } | null =
    null;
  return <T>(fn: () => T): T => {
    stmts ??= {
      begin: prepare("BEGIN IMMEDIATE"),
      commit: prepare("COMMIT"),
      rollback: prepare("ROLLBACK"),
    };
    stmts.begin.run();
    let result: T;
    try {
      result = fn();
      stmts.commit.run();
    } catch (err) {
      try {
        stmts.rollback.run();
      } catch {
        // SQLite already rolled back (SQLITE_FULL, SQLITE_IOERR, …): nothing left to undo.
      }
      throw err;
    }
    return result;
  };
}

const loaded = new Map<SqliteDriverName, Promise<SqliteDriver>>();

function loadOne(name: SqliteDriverName): Promise<SqliteDriver> {
  let p = loaded.get(name);
  if (p === undefined) {
    p = name === "better-sqlite3" ? loadBetter() : Promise.resolve().then(loadNode);
    // A failure is not cached: an install between attempts (or a test's mock) may fix it.
    p.catch(() => loaded.delete(name));
    loaded.set(name, p);
  }
  return p;
}

function reasonOf(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split("\n")[0] ?? msg;
}

/**
 * Loads a driver: the one named, or for `auto` better-sqlite3 and then `node:sqlite`. Rejects with
 * an install hint naming why each failed.
 */
export async function loadSqliteDriver(choice: SqliteDriverChoice = "auto"): Promise<SqliteDriver> {
  const order: SqliteDriverName[] = choice === "auto" ? ["better-sqlite3", "node:sqlite"] : [choice];
  const reasons: string[] = [];
  for (const name of order) {
    try {
      return await loadOne(name);
    } catch (err) {
      reasons.push(`${name}: ${reasonOf(err)}`);
    }
  }
  throw new Error(
    `the SQLite error store needs better-sqlite3 (npm install better-sqlite3) or Node ≥ 22.13 for node:sqlite (${reasons.join("; ")})`,
  );
}

/** The drivers that load in this process, in preference order (tests run the suite on each). */
export async function availableSqliteDrivers(): Promise<SqliteDriverName[]> {
  const out: SqliteDriverName[] = [];
  for (const name of ["better-sqlite3", "node:sqlite"] as const) {
    try {
      await loadOne(name);
      out.push(name);
    } catch {
      // Not available here.
    }
  }
  return out;
}
