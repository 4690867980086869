/**
 * The lint engine: ordering, the CONTRACT §2 line format, known-defect marking, the rules on the
 * shipped seed catalogs (their real defects must be found), and the leak patterns on any input.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { identityCloudErrors } from "../../examples/identity-cloud/catalog.js";
import { orcidErrors } from "../../examples/orcid/catalog.js";
import { defineCatalog } from "../catalog/define.js";
import { httpErrors } from "../catalog/http.js";
import { describeRules, formatFinding, lintCatalog, lintRules } from "./index.js";
import { findLeaks } from "./rules/leaks-internals.js";

describe("lintCatalog", () => {
  const catalog = defineCatalog(
    { id: "shop" },
    {
      missing: { code: 100, name: "missing_argument", status: 400, message: "missing {argument}" },
      dup: {
        code: 100,
        status: 500,
        message: "Invalid token at localhost:5432",
        defect: "Kept on purpose: the real catalog reuses 100.",
      },
      fine: { code: 3001, name: "not_found", status: 404, message: "not found", fixes: ["Check the id."] },
      noCode: { status: 404, message: "gone", fixes: ["Look elsewhere."] },
    },
  );

  it("orders findings by entry, then by rule, and marks findings on known defects", () => {
    const found = lintCatalog(catalog, { file: "examples/shop/catalog.ts" });
    expect(found.map((f) => [f.key, f.rule])).toEqual([
      ["missing", "missing-fix"],
      ["dup", "duplicate-code"],
      ["dup", "client-error-as-5xx"],
      ["dup", "leaks-internals"],
      ["dup", "missing-fix"],
    ]);
    expect(found[0]).toEqual({
      file: "examples/shop/catalog.ts",
      catalog: "shop",
      key: "missing",
      code: 100,
      name: "missing_argument",
      status: 400,
      rule: "missing-fix",
      message: 'no fix text (add fixes: ["…"] saying what the client should do)',
      knownDefect: null,
    });
    expect(found[1]?.knownDefect).toBe("Kept on purpose: the real catalog reuses 100.");
  });

  it("prints `file: code name: rule: message` (key for a missing name, - for a missing code)", () => {
    const found = lintCatalog(catalog, { file: "cat.ts" });
    expect(found.map(formatFinding)).toEqual([
      'cat.ts: 100 missing_argument: missing-fix: no fix text (add fixes: ["…"] saying what the client should do)',
      "cat.ts: 100 dup: duplicate-code: code 100 is already used by 100 missing_argument; look-ups return that one (known defect)",
      'cat.ts: 100 dup: client-error-as-5xx: status 500 for a client mistake (validation: "Invalid"); use a 4xx (400 invalid, 401/403 authentication, 404 not found) (known defect)',
      'cat.ts: 100 dup: leaks-internals: message leaks internals: a host name "localhost" (known defect)',
      'cat.ts: 100 dup: missing-fix: no fix text (add fixes: ["…"] saying what the client should do) (known defect)',
    ]);
    const noCode = defineCatalog({ id: "x" }, { gone: { status: 301, message: "moved", fixes: ["f"] } });
    expect(lintCatalog(noCode).map(formatFinding)).toEqual([
      "x: - gone: status-range: status 301 is not an error status (expected 400–599)",
    ]);
  });

  it("finds nothing in the built-in http catalog", () => {
    expect(lintCatalog(httpErrors)).toEqual([]);
  });

  it("describes every rule on one line each", () => {
    const lines = describeRules().split("\n");
    expect(lines).toHaveLength(lintRules.length);
    expect(lines[0]).toMatch(/^duplicate-code {2,}Two entries share a code/);
  });
});

describe("the shipped seed catalogs keep their real defects, and lint finds them", () => {
  it("seed 001: 352 reuses the name unknown_application of 221", () => {
    const found = lintCatalog(identityCloudErrors, { file: "examples/identity-cloud/catalog.ts" });
    const dup = found.find((f) => f.rule === "duplicate-name");
    expect(dup).toMatchObject({ code: 352, name: "unknown_application" });
    expect(dup?.knownDefect).not.toBeNull();
    expect(formatFinding(dup as NonNullable<typeof dup>)).toBe(
      'examples/identity-cloud/catalog.ts: 352 unknown_application: duplicate-name: name "unknown_application" is already used by 221 unknown_application (known defect)',
    );
  });

  it("seed 000: invalid authorization code sent as 500, org.hibernate messages", () => {
    const found = lintCatalog(orcidErrors);
    const as500 = found.filter((f) => f.rule === "client-error-as-5xx");
    expect(as500.length).toBeGreaterThanOrEqual(2);
    const invalidCode = orcidErrors.$.entries.filter((e) =>
      /invalid authorization code/i.test(e.message.source),
    );
    expect(invalidCode.length).toBeGreaterThan(0);
    for (const e of invalidCode) expect(as500.map((f) => f.key)).toContain(e.key);
    const leaks = found.filter((f) => f.rule === "leaks-internals");
    const hibernate = leaks.filter((f) => f.message.includes("org.hibernate"));
    expect(hibernate.length).toBeGreaterThanOrEqual(2);
    // Every real defect is documented in the catalog, so each finding is marked.
    for (const f of [...as500, ...hibernate]) expect(f.knownDefect).not.toBeNull();
  });
});

describe("findLeaks", () => {
  it("never throws and stays fast on any text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (s) => {
        expect(Array.isArray(findLeaks(s))).toBe(true);
      }),
      { numRuns: 300 },
    );
    // Long adversarial runs (letters, dots, spaces) finish in linear-ish time.
    const t0 = performance.now();
    const adversarial = ["a.", "a-", "1.", "aB", "a ", "at x(", "Ab.", "SELECT x "].map((u) =>
      u.repeat(20_000),
    );
    for (const s of [...adversarial, "A".repeat(40_000), "a".repeat(40_000)]) {
      findLeaks(s);
    }
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("reports each leak once, the most specific first", () => {
    expect(findLeaks("org.hibernate.exception.DataException: could not execute statement")).toEqual([
      'a Java class name "org.hibernate.exception.DataException"',
      'a database error "could not execute statement"',
    ]);
    expect(findLeaks("The access token expired.")).toEqual([]);
  });
});
