/**
 * The retry policy with an injected clock, random source and sleep; and once against a real
 * node:http server that answers 503 + Retry-After, then 200.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { abortableSleep, type FetchLike, type RetryPolicy, withRetry } from "./retry.js";

interface Script {
  readonly fetch: FetchLike;
  readonly calls: Array<{ method: string; body: string | null }>;
}

/** A fake fetch answering from a list of statuses/headers (or throwing errors), recording calls. */
function script(steps: Array<number | [number, Record<string, string>] | Error>): Script {
  const calls: Script["calls"] = [];
  let i = 0;
  const fetch: FetchLike = async (input, init) => {
    const req = input instanceof Request ? input : null;
    const body = req ? await req.text() : typeof init?.body === "string" ? init.body : null;
    calls.push({ method: (init?.method ?? req?.method ?? "GET").toUpperCase(), body });
    const step = steps[Math.min(i++, steps.length - 1)]!;
    if (step instanceof Error) throw step;
    const [status, headers] = typeof step === "number" ? [step, {}] : step;
    return new Response(status === 204 ? null : `status ${status}`, { status, headers });
  };
  return { fetch, calls };
}

/** A policy with a fake clock: sleep advances it and records the delay. */
function fakeTime(extra: RetryPolicy = {}): { policy: RetryPolicy; delays: number[] } {
  let t = 1_000_000;
  const delays: number[] = [];
  return {
    delays,
    policy: {
      random: () => 0.5,
      now: () => t,
      sleep: async (ms) => {
        delays.push(ms);
        t += ms;
      },
      ...extra,
    },
  };
}

describe("withRetry (injected clock)", () => {
  it("waits the Retry-After the server sent, then returns the success", async () => {
    const s = script([[503, { "retry-after": "2" }], 200]);
    const { policy, delays } = fakeTime();
    const res = await withRetry(s.fetch, policy)("http://x.test/a");
    expect(res.status).toBe(200);
    expect(delays).toEqual([2000]);
    expect(s.calls).toHaveLength(2);
  });

  it("exponential backoff with full jitter when the server gives no hint", async () => {
    const s = script([500, 502, 504, 200]);
    const { policy, delays } = fakeTime({ baseDelayMs: 100, maxAttempts: 4 });
    expect((await withRetry(s.fetch, policy)("http://x.test/")).status).toBe(200);
    // random()=0.5 × min(max, 100 × 2^(n−1))
    expect(delays).toEqual([50, 100, 200]);
  });

  it("honours RateLimit headers and caps every wait at maxDelayMs", async () => {
    const s = script([[429, { ratelimit: '"default";r=0;t=3' }], [503, { "retry-after": "120" }], 200]);
    const { policy, delays } = fakeTime({ maxDelayMs: 10_000, maxAttempts: 3 });
    expect((await withRetry(s.fetch, policy)("http://x.test/")).status).toBe(200);
    expect(delays).toEqual([3000, 10_000]);
  });

  it("returns the last response when attempts run out, without waiting after it", async () => {
    const s = script([503, 503, 503, 503]);
    const { policy, delays } = fakeTime({ maxAttempts: 3 });
    const res = await withRetry(s.fetch, policy)("http://x.test/");
    expect(res.status).toBe(503);
    expect(s.calls).toHaveLength(3);
    expect(delays).toHaveLength(2);
  });

  it("stops within the time budget", async () => {
    const s = script([[503, { "retry-after": "30" }], 200]);
    const { policy, delays } = fakeTime({ maxElapsedMs: 10_000 });
    const res = await withRetry(s.fetch, policy)("http://x.test/");
    expect(res.status).toBe(503);
    expect(delays).toEqual([]);
  });

  it("does not retry other statuses", async () => {
    for (const status of [400, 401, 404, 409, 422, 501]) {
      const s = script([status, 200]);
      const res = await withRetry(s.fetch, fakeTime().policy)("http://x.test/");
      expect(res.status).toBe(status);
      expect(s.calls).toHaveLength(1);
    }
  });

  it("retries only idempotent methods, or requests with an Idempotency-Key", async () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]) {
      const s = script([503, 200]);
      expect((await withRetry(s.fetch, fakeTime().policy)("http://x.test/", { method })).status).toBe(200);
    }
    for (const method of ["POST", "PATCH"]) {
      const s = script([503, 200]);
      expect(
        (await withRetry(s.fetch, fakeTime().policy)("http://x.test/", { method, body: "x" })).status,
      ).toBe(503);
      expect(s.calls).toHaveLength(1);
    }
    const s = script([503, 200]);
    const res = await withRetry(s.fetch, fakeTime().policy)("http://x.test/", {
      method: "POST",
      body: "order=1",
      headers: { "Idempotency-Key": "k-1" },
    });
    expect(res.status).toBe(200);
    expect(s.calls.map((c) => c.body)).toEqual(["order=1", "order=1"]);
  });

  it("re-sends a Request's body on every attempt; never retries a one-shot stream body", async () => {
    const s = script([503, 503, 200]);
    const req = new Request("http://x.test/", { method: "PUT", body: "payload" });
    expect((await withRetry(s.fetch, fakeTime().policy)(req)).status).toBe(200);
    expect(s.calls.map((c) => c.body)).toEqual(["payload", "payload", "payload"]);

    const t = script([503, 200]);
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("x"));
        c.close();
      },
    });
    const res = await withRetry(t.fetch, fakeTime().policy)("http://x.test/", {
      method: "PUT",
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(503);
    expect(t.calls).toHaveLength(1);
  });

  it("retries network errors (TypeError from fetch) but not other exceptions", async () => {
    const s = script([new TypeError("fetch failed"), 200]);
    const { policy, delays } = fakeTime({ baseDelayMs: 100 });
    expect((await withRetry(s.fetch, policy)("http://x.test/")).status).toBe(200);
    expect(delays).toEqual([50]);

    const bug = new RangeError("not a network error");
    await expect(withRetry(script([bug, 200]).fetch, fakeTime().policy)("http://x.test/")).rejects.toBe(bug);

    const last = new TypeError("still down");
    await expect(
      withRetry(script([last]).fetch, fakeTime({ maxAttempts: 2 }).policy)("http://x.test/"),
    ).rejects.toBe(last);
    await expect(
      withRetry(
        script([new TypeError("x"), 200]).fetch,
        fakeTime({ retryOnNetworkError: false }).policy,
      )("http://x.test/"),
    ).rejects.toBeInstanceOf(TypeError);
  });

  it("tells onRetry about each wait", async () => {
    const events: unknown[] = [];
    const s = script([[429, { "retry-after": "1" }], 200]);
    await withRetry(s.fetch, fakeTime({ onRetry: (e) => events.push(e) }).policy)("http://x.test/");
    expect(events).toEqual([
      { attempt: 1, delayMs: 1000, status: 429, retryAfterSeconds: 1, error: undefined },
    ]);
  });
});

describe("AbortSignal", () => {
  it("an abort during the wait rejects at once with the signal's reason", async () => {
    const s = script([[503, { "retry-after": "60" }], 200]);
    const ac = new AbortController();
    const started = performance.now();
    const pending = withRetry(s.fetch)("http://x.test/", { signal: ac.signal });
    setTimeout(() => ac.abort(new Error("user cancelled")), 20);
    await expect(pending).rejects.toThrow("user cancelled");
    expect(performance.now() - started).toBeLessThan(2000);
    expect(s.calls).toHaveLength(1);
  });

  it("an already aborted signal sends nothing", async () => {
    const s = script([200]);
    const ac = new AbortController();
    ac.abort();
    await expect(withRetry(s.fetch)("http://x.test/", { signal: ac.signal })).rejects.toBeDefined();
    expect(s.calls).toHaveLength(0);
  });

  it("abortableSleep resolves after the delay and rejects on abort", async () => {
    await expect(abortableSleep(5)).resolves.toBeUndefined();
    const ac = new AbortController();
    const p = abortableSleep(60_000, ac.signal);
    ac.abort(new Error("stop"));
    await expect(p).rejects.toThrow("stop");
  });
});

describe("against a real node:http server", () => {
  let server: Server;
  let base = "";
  const seen: string[] = [];

  beforeAll(async () => {
    let n = 0;
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (n++ === 0) {
        res.writeHead(503, { "content-type": "application/problem+json", "retry-after": "1" });
        res.end('{"type":"about:blank","title":"Service Unavailable","status":503}');
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("waits the Retry-After (1 s) with the real clock, then gets the 200", async () => {
    const started = performance.now();
    const res = await withRetry(fetch)(`${base}/things/1`);
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(seen).toEqual(["GET /things/1", "GET /things/1"]);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(5000);
  });
});
