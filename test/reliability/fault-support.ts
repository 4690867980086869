/**
 * Shared pieces of the fault tests (issue 8): a structured log captured in memory (so a test can
 * count outage lines), keep-alive load against a server for a bounded time, and polling.
 * @module
 */
import { Agent, request } from "node:http";
import { createLogger, type Logger } from "../../src/observe/log.js";

/** One parsed log line. */
export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [k: string]: unknown;
}

/** A pino logger (errata's `createLogger`) writing JSON lines into memory. */
export interface CapturedLog {
  readonly logger: Logger;
  /** The destination the logger writes to: give it to another pino logger to capture that one too. */
  readonly stream: { write(s: string): void };
  readonly lines: LogLine[];
  /** Lines whose message is exactly `msg`. */
  count(msg: string): number;
}

/** Creates a captured log at `info`. */
export function captureLog(): CapturedLog {
  const lines: LogLine[] = [];
  const stream = {
    write(s: string) {
      for (const l of s.split("\n")) if (l.trim() !== "") lines.push(JSON.parse(l) as LogLine);
    },
  };
  const logger = createLogger({ level: "info", destination: stream });
  return { logger, stream, lines, count: (msg) => lines.filter((l) => l.msg === msg).length };
}

/** A response as the load loop saw it. */
export interface Hit {
  readonly path: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly ms: number;
}

/** One GET over a keep-alive agent. Rejects on transport errors (a dropped connection is a failure). */
export function get(
  agent: Agent,
  port: number,
  path: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<Hit> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: "127.0.0.1", port, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () =>
        resolve({
          path,
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          ms: performance.now() - started,
        }),
      );
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`no response to ${path} in 10 s`)));
    req.on("error", reject);
    req.end();
  });
}

/**
 * Runs `concurrency` keep-alive loops for `ms` milliseconds (and at most `maxRequests` requests);
 * each loop asks `next(i)` for the path and headers of its i-th request. Resolves with every
 * response (transport errors throw).
 */
export async function load(
  port: number,
  ms: number,
  concurrency: number,
  next: (i: number) => { path: string; headers?: Record<string, string> },
  maxRequests = Number.POSITIVE_INFINITY,
): Promise<Hit[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const hits: Hit[] = [];
  const until = performance.now() + ms;
  let i = 0;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until && i < maxRequests) {
          const n = next(i++);
          hits.push(await get(agent, port, n.path, n.headers));
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return hits;
}

/** Polls `check` every `everyMs` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  everyMs = 25,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
