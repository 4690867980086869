/**
 * Redis down (issue 8): a server whose rate limits live in Redis keeps answering while Redis is
 * killed — `/open` fails open (admits), `/closed` fails closed (429 with Retry-After) — within the
 * store's timeout, under keep-alive load; each store logs the outage once, not per request, and
 * the limits work again by themselves once Redis is back.
 */
import { Agent } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRouter, createServer } from "../../src/adapters/node/index.js";
import { rateLimitGuard } from "../../src/guards/rate-limit.js";
import { createErrata, type ErrorEvent } from "../../src/index.js";
import { createRateLimiter, createRedisStore, type RedisRateLimitStore } from "../../src/rate-limit/index.js";
import { startRedis, type TestRedis } from "../support/redis.js";
import { requireProgram } from "../support/require-program.js";
import { captureLog, eventually, get, load } from "./fault-support.js";

const program = requireProgram("redis-server");

/** Longest wait for Redis per decision, and how often a downed store probes it again. */
const TIMEOUT_MS = 100;
const PROBE_MS = 200;
const DOWN = "rate limit store unavailable: failing";
const UP = "rate limit store available again";

describe.skipIf(program === undefined)("Redis killed under load", () => {
  let redis: TestRedis;
  const log = captureLog();
  const stores: RedisRateLimitStore[] = [];
  const events: ErrorEvent[] = [];
  let port = 0;
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    redis = await startRedis(program);
    const errata = createErrata({ observers: [(e) => events.push(e)] });
    const router = createRouter({ errata });
    for (const failMode of ["open", "closed"] as const) {
      const store = await createRedisStore({
        url: redis.url,
        prefix: `${failMode}:`,
        failMode,
        timeoutMs: TIMEOUT_MS,
        probeIntervalMs: PROBE_MS,
        logger: log.logger,
      });
      stores.push(store);
      const limiter = createRateLimiter({ store, policies: [{ name: "p", limit: 3, windowMs: 60_000 }] });
      const guard = rateLimitGuard({
        limiter,
        policy: "p",
        key: (c: string | undefined) => c ?? null,
      });
      router.get(`/${failMode}`, async (ctx) => {
        const c = ctx.req.headers["x-client"];
        return (await guard(typeof c === "string" ? c : undefined, ctx.errata)) ?? { body: { ok: true } };
      });
    }
    const server = createServer({ errata, routers: [router] });
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
    close = () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
  });

  afterAll(async () => {
    await close();
    for (const s of stores) await s.close();
    await redis?.stop();
  });

  it("fails open and closed as configured, logs once per store, recovers after restart", async () => {
    const agent = new Agent({ keepAlive: true });
    const statuses = async (path: string, client: string, n: number): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await get(agent, port, path, { "x-client": client })).status);
      return out;
    };
    try {
      // Up: 3 a minute per client, counted in Redis.
      expect(await statuses("/open", "a", 4)).toEqual([200, 200, 200, 429]);
      expect(await statuses("/closed", "a", 4)).toEqual([200, 200, 200, 429]);
      expect(log.lines).toEqual([]);

      await redis.kill();
      // 1.5 s of keep-alive load on both routes, many clients, while Redis is gone.
      const hits = await load(port, 1500, 8, (i) => ({
        path: i % 2 === 0 ? "/open" : "/closed",
        headers: { "x-client": `c${i % 5}` },
      }));
      const open = hits.filter((h) => h.path === "/open");
      const closed = hits.filter((h) => h.path === "/closed");
      const slowest = Math.max(...hits.map((h) => h.ms));
      process.stdout.write(
        `redis down: ${hits.length} requests in 1.5 s (${open.length} fail-open, ${closed.length} fail-closed), ` +
          `slowest ${slowest.toFixed(0)} ms, outage log lines ${log.lines.length}\n`,
      );
      expect(open.length).toBeGreaterThan(20);
      expect(closed.length).toBeGreaterThan(20);
      // Fail open: every request admitted, even client "a", who was over its limit.
      expect(new Set(open.map((h) => h.status))).toEqual(new Set([200]));
      // Fail closed: every request refused with the 429 and a Retry-After of the probe interval.
      for (const h of closed) {
        expect(h.status).toBe(429);
        expect(h.headers["retry-after"]).toBe("1");
        expect(JSON.parse(h.body)).toMatchObject({ status: 429, code: "too_many_requests" });
      }
      // Nobody waits long for a dead Redis: at most the timeout, plus a loaded machine's slack.
      expect(slowest).toBeLessThan(TIMEOUT_MS + 900);
      // One line per store for the whole outage, however many requests it saw.
      expect(log.count(`${DOWN} open`)).toBe(1);
      expect(log.count(`${DOWN} closed`)).toBe(1);
      expect(log.lines).toHaveLength(2);
      expect(log.lines.map((l) => l.level)).toEqual([40, 40]);

      await redis.restart();
      // Recovery needs nothing but requests: a decision after the probe interval tries Redis again.
      const recovered = await eventually(async () => {
        await get(agent, port, "/open", { "x-client": "probe" });
        await get(agent, port, "/closed", { "x-client": "probe" });
        return log.count(UP) === 2;
      });
      expect(recovered).toBe(true);
      // The restarted Redis counts from zero again, and the limits bite again.
      expect(await statuses("/open", "b", 4)).toEqual([200, 200, 200, 429]);
      expect(await statuses("/closed", "b", 4)).toEqual([200, 200, 200, 429]);
      expect(log.count(UP)).toBe(2);
      expect(log.lines).toHaveLength(4);
      // Not one 500 through it all: every error event is a 429.
      expect(new Set(events.map((e) => e.status))).toEqual(new Set([429]));
    } finally {
      agent.destroy();
    }
  }, 60_000);
});
