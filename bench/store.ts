/**
 * Error store rows of `npm run bench` (issue 7: "sustained write throughput for both stores"):
 * events per second the background writer commits, through the real queue (redaction, batching,
 * one transaction per batch), for SQLite on a temp file — once per SQLite driver this Node can
 * load — and for PostgreSQL when a server can be started here (test/support/postgres.ts: a
 * throwaway cluster on loopback, fsync off, so the figure is the store's cost, not the disk's).
 *
 * The producer keeps the queue at most half full (no spill, no drop: a spill would measure the
 * spill file), for a fixed time; the figure is events written ÷ time until the last is committed.
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ErrorEvent } from "../src/core/event.js";
import { availableSqliteDrivers, openStore } from "../src/store/index.js";
import type { ErrorStore, StoreLogger } from "../src/store/types.js";
import { findPostgresBin, startPostgres } from "../test/support/postgres.js";

/** One row of the store benchmark. */
export interface StoreBenchRow {
  readonly name: string;
  readonly eventsPerSecond: number;
  readonly detail: string;
}

const silent: StoreLogger = { info: () => {}, warn: () => {}, error: () => {} };

const STACK =
  "Error: could not execute statement\n" +
  Array.from(
    { length: 8 },
    (_, i) => `    at handler${i} (/srv/app/dist/routes/entities.js:${40 + i}:13)`,
  ).join("\n");

/** A realistic mix: nine 4xx events to one 5xx with a cause and a stack. */
function event(i: number): ErrorEvent {
  const token = `B${i.toString(36).padStart(15, "0")}`;
  const failed = i % 10 === 9;
  return {
    token,
    time: Date.now(),
    method: failed ? "POST" : "GET",
    path: `/entity-api/v1/entities/${i}`,
    route: "/entity-api/v1/entities/:id",
    status: failed ? 500 : 404,
    catalog: failed ? "http" : "entity-api",
    code: failed ? "internal_error" : "3001",
    name: null,
    message: failed
      ? "An unexpected error occurred. Quote the request id when contacting support."
      : "entity not found",
    clientId: "demo-client",
    durationMs: 0.42,
    cause: failed ? { class: "Error", message: "could not execute statement", stack: STACK } : null,
  };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Enqueues for `seconds` keeping the queue at most half full, then waits for every write. */
async function sustain(
  store: ErrorStore,
  seconds: number,
  maxQueue: number,
): Promise<{ rate: number; detail: string }> {
  const batchSeconds: number[] = [];
  store.onBatch((r) => {
    if (r.ok && !r.replay) batchSeconds.push(r.seconds);
  });
  const start = performance.now();
  const end = start + seconds * 1000;
  let i = 0;
  while (performance.now() < end) {
    const room = maxQueue / 2 - store.stats().queueDepth;
    for (let k = 0; k < room; k++) store.enqueue(event(i++));
    await tick();
  }
  await store.flush();
  const elapsed = (performance.now() - start) / 1000;
  const st = store.stats();
  batchSeconds.sort((a, b) => a - b);
  const p50 = batchSeconds[Math.floor(batchSeconds.length / 2)] ?? Number.NaN;
  const p99 = batchSeconds[Math.floor(batchSeconds.length * 0.99)] ?? Number.NaN;
  const lost = st.dropped + st.spilled;
  return {
    rate: st.written / elapsed,
    detail:
      `${st.written} events in ${elapsed.toFixed(1)} s, ${batchSeconds.length} batches, ` +
      `batch write p50 ${(p50 * 1000).toFixed(2)} ms p99 ${(p99 * 1000).toFixed(2)} ms` +
      (lost > 0 ? `, ${st.spilled} spilled, ${st.dropped} dropped` : ""),
  };
}

/** Measures sustained write throughput of each store available here. */
export async function runStoreBench(o: {
  quick: boolean;
  log: (s: string) => void;
}): Promise<StoreBenchRow[]> {
  const seconds = o.quick ? 1.5 : 5;
  const maxQueue = 10_000;
  const queue = { maxQueue, batchSize: 500, flushIntervalMs: 100, logger: silent, flushBeforeExit: false };
  const rows: StoreBenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), "errata-bench-store-"));
  try {
    for (const driver of await availableSqliteDrivers()) {
      o.log(`  store: SQLite (${driver}) for ${seconds} s`);
      const store = await openStore(join(dir, `${driver.replace(/\W/g, "-")}.db`), {
        ...queue,
        dataDir: dir,
        spillPath: false,
        sqlite: { driver },
      });
      try {
        const r = await sustain(store, seconds, maxQueue);
        rows.push({
          name: `store write: SQLite (${driver}, WAL, file)`,
          eventsPerSecond: r.rate,
          detail: r.detail,
        });
      } finally {
        await store.close();
      }
    }

    let bin: string | undefined;
    try {
      bin = findPostgresBin();
    } catch {
      // ERRATA_REQUIRE_SERVICES=1 makes a missing program throw: a benchmark just skips the row.
    }
    if (!bin) o.log("  store: PostgreSQL not found, skipped");
    else {
      o.log("  store: starting PostgreSQL");
      let pg: Awaited<ReturnType<typeof startPostgres>> | undefined;
      try {
        pg = await startPostgres(bin);
        const url = await pg.createDatabase("errata_bench");
        o.log(`  store: PostgreSQL for ${seconds} s`);
        const store = await openStore(url, { ...queue, dataDir: dir, spillPath: false });
        try {
          const r = await sustain(store, seconds, maxQueue);
          rows.push({
            name: "store write: PostgreSQL (loopback, fsync off)",
            eventsPerSecond: r.rate,
            detail: r.detail,
          });
        } finally {
          await store.close();
        }
      } catch (err) {
        o.log(
          `  store: PostgreSQL skipped: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`,
        );
      } finally {
        await pg?.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
