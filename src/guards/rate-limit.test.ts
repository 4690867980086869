import { describe, expect, it } from "vitest";
import { defineCatalog } from "../catalog/define.js";
import { createErrata } from "../core/errata.js";
import { ErrataError, type ErrorOptions } from "../errors/errata-error.js";
import { createRateLimiter, type Decision, type RateLimiter } from "../rate-limit/index.js";
import { type DecisionSource, rateLimitGuard } from "./rate-limit.js";

const idc = defineCatalog(
  { id: "idc" },
  {
    apiLimit: {
      code: 510,
      name: "api_limit_error",
      status: 429,
      message: "Limit of {limit} calls reached ({policy})",
    },
    overLimit: { code: "over_limit", status: 403, message: "Over the daily limit" },
  },
);

function limiter(now: { t: number }): RateLimiter<unknown> {
  return createRateLimiter({
    memory: { now: () => now.t },
    policies: [
      { name: "minute", limit: 2, windowMs: 60_000 },
      { name: "day", limit: 3, windowMs: 86_400_000, algorithm: "fixed-window" },
    ],
  });
}

/** The same limiter answering through promises, as the Redis store does. */
function async(l: DecisionSource): DecisionSource {
  return {
    consume: (k, p, c) => Promise.resolve(l.consume(k, p, c)),
    peek: (k, p, c) => Promise.resolve(l.peek(k, p, c)),
    headers: (d) => l.headers(d),
  };
}

const view = (client: string | null) => ({ client });

describe("rateLimitGuard", () => {
  it("admits up to the limit, then refuses with the default 429, Retry-After and the IETF headers", () => {
    const now = { t: 1_000_000 };
    const guard = rateLimitGuard({
      limiter: limiter(now),
      policy: "minute",
      key: (v: { client: string | null }) => v.client,
    });
    expect(guard(view("a"))).toBeNull();
    now.t += 10_000;
    expect(guard(view("a"))).toBeNull();
    const e = guard(view("a"));
    expect(e).toBeInstanceOf(ErrataError);
    const err = e as ErrataError;
    expect([err.status, err.code, err.retryAfter]).toEqual([429, "too_many_requests", 50]);
    expect(err.headers).toEqual({
      "Retry-After": "50",
      "RateLimit-Policy": '"minute";q=2;w=60',
      RateLimit: '"minute";r=0;t=50',
    });
    // Another key is counted apart; a null key is not limited at all.
    expect(guard(view("b"))).toBeNull();
    for (let i = 0; i < 5; i++) expect(guard(view(null))).toBeNull();
  });

  it("uses the errata instance's tooManyRequests entry, or the given factory with its template", () => {
    const now = { t: 0 };
    const errata = createErrata({ catalogs: [idc], guards: { tooManyRequests: idc.apiLimit } });
    const byErrata = rateLimitGuard({ limiter: limiter(now), policy: "minute", key: () => "k" });
    byErrata(view("k"), errata);
    byErrata(view("k"), errata);
    const e1 = byErrata(view("k"), errata) as ErrataError;
    expect([e1.code, e1.message]).toEqual([510, "Limit of 2 calls reached (minute)"]);

    const byFactory = rateLimitGuard({
      limiter: limiter(now),
      policy: "day",
      key: () => "k",
      error: idc.overLimit,
    });
    for (let i = 0; i < 3; i++) expect(byFactory(view("k"))).toBeNull();
    const e2 = byFactory(view("k")) as ErrataError;
    expect([e2.status, e2.code]).toEqual([403, "over_limit"]);
    expect(e2.headers["Retry-After"]).toBe(String(e2.retryAfter));
  });

  it("a builder gets the decision and the options to pass on", () => {
    const now = { t: 0 };
    const guard = rateLimitGuard({
      limiter: limiter(now),
      policy: "minute",
      key: () => "k",
      error: (d: Decision, opts: ErrorOptions) =>
        idc.apiLimit({ limit: d.limit * 10, policy: "custom" }, opts),
    });
    guard(view("k"));
    guard(view("k"));
    const e = guard(view("k")) as ErrataError;
    expect(e.message).toBe("Limit of 20 calls reached (custom)");
    expect(e.headers.RateLimit).toMatch(/^"minute";r=0;t=\d+$/);
  });

  it("checks every policy and reports all decisions in the headers", () => {
    const now = { t: 0 };
    const guard = rateLimitGuard({ limiter: limiter(now), policy: ["minute", "day"], key: () => "k" });
    expect(guard(view("k"))).toBeNull();
    now.t += 61_000;
    expect(guard(view("k"))).toBeNull();
    now.t += 61_000;
    expect(guard(view("k"))).toBeNull();
    now.t += 61_000;
    const e = guard(view("k")) as ErrataError; // the minute has room; the day does not
    expect(e.headers["RateLimit-Policy"]).toBe('"minute";q=2;w=60, "day";q=3;w=86400');
    expect(e.headers.RateLimit?.startsWith('"minute";r=1;t=')).toBe(true);
    expect(e.headers.RateLimit).toContain('"day";r=0;t=');
  });

  it("peek mode refuses while over the limit and counts nothing", () => {
    const now = { t: 0 };
    const l = limiter(now);
    const guard = rateLimitGuard({ limiter: l, policy: "minute", key: () => "k", mode: "peek" });
    for (let i = 0; i < 5; i++) expect(guard(view("k"))).toBeNull();
    l.consume("k", "minute");
    l.consume("k", "minute");
    expect(guard(view("k"))).toBeInstanceOf(ErrataError);
  });

  it("works with a store that answers asynchronously", async () => {
    const now = { t: 0 };
    const guard = rateLimitGuard({ limiter: async(limiter(now)), policy: ["minute", "day"], key: () => "k" });
    const first = guard(view("k"));
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toBeNull();
    expect(await guard(view("k"))).toBeNull();
    const e = (await guard(view("k"))) as ErrataError;
    expect(e.status).toBe(429);
    expect(e.headers["Retry-After"]).toBe("60");
  });

  it("needs a policy", () => {
    expect(() => rateLimitGuard({ limiter: limiter({ t: 0 }), policy: [], key: () => "k" })).toThrow(
      TypeError,
    );
  });
});
