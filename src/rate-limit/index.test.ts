/** The limiter facade, on the three limits of CONTRACT §3.3–§3.5, with an injected clock. */
import { describe, expect, it } from "vitest";
import { clientAddress, createRateLimiter, type Decision, type RateLimitStore } from "./index.js";

function limiterAt(start: number) {
  const clock = { now: start };
  const limiter = createRateLimiter({
    memory: { now: () => clock.now },
    policies: [
      // CONTRACT §3.3: 10 a minute per client_id, sliding window; the 11th → 510 with Retry-After.
      { name: "identity", limit: 10, windowMs: 60_000, algorithm: "sliding-window" },
      // CONTRACT §3.5: 5 failed client authentications a minute per address.
      { name: "oauth-failures", limit: 5, windowMs: 60_000 },
      // CONTRACT §3.4: more than 50 calls a day per key → 403 over limit.
      { name: "oclc-daily", limit: 50, windowMs: 86_400_000, algorithm: "fixed-window" },
    ],
  });
  return { clock, limiter };
}

describe("createRateLimiter", () => {
  it("Identity Cloud: the 11th call within a minute is refused, with exact headers", async () => {
    const { clock, limiter } = limiterAt(0);
    for (let i = 0; i < 10; i++) {
      clock.now = i * 2000;
      expect((await limiter.consume("demo-client", "identity")).allowed).toBe(true);
    }
    clock.now = 30_000;
    const refused = await limiter.consume("demo-client", "identity");
    expect(refused.allowed).toBe(false);
    expect(limiter.headers(refused)).toEqual({
      "RateLimit-Policy": '"identity";q=10;w=60',
      RateLimit: '"identity";r=0;t=30',
      "Retry-After": "30",
    });
    // Another client has its own window.
    expect((await limiter.consume("other-client", "identity")).remaining).toBe(9);
    clock.now = 60_000; // the first call (at 0) has left the window
    expect((await limiter.consume("demo-client", "identity")).allowed).toBe(true);
  });

  it("OAuth: failures are consumed, every request peeks; blocked until the window frees", async () => {
    const { clock, limiter } = limiterAt(1_000_000);
    const address = "127.0.0.1";
    for (let i = 0; i < 5; i++) {
      clock.now = 1_000_000 + i * 1000;
      expect((await limiter.peek(address, "oauth-failures")).allowed).toBe(true);
      await limiter.consume(address, "oauth-failures"); // the client authentication failed
    }
    clock.now = 1_010_000;
    const blocked = await limiter.peek(address, "oauth-failures");
    expect(blocked).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 50_000 });
    expect(limiter.headers(blocked)["Retry-After"]).toBe("50");
    // Peeking again and again counts nothing: the wait does not grow.
    expect((await limiter.peek(address, "oauth-failures")).retryAfterMs).toBe(50_000);
    clock.now = 1_060_000; // the first failure is a minute old
    expect(await limiter.peek(address, "oauth-failures")).toMatchObject({ allowed: true, remaining: 1 });
  });

  it("OCLC: 50 a day per key, the 51st refused until 00:00 UTC", async () => {
    const { clock, limiter } = limiterAt(Date.UTC(2026, 10, 21, 12, 0, 0));
    for (let i = 0; i < 50; i++)
      expect((await limiter.consume("demo-wskey", "oclc-daily")).allowed).toBe(true);
    const over = await limiter.consume("demo-wskey", "oclc-daily");
    expect(over).toMatchObject({ allowed: false, retryAfterMs: 12 * 3_600_000 });
    expect(limiter.headers(over)).toEqual({
      "RateLimit-Policy": '"oclc-daily";q=50;w=86400',
      RateLimit: '"oclc-daily";r=0;t=43200',
      "Retry-After": "43200",
    });
    clock.now = Date.UTC(2026, 10, 22, 0, 0, 0);
    expect((await limiter.consume("demo-wskey", "oclc-daily")).allowed).toBe(true);
  });

  it("reset forgets a key", async () => {
    const { limiter } = limiterAt(0);
    for (let i = 0; i < 5; i++) await limiter.consume("a", "oauth-failures");
    expect((await limiter.peek("a", "oauth-failures")).allowed).toBe(false);
    await limiter.reset("a", "oauth-failures");
    expect((await limiter.peek("a", "oauth-failures")).allowed).toBe(true);
  });

  it("rejects bad configuration at creation and unknown policies at use", () => {
    expect(() =>
      createRateLimiter({
        policies: [
          { name: "a", limit: 1, windowMs: 1 },
          { name: "a", limit: 2, windowMs: 1 },
        ],
      }),
    ).toThrow('duplicate rate limit policy name "a"');
    expect(() => createRateLimiter({ policies: [{ name: "a", limit: 0, windowMs: 1 }] })).toThrow(/limit/);
    expect(() =>
      // @ts-expect-error: an algorithm that does not exist
      createRateLimiter({ policies: [{ name: "a", limit: 1, windowMs: 1, algorithm: "leaky" }] }),
    ).toThrow(/unknown algorithm "leaky"/);
    const { limiter } = limiterAt(0);
    expect(() => limiter.consume("k", "nope")).toThrow('unknown rate limit policy "nope"');
  });

  it("passes decisions through from a custom store and refuses to peek when the store cannot", async () => {
    const calls: string[] = [];
    const store: RateLimitStore = {
      consume(key, policy, cost) {
        calls.push(`${key}/${policy.name}/${cost ?? 1}`);
        return Promise.resolve<Decision>({
          allowed: true,
          limit: policy.limit,
          remaining: 0,
          resetMs: 0,
          retryAfterMs: 0,
          policy,
        });
      },
      reset() {},
      close() {},
    };
    const limiter = createRateLimiter({ store, policies: [{ name: "p", limit: 3, windowMs: 1000 }] });
    expect((await limiter.consume("k", "p", 2)).remaining).toBe(0);
    expect(calls).toEqual(["k/p/2"]);
    expect(() => limiter.peek("k", "p")).toThrow("this rate limit store cannot peek");
    await limiter.close();
  });

  it("keys requests by client address unless told otherwise", () => {
    expect(clientAddress({ ip: "203.0.113.7", socket: { remoteAddress: "10.0.0.1" } })).toBe("203.0.113.7");
    expect(clientAddress({ socket: { remoteAddress: "::1" } })).toBe("::1");
    expect(() => clientAddress(new Request("http://127.0.0.1/"))).toThrow(/key function/);
    const byClient = createRateLimiter<{ clientId: string }>({
      policies: [{ name: "p", limit: 1, windowMs: 1000 }],
      key: (req) => req.clientId,
    });
    expect(byClient.keyOf({ clientId: "demo-client" })).toBe("demo-client");
  });
});
