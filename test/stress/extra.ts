/**
 * Further long-running checks for `npm run stress`: hostile-input fuzzing at volume — the long
 * versions of test/reliability's bounded checks: 10 000 generated internal exceptions thrown per
 * adapter (`--leak-cases=N`), thousands of hostile renders per wire format (`--render-runs=N`).
 * @module
 */
import fc from "fast-check";
import { defineCatalog } from "../../src/catalog/define.js";
import { createErrata } from "../../src/core/errata.js";
import { formatFactories } from "../../src/formats/registry.js";
import { LEAK_ADAPTERS } from "../reliability/leak-apps.js";
import { runLeakCheck } from "../reliability/leak-check.js";
import { runRenderFuzz } from "../reliability/render-check.js";

function flag(name: string, fallback: number): number {
  const v = process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const n = Number(v);
  return v !== undefined && Number.isInteger(n) && n > 0 ? n : fallback;
}

const mb = (bytes: number): number => Math.round(bytes / 1048576);

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

/**
 * The leak check at volume (issue 8): per adapter, generated internal exceptions thrown from
 * handlers over real sockets; a failure is any response that is not exactly the generic 500 or
 * that holds a fragment of the internals; "lost" counts 500s without their error event.
 */
async function leakRows(cases: number): Promise<ExtraRow[]> {
  const rows: ExtraRow[] = [];
  for (const [name, start] of LEAK_ADAPTERS) {
    process.stderr.write(`leak check, ${name}, ${cases} internal exceptions…\n`);
    const server = await start();
    const rss0 = process.memoryUsage().rss;
    try {
      const r = await runLeakCheck(server, { cases });
      const rss1 = process.memoryUsage().rss;
      for (const f of r.findings) process.stderr.write(`  ${f}\n`);
      rows.push({
        check: `leaks, ${name}, ${server.routes.length} route formats, ${r.rps} req/s, ${r.leaks} leaks`,
        cases: r.cases,
        failures: r.failures + Math.abs(r.thrown - r.cases),
        lost: Math.max(0, r.cases - r.events500),
        rss: `${mb(rss0)} → ${mb(rss1)} MB`,
        p99: `${r.p99Ms} ms`,
      });
    } finally {
      await server.close();
    }
  }
  return rows;
}

/** Hostile renders at volume in every built-in format (well-formed bodies, one-line headers). */
function renderRows(runs: number): ExtraRow[] {
  const rows: ExtraRow[] = [];
  for (const id of Object.keys(formatFactories)) {
    const rss0 = process.memoryUsage().rss;
    const r = runRenderFuzz(id, runs);
    const rss1 = process.memoryUsage().rss;
    for (const f of r.findings) process.stderr.write(`  ${f}\n`);
    rows.push({
      check: `hostile renders, ${id}`,
      cases: r.cases,
      failures: r.failures,
      lost: null,
      rss: `${mb(rss0)} → ${mb(rss1)} MB`,
      p99: `max ${r.worstMs} ms`,
    });
  }
  return rows;
}

export async function runExtra(): Promise<ExtraRow[]> {
  const rows = [await renderFuzz()];
  rows.push(...renderRows(flag("render-runs", 2000)));
  rows.push(...(await leakRows(flag("leak-cases", 10_000))));
  return rows;
}
