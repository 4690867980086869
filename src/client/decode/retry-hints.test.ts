/** Retry-After (RFC 9110 §10.2.3), HTTP-dates (§5.6.7), RateLimit fields, reset pairs, RetryInfo. */
import { describe, expect, it } from "vitest";
import {
  parseDuration,
  parseHttpDate,
  parseRateLimit,
  parseResetPair,
  parseRetryAfter,
} from "./retry-hints.js";

const NOW = Date.UTC(2015, 9, 21, 7, 27, 0); // Wed, 21 Oct 2015 07:27:00 GMT
const now = () => NOW;

describe("HTTP-date", () => {
  it("accepts the three forms of RFC 9110 §5.6.7", () => {
    const t = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).toBe(t);
    expect(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).toBe(t);
    expect(parseHttpDate("Sun Nov  6 08:49:37 1994", NOW)).toBe(t);
    expect(parseHttpDate("Sun, 06 Nov 1994 08:49:37 PST", NOW)).toBeNull();
    expect(parseHttpDate("yesterday", NOW)).toBeNull();
  });
});

describe("Retry-After", () => {
  it("delay-seconds, and Graph's decimal form", () => {
    expect(parseRetryAfter("120", undefined, now)).toBe(120);
    expect(parseRetryAfter(" 0 ", undefined, now)).toBe(0);
    expect(parseRetryAfter("2.128", undefined, now)).toBe(2.128);
    expect(parseRetryAfter("-5", undefined, now)).toBeNull();
    expect(parseRetryAfter("soon", undefined, now)).toBeNull();
    expect(parseRetryAfter(undefined, undefined, now)).toBeNull();
  });

  it("an HTTP-date is measured from the response's Date, else from now; past dates give 0", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", undefined, now)).toBe(60);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", "Wed, 21 Oct 2015 07:27:30 GMT", now)).toBe(30);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", undefined, now)).toBe(0);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", "garbage", now)).toBe(60);
  });

  it("reads the clock only for dates", () => {
    let calls = 0;
    parseRetryAfter("10", undefined, () => ++calls);
    expect(calls).toBe(0);
  });
});

describe("RateLimit fields (draft-ietf-httpapi-ratelimit-headers)", () => {
  it("list form: the largest reset of exhausted policies", () => {
    expect(parseRateLimit('"default";r=0;t=30')).toBe(30);
    expect(parseRateLimit('"burst";r=0;t=5, "day";r=0;t=3600')).toBe(3600);
    expect(parseRateLimit('"burst";r=3;t=5, "day";r=0;t=60')).toBe(60);
    expect(parseRateLimit('"default";r=10;t=30')).toBeNull();
    expect(parseRateLimit('"a,b";r=0;t=7')).toBe(7);
  });

  it("dictionary form of earlier drafts", () => {
    expect(parseRateLimit("limit=100, remaining=0, reset=50")).toBe(50);
    expect(parseRateLimit("limit=100, remaining=5, reset=50")).toBeNull();
  });

  it("reset pairs: delta seconds or (from 10^9 on) epoch seconds against Date", () => {
    expect(parseResetPair("30", "0", 200, undefined, now)).toBe(30);
    expect(parseResetPair("30", "4", 200, undefined, now)).toBeNull();
    expect(parseResetPair("30", undefined, 429, undefined, now)).toBe(30);
    expect(parseResetPair("30", undefined, 403, undefined, now)).toBeNull();
    const epoch = String(NOW / 1000 + 90);
    expect(parseResetPair(epoch, "0", 403, undefined, now)).toBe(90);
    expect(parseResetPair(epoch, "0", 403, "Wed, 21 Oct 2015 07:28:00 GMT", now)).toBe(30);
  });
});

describe("google.rpc.RetryInfo durations", () => {
  it("parses protobuf JSON durations", () => {
    expect(parseDuration("30s")).toBe(30);
    expect(parseDuration("3.5s")).toBe(3.5);
    expect(parseDuration("58.934310785s")).toBeCloseTo(58.934310785);
    expect(parseDuration({ seconds: "2", nanos: 500_000_000 })).toBe(2.5);
    expect(parseDuration("30")).toBeNull();
    expect(parseDuration("-1s")).toBeNull();
    expect(parseDuration(30)).toBeNull();
  });
});
