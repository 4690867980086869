/** Header strings, exactly (draft-ietf-httpapi-ratelimit-headers-11, RFC 9110 §10.2.3). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rateLimitHeaders } from "./headers.js";
import type { Decision, RateLimitPolicy } from "./types.js";

const identity: RateLimitPolicy = {
  name: "identity",
  limit: 10,
  windowMs: 60_000,
  algorithm: "sliding-window",
};
const daily: RateLimitPolicy = { name: "daily", limit: 50, windowMs: 86_400_000, algorithm: "fixed-window" };

function decision(policy: RateLimitPolicy, fields: Partial<Decision>): Decision {
  return {
    allowed: true,
    limit: policy.limit,
    remaining: policy.limit,
    resetMs: 0,
    retryAfterMs: 0,
    policy,
    ...fields,
  };
}

describe("rateLimitHeaders", () => {
  it("refused: Retry-After in whole seconds rounded up, r=0 and t", () => {
    const d = decision(identity, { allowed: false, remaining: 0, resetMs: 29_001, retryAfterMs: 29_001 });
    expect(rateLimitHeaders(d)).toEqual({
      "RateLimit-Policy": '"identity";q=10;w=60',
      RateLimit: '"identity";r=0;t=30',
      "Retry-After": "30",
    });
  });

  it("allowed: no Retry-After", () => {
    const d = decision(identity, { remaining: 7, resetMs: 45_000 });
    expect(rateLimitHeaders(d)).toEqual({
      "RateLimit-Policy": '"identity";q=10;w=60',
      RateLimit: '"identity";r=7;t=45',
    });
  });

  it("nothing pending: t is left out (draft-11 §4.2, an item with no time window)", () => {
    expect(rateLimitHeaders(decision(identity, {}))).toEqual({
      "RateLimit-Policy": '"identity";q=10;w=60',
      RateLimit: '"identity";r=10',
    });
  });

  it("a sub-second wait is still Retry-After: 1, never 0", () => {
    const d = decision(identity, { allowed: false, remaining: 0, resetMs: 1, retryAfterMs: 1 });
    expect(rateLimitHeaders(d)).toEqual({
      "RateLimit-Policy": '"identity";q=10;w=60',
      RateLimit: '"identity";r=0;t=1',
      "Retry-After": "1",
    });
  });

  it("several policies: one list member each, Retry-After the longest refused wait", () => {
    const minute = decision(identity, { remaining: 3, resetMs: 12_000 });
    const day = decision(daily, {
      allowed: false,
      remaining: 0,
      resetMs: 3_600_000,
      retryAfterMs: 3_600_000,
    });
    expect(rateLimitHeaders([minute, day])).toEqual({
      "RateLimit-Policy": '"identity";q=10;w=60, "daily";q=50;w=86400',
      RateLimit: '"identity";r=3;t=12, "daily";r=0;t=3600',
      "Retry-After": "3600",
    });
  });

  it("a window under a second advertises w=1 (sub-second precision is not supported)", () => {
    const fast: RateLimitPolicy = { name: "burst", limit: 5, windowMs: 250 };
    expect(rateLimitHeaders(decision(fast, { remaining: 4, resetMs: 250 }))).toEqual({
      "RateLimit-Policy": '"burst";q=5;w=1',
      RateLimit: '"burst";r=4;t=1',
    });
  });

  it("a degraded decision (store down) gives no RateLimit counts", () => {
    const closed = decision(identity, {
      allowed: false,
      remaining: 0,
      resetMs: 1000,
      retryAfterMs: 1000,
      degraded: true,
    });
    expect(rateLimitHeaders(closed)).toEqual({
      "RateLimit-Policy": '"identity";q=10;w=60',
      "Retry-After": "1",
    });
    const open = decision(identity, { degraded: true });
    expect(rateLimitHeaders(open)).toEqual({ "RateLimit-Policy": '"identity";q=10;w=60' });
  });

  it("any printable-ASCII policy name round-trips through the sf-string (RFC 9651 §3.3.3)", () => {
    // The sf-string grammar: DQUOTE *( unescaped / "\" ( DQUOTE / "\" ) ) DQUOTE.
    const parse = (field: string): string => {
      const m = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)";r=\d+$/.exec(field);
      if (m === null) throw new Error(`not an sf-string item: ${field}`);
      return m[1]!.replace(/\\(["\\])/g, "$1");
    };
    fc.assert(
      fc.property(fc.stringMatching(/^[\x20-\x7e]{1,20}$/), (name) => {
        const policy: RateLimitPolicy = { name, limit: 1, windowMs: 1000 };
        expect(parse(rateLimitHeaders(decision(policy, {})).RateLimit!)).toBe(name);
      }),
    );
  });
});
