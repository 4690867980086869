/**
 * The Redis store against a real redis-server (CONTRACT §1): same decisions as the memory store, one
 * limit shared by two processes, the server clock, the script cache, and outages (killed, hung).
 */
import { spawn } from "node:child_process";
import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type TestRedis } from "../../test/support/redis.js";
import { requireProgram } from "../../test/support/require-program.js";
import { MemoryRateLimitStore } from "./memory.js";
import { createRedisStore, RedisRateLimitStore } from "./redis.js";
import { RATE_LIMIT_SCRIPT_SHA } from "./redis-script.js";
import type { Decision, RateLimitAlgorithm, RateLimitLogger, RateLimitPolicy } from "./types.js";

const program = requireProgram("redis-server");

function outcome(d: Decision) {
  return { allowed: d.allowed, remaining: d.remaining, resetMs: d.resetMs, retryAfterMs: d.retryAfterMs };
}

function recordingLogger() {
  const lines: { level: "warn" | "info"; msg: string | undefined }[] = [];
  const logger: RateLimitLogger = {
    warn: (_obj, msg) => lines.push({ level: "warn", msg }),
    info: (_obj, msg) => lines.push({ level: "info", msg }),
  };
  return { lines, logger };
}

/** The outage tests' per-decision timeout, and the scheduling slack allowed on a loaded 2-core machine. */
// Generous bounds: these prove "never hangs" (a hung Redis would hold a request forever), not speed;
// the machine running CI may be loaded.
const TIMEOUT = 400;
const SLACK = 1600;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One child process: waits for "go" on stdin, then fires `attempts` concurrent consumes per policy. */
const WORKER = `
const { createRedisStore } = await import(process.env.STORE_MODULE);
const store = await createRedisStore({ url: process.env.REDIS_URL, timeoutMs: 5000 });
const policies = JSON.parse(process.env.POLICIES);
process.stdout.write("ready\\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
const result = {};
// One request after another per policy, so the two processes' requests interleave at the server.
await Promise.all(policies.map(async (p) => {
  const ds = [];
  for (let i = 0; i < Number(process.env.ATTEMPTS); i++) ds.push(await store.consume("shared", p));
  result[p.name] = { allowed: ds.filter((d) => d.allowed).length, degraded: ds.filter((d) => d.degraded).length };
}));
process.stdout.write(JSON.stringify(result) + "\\n");
await store.close();
process.stdin.destroy();
`;

function startWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", WORKER], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  child.stdout.on("data", (c: Buffer) => {
    out += c.toString();
    let i = out.indexOf("\n");
    while (i >= 0) {
      lines.push(out.slice(0, i));
      out = out.slice(i + 1);
      i = out.indexOf("\n");
    }
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const nextLine = async (): Promise<string> => {
    while (lines.length === 0) {
      const more = new Promise<void>((resolve) => waiters.push(resolve));
      const code = await Promise.race([more.then(() => "more" as const), exited]);
      if (code !== "more" && lines.length === 0) throw new Error(`worker exited (${code}): ${err}`);
    }
    return lines.shift()!;
  };
  return { child, nextLine, exited };
}

describe.skipIf(program === undefined)("RedisRateLimitStore", () => {
  let redis: TestRedis;
  let raw: Redis;

  beforeAll(async () => {
    redis = await startRedis(program);
    raw = new Redis(redis.url, { lazyConnect: true });
    raw.on("error", () => {}); // the outage tests kill the server under it
    await raw.connect();
  });

  afterAll(async () => {
    raw?.disconnect();
    await redis?.stop();
  });

  it("makes the same decisions as the memory store for the same clock (all algorithms, consume and peek)", async () => {
    let run = 0;
    const algorithm = fc.constantFrom<RateLimitAlgorithm>("gcra", "sliding-window", "fixed-window");
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          name: fc.constant("p"),
          limit: fc.integer({ min: 1, max: 8 }),
          windowMs: fc.integer({ min: 1, max: 3000 }),
          algorithm,
        }),
        fc.array(
          fc.record({
            gap: fc.oneof(
              fc.constant(0),
              fc.integer({ min: 0, max: 100 }),
              fc.integer({ min: 0, max: 4000 }),
            ),
            cost: fc.integer({ min: 1, max: 8 }),
            peek: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        async (policy: RateLimitPolicy, ops) => {
          let clock = 1_700_000_000_000;
          const memory = new MemoryRateLimitStore({ now: () => clock });
          const store = new RedisRateLimitStore(raw, {
            prefix: `same${run++}:`,
            now: () => clock,
            timeoutMs: 5000,
          });
          for (const op of ops) {
            clock += op.gap;
            const cost = 1 + ((op.cost - 1) % policy.limit);
            const fromRedis = op.peek
              ? await store.peek("k", policy, cost)
              : await store.consume("k", policy, cost);
            const fromMemory = op.peek ? memory.peek("k", policy, cost) : memory.consume("k", policy, cost);
            expect(fromRedis.degraded).toBeUndefined();
            expect(outcome(fromRedis)).toEqual(outcome(fromMemory));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("uses the Redis server's clock by default: the 11th of 10 a minute is refused", async () => {
    const store = await createRedisStore({ client: raw, prefix: "server-clock:", timeoutMs: 5000 });
    const sliding: RateLimitPolicy = { name: "identity", limit: 10, windowMs: 60_000 };
    const gcra: RateLimitPolicy = { name: "identity-gcra", limit: 10, windowMs: 60_000, algorithm: "gcra" };
    for (let i = 0; i < 10; i++) {
      expect((await store.consume("demo-client", sliding)).remaining).toBe(9 - i);
      expect((await store.consume("demo-client", gcra)).allowed).toBe(true);
    }
    const refused = await store.consume("demo-client", sliding);
    expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    expect(refused.retryAfterMs).toBeGreaterThan(55_000);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    const refusedGcra = await store.consume("demo-client", gcra);
    expect(refusedGcra.allowed).toBe(false);
    expect(refusedGcra.retryAfterMs).toBeGreaterThan(1000);
    expect(refusedGcra.retryAfterMs).toBeLessThanOrEqual(6000);
    // Keys expire with their window: nothing lingers in Redis.
    const ttl = await raw.pttl("server-clock:identity:s:demo-client");
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await store.reset("demo-client", sliding);
    expect((await store.consume("demo-client", sliding)).remaining).toBe(9);
    await store.close(); // a client it was given stays open
    expect(await raw.ping()).toBe("PONG");
  });

  it("reloads its script after the server's script cache is flushed (NOSCRIPT → EVAL)", async () => {
    const store = new RedisRateLimitStore(raw, { prefix: "noscript:", timeoutMs: 5000 });
    const policy: RateLimitPolicy = { name: "p", limit: 2, windowMs: 60_000 };
    await store.consume("k", policy);
    expect(await raw.script("EXISTS", RATE_LIMIT_SCRIPT_SHA)).toEqual([1]);
    await raw.script("FLUSH");
    expect(await raw.script("EXISTS", RATE_LIMIT_SCRIPT_SHA)).toEqual([0]);
    expect(outcome(await store.consume("k", policy))).toMatchObject({ allowed: true, remaining: 0 });
    expect(await raw.script("EXISTS", RATE_LIMIT_SCRIPT_SHA)).toEqual([1]);
  });

  it("two processes sharing one limit never admit more than the limit together", async () => {
    const policies: RateLimitPolicy[] = [
      { name: "shared-sliding", limit: 25, windowMs: 3_600_000 },
      { name: "shared-gcra", limit: 25, windowMs: 3_600_000, algorithm: "gcra" },
      { name: "shared-daily", limit: 25, windowMs: 86_400_000, algorithm: "fixed-window" },
    ];
    const env = {
      STORE_MODULE: new URL("./redis.ts", import.meta.url).href,
      REDIS_URL: redis.url,
      POLICIES: JSON.stringify(policies),
      ATTEMPTS: "40",
    };
    const workers = [startWorker(env), startWorker(env)];
    for (const w of workers) expect(await w.nextLine()).toBe("ready");
    for (const w of workers) w.child.stdin.write("go\n");
    const results = await Promise.all(
      workers.map(
        async (w) => JSON.parse(await w.nextLine()) as Record<string, { allowed: number; degraded: number }>,
      ),
    );
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
    for (const p of policies) {
      const [a, b] = results.map((r) => r[p.name]!);
      expect(a!.degraded + b!.degraded).toBe(0);
      // 80 attempts against a limit of 25: exactly 25 admitted, split between the processes.
      expect(a!.allowed + b!.allowed).toBe(25);
    }
  });

  it("rejects unusable options", async () => {
    await expect(createRedisStore({})).rejects.toThrow("createRedisStore needs a client or a url");
    // @ts-expect-error: a fail mode that does not exist
    expect(() => new RedisRateLimitStore(raw, { failMode: "maybe" })).toThrow(/failMode/);
  });

  // The outage tests kill and freeze the server: they run last.
  it("Redis killed: fails open within the timeout, logs the outage once, recovers after restart", async () => {
    const { lines, logger } = recordingLogger();
    const store = await createRedisStore({
      url: redis.url,
      timeoutMs: TIMEOUT,
      probeIntervalMs: 100,
      logger,
    });
    const policy: RateLimitPolicy = { name: "p", limit: 3, windowMs: 60_000 };
    expect(await store.consume("k", policy)).toMatchObject({ allowed: true, remaining: 2 });
    expect(store.available).toBe(true);

    await redis.kill();
    const started = Date.now();
    let slowest = 0;
    while (Date.now() - started < 400) {
      const t = performance.now();
      const d = await store.consume("k", policy);
      slowest = Math.max(slowest, performance.now() - t);
      expect(d).toMatchObject({ allowed: true, degraded: true });
      await sleep(5);
    }
    expect(slowest).toBeLessThan(TIMEOUT + SLACK);
    expect(store.available).toBe(false);
    expect(lines).toEqual([{ level: "warn", msg: "rate limit store unavailable: failing open" }]);

    await redis.restart();
    let d: Decision | undefined;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      d = await store.consume("k", policy);
      if (!d.degraded) break;
      await sleep(20);
    }
    // The restarted server lost its data (no persistence): a fresh count.
    expect(d).toEqual({
      allowed: true,
      limit: 3,
      remaining: 2,
      resetMs: 60_000,
      retryAfterMs: 0,
      policy: { ...policy, algorithm: "sliding-window" },
    });
    expect(lines.map((l) => l.level)).toEqual(["warn", "info"]);
    expect(lines[1]!.msg).toBe("rate limit store available again");
    await store.close();
  });

  it("Redis hung: fails closed within the timeout for every concurrent request, then recovers", async () => {
    const { lines, logger } = recordingLogger();
    const store = await createRedisStore({
      url: redis.url,
      timeoutMs: TIMEOUT,
      probeIntervalMs: 1000,
      failMode: "closed",
      logger,
    });
    const policy: RateLimitPolicy = { name: "hung", limit: 100, windowMs: 60_000 };
    expect((await store.consume("k", policy)).degraded).toBeUndefined();

    redis.pause();
    try {
      const t = performance.now();
      const ds = await Promise.all(Array.from({ length: 20 }, () => store.consume("k", policy)));
      expect(performance.now() - t).toBeLessThan(TIMEOUT + SLACK);
      for (const d of ds) {
        expect(d).toEqual({
          allowed: false,
          limit: 100,
          remaining: 0,
          resetMs: 1000,
          retryAfterMs: 1000,
          policy: { ...policy, algorithm: "sliding-window" },
          degraded: true,
        });
      }
      // While down, requests between probes do not wait for Redis at all.
      const t2 = performance.now();
      expect((await store.consume("k", policy)).degraded).toBe(true);
      expect(performance.now() - t2).toBeLessThan(TIMEOUT / 2);
      expect(lines).toEqual([{ level: "warn", msg: "rate limit store unavailable: failing closed" }]);
    } finally {
      redis.resume();
    }
    let d: Decision | undefined;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      d = await store.consume("k", policy);
      if (!d.degraded) break;
      await sleep(20);
    }
    expect(d?.degraded).toBeUndefined();
    expect(d?.allowed).toBe(true);
    expect(lines.map((l) => l.level)).toEqual(["warn", "info"]);
    await store.close();
  });
});
