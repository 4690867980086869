/**
 * No quadratic negotiation (issue 8): `Accept` and `Accept-Language` values as large as the
 * 16 KiB header limit allows, in the shapes that hurt naive parsers — one endless range, many
 * ranges, long parameter lists, long language ranges that lookup (RFC 4647 §3.4) would shorten
 * one subtag at a time — are each negotiated in well under a millisecond or two.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defineCatalog } from "../../src/catalog/define.js";
import { createErrata } from "../../src/core/errata.js";
import { negotiateLanguage, negotiateMediaType } from "../../src/negotiate/index.js";

/** The 16 KiB header limit (CONTRACT §3), minus room for the header name. */
const LIMIT = 16 * 1024 - 32;

const fill = (unit: string, tail = ""): string =>
  unit.repeat(Math.floor((LIMIT - tail.length) / unit.length)) + tail;

/** Best of a few runs (the machine is shared), in ms per call. */
function timed(f: () => unknown, runs = 5): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

const LANGUAGE_SHAPES: ReadonlyArray<readonly [string, string]> = [
  ["one range of 8 000 one-letter subtags", fill("a-", "b")],
  ["64 ranges of 64 subtags each", fill(`${"x-".repeat(63)}y,`)],
  ["ranges just over the length bound", fill(`${"x-".repeat(64)}y,`)],
  ["ranges of three-letter subtags under the bound", fill(`${"ab-".repeat(42)}de,`)],
  ["thousands of q-weighted ranges", fill("de-ch;q=0.5,")],
  ["one parameter list", `de;${"q=0.1;".repeat(2700)}`],
];

const MEDIA_SHAPES: ReadonlyArray<readonly [string, string]> = [
  ["800 ranges, the match last", fill("a/b;q=0.5,", "application/problem+xml")],
  ["one range with 2 000 parameters", `application/json;${fill("a=b;")}`],
  ["a q-value of 16 000 digits", `application/json;q=0.${fill("9")}`],
  ["commas only", fill(",")],
  ["slashes only", fill("/")],
  ["`q=` repeated", `text/html;${fill("q=")}`],
];

describe("negotiation stays linear under hostile headers", () => {
  const available = new Map([
    ["de", 1],
    ["fr-ca", 1],
  ]);

  it.each(LANGUAGE_SHAPES)("Accept-Language: %s", (_name, header) => {
    expect(header.length).toBeLessThanOrEqual(LIMIT);
    const ms = timed(() => negotiateLanguage(header, available));
    // Quadratic lookup took 100+ ms for the first shape (16 KiB); linear is far below 1 ms.
    expect(ms).toBeLessThan(20);
  });

  it.each(MEDIA_SHAPES)("Accept: %s", (_name, header) => {
    expect(header.length).toBeLessThanOrEqual(LIMIT + 30);
    const ms = timed(() =>
      negotiateMediaType(header, ["application/problem+json", "application/problem+xml"]),
    );
    expect(ms).toBeLessThan(20);
  });

  it("a long range never matches, a normal one still does", () => {
    expect(negotiateLanguage(fill("a-", "b"), available)).toBeUndefined();
    expect(negotiateLanguage(`${fill("a-", "b").slice(0, 8000)},fr-CA-x-private;q=0.8`, available)).toBe(
      "fr-ca",
    );
    expect(negotiateLanguage("de-CH-1996, fr;q=0.5", available)).toBe("de");
  });

  it("through errata: a localised entry, any Accept-Language of any length, answered at once", () => {
    const cat = defineCatalog(
      { id: "l10n" },
      {
        wrong: {
          code: 1,
          status: 422,
          message: "Field {f} is wrong",
          messages: { de: "Feld {f} ist falsch", "fr-CA": "Le champ {f} est faux" },
          fixes: ["Fix it."],
        },
      },
    );
    const errata = createErrata({ catalogs: [cat] });
    const view = { method: "GET", path: "/", token: "AbCdEfGhIjKlMnOp" };
    // Warm up: the first render compiles the entry.
    errata.handle(cat.wrong({ f: "x" }), { ...view, headers: { "accept-language": "de" } });
    let worst = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(...LANGUAGE_SHAPES.map(([, h]) => h)),
          fc.string({ unit: "binary-ascii", maxLength: 2000 }),
          fc
            .array(fc.stringMatching(/^[a-z]{1,8}(-[a-z0-9]{1,8}){0,40}(;q=0\.[0-9]{1,3})?$/), {
              maxLength: 200,
            })
            .map((a) => a.join(",")),
        ),
        (header) => {
          const t = performance.now();
          const r = errata.handle(cat.wrong({ f: "x" }), { ...view, headers: { "accept-language": header } });
          worst = Math.max(worst, performance.now() - t);
          const i = r.headers.indexOf("Content-Language");
          const lang = i < 0 ? undefined : r.headers[i + 1];
          const detail = (JSON.parse(r.body) as { detail: string }).detail;
          expect(
            { undefined: "Field x is wrong", de: "Feld x ist falsch", "fr-ca": "Le champ x est faux" }[
              String(lang)
            ],
          ).toBe(detail);
        },
      ),
      { numRuns: 300 },
    );
    process.stdout.write(`negotiation: worst hostile Accept-Language handled in ${worst.toFixed(2)} ms\n`);
    expect(worst).toBeLessThan(50);
  });
});
