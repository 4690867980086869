/**
 * Profiles one benchmark server under load: `node dist/bench/profile.js <server> [seconds]`.
 *
 * Starts `bench/servers/<server>.js` with `--cpu-prof` (pinned to core 0 where `taskset` exists),
 * drives it with wrk (50 connections, core 1) for the given seconds, stops it so Node writes the
 * profile, and prints where the server's CPU went: the share of each function's own time among
 * the busy (non-idle) samples, and errata's functions with their inclusive share. The
 * `.cpuprofile` file stays in `bench/results/profiles/` for Chrome DevTools or speedscope.
 * @module
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const here = dirname(fileURLToPath(import.meta.url));
const [server = "errata-node-thrown", secondsArg = "5"] = process.argv.slice(2);
const seconds = Number(secondsArg);
const pinned = spawnSync("taskset", ["-c", "0", "true"]).status === 0 && cpus().length >= 2;
const outDir = join(here, "..", "..", "bench", "results", "profiles", server);
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const script = join(here, "servers", `${server}.js`);
const nodeArgs = ["--cpu-prof", `--cpu-prof-dir=${outDir}`, script];
const child = spawn(
  pinned ? "taskset" : process.execPath,
  pinned ? ["-c", "0", process.execPath, ...nodeArgs] : nodeArgs,
  {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    env: { ...process.env, PORT: "0", BENCH_BODY: "{}", NODE_ENV: "production" },
  },
);
const port = await new Promise<number>((resolve, reject) => {
  child.on("message", (m: { type?: string; port?: number }) => {
    if (m?.type === "ready" && m.port) resolve(m.port);
  });
  child.on("exit", () => reject(new Error(`${server} exited before it was ready`)));
});
const url = `http://127.0.0.1:${port}/missing`;
const wrkArgs = ["-t1", "-c50", `-d${seconds}s`, url];
const load = spawnSync(pinned ? "taskset" : "wrk", pinned ? ["-c", "1", "wrk", ...wrkArgs] : wrkArgs);
if (load.error) {
  child.kill();
  throw new Error("profile.ts needs wrk (apt-get install wrk)");
}
process.stdout.write(
  `${server}: ${/Requests\/sec:\s+[\d.]+/.exec(String(load.stdout))?.[0] ?? "no wrk output"}\n`,
);
// Disconnecting makes the server exit normally (common.ts), which writes the profile.
await new Promise<void>((resolve) => {
  child.on("exit", () => resolve());
  child.disconnect();
});

const file = readdirSync(outDir).find((f) => f.endsWith(".cpuprofile"));
if (!file) throw new Error("no profile written");
const profile = JSON.parse(readFileSync(join(outDir, file), "utf8")) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const label = (n: ProfileNode) => {
  const f = n.callFrame;
  const where = f.url.replace(/^.*\/(node_modules|dist)\//, "$1/").replace(/^node:/, "");
  return `${f.functionName || "(anonymous)"} ${where}${where ? `:${f.lineNumber + 1}` : ""}`;
};
let busy = 0;
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  if (!node || node.callFrame.functionName === "(idle)") continue;
  busy += us;
  const k = label(node);
  self.set(k, (self.get(k) ?? 0) + us);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur);
    if (!n) break;
    const name = label(n);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
}
const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
process.stdout.write(`busy CPU ${(busy / 1e6).toFixed(2)} s; own time, share of busy:\n`);
for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  process.stdout.write(`  ${pct(us)}  ${k}\n`);
}
process.stdout.write("errata's functions, inclusive share of busy:\n");
for (const [k, us] of [...inclusive]
  .filter(([k]) => k.includes("dist/src/"))
  .sort((a, b) => b[1] - a[1])
  .slice(0, 20)) {
  process.stdout.write(`  ${pct(us)}  ${k}\n`);
}
process.stdout.write(`profile: ${join(outDir, file)}\n`);
