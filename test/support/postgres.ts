/**
 * A throwaway PostgreSQL server for tests (CONTRACT §1: tests start the servers they need on a
 * loopback port in a temp dir, and skip with a reason when the program is absent).
 *
 * As the environment notes say: initdb refuses to run as root, so as root every command runs as
 * the `postgres` user through runuser, from a directory that user can read; the socket lives in
 * the temp dir; fsync is off (test data need not survive a power cut). `kill()`/`start()` stop
 * and restart the same cluster on the same port, for outage tests.
 */
import { spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { findProgram, freePort, requireProgram } from "./require-program.js";

/** A running test server. */
export interface PostgresServer {
  /** `postgresql://postgres@127.0.0.1:PORT/postgres`. */
  readonly url: string;
  readonly port: number;
  /** Creates an empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server, keeping its data (`fast`: disconnect clients; `immediate`: crash-like). */
  kill(mode?: "fast" | "immediate"): Promise<void>;
  /** Starts it again after `kill()`, on the same port. */
  start(): Promise<void>;
  /** Stops the server and deletes its files. */
  stop(): Promise<void>;
}

/** Debian keeps the server programs out of PATH, one directory per major version. */
function debianBinDirs(): string[] {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(root, v, "bin"));
}

/**
 * The directory holding initdb and pg_ctl, or undefined after printing why PostgreSQL tests are
 * skipped (throws instead when ERRATA_REQUIRE_SERVICES=1).
 */
export function findPostgresBin(): string | undefined {
  // Prefer Debian's versioned directory (the real files); fall back to PATH.
  for (const d of debianBinDirs()) {
    if (existsSync(join(d, "initdb")) && existsSync(join(d, "pg_ctl"))) return d;
  }
  const initdb = requireProgram("initdb");
  if (!initdb) return undefined;
  const dir = dirname(initdb);
  return requireProgram("pg_ctl", [dir]) ? dir : undefined;
}

interface RunResult {
  code: number | null;
  output: string;
}

function run(cmd: string, args: string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.once("error", reject);
    // 'exit', not 'close': the postmaster may outlive pg_ctl.
    child.once("exit", (code) => resolve({ code, output }));
  });
}

/** Starts a fresh cluster on a free 127.0.0.1 port. `binDir` from {@link findPostgresBin}. */
export async function startPostgres(binDir?: string): Promise<PostgresServer> {
  const bin = binDir ?? findPostgresBin();
  if (!bin) throw new Error("PostgreSQL (initdb, pg_ctl) not found");
  const asRoot = process.getuid?.() === 0;
  const runuser = asRoot ? findProgram("runuser", ["/usr/sbin", "/sbin"]) : undefined;
  if (asRoot && !runuser) throw new Error("running as root needs runuser to start PostgreSQL as postgres");
  const dir = mkdtempSync(join(tmpdir(), "errata-pg-"));
  if (asRoot) {
    const uid = Number((await run("id", ["-u", "postgres"], dir)).output.trim());
    const gid = Number((await run("id", ["-g", "postgres"], dir)).output.trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  const log = join(dir, "log");
  const port = await freePort();
  const pg = async (program: string, args: string[]): Promise<void> => {
    const exe = join(bin, program);
    const r =
      asRoot && runuser
        ? await run(runuser, ["-u", "postgres", "--", exe, ...args], dir)
        : await run(exe, args, dir);
    if (r.code !== 0) {
      const tail = existsSync(log) ? readFileSync(log, "utf8").slice(-2000) : "";
      throw new Error(`${program} ${args[args.length - 1]} failed (${r.code}): ${r.output}\n${tail}`);
    }
  };

  await pg("initdb", [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=trust",
    "-E",
    "UTF8",
    "--no-locale",
    "--no-sync",
  ]);
  const start = () =>
    pg("pg_ctl", [
      "-D",
      data,
      "-l",
      log,
      "-w",
      "-t",
      "60",
      "-o",
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`,
      "start",
    ]);
  await start();
  let running = true;
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  let dbs = 0;

  return {
    url,
    port,
    async createDatabase(name) {
      const db = name ?? `t${process.pid}_${++dbs}`;
      const { default: pgmod } = await import("pg");
      const client = new pgmod.Client({ connectionString: url });
      await client.connect();
      try {
        // PostgreSQL 15+: FILE_COPY clones the template without WAL-logging it (faster here).
        const v = await client.query<{ server_version_num: string }>("SHOW server_version_num");
        const fileCopy = Number(v.rows[0]?.server_version_num) >= 150000 ? " STRATEGY FILE_COPY" : "";
        await client.query(`CREATE DATABASE "${db.replace(/"/g, '""')}"${fileCopy}`);
      } finally {
        await client.end();
      }
      return `postgresql://postgres@127.0.0.1:${port}/${encodeURIComponent(db)}`;
    },
    async kill(mode = "fast") {
      if (!running) return;
      await pg("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
      running = false;
    },
    async start() {
      if (running) return;
      await start();
      running = true;
    },
    async stop() {
      try {
        if (running) await pg("pg_ctl", ["-D", data, "-m", "immediate", "-w", "-t", "60", "stop"]);
        running = false;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
