/**
 * The leak check (issue 8): generated internal exceptions thrown from handlers over real sockets;
 * every response must be byte for byte the generic 500 of its route's format (only the request
 * token and the request's own path differ), and no response — status line, headers, body — may
 * contain any fragment of the internals.
 *
 * The oracle is the response to a harmless `new Error("reference")` on the same route, with the
 * same Accept: anything that differs from it, beyond the token and the path, is a finding.
 * @module
 */
import { Agent, request } from "node:http";
import fc from "fast-check";
import { isRequestToken } from "../../src/token/index.js";
import { type InternalFailure, internalFailure } from "./hostile-values.js";
import { type LeakRoute, type LeakServer, registerThrow, takenCount } from "./leak-apps.js";

/** Headers that legitimately differ between two responses. */
const VOLATILE = new Set(["date", "x-request-id", "content-length", "connection", "keep-alive"]);

interface Exchange {
  readonly statusLine: string;
  readonly status: number;
  /** Raw header lines (`Name: value`), as received. */
  readonly headerLines: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function get(agent: Agent, port: number, path: string, accept: string | undefined): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path, agent, headers: accept === undefined ? {} : { accept } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const lines: string[] = [];
          const headers: Record<string, string> = {};
          const raw = res.rawHeaders;
          for (let i = 0; i + 1 < raw.length; i += 2) {
            lines.push(`${raw[i]}: ${raw[i + 1]}`);
            const k = (raw[i] as string).toLowerCase();
            headers[k] = headers[k] === undefined ? (raw[i + 1] as string) : `${headers[k]}, ${raw[i + 1]}`;
          }
          resolve({
            statusLine: `HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}`,
            status: res.statusCode ?? 0,
            headerLines: lines,
            headers,
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`no response to ${path} in 10 s`)));
    req.on("error", reject);
    req.end();
  });
}

/** The reference response of one route and mode, with token and id replaced by markers. */
interface Template {
  readonly statusLine: string;
  readonly stable: string;
  readonly body: string;
}

const TOKEN_MARK = "\u0000TOKEN\u0000";
const ID_MARK = "\u0000ID\u0000";

function stableHeaders(x: Exchange): string {
  return Object.keys(x.headers)
    .filter((k) => !VOLATILE.has(k))
    .sort()
    .map((k) => `${k}: ${x.headers[k]}`)
    .join("\n");
}

/** The `q` quantile of `values` (nearest rank), rounded to 0.1 ms; 0 when empty. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Math.round((sorted[i] as number) * 10) / 10;
}

/** Result of one leak run. */
export interface LeakResult {
  readonly adapter: string;
  /** Generated internal exceptions thrown (one request each). */
  readonly cases: number;
  /** Responses that contained a fragment of the internals. */
  readonly leaks: number;
  /** Responses that were not exactly the generic 500 (a leak is also a failure). */
  readonly failures: number;
  /** Error events recorded with status 500 (one per response expected). */
  readonly events500: number;
  /** Requests whose handler threw the value generated for it (must equal `cases`). */
  readonly thrown: number;
  /** The first few findings, described. */
  readonly findings: readonly string[];
  readonly ms: number;
  /** Requests per second over the run. */
  readonly rps: number;
  /** 99th percentile of the request latencies, in ms. */
  readonly p99Ms: number;
}

export interface LeakOptions {
  /** Generated failures to throw. */
  readonly cases: number;
  /** fast-check seed (reported on failure for replay). */
  readonly seed?: number;
  /** Requests in flight at once (keep-alive connections). Default 16. */
  readonly concurrency?: number;
}

/** Throws `cases` generated internal failures through `server` and checks every response. */
export async function runLeakCheck(server: LeakServer, options: LeakOptions): Promise<LeakResult> {
  const concurrency = options.concurrency ?? 16;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const modes = ["sync", "async"] as const;
  const targets: { route: LeakRoute; mode: (typeof modes)[number] }[] = [];
  for (const route of server.routes) for (const mode of modes) targets.push({ route, mode });
  const templates = new Map<string, Template>();
  const eventsBefore = server.events.length;
  const takenBefore = takenCount();
  try {
    for (const t of targets) {
      const id = registerThrow(() => new Error("reference"));
      const x = await get(agent, server.port, `${t.route.base}/${t.mode}/${id}`, t.route.accept);
      const token = x.headers["x-request-id"] ?? "";
      if (x.status !== 500 || !isRequestToken(token)) {
        throw new Error(
          `${server.adapter} ${t.route.label} ${t.mode}: the reference is not a 500 with a token: ${x.statusLine}\n${x.body.slice(0, 300)}`,
        );
      }
      templates.set(`${t.route.label} ${t.mode}`, {
        statusLine: x.statusLine,
        stable: stableHeaders(x),
        body: x.body.split(token).join(TOKEN_MARK).split(id).join(ID_MARK),
      });
    }
    const failures: InternalFailure[] = fc.sample(internalFailure, {
      numRuns: options.cases,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    });
    let leaks = 0;
    let bad = 0;
    const findings: string[] = [];
    const note = (s: string): void => {
      if (findings.length < 5) findings.push(s);
    };
    let next = 0;
    const latencies: number[] = [];
    const started = performance.now();
    const worker = async (): Promise<void> => {
      for (;;) {
        const i = next++;
        if (i >= failures.length) return;
        const f = failures[i] as InternalFailure;
        const t = targets[i % targets.length] as (typeof targets)[number];
        const tpl = templates.get(`${t.route.label} ${t.mode}`) as Template;
        const id = registerThrow(f.make);
        const where = `${server.adapter} ${t.route.label} ${t.mode} (${f.shape})`;
        let x: Exchange;
        const sent = performance.now();
        try {
          x = await get(agent, server.port, `${t.route.base}/${t.mode}/${id}`, t.route.accept);
          latencies.push(performance.now() - sent);
        } catch (e) {
          bad++;
          note(`${where}: no response: ${e instanceof Error ? e.message : String(e)}`);
          continue;
        }
        const raw = `${x.statusLine}\r\n${x.headerLines.join("\r\n")}\r\n\r\n${x.body}`;
        const found = f.needles.filter((n) => raw.includes(n));
        if (found.length > 0) {
          leaks++;
          note(`${where}: leaked ${JSON.stringify(found[0]?.slice(0, 80))}`);
        }
        const token = x.headers["x-request-id"] ?? "";
        const expected = tpl.body.split(TOKEN_MARK).join(token).split(ID_MARK).join(id);
        const problems: string[] = [];
        if (!isRequestToken(token)) problems.push(`X-Request-Id ${JSON.stringify(token)}`);
        if (x.statusLine !== tpl.statusLine) problems.push(`status line ${x.statusLine}`);
        if (stableHeaders(x) !== tpl.stable) problems.push(`headers\n${stableHeaders(x)}`);
        if (x.headers["content-length"] !== String(Buffer.byteLength(x.body)))
          problems.push(`Content-Length ${x.headers["content-length"]}`);
        if (x.body !== expected) problems.push(`body ${x.body.slice(0, 200)}`);
        if (problems.length > 0 || found.length > 0) bad++;
        if (problems.length > 0) note(`${where}: not the generic 500: ${problems.join("; ")}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const ms = performance.now() - started;
    // Events are emitted synchronously with the response: all are in by now.
    const events500 = server.events.slice(eventsBefore).filter((e) => e.status === 500).length;
    return {
      adapter: server.adapter,
      cases: failures.length,
      leaks,
      failures: bad,
      events500: events500 - targets.length,
      thrown: takenCount() - takenBefore - targets.length,
      findings,
      ms: Math.round(ms),
      rps: Math.round((failures.length / ms) * 1000),
      p99Ms: percentile(latencies, 0.99),
    };
  } finally {
    agent.destroy();
  }
}
