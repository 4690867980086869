/**
 * `npm run stress` (issue 8): the long versions of the reliability checks, with a table of cases
 * tried, failures (must be 0), events lost (must be 0), RSS drift and p99. Exit 1 when any row
 * fails. Flags: `--seconds=N` (storm length, default 60).
 * @module
 */
import { findPostgresBin, startPostgres } from "../support/postgres.js";
import { runStorm, type StormResult } from "./storm.js";

const seconds = Number(process.argv.find((a) => a.startsWith("--seconds="))?.split("=")[1] ?? 60);

interface Row {
  readonly check: string;
  readonly cases: number;
  readonly failures: number;
  readonly lost: number | null;
  readonly rss: string;
  readonly p99: string;
}

const rows: Row[] = [];
const stormRow = (r: StormResult): Row => ({
  check: `error storm, ${r.store}, ${r.seconds}s, ${Math.round(r.rps)} req/s`,
  cases: r.responses,
  failures: r.failures,
  lost: r.lost + r.dropped,
  rss: `${r.rssStartMb} → ${r.rssEndMb} MB`,
  p99: `${r.p99ms} ms`,
});

process.stderr.write(`error storm with SQLite, ${seconds}s…\n`);
rows.push(stormRow(await runStorm({ seconds, connections: 50 })));

const bin = findPostgresBin();
if (bin) {
  const pg = await startPostgres(bin);
  try {
    process.stderr.write(`error storm with PostgreSQL, ${seconds}s…\n`);
    rows.push(stormRow(await runStorm({ seconds, connections: 50, store: pg.url })));
  } finally {
    await pg.stop();
  }
} else {
  process.stderr.write("PostgreSQL not found: storm with PostgreSQL skipped\n");
}

const extra = await import("./extra.js").catch(() => null);
if (extra) for (const r of await extra.runExtra()) rows.push(r);

const lines = [
  "| check | cases | failures | events lost | RSS | p99 |",
  "| --- | ---: | ---: | ---: | --- | --- |",
  ...rows.map((r) => `| ${r.check} | ${r.cases} | ${r.failures} | ${r.lost ?? "—"} | ${r.rss} | ${r.p99} |`),
];
process.stdout.write(`${lines.join("\n")}\n`);
process.exitCode = rows.some((r) => r.failures > 0 || (r.lost ?? 0) > 0) ? 1 : 0;
