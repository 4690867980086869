import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { negotiateLanguage, negotiateMediaType } from "./index.js";

const problem = ["application/problem+json", "application/problem+xml"];
const orcid = [
  "application/json",
  "application/vnd.orcid+json",
  "application/xml",
  "application/vnd.orcid+xml",
];

describe("negotiateMediaType", () => {
  it.each([
    [undefined, problem, 0],
    ["*/*", problem, 0],
    ["application/json", problem, 0],
    ["application/xml", problem, 1],
    ["application/problem+xml", problem, 1],
    ["application/problem+xml;q=0.5, application/json", problem, 0],
    ["application/json;q=0.2, application/xml;q=0.9", problem, 1],
    ["text/html", problem, -1],
    ["text/html, */*;q=0.1", problem, 0],
    ["application/*", problem, 0],
    ["application/problem+json;q=0", problem, -1],
    ["application/xml", orcid, 2],
    ["application/vnd.orcid+xml", orcid, 3],
    ["application/vnd.orcid+json", orcid, 1],
    ["text/plain", orcid, -1],
    ["APPLICATION/XML", orcid, 2],
    [",,, ;;; garbage", problem, 0],
  ])("Accept %s → %i", (accept, offers, expected) => {
    expect(negotiateMediaType(accept, offers)).toBe(expected);
  });

  it("never throws and stays fast on hostile headers", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (h) => {
        const r = negotiateMediaType(h, problem);
        expect(r).toBeGreaterThanOrEqual(-1);
        expect(r).toBeLessThan(2);
      }),
      { numRuns: 2000 },
    );
    // 1 MB of ranges: linear (only MAX_RANGES are considered), so this returns at once; a quadratic
    // implementation would hit the test timeout.
    const huge = "application/x;q=0.1,".repeat(50_000);
    expect(negotiateMediaType(huge, problem)).toBe(-1);
  });
});

describe("negotiateLanguage", () => {
  const available = new Set(["fr", "de-ch"]);
  it.each([
    [undefined, undefined],
    ["fr", "fr"],
    ["fr-CA", "fr"],
    ["de-CH, fr;q=0.5", "de-ch"],
    ["en, fr;q=0.3", "fr"],
    ["en", undefined],
    ["*", undefined],
  ])("Accept-Language %s → %s", (h, expected) => {
    expect(negotiateLanguage(h, available)).toBe(expected);
  });
});
