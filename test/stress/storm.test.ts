/**
 * The bounded error storm run by `npm test` (issue 8): a few seconds with the SQLite store, and
 * with PostgreSQL when it can be started. `npm run stress` runs the long version.
 */
import { afterAll, describe, expect, it } from "vitest";
import { findPostgresBin, startPostgres } from "../support/postgres.js";
import { runStorm } from "./storm.js";

const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const s of stops) await s();
});

function report(r: Awaited<ReturnType<typeof runStorm>>): void {
  process.stdout.write(
    `storm ${r.store}: ${r.responses} responses in ${r.seconds}s (${Math.round(r.rps)}/s), failures ${r.failures}, stored ${r.stored}, spilled backlog ${r.spillBacklog}, lost ${r.lost}, RSS ${r.rssStartMb}→${r.rssEndMb} MB, p99 ${r.p99ms} ms\n`,
  );
}

describe("error storm (bounded)", () => {
  it("SQLite: every response has its event, no failures", async () => {
    const r = await runStorm({ seconds: 3, connections: 20 });
    report(r);
    expect(r.responses).toBeGreaterThan(100);
    expect(r.failures).toBe(0);
    expect(r.lost).toBe(0);
    expect(r.dropped).toBe(0);
  }, 60_000);

  it("PostgreSQL: every response has its event, no failures", async () => {
    const bin = findPostgresBin();
    if (!bin) {
      if (process.env.ERRATA_REQUIRE_SERVICES === "1")
        throw new Error("postgres not found and ERRATA_REQUIRE_SERVICES=1");
      process.stdout.write("skipping: postgres not found\n");
      return;
    }
    const pg = await startPostgres(bin);
    stops.push(() => pg.stop());
    const r = await runStorm({ seconds: 3, connections: 20, store: pg.url });
    report(r);
    expect(r.failures).toBe(0);
    expect(r.lost).toBe(0);
    expect(r.dropped).toBe(0);
  }, 90_000);
});
