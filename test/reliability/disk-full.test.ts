/**
 * Disk full for SQLite (issue 8): the demo-like server's SQLite error store lives on an 8 MiB
 * tmpfs (mounted here, unmounted after; skipped with the reason when this process may not
 * mount). Once a filler file takes every free byte, requests still get their error responses,
 * the outage is logged once, events spill to the spill file (on another filesystem) — and when
 * the space is freed the store recovers by itself and replays them: every answered error's
 * token ends up in the database.
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENTS_TABLE } from "../../src/store/schema.js";
import { loadSqliteDriver } from "../../src/store/sqlite-driver.js";
import { findProgram } from "../support/require-program.js";
import { captureLog, eventually, load } from "./fault-support.js";
import { STORE_PATHS, type StoreServer, startStoreServer } from "./store-server.js";

const DOWN = "error store unavailable; spilling events until it recovers";
const UP = "error store recovered; replaying spilled events";
const PATHS = Object.keys(STORE_PATHS);

/** Why this machine cannot run the test, or null. */
function cannotMount(): string | null {
  if (process.platform !== "linux") return "tmpfs mounts need Linux";
  if (process.getuid?.() !== 0) return "mounting a tmpfs needs root";
  if (findProgram("mount", ["/usr/bin", "/bin"]) === undefined) return "no mount program";
  return null;
}

/** Mounts a tmpfs of `size` on `dir`; returns the reason when it is not permitted. */
function mountTmpfs(dir: string, size: string): string | null {
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0700`, "tmpfs", dir], {
    encoding: "utf8",
  });
  return r.status === 0 ? null : `mount -t tmpfs failed: ${(r.stderr || r.error?.message || "").trim()}`;
}

/** Writes zeros into `path` until the filesystem has no byte left; returns the bytes written. */
function fillDisk(path: string): number {
  const fd = openSync(path, "w");
  let total = 0;
  try {
    for (let size = 64 * 1024; size >= 1; size = Math.floor(size / 4)) {
      const chunk = Buffer.alloc(size);
      for (;;) {
        try {
          total += writeSync(fd, chunk);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === "ENOSPC") break;
          throw e;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return total;
}

const unsupported = cannotMount();
if (unsupported !== null) process.stdout.write(`skipping disk-full test: ${unsupported}\n`);

describe.skipIf(unsupported !== null)("SQLite on a full disk", () => {
  let root = "";
  let mnt = "";
  let spillDir = "";
  let server: StoreServer | undefined;
  let mountFailure: string | null = null;
  let mounted = false;

  // Mounted here, not at import: a filtered run that skips the test mounts nothing.
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "errata-disk-full-"));
    mnt = join(root, "tiny");
    spillDir = join(root, "spill");
    mkdirSync(mnt, { recursive: true });
    mkdirSync(spillDir, { recursive: true });
    mountFailure = mountTmpfs(mnt, "8m");
    mounted = mountFailure === null;
  });

  afterAll(async () => {
    await server?.close();
    if (mounted) {
      const r = spawnSync("umount", [mnt], { encoding: "utf8" });
      if (r.status !== 0) process.stderr.write(`umount ${mnt} failed: ${r.stderr}\n`);
      else mounted = false;
    }
    if (!mounted && root !== "") rmSync(root, { recursive: true, force: true });
  });

  it("answers every error, spills, logs once, and replays everything once space is back", async (ctx) => {
    if (mountFailure !== null) {
      process.stdout.write(`skipping disk-full test: ${mountFailure}\n`);
      ctx.skip();
      return;
    }
    const dbPath = join(mnt, "errors.db");
    const log = captureLog();
    server = await startStoreServer({
      store: dbPath,
      dataDir: spillDir,
      log: log.stream,
      storeOptions: { flushIntervalMs: 20, writeTimeoutMs: 1000, retryMinMs: 100, retryMaxMs: 400 },
    });
    const store = server.obs.store;
    const port = server.port;
    const tokens: string[] = [];
    const run = async (ms: number) => {
      // Bounded in count too: everything answered must fit the freed tmpfs (the WAL grows until
      // its checkpoint), however fast the machine.
      const hits = await load(port, ms, 6, (i) => ({ path: PATHS[i % PATHS.length] as string }), 800);
      for (const h of hits) {
        expect(h.status).toBe(STORE_PATHS[h.path]);
        tokens.push(String(h.headers["x-request-id"]));
      }
      return hits;
    };

    const before = await run(300);
    await store.flush();
    expect(await store.count()).toBe(before.length);

    // Empty the WAL first (from a second connection, as any tool could): with no byte left on the
    // disk, every later write needs space SQLite cannot get, so the disk stays full for the store
    // until the filler goes (a half-grown WAL would let small batches through now and then).
    // Through errata's driver layer: better-sqlite3, or node:sqlite where the native build cannot load.
    const side = (await loadSqliteDriver()).open(dbPath);
    try {
      expect(side.prepare("PRAGMA wal_checkpoint(TRUNCATE)").get()).toEqual({
        busy: 0,
        log: 0,
        checkpointed: 0,
      });
    } finally {
      side.close();
    }
    const filler = join(mnt, "filler");
    const filled = fillDisk(filler);
    let during = 0;
    let slowest = 0;
    // Keep the errors coming until SQLite notices the full disk (its WAL has to grow).
    const down = await eventually(
      async () => {
        const hits = await run(200);
        during += hits.length;
        slowest = Math.max(slowest, ...hits.map((h) => h.ms));
        await store.flush();
        return !store.stats().healthy;
      },
      20_000,
      0,
    );
    expect(down).toBe(true);
    during += (await run(500)).length;
    await store.flush();
    expect(store.stats().spillBacklog).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(1000);

    unlinkSync(filler);
    const replayed = await eventually(() => {
      const s = store.stats();
      return s.healthy && s.spillBacklog === 0 && s.queueDepth === 0;
    }, 20_000);
    expect(replayed).toBe(true);
    const after = await run(300);
    await store.flush();
    // Room enough on the freed disk for everything since (the WAL grows until its checkpoint).
    expect(store.stats().healthy).toBe(true);

    const db = (await loadSqliteDriver()).open(dbPath, { readOnly: true });
    let stored: Set<string>;
    try {
      stored = new Set(
        (db.prepare(`SELECT token FROM ${EVENTS_TABLE}`).all() as unknown as { token: string }[]).map(
          (r) => r.token,
        ),
      );
    } finally {
      db.close();
    }
    const missing = tokens.filter((t) => !stored.has(t));
    const s = store.stats();
    process.stdout.write(
      `disk full: filler ${Math.round(filled / 1024)} KiB; ${before.length} + ${during} + ${after.length} errors answered ` +
        `(slowest while full ${slowest.toFixed(0)} ms), ${stored.size} stored, ${missing.length} missing, ` +
        `spilled ${s.spilled}, replayed ${s.retried}, dropped ${s.dropped}, failed writes ${s.failedWrites}\n`,
    );
    expect(missing).toEqual([]);
    expect(s.dropped).toBe(0);
    expect(s.retried).toBeGreaterThan(0);
    expect(log.count(DOWN)).toBe(1);
    expect(log.count(UP)).toBe(1);
    const down1 = log.lines.find((l) => l.msg === DOWN);
    expect(String(down1?.err)).toMatch(/full/i);
  }, 90_000);
});
