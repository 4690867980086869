// Builds dist/ with tsc when it is missing or older than any source file.
// Used by `npm start`, `npm run bench` and the `prepare` step, so a fresh clone runs without a manual build.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const roots = ["src", "examples", "demo", "bench", "test/stress", "test/support", "test/reliability"];
const stamp = "dist/demo/server.js";

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith(".ts")) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const src = Math.max(
  ...roots.map(newest),
  statSync("tsconfig.json").mtimeMs,
  statSync("tsconfig.build.json").mtimeMs,
);
if (built < src || process.argv.includes("--force")) {
  const tsc = join("node_modules", "typescript", "bin", "tsc");
  if (!existsSync(tsc)) {
    // An install without devDependencies (a consumer) ships dist/ already.
    process.exit(0);
  }
  const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
