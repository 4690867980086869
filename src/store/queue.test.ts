/**
 * The queue and writer on the memory backend, whose faults (down, slow) are switches: batching
 * triggers, bounds, spill and replay, timeouts, close.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { ErrorEvent } from "../core/event.js";
import { createMemoryBackend, type MemoryBackend } from "./memory.js";
import { createQueuedStore, type QueueOptions } from "./queue.js";
import type { ErrorStore, StoreLogger } from "./types.js";

function token(i: number): string {
  return `Q${String(i).padStart(15, "0")}`;
}

function ev(i: number, over: Partial<ErrorEvent> = {}): ErrorEvent {
  return {
    token: token(i),
    time: 1_700_000_000_000 + i,
    method: "POST",
    path: "/oauth/token",
    route: "/oauth/token",
    status: 400,
    catalog: "oauth",
    code: "invalid_request",
    name: "invalid_request",
    message: "The request is missing a required parameter.",
    clientId: "demo-client",
    durationMs: 1,
    cause: null,
    ...over,
  };
}

interface LogLine {
  level: string;
  obj: Record<string, unknown>;
  msg: string;
}

function memoryLogger(): StoreLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (obj: object, msg: string) => {
    lines.push({ level, obj: obj as Record<string, unknown>, msg });
  };
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("timed out");
    await sleep(5);
  }
}
const dir = mkdtempSync(join(tmpdir(), "errata-queue-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;
const opened: ErrorStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function make(
  options: QueueOptions = {},
  backend: MemoryBackend = createMemoryBackend(),
): Promise<{ s: ErrorStore; b: MemoryBackend; log: ReturnType<typeof memoryLogger>; spillPath: string }> {
  const log = memoryLogger();
  const spillPath = join(dir, `q${++seq}`, "spill.jsonl");
  const s = await createQueuedStore(backend, { logger: log, spillPath, ...options });
  opened.push(s);
  return { s, b: backend, log, spillPath };
}

describe("queued store: batching", () => {
  it("writes as soon as a batch is full, draining what is queued", async () => {
    const { s, b } = await make({ batchSize: 10, flushIntervalMs: 60_000 });
    for (let i = 0; i < 25; i++) s.enqueue(ev(i));
    expect(b.batches).toEqual([]);
    expect(s.stats().queueDepth).toBe(25);
    await sleep(5);
    expect(b.batches).toEqual([10, 10, 5]);
    expect(s.stats()).toMatchObject({ queueDepth: 0, written: 25 });
  });

  it("writes a partial batch after the flush interval", async () => {
    const { s, b } = await make({ batchSize: 10, flushIntervalMs: 40 });
    for (let i = 0; i < 3; i++) s.enqueue(ev(i));
    await sleep(10);
    expect(b.batches).toEqual([]);
    await sleep(60);
    expect(b.batches).toEqual([3]);
  });

  it("flush() writes what is queued without waiting for the interval", async () => {
    const { s, b } = await make({ batchSize: 100, flushIntervalMs: 60_000 });
    for (let i = 0; i < 3; i++) s.enqueue(ev(i));
    await s.flush();
    expect(b.batches).toEqual([3]);
    expect(await s.count()).toBe(3);
  });

  it("enqueue never throws and redacts at write time, even for odd events", async () => {
    const { s, b } = await make({ flushIntervalMs: 1 });
    const cyclic: Record<string, unknown> = { password: "x" };
    cyclic.self = cyclic;
    const hostile = {
      ...ev(1),
      request: {
        body: cyclic,
        get headers(): never {
          throw new Error("getter");
        },
      },
    } as unknown as ErrorEvent;
    expect(() => s.enqueue(hostile)).not.toThrow();
    s.enqueue(ev(2, { request: { body: cyclic } }));
    await s.flush();
    expect(b.all().map((e) => e.token)).toEqual([token(1), token(2)]);
    expect(b.all()[0]?.request).toBeUndefined();
    expect(b.all()[1]?.request).toEqual({ body: { password: "[REDACTED]", self: "[REDACTED]" } });
  });
});

describe("queued store: outages", () => {
  it("spills while down (outage logged once), replays after recovery, nothing lost or doubled", async () => {
    const { s, b, log, spillPath } = await make({
      batchSize: 5,
      flushIntervalMs: 1,
      retryMinMs: 10,
      retryMaxMs: 20,
    });
    b.fault.down = true;
    for (let i = 0; i < 12; i++) s.enqueue(ev(i, { request: { headers: { cookie: "sid=secret1" } } }));
    await s.flush();
    for (let i = 12; i < 20; i++) s.enqueue(ev(i));
    await s.flush();
    expect(s.stats()).toMatchObject({ healthy: false, spilled: 20, queueDepth: 0, dropped: 0 });
    expect(log.lines.filter((l) => l.level === "error")).toHaveLength(1);
    expect(log.lines[0]?.msg).toBe("error store unavailable; spilling events until it recovers");
    const spilledLines = log.lines.filter((l) => l.msg === "error event spilled");
    expect(spilledLines).toHaveLength(20);
    // Spilled events are redacted in the log and in the file.
    expect((spilledLines[0]?.obj.event as ErrorEvent | undefined)?.request).toEqual({
      headers: { cookie: "[REDACTED]" },
    });
    // Probes claim the live file for replay (renaming it): read every spill file.
    const spillDir = join(spillPath, "..");
    const file = readdirSync(spillDir)
      .map((f) => readFileSync(join(spillDir, f), "utf8"))
      .join("");
    expect(file.trim().split("\n")).toHaveLength(20);
    expect(file).not.toContain("secret1");

    b.fault.down = false;
    // The next probe (within retryMaxMs) finds it up and replays: no flush() needed.
    await waitFor(async () => (await s.count()) === 20 && s.stats().spillBacklog === 0);
    await s.flush(); // let the writer finish its pass (it deletes the replayed file)
    expect(s.stats()).toMatchObject({ healthy: true, retried: 20, spillBacklog: 0, written: 20 });
    expect(log.lines.filter((l) => l.msg.startsWith("error store recovered"))).toHaveLength(1);
    expect(readdirSync(join(spillPath, ".."))).toEqual([]);
  });

  it("a write slower than the timeout is spilled; the late commit and the replay store it once", async () => {
    const { s, b } = await make({ batchSize: 10, flushIntervalMs: 1, writeTimeoutMs: 20, retryMinMs: 10 });
    b.fault.delayMs = 60;
    for (let i = 0; i < 10; i++) s.enqueue(ev(i));
    await s.flush();
    expect(s.stats()).toMatchObject({ healthy: false, spilled: 10, failedWrites: 1 });
    b.fault.delayMs = 0;
    await sleep(80);
    await s.flush();
    expect(await s.count()).toBe(10);
    expect(s.stats()).toMatchObject({ healthy: true, retried: 10 });
    // The slow write committed too: the replay inserted nothing new.
    expect(b.batches).toEqual([10, 10]);
  });

  it("bounded: a full queue overflows to the spill; without a spill file it drops", async () => {
    const withSpill = await make({ maxQueue: 5, batchSize: 100, flushIntervalMs: 60_000 });
    withSpill.b.fault.down = true;
    for (let i = 0; i < 8; i++) withSpill.s.enqueue(ev(i));
    expect(withSpill.s.stats().queueDepth).toBe(8);
    await withSpill.s.flush();
    expect(withSpill.s.stats()).toMatchObject({ spilled: 8, dropped: 0 });

    const noSpill = await make({ maxQueue: 5, batchSize: 100, flushIntervalMs: 60_000, spillPath: false });
    noSpill.b.fault.down = true;
    for (let i = 0; i < 8; i++) noSpill.s.enqueue(ev(i));
    expect(noSpill.s.stats()).toMatchObject({ queueDepth: 5, dropped: 3 });
    await noSpill.s.flush();
    // Kept in memory for the next probe.
    expect(noSpill.s.stats()).toMatchObject({ queueDepth: 5, healthy: false });
    noSpill.b.fault.down = false;
    await noSpill.s.flush();
    expect(await noSpill.s.count()).toBe(5);
  });

  it("backs off between probes and does not log each failure", async () => {
    const { s, b, log } = await make({ batchSize: 1, flushIntervalMs: 1, retryMinMs: 20, retryMaxMs: 40 });
    b.fault.down = true;
    const at: number[] = [];
    s.onBatch(() => at.push(performance.now()));
    s.enqueue(ev(1));
    await waitFor(() => at.length >= 4);
    // First write, then probes (replaying the spilled event) 20, 40, 40 ms apart at least.
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    expect(gaps[0]).toBeGreaterThanOrEqual(15);
    expect(gaps[1]).toBeGreaterThanOrEqual(35);
    expect(gaps[2]).toBeGreaterThanOrEqual(35);
    expect(log.lines.filter((l) => l.level === "error")).toHaveLength(1);
    expect(s.stats().failedWrites).toBe(at.length);
  });
});

describe("queued store: look-up, close and restart", () => {
  it("looks up queued and stored events; redacted either way", async () => {
    const { s } = await make({ flushIntervalMs: 60_000 });
    s.enqueue(ev(1, { request: { headers: { authorization: "Basic dXNlcjpwYXNz" } } }));
    expect((await s.lookup(token(1)))?.request).toEqual({ headers: { authorization: "Basic [REDACTED]" } });
    await s.flush();
    expect((await s.lookup(token(1)))?.request).toEqual({ headers: { authorization: "Basic [REDACTED]" } });
    expect(await s.lookup(token(2))).toBeNull();
  });

  it("close() flushes; later enqueues are dropped; closing twice is fine", async () => {
    const { s, b } = await make({ flushIntervalMs: 60_000 });
    for (let i = 0; i < 7; i++) s.enqueue(ev(i));
    await s.close();
    expect(b.all()).toHaveLength(7);
    s.enqueue(ev(99));
    expect(s.stats().dropped).toBe(1);
    await s.close();
  });

  it("closing while down leaves a spill file that the next start replays", async () => {
    const first = await make({ flushIntervalMs: 60_000 });
    first.b.fault.down = true;
    for (let i = 0; i < 30; i++) first.s.enqueue(ev(i));
    await first.s.close();
    expect(first.s.stats()).toMatchObject({ spilled: 30, dropped: 0 });
    expect(existsSync(first.spillPath)).toBe(true);

    const b2 = createMemoryBackend();
    b2.writeBatch([ev(0), ev(1)]); // committed before the crash
    const log = memoryLogger();
    const second = await createQueuedStore(b2, { logger: log, spillPath: first.spillPath, batchSize: 8 });
    opened.push(second);
    expect(second.stats().spillBacklog).toBe(30);
    await second.flush();
    expect(await second.count()).toBe(30);
    expect(second.stats()).toMatchObject({ retried: 30, spillBacklog: 0 });
    expect(readdirSync(join(first.spillPath, ".."))).toEqual([]);
  });

  it("a failed replay keeps the file and starts it over later", async () => {
    const spillDir = join(dir, `replay${++seq}`);
    const spillPath = join(spillDir, "spill.jsonl");
    const lines = Array.from({ length: 10 }, (_, i) => JSON.stringify(ev(i)));
    const { mkdirSync } = await import("node:fs");
    mkdirSync(spillDir, { recursive: true });
    writeFileSync(`${spillPath}.5-1-1.replay`, `${lines.join("\n")}\n`);
    const b = createMemoryBackend();
    let calls = 0;
    const flaky = {
      ...b,
      async writeBatch(events: readonly ErrorEvent[]) {
        // The second batch of the first pass fails.
        if (++calls === 2) throw new Error("connection reset");
        return b.writeBatch(events);
      },
    };
    const s = await createQueuedStore(flaky, {
      logger: memoryLogger(),
      spillPath,
      batchSize: 4,
      retryMinMs: 5,
    });
    opened.push(s);
    await s.flush();
    expect(await s.count()).toBe(4);
    await sleep(20);
    await s.flush();
    expect(await s.count()).toBe(10);
    expect(b.batches).toEqual([4, 4, 4, 2]);
    expect(readdirSync(spillDir)).toEqual([]);
  });
});
