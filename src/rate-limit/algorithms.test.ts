/**
 * The algorithms, through the memory store with an injected clock, against exact reference models
 * (integer arithmetic, naive logs) and against the properties each algorithm promises.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryRateLimitStore } from "./memory.js";
import type { Decision, RateLimitAlgorithm, RateLimitPolicy } from "./types.js";

interface Op {
  readonly gap: number;
  readonly cost: number;
  readonly peek: boolean;
}

interface Outcome {
  readonly allowed: boolean;
  readonly remaining: number;
  readonly resetMs: number;
  readonly retryAfterMs: number;
}

const policyArb = (algorithm: RateLimitAlgorithm): fc.Arbitrary<RateLimitPolicy> =>
  fc.record({
    name: fc.constant("p"),
    limit: fc.integer({ min: 1, max: 12 }),
    windowMs: fc.integer({ min: 1, max: 3000 }),
    algorithm: fc.constant(algorithm),
  });

const opsArb = fc.array(
  fc.record({
    gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 4000 })),
    cost: fc.integer({ min: 1, max: 12 }),
    peek: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
  }),
  { minLength: 1, maxLength: 80 },
);

function outcome(d: Decision): Outcome {
  return { allowed: d.allowed, remaining: d.remaining, resetMs: d.resetMs, retryAfterMs: d.retryAfterMs };
}

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

/** Runs ops on a memory store; returns the decisions and the admitted (time, cost) pairs. */
function run(policy: RateLimitPolicy, ops: readonly Op[], model: { decide(now: number, op: Op): Outcome }) {
  let clock = 1_000_000;
  const store = new MemoryRateLimitStore({ now: () => clock });
  const admitted: { t: number; c: number }[] = [];
  for (const raw of ops) {
    const op = { ...raw, cost: 1 + ((raw.cost - 1) % policy.limit) };
    clock += op.gap;
    const d = op.peek ? store.peek("k", policy, op.cost) : store.consume("k", policy, op.cost);
    expect(outcome(d)).toEqual(model.decide(clock, op));
    if (d.allowed && !op.peek) admitted.push({ t: clock, c: op.cost });
  }
  return admitted;
}

/** Exact GCRA in integers: times scaled by `limit`, so the emission interval is `windowMs`. */
function gcraModel(p: RateLimitPolicy) {
  let tat = 0;
  const w = p.windowMs;
  const tolerance = p.windowMs * p.limit;
  return {
    decide(now: number, op: Op): Outcome {
      const n = now * p.limit;
      const start = Math.max(tat, n);
      const next = start + op.cost * w;
      const allowed = next - n <= tolerance;
      let cur = start;
      if (allowed && !op.peek) {
        tat = next;
        cur = next;
      }
      const retryAfterMs = allowed ? 0 : ceilDiv(next - n - tolerance, p.limit);
      const d = cur - n;
      if (d <= 0) return { allowed, remaining: p.limit, resetMs: 0, retryAfterMs };
      const remaining = Math.min(p.limit, Math.max(0, Math.floor((tolerance - d) / w)));
      const resetMs = Math.max(0, ceilDiv(d - tolerance + (remaining + 1) * w, p.limit));
      return { allowed, remaining, resetMs, retryAfterMs };
    },
  };
}

/** A naive sliding log: every admitted unit's time, scanned in full. */
function slidingModel(p: RateLimitPolicy) {
  const units: number[] = [];
  return {
    decide(now: number, op: Op): Outcome {
      const live = units.filter((t) => t > now - p.windowMs);
      const allowed = live.length + op.cost <= p.limit;
      if (allowed && !op.peek) {
        for (let i = 0; i < op.cost; i++) {
          units.push(now);
          live.push(now);
        }
      }
      const retryAfterMs = allowed ? 0 : live[live.length + op.cost - p.limit - 1]! + p.windowMs - now;
      const resetMs = live.length === 0 ? 0 : live[0]! + p.windowMs - now;
      return { allowed, remaining: p.limit - live.length, resetMs, retryAfterMs };
    },
  };
}

/** Fixed windows aligned to the epoch: a count per window index. */
function fixedModel(p: RateLimitPolicy) {
  const counts = new Map<number, number>();
  return {
    decide(now: number, op: Op): Outcome {
      const index = Math.floor(now / p.windowMs);
      const n = counts.get(index) ?? 0;
      const allowed = n + op.cost <= p.limit;
      const after = allowed && !op.peek ? n + op.cost : n;
      counts.set(index, after);
      const untilEnd = (index + 1) * p.windowMs - now;
      return {
        allowed,
        remaining: p.limit - after,
        resetMs: after === 0 ? 0 : untilEnd,
        retryAfterMs: allowed ? 0 : untilEnd,
      };
    },
  };
}

describe("sliding window", () => {
  it("decides exactly as a naive log (allowed, remaining, reset, retry-after)", () => {
    fc.assert(
      fc.property(policyArb("sliding-window"), opsArb, (policy, ops) => {
        run(policy, ops, slidingModel(policy));
      }),
      { numRuns: 300 },
    );
  });

  it("never admits more than `limit` in any window of `windowMs`", () => {
    fc.assert(
      fc.property(policyArb("sliding-window"), opsArb, (policy, ops) => {
        const admitted = run(policy, ops, slidingModel(policy));
        for (const a of admitted) {
          const inWindow = admitted.filter((b) => b.t >= a.t && b.t < a.t + policy.windowMs);
          expect(inWindow.reduce((sum, b) => sum + b.c, 0)).toBeLessThanOrEqual(policy.limit);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("refuses the 11th call of 10 a minute and admits it again exactly when the oldest leaves the window", () => {
    let clock = 0;
    const store = new MemoryRateLimitStore({ now: () => clock });
    const policy: RateLimitPolicy = { name: "identity", limit: 10, windowMs: 60_000 };
    for (let i = 0; i < 10; i++) {
      clock = i * 1000;
      expect(store.consume("client", policy)).toMatchObject({ allowed: true, remaining: 9 - i });
    }
    clock = 10_000;
    expect(outcome(store.consume("client", policy))).toEqual({
      allowed: false,
      remaining: 0,
      resetMs: 50_000,
      retryAfterMs: 50_000,
    });
    clock = 59_999;
    expect(outcome(store.consume("client", policy))).toEqual({
      allowed: false,
      remaining: 0,
      resetMs: 1,
      retryAfterMs: 1,
    });
    clock = 60_000;
    expect(outcome(store.consume("client", policy))).toEqual({
      allowed: true,
      remaining: 0,
      resetMs: 1000,
      retryAfterMs: 0,
    });
  });

  it("keeps its log ordered when the clock steps back", () => {
    let clock = 10_000;
    const store = new MemoryRateLimitStore({ now: () => clock });
    const policy: RateLimitPolicy = { name: "p", limit: 2, windowMs: 1000 };
    store.consume("k", policy);
    clock = 9_500; // NTP stepped the clock back
    expect(store.consume("k", policy).allowed).toBe(true); // recorded at 10 000, not 9 500
    clock = 10_999;
    expect(store.consume("k", policy)).toMatchObject({ allowed: false, retryAfterMs: 1 });
    clock = 11_000; // both admissions, recorded at 10 000, have left the window
    expect(store.consume("k", policy)).toMatchObject({ allowed: true, remaining: 1 });
  });
});

describe("GCRA", () => {
  it("decides exactly as integer-arithmetic GCRA, whatever windowMs / limit rounds to", () => {
    fc.assert(
      fc.property(policyArb("gcra"), opsArb, (policy, ops) => {
        run(policy, ops, gcraModel(policy));
      }),
      { numRuns: 300 },
    );
  });

  it("admits at most limit + L·limit/windowMs over any interval of length L (≤ limit at once)", () => {
    fc.assert(
      fc.property(policyArb("gcra"), opsArb, (policy, ops) => {
        const admitted = run(policy, ops, gcraModel(policy));
        for (const a of admitted) {
          let sum = 0;
          for (const b of admitted) {
            if (b.t < a.t) continue;
            sum += b.c;
            // Every admission in [a.t, b.t] counted so far: exact integer form of the bound.
            expect(sum * policy.windowMs).toBeLessThanOrEqual((b.t - a.t + policy.windowMs) * policy.limit);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("refuses the 11th call of an instant burst and admits one more per 6 s of 10 a minute", () => {
    let clock = 0;
    const store = new MemoryRateLimitStore({ now: () => clock });
    const policy: RateLimitPolicy = { name: "p", limit: 10, windowMs: 60_000, algorithm: "gcra" };
    for (let i = 0; i < 10; i++) expect(store.consume("k", policy).allowed).toBe(true);
    expect(outcome(store.consume("k", policy))).toEqual({
      allowed: false,
      remaining: 0,
      resetMs: 6000,
      retryAfterMs: 6000,
    });
    clock = 5999;
    expect(store.consume("k", policy)).toMatchObject({ allowed: false, retryAfterMs: 1 });
    clock = 6000;
    expect(outcome(store.consume("k", policy))).toEqual({
      allowed: true,
      remaining: 0,
      resetMs: 6000,
      retryAfterMs: 0,
    });
  });
});

describe("no boundary burst", () => {
  it.each(["gcra", "sliding-window"] as const)(
    "%s admits 10, not 20, across a window boundary",
    (algorithm) => {
      let clock = 59_999;
      const store = new MemoryRateLimitStore({ now: () => clock });
      const policy: RateLimitPolicy = { name: "p", limit: 10, windowMs: 60_000, algorithm };
      let admitted = 0;
      for (let i = 0; i < 20; i++) {
        clock = i < 10 ? 59_999 : 60_000;
        if (store.consume("k", policy).allowed) admitted++;
      }
      expect(admitted).toBe(10);
    },
  );

  it("fixed-window (quotas only) does admit 20 there, which is why it is not the default", () => {
    let clock = 59_999;
    const store = new MemoryRateLimitStore({ now: () => clock });
    const policy: RateLimitPolicy = { name: "p", limit: 10, windowMs: 60_000, algorithm: "fixed-window" };
    let admitted = 0;
    for (let i = 0; i < 20; i++) {
      clock = i < 10 ? 59_999 : 60_000;
      if (store.consume("k", policy).allowed) admitted++;
    }
    expect(admitted).toBe(20);
  });
});

describe("fixed window", () => {
  it("decides exactly as a count per epoch-aligned window", () => {
    fc.assert(
      fc.property(policyArb("fixed-window"), opsArb, (policy, ops) => {
        run(policy, ops, fixedModel(policy));
      }),
      { numRuns: 300 },
    );
  });

  it("a 50-a-day quota refuses the 51st call until 00:00 UTC", () => {
    let clock = Date.UTC(2026, 10, 21, 8, 0, 0);
    const store = new MemoryRateLimitStore({ now: () => clock });
    const policy: RateLimitPolicy = {
      name: "daily",
      limit: 50,
      windowMs: 86_400_000,
      algorithm: "fixed-window",
    };
    for (let i = 0; i < 50; i++) expect(store.consume("demo-wskey", policy).allowed).toBe(true);
    clock = Date.UTC(2026, 10, 21, 23, 59, 0);
    expect(outcome(store.consume("demo-wskey", policy))).toEqual({
      allowed: false,
      remaining: 0,
      resetMs: 60_000,
      retryAfterMs: 60_000,
    });
    clock = Date.UTC(2026, 10, 22, 0, 0, 0);
    expect(outcome(store.consume("demo-wskey", policy))).toEqual({
      allowed: true,
      remaining: 49,
      resetMs: 86_400_000,
      retryAfterMs: 0,
    });
  });
});
