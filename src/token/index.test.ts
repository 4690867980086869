import { describe, expect, it } from "vitest";
import { isRequestToken, requestToken } from "./index.js";

describe("requestToken", () => {
  it("is 16 chars of [A-Za-z0-9] and unique", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      const t = requestToken();
      expect(t).toMatch(/^[A-Za-z0-9]{16}$/);
      seen.add(t);
    }
    expect(seen.size).toBe(50_000);
    expect(isRequestToken(requestToken())).toBe(true);
    expect(isRequestToken("short")).toBe(false);
  });

  it("uses the whole alphabet roughly uniformly (rejection sampling, no modulo bias)", () => {
    const counts = new Map<string, number>();
    const n = 20_000;
    for (let i = 0; i < n; i++) for (const ch of requestToken()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (n * 16) / 62;
    // chi-square with 61 degrees of freedom: 99.9th percentile ≈ 100
    let chi = 0;
    for (const c of counts.values()) chi += (c - expected) ** 2 / expected;
    expect(chi).toBeLessThan(110);
  });
});
