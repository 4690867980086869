/**
 * `npm run bench` (CONTRACT §5): every server in turn under the same load, then the
 * micro-benchmarks, each beside its baseline measured in the same run, then the error store's
 * sustained write rate; finally the targets of issue 9, each checked against this run's ratios.
 *
 * Servers are pinned to core 0 and the load generator (wrk; autocannon when wrk is absent) to
 * core 1 where `taskset` exists. All servers start once; rounds go round-robin over them so
 * machine noise spreads evenly; medians of 5 rounds (3 s each) after a warm-up. Server CPU time
 * comes from the server process itself (`process.cpuUsage()` over IPC) and is divided by the
 * responses served in the round. Every server answers the same 182-byte 404 (column "body B").
 * Besides the contract's servers, three "floor" servers show the least a framework's own path
 * costs (a prebuilt throw or a route writing precomputed bytes), bounding what any library on it
 * can reach.
 *
 * Flags: `--json` (one JSON object on stdout), `--quick` (one short round), `--only=a,b`
 * (scenarios; bare always runs), `--no-servers`, `--no-micro`, `--no-store`, `--rounds=N`,
 * `--seconds=N`. See bench/README.md.
 * @module
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type MicroResult, runMicro } from "./micro.js";
import { runStoreBench, type StoreBenchRow } from "./store.js";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (n: string) => args.includes(`--${n}`);
const opt = (n: string) => args.find((a) => a.startsWith(`--${n}=`))?.split("=")[1];
const JSON_OUT = flag("json");
const QUICK = flag("quick");
const ROUNDS = Number(opt("rounds") ?? (QUICK ? 1 : 5));
const SECONDS = Number(opt("seconds") ?? (QUICK ? 2 : 3));
const WARMUP = QUICK ? 1 : 2;
/** Unmeasured seconds of load right before each measured round of a server. */
const ROUND_WARMUP = 1;
const CONNECTIONS = 50;
const only = opt("only")?.split(",");

const log = (s: string) => {
  if (!JSON_OUT) process.stderr.write(`${s}\n`);
};

interface Scenario {
  readonly name: string;
  readonly script: string;
  readonly path: string;
  readonly label: string;
}

const scenarios: Scenario[] = [
  { name: "bare", script: "bare", path: "/missing", label: "bare node:http, precomputed body (the limit)" },
  {
    name: "handwritten",
    script: "handwritten",
    path: "/missing",
    label: "node:http, JSON.stringify + randomBytes token",
  },
  {
    name: "errata-node-produced",
    script: "errata-node-produced",
    path: "/missing",
    label: "errata node:http, produced (guard 404)",
  },
  {
    name: "errata-node-returned",
    script: "errata-node-returned",
    path: "/missing",
    label: "errata node:http, produced (handler returns it)",
  },
  {
    name: "errata-node-thrown",
    script: "errata-node-thrown",
    path: "/missing",
    label: "errata node:http, thrown",
  },
  {
    name: "errata-fastify-produced",
    script: "errata-fastify-produced",
    path: "/missing",
    label: "errata on Fastify, produced (not found)",
  },
  {
    name: "errata-fastify-thrown",
    script: "errata-fastify-thrown",
    path: "/missing",
    label: "errata on Fastify, thrown",
  },
  { name: "fastify-own", script: "fastify-own", path: "/missing", label: "Fastify's own error handler" },
  {
    name: "fastify-floor-thrown",
    script: "fastify-floor-thrown",
    path: "/missing",
    label: "floor: Fastify, prebuilt throw → precomputed body",
  },
  {
    name: "errata-express-produced",
    script: "errata-express-produced",
    path: "/missing",
    label: "errata on Express 5, produced (not found)",
  },
  {
    name: "errata-express-thrown",
    script: "errata-express-thrown",
    path: "/missing",
    label: "errata on Express 5, thrown",
  },
  {
    name: "express-http-errors",
    script: "express-http-errors",
    path: "/missing",
    label: "Express 5 + http-errors",
  },
  {
    name: "express-floor",
    script: "express-floor",
    path: "/missing",
    label: "floor: Express 5, route writes precomputed body",
  },
  {
    name: "express-floor-thrown",
    script: "express-floor-thrown",
    path: "/missing",
    label: "floor: Express 5, prebuilt throw → precomputed body",
  },
  { name: "hono", script: "hono", path: "/missing", label: "Hono on @hono/node-server" },
];

const hasTaskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0 && cpus().length >= 2;
const hasWrk = spawnSync("wrk", ["--version"]).error === undefined;

interface Running {
  readonly s: Scenario;
  readonly child: ChildProcess;
  readonly port: number;
  readonly bodyBytes: number;
}

function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const on = (m: { type?: string; usage?: { user: number; system: number } }) => {
      if (m?.type === "cpu" && m.usage) {
        child.off("message", on);
        resolve(m.usage.user + m.usage.system);
      }
    };
    child.on("message", on);
    child.send({ type: "cpu" });
  });
}

async function start(s: Scenario, body: string): Promise<Running | null> {
  const script = join(here, "servers", `${s.script}.js`);
  const cmd = hasTaskset ? "taskset" : process.execPath;
  const argv = hasTaskset ? ["-c", "0", process.execPath, script] : [script];
  const child = spawn(cmd, argv, {
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    env: { ...process.env, PORT: "0", BENCH_BODY: body, NODE_ENV: "production" },
  });
  let err = "";
  child.stderr?.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const port = await new Promise<number | null>((resolve) => {
    const t = setTimeout(() => resolve(null), 15_000);
    child.on("message", (m: { type?: string; port?: number }) => {
      if (m?.type === "ready") {
        clearTimeout(t);
        resolve(m.port ?? null);
      }
    });
    child.on("exit", () => {
      clearTimeout(t);
      resolve(null);
    });
  });
  if (port === null) {
    log(`  ${s.name}: did not start${err ? `: ${err.split("\n")[0]}` : ""}`);
    child.kill();
    return null;
  }
  const res = await fetch(`http://127.0.0.1:${port}${s.path}`);
  const text = await res.text();
  if (res.status !== 404) log(`  ${s.name}: answered ${res.status}, not 404`);
  return { s, child, port, bodyBytes: Buffer.byteLength(text) };
}

interface Load {
  readonly rps: number;
  readonly p99ms: number;
  readonly requests: number;
}

function parseWrk(out: string): Load {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const reqs = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const m = /99%\s+([\d.]+)(us|ms|s)/.exec(out);
  let p99 = m ? Number(m[1]) : Number.NaN;
  if (m?.[2] === "us") p99 /= 1000;
  if (m?.[2] === "s") p99 *= 1000;
  return { rps, p99ms: p99, requests: reqs };
}

function load(port: number, path: string, seconds: number): Promise<Load> {
  const url = `http://127.0.0.1:${port}${path}`;
  return new Promise((resolve) => {
    let cmd: string;
    let argv: string[];
    if (hasWrk) {
      cmd = hasTaskset ? "taskset" : "wrk";
      const w = ["-t1", `-c${CONNECTIONS}`, `-d${seconds}s`, "--latency", url];
      argv = hasTaskset ? ["-c", "1", "wrk", ...w] : w;
    } else {
      const ac = join(here, "..", "..", "node_modules", "autocannon", "autocannon.js");
      cmd = hasTaskset ? "taskset" : process.execPath;
      const a = [ac, "-c", String(CONNECTIONS), "-d", String(seconds), "-j", url];
      argv = hasTaskset ? ["-c", "1", process.execPath, ...a] : a;
    }
    const p = spawn(cmd, argv, { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    p.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    p.on("close", () => {
      if (hasWrk) resolve(parseWrk(out));
      else {
        try {
          const j = JSON.parse(out) as {
            requests: { average: number; total: number };
            latency: { p99: number };
          };
          resolve({ rps: j.requests.average, p99ms: j.latency.p99, requests: j.requests.total });
        } catch {
          resolve({ rps: 0, p99ms: Number.NaN, requests: 0 });
        }
      }
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

export interface ServerResult {
  readonly name: string;
  readonly label: string;
  readonly rps: number;
  readonly p99ms: number;
  readonly cpuUsPerResponse: number;
  readonly bodyBytes: number;
  readonly ratioRps: number;
  readonly ratioCpu: number;
  readonly rounds: number;
}

async function runServers(): Promise<ServerResult[]> {
  const { benchErrata } = await import("./servers/catalog.js");
  const sample = benchErrata.handle(benchErrata.guard("notFound"), {
    method: "GET",
    path: "/missing",
    headers: {},
    token: "AAAAAAAAAAAAAAAA",
  });
  const list = scenarios.filter((s) => !only || only.includes(s.name) || s.name === "bare");
  log(
    `servers: ${list.length}, ${ROUNDS} round(s) of ${SECONDS}s (each after ${ROUND_WARMUP}s of unmeasured load) after ${WARMUP}s warm-up, ${CONNECTIONS} connections, load: ${hasWrk ? "wrk" : "autocannon"}${hasTaskset ? ", server on core 0, load on core 1" : ""}`,
  );
  const running: Running[] = [];
  for (const s of list) {
    const r = await start(s, sample.body);
    if (r) running.push(r);
  }
  const samples = new Map<string, { rps: number[]; p99: number[]; cpu: number[] }>();
  for (const r of running) {
    samples.set(r.s.name, { rps: [], p99: [], cpu: [] });
    await load(r.port, r.s.path, WARMUP);
  }
  for (let round = 0; round < ROUNDS; round++) {
    // Each round starts at a different server, so a slow spell of the machine at a fixed point of
    // a round does not always land on the same server.
    const shift = (round * Math.max(1, Math.floor(running.length / ROUNDS))) % Math.max(1, running.length);
    for (const r of [...running.slice(shift), ...running.slice(0, shift)]) {
      // A server idle for a whole round (others were measured) starts cold: V8's memory reducer
      // has shrunk its young generation and the caches are someone else's. One unmeasured second
      // of load first, so every server is measured in its steady state.
      await load(r.port, r.s.path, ROUND_WARMUP);
      const c0 = await cpuOf(r.child);
      const l = await load(r.port, r.s.path, SECONDS);
      const c1 = await cpuOf(r.child);
      const smp = samples.get(r.s.name)!;
      smp.rps.push(l.rps);
      smp.p99.push(l.p99ms);
      smp.cpu.push(l.requests > 0 ? (c1 - c0) / l.requests : Number.NaN);
      log(
        `  round ${round + 1} ${r.s.name}: ${Math.round(l.rps)} req/s, ${(smp.cpu.at(-1) ?? Number.NaN).toFixed(1)} CPU µs/resp`,
      );
    }
  }
  for (const r of running) r.child.kill();
  const bare = samples.get("bare");
  const bareRps = bare ? median(bare.rps) : Number.NaN;
  const bareCpu = bare ? median(bare.cpu) : Number.NaN;
  return running.map((r) => {
    const smp = samples.get(r.s.name)!;
    const rps = median(smp.rps);
    const cpu = median(smp.cpu);
    return {
      name: r.s.name,
      label: r.s.label,
      rps,
      p99ms: median(smp.p99),
      cpuUsPerResponse: cpu,
      bodyBytes: r.bodyBytes,
      ratioRps: rps / bareRps,
      ratioCpu: cpu / bareCpu,
      rounds: smp.rps.length,
    };
  });
}

function fmt(n: number, d = 0): string {
  return Number.isFinite(n) ? n.toFixed(d) : "n/a";
}

/** One checked target of issue 9. */
export interface TargetCheck {
  readonly target: string;
  /** The measured ratio (req/s, or the micro ratio). */
  readonly value: number;
  /** The same comparison in server CPU time per response (servers only): steadier on shared VMs. */
  readonly cpuValue?: number;
  /** null when a row it needs is missing. */
  readonly met: boolean | null;
  /** The target judged on the CPU ratio instead (servers only). */
  readonly metCpu?: boolean;
  readonly note?: string;
}

/**
 * The server targets of issue 9, as ratios of req/s medians of this run (and the same ratio in
 * CPU-µs per response, inverted so that higher is better on both).
 */
function serverTargets(servers: readonly ServerResult[]): TargetCheck[] {
  const by = new Map(servers.map((s) => [s.name, s]));
  const out: TargetCheck[] = [];
  const vs = (a: string, b: string, min: number, target: string, note?: string) => {
    const x = by.get(a);
    const y = by.get(b);
    if (!x || !y) return;
    const value = x.rps / y.rps;
    const cpuValue = y.cpuUsPerResponse / x.cpuUsPerResponse;
    out.push({
      target,
      value,
      cpuValue,
      met: Number.isFinite(value) ? value >= min : null,
      ...(Number.isFinite(cpuValue) ? { metCpu: cpuValue >= min } : {}),
      ...(note ? { note } : {}),
    });
  };
  vs("errata-node-produced", "bare", 0.8, "errata node:http produced (guard) ≥ 0.80× bare");
  vs("errata-node-returned", "bare", 0.8, "errata node:http produced (returned) ≥ 0.80× bare");
  vs("errata-node-thrown", "bare", 0.65, "errata node:http thrown ≥ 0.65× bare");
  vs("errata-node-thrown", "handwritten", 1.0, "errata node:http thrown faster than hand-written (> 1×)");
  vs("errata-fastify-produced", "fastify-own", 1.5, "errata on Fastify produced ≥ 1.5× Fastify's own");
  vs("errata-fastify-thrown", "fastify-own", 1.5, "errata on Fastify thrown ≥ 1.5× Fastify's own");
  vs("fastify-floor-thrown", "fastify-own", 1.5, "(floor) Fastify prebuilt throw vs Fastify's own", "bound");
  vs(
    "errata-express-produced",
    "express-http-errors",
    2,
    "errata on Express produced ≥ 2× Express + http-errors",
  );
  vs(
    "errata-express-thrown",
    "express-http-errors",
    2,
    "errata on Express thrown ≥ 2× Express + http-errors",
  );
  vs(
    "express-floor",
    "express-http-errors",
    2,
    "(floor) Express route writing bytes vs http-errors",
    "bound",
  );
  vs(
    "express-floor-thrown",
    "express-http-errors",
    2,
    "(floor) Express prebuilt throw vs http-errors",
    "bound",
  );
  return out;
}

function microTargets(micro: readonly MicroResult[]): TargetCheck[] {
  return micro
    .filter((m) => m.target !== undefined)
    .map((m) => ({
      target: `${m.name} vs ${m.baseline}: ${m.target}`,
      value: m.ratio,
      met: m.met ?? null,
    }));
}

const yesNo = (t: TargetCheck) =>
  t.note === "bound" ? "(bound)" : t.met === null ? "n/a" : t.met ? "yes" : "NO";

/** The same target judged on CPU-µs per response (the steadier measure on shared VMs). */
const yesNoCpu = (t: TargetCheck) =>
  t.note === "bound" ? "(bound)" : t.metCpu === undefined ? "n/a" : t.metCpu ? "yes" : "NO";

function table(
  servers: ServerResult[],
  micro: MicroResult[],
  store: StoreBenchRow[],
  targets: readonly TargetCheck[],
): string {
  const lines: string[] = [];
  if (servers.length) {
    lines.push("| server | req/s | ×bare | p99 ms | CPU µs/resp | ×bare CPU | body B |");
    lines.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const s of servers) {
      lines.push(
        `| ${s.label} | ${fmt(s.rps)} | ${fmt(s.ratioRps, 2)} | ${fmt(s.p99ms, 2)} | ${fmt(s.cpuUsPerResponse, 1)} | ${fmt(s.ratioCpu, 2)} | ${s.bodyBytes} |`,
      );
    }
    lines.push("");
  }
  if (micro.length) {
    lines.push("| micro-benchmark | ns/op | baseline | baseline ns/op | ratio | target | met |");
    lines.push("| --- | ---: | --- | ---: | ---: | --- | --- |");
    for (const m of micro) {
      const met = m.met === undefined ? "" : m.met ? "yes" : "NO";
      lines.push(
        `| ${m.name} | ${fmt(m.ns)} | ${m.baseline} | ${fmt(m.baselineNs)} | ${fmt(m.ratio, m.ratio < 0.1 ? 3 : 2)} | ${m.target ?? ""} | ${m.error ? `error: ${m.error}` : met} |`,
      );
    }
  }
  const st = targets.filter((t) => t.cpuValue !== undefined);
  if (st.length) {
    lines.push(
      "",
      "| server target (issue 9) | req/s ratio | CPU ratio | met (req/s) | met (CPU) |",
      "| --- | ---: | ---: | --- | --- |",
    );
    for (const t of st) {
      lines.push(
        `| ${t.target} | ${fmt(t.value, 2)} | ${fmt(t.cpuValue ?? Number.NaN, 2)} | ${yesNo(t)} | ${yesNoCpu(t)} |`,
      );
    }
  }
  if (store.length) {
    lines.push("", "| error store, sustained writes | events/s | detail |", "| --- | ---: | --- |");
    for (const r of store) lines.push(`| ${r.name} | ${fmt(r.eventsPerSecond)} | ${r.detail} |`);
  }
  return lines.join("\n");
}

const servers = flag("no-servers") ? [] : await runServers();
const micro = flag("no-micro") ? [] : await runMicro({ quick: QUICK, log });
const store = flag("no-store") ? [] : await runStoreBench({ quick: QUICK, log });
const targets = [...serverTargets(servers), ...microTargets(micro)];
const result = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? "unknown",
  loadGenerator: hasWrk ? "wrk" : "autocannon",
  pinned: hasTaskset,
  rounds: ROUNDS,
  seconds: SECONDS,
  connections: CONNECTIONS,
  servers,
  micro,
  store,
  targets,
};
const dir = join(here, "..", "..", "bench", "results");
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, `bench-${result.date.replace(/[:.]/g, "-")}.json`),
  `${JSON.stringify(result, null, 2)}\n`,
);
if (JSON_OUT) process.stdout.write(`${JSON.stringify(result)}\n`);
else
  process.stdout.write(
    `\n${table(servers, micro, store, targets)}\n\nnode ${result.node}, ${result.cpuModel}\n`,
  );
