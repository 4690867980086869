/**
 * The error storm (issue 8): mixed 401/404/429/500 at the highest rate the machine sustains for a
 * bounded time, against a server process with a real error store. Reports responses, failures
 * (responses that were not the expected status), events lost (responses without a stored or
 * spilled event), RSS at start and end, and p99 latency. Loopback only; bounded in time.
 * @module
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

export interface StormResult {
  readonly store: string;
  readonly seconds: number;
  readonly responses: number;
  readonly failures: number;
  readonly stored: number;
  readonly spillBacklog: number;
  readonly lost: number;
  readonly dropped: number;
  readonly rssStartMb: number;
  readonly rssEndMb: number;
  readonly p99ms: number;
  readonly rps: number;
}

const EXPECTED: Record<string, number> = { "/s/401": 401, "/nope": 404, "/s/429": 429, "/s/500": 500 };

export async function runStorm(o: {
  seconds: number;
  store?: string;
  connections?: number;
  label?: string;
}): Promise<StormResult> {
  const here = fileURLToPath(import.meta.url);
  const isTs = here.endsWith(".ts");
  const server = join(here, "..", `storm-server.${isTs ? "ts" : "js"}`);
  const dataDir = mkdtempSync(join(tmpdir(), "errata-storm-"));
  const child = fork(server, [], {
    execArgv: isTs ? ["--import", "tsx"] : [],
    env: { ...process.env, STORM_STORE: o.store ?? join(dataDir, "errors.db"), STORM_DATA_DIR: dataDir },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  type Msg = {
    type: string;
    port?: number;
    rss?: number;
    count?: number;
    stats?: { spillBacklog: number; dropped: number };
  };
  const next = (type: string) =>
    new Promise<Msg>((resolve, reject) => {
      const on = (m: Msg) => {
        if (m.type === type) {
          child.off("message", on);
          resolve(m);
        }
      };
      child.on("message", on);
      child.once("exit", (code) => reject(new Error(`storm server exited (${code})`)));
    });
  const ready = await next("ready");
  const port = ready.port ?? 0;
  const paths = Object.keys(EXPECTED);
  // Warm-up so RSS start is measured after the JIT and pools settle.
  const warm = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 10,
    duration: 1,
    requests: paths.map((path) => ({ path })),
  });
  child.send({ type: "rss" });
  const rssStart = (await next("rss")).rss ?? 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: o.connections ?? 50,
    duration: o.seconds,
    requests: paths.map((path) => ({ path })),
  });
  child.send({ type: "rss" });
  const rssEnd = (await next("rss")).rss ?? 0;
  child.send({ type: "close" });
  const closed = await next("closed");
  rmSync(dataDir, { recursive: true, force: true });
  const count = (r: autocannon.Result) => {
    const codes =
      (r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
    let n = 0;
    let unexpected = 0;
    const want = new Set(Object.values(EXPECTED).map(String));
    for (const [code, s] of Object.entries(codes)) {
      n += s.count;
      if (!want.has(code)) unexpected += s.count;
    }
    return { n, unexpected };
  };
  const storm = count(result);
  const warmed = count(warm);
  // Transport errors and timeouts are failures too; a response with another status is one.
  const failures = result.errors + result.timeouts + storm.unexpected + warmed.unexpected;
  // Every response (warm-up and storm) is an error event: it must be in the store or the spill.
  const stored = closed.count ?? 0;
  const spillBacklog = closed.stats?.spillBacklog ?? 0;
  return {
    store: o.label ?? (o.store?.startsWith("postgres") ? "postgres" : "sqlite"),
    seconds: o.seconds,
    responses: storm.n,
    failures,
    stored,
    spillBacklog,
    lost: Math.max(0, storm.n + warmed.n - stored - spillBacklog),
    dropped: closed.stats?.dropped ?? 0,
    rssStartMb: Math.round(rssStart / 1048576),
    rssEndMb: Math.round(rssEnd / 1048576),
    p99ms: result.latency.p99,
    rps: result.requests.average,
  };
}
