/** The in-memory store: bounded memory, eviction order, peek, reset and policy checks. */
import { describe, expect, it } from "vitest";
import { MemoryRateLimitStore } from "./memory.js";
import type { RateLimitPolicy } from "./types.js";

const perMinute: RateLimitPolicy = { name: "m", limit: 5, windowMs: 60_000 };

describe("MemoryRateLimitStore", () => {
  it("holds at most maxKeys keys per policy however many keys arrive", () => {
    let clock = 0;
    const store = new MemoryRateLimitStore({ maxKeys: 100, now: () => clock });
    for (let i = 0; i < 10_000; i++) {
      clock = i;
      store.consume(`k${i}`, perMinute);
      expect(store.size("m")).toBeLessThanOrEqual(100);
    }
    expect(store.size("m")).toBe(100);
    expect(store.evictions("m")).toBe(9_900);
  });

  it("keeps a key in use while 10× maxKeys other keys churn through", () => {
    let clock = 0;
    const store = new MemoryRateLimitStore({ maxKeys: 100, now: () => clock });
    const slow: RateLimitPolicy = { name: "slow", limit: 2000, windowMs: 3_600_000 };
    let expected = 2000;
    for (let i = 0; i < 1000; i++) {
      clock = i;
      store.consume(`other${i}`, slow);
      if (i % 10 === 0) {
        // Had "hot" been evicted, its count would start over at 1999.
        expect(store.consume("hot", slow).remaining).toBe(--expected);
      }
    }
    expect(expected).toBe(1900);
  });

  it("evicts idle keys before an older key that is still limited", () => {
    let clock = 0;
    const store = new MemoryRateLimitStore({ maxKeys: 100, now: () => clock });
    const policy: RateLimitPolicy = { name: "p", limit: 1, windowMs: 1000 };
    store.consume("blocked", policy); // the oldest entry in insertion order
    for (let i = 0; i < 9; i++) store.consume(`old${i}`, policy);
    clock = 1000; // all ten are idle again; "blocked" is used and stays busy until 2000
    expect(store.consume("blocked", policy).allowed).toBe(true);
    for (let i = 0; i < 90; i++) store.consume(`fresh${i}`, policy);
    expect(store.size("p")).toBe(100);
    clock = 1500;
    // Nine new keys: each evicts an idle "old" key, not the oldest entry, which is still limited.
    for (let i = 0; i < 9; i++) store.consume(`new${i}`, policy);
    expect(store.evictions("p")).toBe(9);
    expect(store.consume("blocked", policy)).toMatchObject({ allowed: false, retryAfterMs: 500 });
  });

  it("peek counts nothing and stores nothing for an unknown key", () => {
    let clock = 0;
    const store = new MemoryRateLimitStore({ now: () => clock });
    expect(store.peek("x", perMinute)).toEqual({
      allowed: true,
      limit: 5,
      remaining: 5,
      resetMs: 0,
      retryAfterMs: 0,
      policy: { ...perMinute, algorithm: "sliding-window" },
    });
    expect(store.size("m")).toBe(0);
    store.consume("x", perMinute, 5);
    clock = 15_000;
    expect(store.peek("x", perMinute)).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 45_000 });
    expect(store.peek("x", perMinute)).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 45_000 });
  });

  it("reset forgets a key", () => {
    const store = new MemoryRateLimitStore();
    store.consume("x", perMinute, 5);
    expect(store.consume("x", perMinute).allowed).toBe(false);
    store.reset("x", perMinute);
    expect(store.consume("x", perMinute)).toMatchObject({ allowed: true, remaining: 4 });
  });

  it("refuses a cost outside 1 … limit and a reused policy name with other parameters", () => {
    const store = new MemoryRateLimitStore();
    expect(() => store.consume("x", perMinute, 6)).toThrow(RangeError);
    expect(() => store.consume("x", perMinute, 0)).toThrow(RangeError);
    expect(() => store.consume("x", perMinute, 1.5)).toThrow(RangeError);
    store.consume("x", perMinute);
    expect(() => store.consume("x", { ...perMinute, limit: 6 })).toThrow(/already in use/);
    expect(() => store.consume("x", { name: "bad\n", limit: 1, windowMs: 1 })).toThrow(/printable ASCII/);
    expect(() => store.consume("x", { name: "w", limit: 1, windowMs: 0 })).toThrow(/windowMs/);
    expect(() => new MemoryRateLimitStore({ maxKeys: 0 })).toThrow(/maxKeys/);
  });
});
