/**
 * The shared error store for many server processes: PostgreSQL through pg — an optional peer
 * dependency, imported only when a `postgres://` store is opened.
 *
 * Same schema and interface as SQLite. A batch is one transaction of multi-row
 * `INSERT … ON CONFLICT (token) DO NOTHING` statements, so a replay after an unacknowledged
 * commit stores nothing twice. Connection failures surface only as rejected writes, which the
 * queue turns into spills and retries — never into the request path. When the server is down at
 * start, the schema is created on the first write that reaches it.
 * @module
 */
import type pg from "pg";
import type { ErrorEvent } from "../core/event.js";
import {
  COLUMNS,
  EVENTS_TABLE,
  eventToRow,
  LATEST_VERSION,
  MIGRATIONS,
  type Row,
  type RowValue,
  rowToEvent,
  SchemaTooNewError,
  VERSION_TABLE,
} from "./schema.js";
import type { PruneOptions, StoreBackend, StoredEvent } from "./types.js";

/** Options for the PostgreSQL backend. */
export interface PostgresBackendOptions {
  /** Look-ups only: no migration; a missing schema is an error. */
  readonly readOnly?: boolean;
  /** Connections in the pool. Default 4. */
  readonly poolSize?: number;
  /** Give up connecting after this long (ms). Default 3000. */
  readonly connectTimeoutMs?: number;
  /** Server-side statement timeout (ms). Default 10000. */
  readonly statementTimeoutMs?: number;
  /** Rows per INSERT statement (PostgreSQL allows 65535 parameters; 16 columns each). Default 1000. */
  readonly rowsPerStatement?: number;
  /** Errors of idle pooled connections (the server went away); they must not crash the process. */
  readonly onIdleError?: (err: Error) => void;
  /** Throw from open when the first connection or migration fails (else retry on first use). */
  readonly failFast?: boolean;
}

type PgModule = typeof pg;

let driver: Promise<PgModule> | undefined;

function loadDriver(): Promise<PgModule> {
  driver ??= import("pg").then(
    (m) => (m.default ?? m) as PgModule,
    () => {
      driver = undefined;
      throw new Error("the PostgreSQL error store needs pg: npm install pg");
    },
  );
  return driver;
}

// An arbitrary constant pair for pg_advisory_xact_lock: serialises migrations across processes.
const MIGRATION_LOCK = [0x65727261, 0x7461] as const;

/** True for `postgres://` and `postgresql://` URLs. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** The URL with any password replaced, for messages. */
export function safeUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@/\s]*@/i, "$1:***@");
}

/** Opens the PostgreSQL store at `url` (creating and migrating the schema unless read-only). */
export async function openPostgresBackend(
  url: string,
  options: PostgresBackendOptions = {},
): Promise<StoreBackend> {
  const { Pool } = await loadDriver();
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    statement_timeout: options.statementTimeoutMs ?? 10_000,
    idleTimeoutMillis: 10_000,
    // An idle store must not keep the process alive.
    allowExitOnIdle: true,
    application_name: "errata",
  });
  pool.on("error", (err) => options.onIdleError?.(err));
  const backend = new PostgresBackend(pool, options);
  try {
    await backend.ready();
  } catch (err) {
    if (options.failFast || options.readOnly) {
      await pool.end().catch(() => {});
      throw err;
    }
  }
  return backend;
}

/** Applies pending migrations in one transaction under an advisory lock. */
async function migratePostgres(client: pg.PoolClient): Promise<number> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1, $2)", [...MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (version INTEGER PRIMARY KEY NOT NULL, applied_at BIGINT NOT NULL, description TEXT NOT NULL)`,
    );
    const current = await versionOf(client);
    if (current > LATEST_VERSION) throw new SchemaTooNewError(current);
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      for (const sql of m.postgres) await client.query(sql);
      await client.query(
        `INSERT INTO ${VERSION_TABLE} (version, applied_at, description) VALUES ($1, $2, $3)`,
        [m.version, Date.now(), m.description],
      );
    }
    await client.query("COMMIT");
    return LATEST_VERSION;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  }
}

async function versionOf(client: pg.PoolClient): Promise<number> {
  const r = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${VERSION_TABLE}`);
  return r.rows[0]?.v ?? 0;
}

class PostgresBackend implements StoreBackend {
  readonly kind = "postgres";
  private readyPromise: Promise<void> | null = null;
  private readonly rowsPerStatement: number;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresBackendOptions,
  ) {
    this.rowsPerStatement = Math.max(
      1,
      Math.min(options.rowsPerStatement ?? 1000, Math.floor(65535 / COLUMNS.length)),
    );
  }

  /** Migrates (or checks the schema when read-only) once; retried after a failure. */
  ready(): Promise<void> {
    this.readyPromise ??= this.withClient(async (client) => {
      if (this.options.readOnly) {
        const r = await client.query<{ t: string | null }>("SELECT to_regclass($1) AS t", [VERSION_TABLE]);
        if (!r.rows[0]?.t) throw new Error("not an errata error store (no schema version table)");
        const v = await versionOf(client);
        if (v > LATEST_VERSION) throw new SchemaTooNewError(v);
      } else {
        await migratePostgres(client);
      }
    }).catch((err: unknown) => {
      this.readyPromise = null;
      throw err;
    });
    return this.readyPromise;
  }

  private async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // pg-pool removes its error listener from a checked-out client; a server shutdown arriving
    // between two queries would otherwise be an uncaught 'error' event that ends the process.
    const onError = (err: Error): void => {
      broken = err;
    };
    client.on("error", onError);
    try {
      return await fn(client);
    } catch (err) {
      // After a failure the connection may be dead (server restart, 57P01): release(err) destroys
      // it instead of returning it to the pool. Errors are rare here (ON CONFLICT), so this is cheap.
      broken = err instanceof Error ? err : new Error(String(err));
      throw err;
    } finally {
      client.off("error", onError);
      client.release(broken);
    }
  }

  async writeBatch(events: readonly ErrorEvent[]): Promise<number> {
    if (this.options.readOnly) throw new Error("the error store was opened read-only");
    if (events.length === 0) return 0;
    await this.ready();
    return this.withClient(async (client) => {
      await client.query("BEGIN");
      try {
        let inserted = 0;
        for (let i = 0; i < events.length; i += this.rowsPerStatement) {
          const chunk = events.slice(i, i + this.rowsPerStatement);
          const values: RowValue[] = [];
          const tuples: string[] = [];
          for (const e of chunk) {
            const row = eventToRow(e);
            const base = values.length;
            tuples.push(`(${row.map((_, j) => `$${base + j + 1}`).join(", ")})`);
            values.push(...row);
          }
          const r = await client.query(
            `INSERT INTO ${EVENTS_TABLE} (${COLUMNS.join(", ")}) VALUES ${tuples.join(", ")} ON CONFLICT (token) DO NOTHING`,
            values,
          );
          inserted += r.rowCount ?? 0;
        }
        await client.query("COMMIT");
        return inserted;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      }
    });
  }

  async lookup(token: string): Promise<StoredEvent | null> {
    await this.ready();
    const r = await this.pool.query<Row>(`SELECT * FROM ${EVENTS_TABLE} WHERE token = $1`, [token]);
    const row = r.rows[0];
    return row ? rowToEvent(row) : null;
  }

  async count(): Promise<number> {
    await this.ready();
    const r = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${EVENTS_TABLE}`);
    return Number(r.rows[0]?.n ?? 0);
  }

  async prune(options: PruneOptions): Promise<number> {
    if (this.options.readOnly) throw new Error("the error store was opened read-only");
    await this.ready();
    return this.withClient(async (client) => {
      await client.query("BEGIN");
      try {
        let n = 0;
        if (options.maxAgeMs !== undefined) {
          const r = await client.query(`DELETE FROM ${EVENTS_TABLE} WHERE time < $1`, [
            Date.now() - options.maxAgeMs,
          ]);
          n += r.rowCount ?? 0;
        }
        if (options.maxCount !== undefined) {
          const r = await client.query(
            `DELETE FROM ${EVENTS_TABLE} WHERE token IN (SELECT token FROM ${EVENTS_TABLE} ORDER BY time DESC, token DESC OFFSET $1)`,
            [Math.max(0, Math.floor(options.maxCount))],
          );
          n += r.rowCount ?? 0;
        }
        await client.query("COMMIT");
        return n;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => {});
  }
}
