/**
 * Tests that need a real server program (redis-server, postgres, chromium) find it on PATH.
 * CONTRACT §1: absent → the suite skips with a printed reason, unless ERRATA_REQUIRE_SERVICES=1,
 * in which case a missing program fails the run.
 */
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

export function findProgram(name: string, extraDirs: string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), ...extraDirs];
  for (const d of dirs) {
    if (!d) continue;
    const p = join(d, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Returns the program path, or undefined after printing why the caller should skip. Throws when services are required. */
export function requireProgram(name: string, extraDirs: string[] = []): string | undefined {
  const p = findProgram(name, extraDirs);
  if (p) return p;
  const msg = `${name} not found on PATH`;
  if (process.env.ERRATA_REQUIRE_SERVICES === "1") {
    throw new Error(`${msg} and ERRATA_REQUIRE_SERVICES=1`);
  }
  process.stdout.write(`skipping: ${msg}\n`);
  return undefined;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}
