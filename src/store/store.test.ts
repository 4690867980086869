/**
 * The error store against real databases: one suite, run on a SQLite file in a temp dir through
 * each SQLite driver this Node can load (better-sqlite3; `node:sqlite` on Node ≥ 22.13) and on a
 * PostgreSQL server started by the test (skipped with a reason when PostgreSQL is absent).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { findPostgresBin, type PostgresServer, startPostgres } from "../../test/support/postgres.js";
import type { ErrorEvent } from "../core/event.js";
import { type OpenStoreOptions, openStore } from "./index.js";
import { openPostgresBackend } from "./postgres.js";
import { LATEST_VERSION, SchemaTooNewError } from "./schema.js";
import { openSqliteBackend } from "./sqlite.js";
import {
  availableSqliteDrivers,
  loadSqliteDriver,
  type SqliteConnection,
  type SqliteDriverName,
} from "./sqlite-driver.js";
import type { ErrorStore, StoreBackend, StoreLogger } from "./types.js";

const NOW = Date.now();

function token(i: number, prefix = "T"): string {
  return `${prefix}${String(i).padStart(16 - prefix.length, "0")}`;
}

function ev(i: number, over: Partial<ErrorEvent> = {}): ErrorEvent {
  return {
    token: token(i),
    time: NOW + i,
    method: "GET",
    path: `/entities/${i}`,
    route: "/entities/:id",
    status: 404,
    catalog: "entity-api",
    code: "3001",
    name: "entity_not_found",
    message: "entity not found",
    clientId: null,
    durationMs: 0.25,
    cause: null,
    ...over,
  };
}

interface LogLine {
  level: string;
  obj: object;
  msg: string;
}

function memoryLogger(): StoreLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (obj: object, msg: string) => {
    lines.push({ level, obj, msg });
  };
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, cond: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** What differs per database: where a fresh store lives, raw SQL, and how to cause an outage. */
interface Harness {
  /** A new, empty store location and its data dir (spill). */
  fresh(): Promise<{ where: string; dataDir: string }>;
  /** Raw query, bypassing errata. */
  query(where: string, sql: string): Promise<Record<string, unknown>[]>;
  backend(where: string): Promise<StoreBackend>;
  /** Make writes fail until `up()`. */
  down(where: string): Promise<void>;
  up(where: string): Promise<void>;
  /** Options that make outages detectable quickly on this backend. */
  readonly tuning: OpenStoreOptions;
}

const tmpRoot = mkdtempSync(join(tmpdir(), "errata-store-"));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));
let seq = 0;

function sqliteHarness(driverName: SqliteDriverName): Harness {
  const lockers = new Map<string, SqliteConnection>();
  // Raw access through the same driver as the store under test.
  const raw = async (where: string, readOnly: boolean) =>
    (await loadSqliteDriver(driverName)).open(where, { readOnly, busyTimeoutMs: 0 });
  return {
    async fresh() {
      const dataDir = join(tmpRoot, `sqlite-${++seq}`);
      return { where: join(dataDir, "errors.db"), dataDir };
    },
    async query(where, sql) {
      const db = await raw(where, true);
      try {
        return db.prepare(sql).all() as Record<string, unknown>[];
      } finally {
        db.close();
      }
    },
    backend: (where) => openSqliteBackend(where, { driver: driverName }),
    // A SQLite outage: another connection holds the write lock (writers get SQLITE_BUSY).
    async down(where) {
      const db = await raw(where, false);
      db.exec("BEGIN EXCLUSIVE");
      lockers.set(where, db);
    },
    async up(where) {
      const db = lockers.get(where);
      lockers.delete(where);
      db?.exec("COMMIT");
      db?.close();
    },
    tuning: { sqlite: { busyTimeoutMs: 5, driver: driverName } },
  };
}

function postgresHarness(server: () => PostgresServer): Harness {
  return {
    async fresh() {
      return { where: await server().createDatabase(), dataDir: join(tmpRoot, `pg-${++seq}`) };
    },
    async query(where, sql) {
      const c = new pg.Client({ connectionString: where });
      await c.connect();
      try {
        return (await c.query(sql)).rows as Record<string, unknown>[];
      } finally {
        await c.end();
      }
    },
    backend: (where) => openPostgresBackend(where, { failFast: true }),
    down: () => server().kill("fast"),
    up: () => server().start(),
    tuning: { postgres: { connectTimeoutMs: 1000 } },
  };
}

const pgBin = findPostgresBin();
let pgServer: PostgresServer | undefined;

const drivers = await availableSqliteDrivers();
const sqliteSuites = (["better-sqlite3", "node:sqlite"] as const).map((driver) => {
  const skip = !drivers.includes(driver);
  if (skip)
    process.stdout.write(`skipping: the ${driver} SQLite driver does not load in Node ${process.version}\n`);
  return { name: `sqlite (${driver})`, kind: "sqlite" as const, skip, harness: () => sqliteHarness(driver) };
});

const suites: { name: string; kind: "sqlite" | "postgres"; skip: boolean; harness: () => Harness }[] = [
  ...sqliteSuites,
  {
    name: "postgres",
    kind: "postgres",
    skip: !pgBin,
    harness: () => postgresHarness(() => pgServer as PostgresServer),
  },
];

it("loads at least one SQLite driver in every supported Node", () => {
  expect(drivers.length).toBeGreaterThan(0);
});

describe.each(suites)("error store on $name", ({ kind, skip, harness: makeHarness }) => {
  const name = kind;
  const h = makeHarness();
  const open: ErrorStore[] = [];

  beforeAll(async () => {
    if (name === "postgres" && !skip) pgServer = await startPostgres(pgBin);
  });
  afterAll(async () => {
    if (name === "postgres") await pgServer?.stop();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  async function store(
    options: OpenStoreOptions = {},
  ): Promise<{ s: ErrorStore; where: string; dataDir: string; log: ReturnType<typeof memoryLogger> }> {
    const { where, dataDir } = await h.fresh();
    const log = memoryLogger();
    const s = await openStore(where, { dataDir, logger: log, ...h.tuning, ...options });
    open.push(s);
    return { s, where, dataDir, log };
  }

  async function tokensIn(where: string): Promise<string[]> {
    const rows = await h.query(where, "SELECT token FROM errata_events ORDER BY token");
    return rows.map((r) => String(r.token));
  }

  it.skipIf(skip)("writes an event and looks it up by token; an unknown token is null", async () => {
    const { s } = await store();
    const internal = ev(1, {
      status: 500,
      code: "internal_error",
      name: "internal_error",
      message: "An unexpected error occurred.",
      catalog: "http",
      route: null,
      clientId: "demo-client",
      durationMs: 12.5,
      cause: {
        class: "SQLException",
        message: "SELECT * FROM users failed",
        stack: "SQLException: x\n    at f (a.ts:1:1)",
      },
    });
    const plain = ev(2, { durationMs: null, code: null, name: null });
    s.enqueue(internal);
    s.enqueue(plain);
    await s.flush();
    expect(await s.lookup(internal.token)).toEqual(internal);
    expect(await s.lookup(plain.token)).toEqual(plain);
    expect(await s.lookup("ZZZZZZZZZZZZZZZZ")).toBeNull();
    expect(await s.lookup("' OR 1=1 --")).toBeNull();
    expect(await s.count()).toBe(2);
    expect(s.stats()).toMatchObject({ written: 2, dropped: 0, spilled: 0, queueDepth: 0, healthy: true });
  });

  it.skipIf(skip)("finds an event still waiting in the queue", async () => {
    const { s } = await store({ flushIntervalMs: 60_000, batchSize: 1000 });
    s.enqueue(ev(7));
    expect(await s.count()).toBe(0);
    expect(await s.lookup(token(7))).toEqual(ev(7));
  });

  it.skipIf(skip)("creates the schema once and records its version; refuses a newer schema", async () => {
    const { s, where } = await store();
    await s.close();
    const again = await openStore(where, { ...h.tuning, spillPath: false });
    await again.close();
    const versions = await h.query(where, "SELECT version FROM errata_schema_version ORDER BY version");
    expect(versions.map((r) => Number(r.version))).toEqual([1, 2]);
    expect(LATEST_VERSION).toBe(2);
    const idx = await h.query(
      where,
      name === "sqlite"
        ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'errata_events' ORDER BY name"
        : "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'errata_events' ORDER BY indexname",
    );
    expect(idx.map((r) => String(r.name))).toContain("errata_events_time");
    // A database migrated by a newer errata is refused rather than written wrongly.
    if (name === "sqlite") {
      const db = await (await loadSqliteDriver(h.tuning.sqlite?.driver)).open(where);
      db.prepare("INSERT INTO errata_schema_version VALUES (99, 0, 'future')").run();
      db.close();
    } else {
      const c = new pg.Client({ connectionString: where });
      await c.connect();
      await c.query("INSERT INTO errata_schema_version VALUES (99, 0, 'future')");
      await c.end();
    }
    await expect(h.backend(where)).rejects.toBeInstanceOf(SchemaTooNewError);
  });

  it.skipIf(skip)("retention by age and by count, on demand and periodically", async () => {
    const { s } = await store();
    const day = 86_400_000;
    s.enqueue(ev(1, { time: NOW - 10 * day }));
    s.enqueue(ev(2, { time: NOW - 3 * day }));
    s.enqueue(ev(3, { time: NOW - 1 * day }));
    s.enqueue(ev(4, { time: NOW }));
    s.enqueue(ev(5, { time: NOW + 1 }));
    await s.flush();
    expect(await s.prune({ maxAgeMs: 2 * day })).toBe(2);
    expect(await s.lookup(token(2))).toBeNull();
    expect(await s.count()).toBe(3);
    expect(await s.prune({ maxCount: 2 })).toBe(1);
    expect(await s.lookup(token(3))).toBeNull();
    expect(await s.lookup(token(4))).not.toBeNull();
    expect(await s.lookup(token(5))).not.toBeNull();

    const periodic = await store({ retention: { maxCount: 1, intervalMs: 30 } });
    for (let i = 0; i < 5; i++) periodic.s.enqueue(ev(i));
    await periodic.s.flush();
    await waitFor("periodic retention", async () => (await periodic.s.count()) === 1);
    expect(await tokensIn(periodic.where)).toEqual([token(4)]);
  });

  it.skipIf(skip)("writes one transaction per batch: a bad row rolls back its whole batch", async () => {
    const { s, where } = await store({ batchSize: 100, flushIntervalMs: 60_000 });
    const sizes: number[] = [];
    s.onBatch((r) => sizes.push(r.size));
    for (let i = 0; i < 1000; i++) s.enqueue(ev(i));
    await s.flush();
    expect(sizes).toEqual(Array(10).fill(100));
    expect(await s.count()).toBe(1000);

    const backend = await h.backend(where);
    try {
      // NOT NULL violation in the last row: nothing of the batch is kept.
      const bad = { ...ev(5000), method: null } as unknown as ErrorEvent;
      await expect(backend.writeBatch([ev(4000), ev(4001), bad])).rejects.toThrow();
      expect(await backend.lookup(token(4000))).toBeNull();
      expect(await backend.count()).toBe(1000);
    } finally {
      await backend.close();
    }
  });

  it.skipIf(skip)("replays idempotently: a token already stored is not stored twice", async () => {
    const { s, where, dataDir } = await store();
    s.enqueue(ev(1));
    s.enqueue(ev(1, { message: "duplicate" }));
    await s.flush();
    expect(await s.count()).toBe(1);
    const backend = await h.backend(where);
    try {
      expect(await backend.writeBatch([ev(1), ev(2), ev(3)])).toBe(2);
      expect(await backend.writeBatch([ev(1), ev(2), ev(3)])).toBe(0);
    } finally {
      await backend.close();
    }
    await s.close();
    // A spill file left by a crashed run (some of it already committed before the crash).
    mkdirSync(dataDir, { recursive: true });
    const lines = [1, 2, 3, 4, 5].map((i) => JSON.stringify(ev(i)));
    writeFileSync(join(dataDir, "spill.jsonl.1-1-1.replay"), `${lines.join("\n")}\n`);
    writeFileSync(join(dataDir, "spill.jsonl"), `${JSON.stringify(ev(6))}\n{"token":"torn`);
    const log = memoryLogger();
    const again = await openStore(where, { dataDir, logger: log, ...h.tuning });
    open.push(again);
    await again.flush();
    expect(await tokensIn(where)).toEqual([1, 2, 3, 4, 5, 6].map((i) => token(i)));
    expect(again.stats()).toMatchObject({ retried: 6, dropped: 1, spillBacklog: 0 });
    expect(readdirSync(dataDir).filter((f) => f.startsWith("spill"))).toEqual([]);
    expect(log.lines.filter((l) => l.msg.includes("unreadable line"))).toHaveLength(1);
  });

  it.skipIf(skip)(
    "outage mid-load: 5000 events, the database goes away and comes back, each stored exactly once",
    async () => {
      const { s, where, dataDir, log } = await store({
        maxQueue: 300,
        batchSize: 100,
        flushIntervalMs: 5,
        retryMinMs: 20,
        retryMaxMs: 100,
        writeTimeoutMs: 3000,
      });
      const N = 5000;
      let enqueued = 0;
      let maxEnqueueMs = 0;
      const producer = (async () => {
        while (enqueued < N) {
          const t0 = performance.now();
          for (let k = 0; k < 50 && enqueued < N; k++) s.enqueue(ev(enqueued++));
          maxEnqueueMs = Math.max(maxEnqueueMs, performance.now() - t0);
          await sleep(4);
        }
      })();
      await waitFor("some writes", () => s.stats().written >= 500);
      await h.down(where);
      await waitFor("the outage to be noticed", () => !s.stats().healthy);
      await sleep(150);
      await h.up(where);
      await producer;
      await waitFor("every event stored", async () => (await s.count()) === N, 30_000);
      await waitFor("the spill to be replayed", () => s.stats().spillBacklog === 0);
      await s.flush(); // the writer's pass ends by deleting the replayed files

      const tokens = await tokensIn(where);
      expect(tokens).toHaveLength(N);
      expect(new Set(tokens)).toEqual(new Set(Array.from({ length: N }, (_, i) => token(i))));
      const st = s.stats();
      expect(st.spilled).toBeGreaterThan(0);
      expect(st.retried).toBe(st.spilled);
      expect(st.dropped).toBe(0);
      expect(st.healthy).toBe(true);
      // The outage is logged once, on the transition; each spilled event is one log line.
      expect(log.lines.filter((l) => l.msg.startsWith("error store unavailable"))).toHaveLength(1);
      expect(log.lines.filter((l) => l.msg.startsWith("error store recovered"))).toHaveLength(1);
      expect(log.lines.filter((l) => l.msg === "error event spilled")).toHaveLength(st.spilled);
      expect(readdirSync(dataDir).filter((f) => f.endsWith(".replay"))).toEqual([]);
      // The request path never waited on the database.
      // (a generous bound: waiting on the database would take the write timeout or longer)
      expect(maxEnqueueMs).toBeLessThan(1000);
    },
    60_000,
  );

  it.skipIf(skip)(
    "keeps events when the database is down at start, and writes them once it is up",
    async () => {
      const { where, dataDir } = await h.fresh();
      // Create the schema first for SQLite (a lock needs a file); PostgreSQL starts from nothing.
      if (name === "sqlite") await (await openStore(where, { ...h.tuning, spillPath: false })).close();
      await h.down(where);
      let s: ErrorStore | undefined;
      try {
        s = await openStore(where, {
          dataDir,
          logger: memoryLogger(),
          retryMinMs: 20,
          retryMaxMs: 50,
          ...h.tuning,
        });
        open.push(s);
        for (let i = 0; i < 10; i++) s.enqueue(ev(i));
        await s.flush();
        expect(s.stats()).toMatchObject({ healthy: false, spilled: 10 });
      } finally {
        await h.up(where);
      }
      await s.flush();
      expect(await s.count()).toBe(10);
    },
  );

  it.skipIf(skip)("redacts credentials before storing", async () => {
    const { s, where } = await store();
    s.enqueue(
      ev(1, {
        status: 500,
        cause: {
          class: "Error",
          message: "connect postgres://app:hunter2@db:5432/x failed; password=hunter2",
          stack: "Error: Authorization: Bearer s3cr3t-value\n    at x",
        },
        request: {
          headers: { authorization: "Bearer s3cr3t-value", cookie: "sid=abc123", "x-trace": "t-1" },
          query: { client_secret: "hunter2", page: "2" },
          body: { user: { password: "hunter2", name: "Ada" }, tags: ["a"] },
          ip: "127.0.0.1",
        },
      }),
    );
    await s.flush();
    const got = await s.lookup(token(1));
    expect(got?.cause).toEqual({
      class: "Error",
      message: "connect postgres://app:[REDACTED]@db:5432/x failed; password=[REDACTED]",
      stack: "Error: Authorization: Bearer [REDACTED]\n    at x",
    });
    expect(got?.request).toEqual({
      headers: { authorization: "Bearer [REDACTED]", cookie: "[REDACTED]", "x-trace": "t-1" },
      query: { client_secret: "[REDACTED]", page: "2" },
      body: { user: { password: "[REDACTED]", name: "Ada" }, tags: ["a"] },
      ip: "127.0.0.1",
    });
    const raw = JSON.stringify(await h.query(where, "SELECT * FROM errata_events"));
    for (const secret of ["hunter2", "s3cr3t", "abc123"]) expect(raw).not.toContain(secret);
  });

  it.skipIf(skip)(
    "flushes on SIGTERM: a child process enqueues, is terminated, and every event is stored",
    async () => {
      const { where, dataDir } = await h.fresh();
      const N = 2000;
      const script = join(tmpRoot, `child-${++seq}.mjs`);
      const storeUrl = pathToFileURL(resolve("src/store/index.ts")).href;
      writeFileSync(
        script,
        [
          `import { openStore, flushOnSignals } from ${JSON.stringify(storeUrl)};`,
          `const [where, dataDir, n, tuning] = process.argv.slice(2);`,
          // Nothing is written before the signal: a long interval and one big batch.
          `const store = await openStore(where, { ...JSON.parse(tuning), dataDir, flushIntervalMs: 600000, batchSize: 100000, maxQueue: 100000 });`,
          `flushOnSignals(store);`,
          `for (let i = 0; i < Number(n); i++) store.enqueue({ token: "S" + String(i).padStart(15, "0"), time: Date.now(), method: "POST", path: "/x", route: null, status: 400, catalog: "http", code: "bad_request", name: "bad_request", message: "bad", clientId: null, durationMs: null, cause: null });`,
          `process.stdout.write("ready\\n");`,
          `setInterval(() => {}, 1000);`,
        ].join("\n"),
      );
      const child = spawn(
        process.execPath,
        ["--import", "tsx", script, where, dataDir, String(N), JSON.stringify(h.tuning)],
        {
          cwd: process.cwd(),
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
        child.once("exit", (code, signal) => res({ code, signal })),
      );
      await new Promise<void>((res, rej) => {
        child.stdout.on("data", (d: Buffer) => {
          if (d.toString().includes("ready")) res();
        });
        child.once("exit", () => rej(new Error(`child exited early: ${stderr}`)));
      });
      const before = await h.query(where, "SELECT count(*) AS n FROM errata_events");
      expect(Number(before[0]?.n)).toBe(0);
      child.kill("SIGTERM");
      const { signal } = await exited;
      // Node 22 warns once that node:sqlite is experimental; anything else on stderr is a failure.
      expect(stderr.replace(/^.*(ExperimentalWarning|--trace-warnings).*\n/gm, "")).toBe("");
      // The store re-raised the signal after flushing: the process ended as SIGTERM ends it.
      expect(signal).toBe("SIGTERM");
      const after = await h.query(where, "SELECT count(*) AS n FROM errata_events");
      expect(Number(after[0]?.n)).toBe(N);
      expect(existsSync(join(dataDir, "spill.jsonl"))).toBe(false);
    },
    30_000,
  );
});
