/** The nesting pre-scan agrees with the real depth of any JSON document, strings and escapes included. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exceedsDepth, MAX_JSON_DEPTH, safeJsonParse } from "./safe-json.js";

function depth(v: unknown): number {
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(depth));
  if (typeof v === "object" && v !== null) return 1 + Math.max(0, ...Object.values(v).map(depth));
  return 0;
}

describe("exceedsDepth", () => {
  it("matches the real depth for arbitrary JSON, brackets inside strings ignored", () => {
    const str = fc.string({ unit: fc.constantFrom("[", "{", "]", "}", '"', "\\", "a") });
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: "medium" },
        str,
        fc.integer(),
        fc.array(tie("v"), { maxLength: 3 }),
        fc.dictionary(str, tie("v"), { maxKeys: 3 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 8 }), (v, max) => {
        expect(exceedsDepth(JSON.stringify(v), max)).toBe(depth(v) > max);
      }),
      { numRuns: 500 },
    );
  });

  it("safeJsonParse refuses deep large documents and invalid text, never throws", () => {
    const deep = `${"[".repeat(MAX_JSON_DEPTH + 1)}${"]".repeat(MAX_JSON_DEPTH + 1)}`.padEnd(5000, " ");
    expect(safeJsonParse(deep)).toBeUndefined();
    const ok = `${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`.padEnd(5000, " ");
    expect(safeJsonParse(ok)).toBeDefined();
    expect(safeJsonParse("{")).toBeUndefined();
    expect(safeJsonParse('{"__proto__":{"x":1}}')).toEqual(JSON.parse('{"__proto__":{"x":1}}'));
  });
});
