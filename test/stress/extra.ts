/**
 * Further long-running checks for `npm run stress`: hostile-input fuzzing at volume.
 * @module
 */
import fc from "fast-check";
import { defineCatalog } from "../../src/catalog/define.js";
import { createErrata } from "../../src/core/errata.js";

export interface ExtraRow {
  readonly check: string;
  readonly cases: number;
  readonly failures: number;
  readonly lost: number | null;
  readonly rss: string;
  readonly p99: string;
}

/** Renders 100k generated parameter values in problem+json; every body must parse. */
async function renderFuzz(): Promise<ExtraRow> {
  const errors = defineCatalog({ id: "fuzz" }, { e: { status: 400, message: "bad {v}" } });
  const errata = createErrata({ catalogs: [errors] });
  let cases = 0;
  let failures = 0;
  const rss0 = process.memoryUsage().rss;
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 200 }), (v) => {
      cases++;
      try {
        const r = errata.handle(errors.e({ v }), {
          method: "GET",
          path: `/${v}`,
          headers: {},
          token: "AAAAAAAAAAAAAAAA",
        });
        if (JSON.parse(r.body).detail !== `bad ${v}`) failures++;
      } catch {
        failures++;
      }
    }),
    { numRuns: 100_000 },
  );
  const rss1 = process.memoryUsage().rss;
  return {
    check: "problem+json render fuzz",
    cases,
    failures,
    lost: null,
    rss: `${Math.round(rss0 / 1048576)} → ${Math.round(rss1 / 1048576)} MB`,
    p99: "—",
  };
}

export async function runExtra(): Promise<ExtraRow[]> {
  return [await renderFuzz()];
}
