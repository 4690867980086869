/**
 * PostgreSQL down (issue 8): a demo-like server (the demo's store, metrics and log wiring) with a
 * `postgres://` error store keeps answering its errors while PostgreSQL is stopped; the outage is
 * logged once, not per request; when PostgreSQL is back the spilled events are replayed by
 * themselves, and every error answered — before, during and after — is in the database.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { EVENTS_TABLE } from "../../src/store/schema.js";
import { findPostgresBin, type PostgresServer, startPostgres } from "../support/postgres.js";
import { captureLog, eventually, load } from "./fault-support.js";
import { STORE_PATHS, type StoreServer, startStoreServer } from "./store-server.js";

const bin = findPostgresBin();
const DOWN = "error store unavailable; spilling events until it recovers";
const UP = "error store recovered; replaying spilled events";
const LOST = "error store connection lost";
const PATHS = Object.keys(STORE_PATHS);

describe.skipIf(bin === undefined)("PostgreSQL stopped under load", () => {
  let server: StoreServer | undefined;
  let postgres: PostgresServer | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), "errata-pg-outage-"));
  afterAll(async () => {
    await server?.close();
    await postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers every error, logs the outage once, and stores every event after the restart", async () => {
    postgres = await startPostgres(bin);
    const url = await postgres.createDatabase();
    const log = captureLog();
    server = await startStoreServer({
      store: url,
      dataDir,
      log: log.stream,
      storeOptions: { flushIntervalMs: 20, writeTimeoutMs: 1000, retryMinMs: 100, retryMaxMs: 400 },
    });
    const port = server.port;
    const store = server.obs.store;
    const tokens: string[] = [];
    const run = async (ms: number) => {
      const hits = await load(port, ms, 6, (i) => ({ path: PATHS[i % PATHS.length] as string }));
      for (const h of hits) {
        expect(h.status).toBe(STORE_PATHS[h.path]);
        tokens.push(String(h.headers["x-request-id"]));
      }
      return hits;
    };

    const before = await run(500);
    await store.flush();
    expect(await store.count()).toBe(before.length);

    await postgres.kill("fast");
    const during = await run(1500);
    const slowest = Math.max(...during.map((h) => h.ms));
    // Errors are answered as fast as ever: the request path only enqueues.
    expect(slowest).toBeLessThan(1000);
    await store.flush();
    const downStats = store.stats();
    expect(downStats.healthy).toBe(false);
    expect(downStats.spillBacklog).toBeGreaterThan(0);

    await postgres.start();
    // Nothing to do but wait: the store probes, recovers and replays the spill by itself.
    const replayed = await eventually(() => {
      const s = store.stats();
      return s.healthy && s.spillBacklog === 0 && s.queueDepth === 0;
    }, 20_000);
    expect(replayed).toBe(true);
    const after = await run(300);
    await store.flush();

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let stored: Set<string>;
    try {
      const r = await client.query<{ token: string }>(`SELECT token FROM ${EVENTS_TABLE}`);
      stored = new Set(r.rows.map((row) => row.token));
    } finally {
      await client.end();
    }
    const missing = tokens.filter((t) => !stored.has(t));
    const s = store.stats();
    const outageLines = log.lines.filter((l) => l.msg === DOWN || l.msg === UP || l.msg === LOST);
    process.stdout.write(
      `postgres down: ${before.length} + ${during.length} + ${after.length} errors answered ` +
        `(slowest during the outage ${slowest.toFixed(0)} ms), ${stored.size} stored, ${missing.length} missing, ` +
        `spilled ${s.spilled}, replayed ${s.retried}, dropped ${s.dropped}; outage log lines: ${outageLines
          .map((l) => l.msg)
          .join(" | ")}\n`,
    );
    expect(missing).toEqual([]);
    expect(stored.size).toBe(tokens.length);
    expect(s.dropped).toBe(0);
    expect(s.retried).toBeGreaterThan(0);
    // Once for the outage, once for the recovery — not once per request, nor per connection.
    expect(log.count(DOWN)).toBe(1);
    expect(log.count(UP)).toBe(1);
    expect(log.count(LOST)).toBeLessThanOrEqual(1);
  }, 90_000);
});
