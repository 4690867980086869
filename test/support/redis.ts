/**
 * A throwaway redis-server for tests (CONTRACT §1): on a free 127.0.0.1 port, in a temp dir, with no
 * persistence (`--save '' --appendonly no`). It can be killed (SIGKILL, an outage), paused (SIGSTOP,
 * a hung server) and restarted on the same port, so tests can watch clients fail and recover.
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findProgram, freePort } from "./require-program.js";

/** A running (or stopped, between `kill` and `restart`) test Redis. */
export interface TestRedis {
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** Process id of the current server process (undefined while it is down). */
  readonly pid: number | undefined;
  /** Stops the server (SIGTERM) and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL), as a crash would; `restart()` brings it back. */
  kill(): Promise<void>;
  /** Starts the server again on the same port (killing it first if it still runs). Data is gone. */
  restart(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open but nothing answers. */
  pause(): void;
  /** Thaws a paused server (SIGCONT). */
  resume(): void;
}

const READY = /Ready to accept connections/;

function launch(program: string, port: number, dir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      program,
      [
        "--bind",
        "127.0.0.1",
        "--port",
        String(port),
        "--daemonize",
        "no",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let log = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`redis-server did not start within 10 s:\n${log}`));
    }, 10_000);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      if (READY.test(log)) {
        clearTimeout(timer);
        child.stdout?.removeListener("data", onData);
        // Keep draining output so the pipe never fills and blocks the server.
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      if (log.length < 10_000) log += chunk.toString();
    });
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${signal ?? code}) before it was ready:\n${log}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Starts redis-server and resolves once it accepts connections. `program` defaults to the one on PATH;
 * call `requireProgram("redis-server")` first to skip (or fail, with ERRATA_REQUIRE_SERVICES=1) without it.
 */
export async function startRedis(program = findProgram("redis-server")): Promise<TestRedis> {
  if (program === undefined) throw new Error("redis-server not found on PATH");
  const path = program;
  const dir = mkdtempSync(join(tmpdir(), "errata-redis-"));
  let port = 0;
  let child: ChildProcess | undefined;
  // The free port may be taken between probing and binding: try a few.
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      child = await launch(path, port, dir);
      break;
    } catch (err) {
      if (attempt >= 2) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }

  const signal = async (sig: NodeJS.Signals): Promise<void> => {
    const c = child;
    child = undefined;
    if (c === undefined) return;
    c.kill("SIGCONT");
    c.kill(sig);
    await exited(c);
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.pid;
    },
    async stop() {
      await signal("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
    kill: () => signal("SIGKILL"),
    async restart() {
      await signal("SIGKILL");
      child = await launch(path, port, dir);
    },
    pause() {
      child?.kill("SIGSTOP");
    },
    resume() {
      child?.kill("SIGCONT");
    },
  };
}
