/**
 * Micro-benchmarks (CONTRACT §5, issue 9), each beside a baseline measured in the same process and
 * run, reported as a ratio: absolute nanoseconds vary 3× between these machines (and with the load
 * other processes put on a shared VM), ratios much less.
 *
 * Method: one tinybench `Bench` per pair with two tasks, the operation and its baseline. Each task
 * runs a batch of operations per iteration, so the timer's resolution and overhead do not swamp
 * operations of a few nanoseconds. The pair is measured `reps` times, alternating which task runs
 * first, and each side keeps its fastest mean: on a shared machine noise only ever adds time, so
 * the minimum is the estimate least disturbed by other processes, for both sides alike.
 *
 * What each operation includes is spelled out in its row (see bench/README.md): both sides of a
 * pair do the same job — the same bytes out, a fresh request token on both sides, the same key.
 * @module
 */
import { randomUUID } from "node:crypto";
import createHttpError from "http-errors";
import { Bench } from "tinybench";
import { decodeError } from "../src/client/index.js";
import type { ErrorEvent } from "../src/core/event.js";
import { createErrata, defineCatalog, requestToken } from "../src/index.js";
import { coarseClock, createRateLimiter } from "../src/rate-limit/index.js";
import { createQueuedStore } from "../src/store/index.js";
import type { StoreBackend, StoreLogger } from "../src/store/types.js";

/** One row of the micro-benchmark table. */
export interface MicroResult {
  readonly name: string;
  /** Nanoseconds per operation. */
  readonly ns: number;
  readonly baseline: string;
  readonly baselineNs: number;
  /** ns ÷ baselineNs. */
  readonly ratio: number;
  readonly target?: string;
  /** Whether the ratio meets the target (absent when the row has none). */
  readonly met?: boolean;
  /** A task that threw (the row's numbers are then NaN). */
  readonly error?: string;
}

/** Iteration hooks of one side (run outside the timed window). */
type Hook = () => void | Promise<void>;

interface Pair {
  readonly name: string;
  readonly op: () => unknown;
  readonly baseline: string;
  readonly baseOp: () => unknown;
  readonly target?: string;
  /** The highest ratio that meets the target. */
  readonly maxRatio?: number;
  /** Operations per tinybench iteration. */
  readonly batch?: number;
  /** Resets state between iterations (outside the timed window). */
  readonly opAfterEach?: Hook;
  readonly baseAfterEach?: Hook;
  /** Time budget per task and repetition, ms (default: the run's). */
  readonly timeMs?: number;
}

/** Keeps results alive so the JIT cannot drop the measured work. */
let sink: unknown;

const silent: StoreLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** Reads a completed task's mean latency per operation in ns, or the task's error. */
function nsPerOp(task: Bench["tasks"][number], batch: number): { ns: number; error?: string } {
  const r = task.result as { state?: string; latency?: { mean: number }; error?: unknown };
  if (r.state === "errored" || r.latency === undefined) {
    const e = r.error;
    return { ns: Number.NaN, error: e instanceof Error ? e.message : String(e ?? "no result") };
  }
  return { ns: (r.latency.mean * 1e6) / batch };
}

/** Measures one pair: `reps` alternating runs, the fastest mean of each side. */
async function measure(p: Pair, o: { time: number; warmup: number; reps: number }): Promise<MicroResult> {
  const batch = p.batch ?? 100;
  const a = p.op;
  const b = p.baseOp;
  const opTask = () => {
    for (let i = 0; i < batch; i++) sink = a();
  };
  const baseTask = () => {
    for (let i = 0; i < batch; i++) sink = b();
  };
  const best = { op: Number.POSITIVE_INFINITY, base: Number.POSITIVE_INFINITY };
  let error: string | undefined;
  for (let rep = 0; rep < o.reps; rep++) {
    const bench = new Bench({ time: p.timeMs ?? o.time, warmupTime: o.warmup });
    // Alternate the order: the first task of a run warms the JIT and caches for the second.
    const order = rep % 2 === 0 ? ["op", "base"] : ["base", "op"];
    for (const side of order) {
      const after = side === "op" ? p.opAfterEach : p.baseAfterEach;
      bench.add(side, side === "op" ? opTask : baseTask, after ? { afterEach: after } : {});
    }
    await bench.run();
    for (const t of bench.tasks) {
      const r = nsPerOp(t, batch);
      if (r.error !== undefined) error ??= `${t.name}: ${r.error}`;
      if (t.name === "op") best.op = Math.min(best.op, r.ns);
      else best.base = Math.min(best.base, r.ns);
    }
  }
  const ns = error === undefined ? best.op : Number.NaN;
  const baselineNs = error === undefined ? best.base : Number.NaN;
  const ratio = ns / baselineNs;
  return {
    name: p.name,
    ns,
    baseline: p.baseline,
    baselineNs,
    ratio,
    ...(p.target !== undefined ? { target: p.target } : {}),
    ...(p.maxRatio !== undefined && Number.isFinite(ratio) ? { met: ratio <= p.maxRatio } : {}),
    ...(error !== undefined ? { error } : {}),
  };
}

/** Runs every micro-benchmark of CONTRACT §5. */
export async function runMicro(o: { quick: boolean; log: (s: string) => void }): Promise<MicroResult[]> {
  const errors = defineCatalog(
    { id: "bench" },
    { entityNotFound: { code: 3001, status: 404, message: "The requested entity does not exist." } },
  );
  const errata = createErrata({ catalogs: [errors], docsBaseUrl: "https://x.io/e" });
  const NO_HEADERS = {};
  const PATH = "/entities/42";

  // The plain objects of the baselines are the members errata renders, read from its own output,
  // so both sides produce the same bytes (checked below) and only the way of producing them differs.
  const sample = (thrown: unknown) =>
    JSON.parse(
      errata.handle(thrown, { method: "GET", path: PATH, headers: NO_HEADERS, token: "AAAAAAAAAAAAAAAA" })
        .body,
    ) as Record<string, string | number>;
  const nf = sample(errors.entityNotFound());
  const plainNotFound = () => ({
    type: nf.type,
    title: nf.title,
    status: nf.status,
    detail: nf.detail,
    instance: PATH,
    code: nf.code,
    requestId: requestToken(),
  });
  const unexpected = new TypeError("Cannot read properties of undefined (reading 'id')");
  const ie = sample(unexpected);
  const plainInternal = () => ({
    type: ie.type,
    title: ie.title,
    status: ie.status,
    detail: ie.detail,
    instance: PATH,
    code: ie.code,
    requestId: requestToken(),
  });
  const renderNotFound = () =>
    errata.handle(errors.entityNotFound(), {
      method: "GET",
      path: PATH,
      headers: NO_HEADERS,
      token: requestToken(),
    }).body;
  const renderUnexpected = () =>
    errata.handle(unexpected, { method: "GET", path: PATH, headers: NO_HEADERS, token: requestToken() }).body;
  for (const [mine, theirs] of [
    [renderNotFound(), JSON.stringify(plainNotFound())],
    [renderUnexpected(), JSON.stringify(plainInternal())],
  ] as const) {
    const fixed = (s: string) => s.replace(/"requestId":"[A-Za-z0-9]{16}"/, "");
    if (fixed(mine) !== fixed(theirs)) o.log(`  micro: bodies differ:\n    ${mine}\n    ${theirs}`);
  }

  const pairs: Pair[] = [
    {
      name: "create + render catalog error (problem+json)",
      op: renderNotFound,
      baseline: "JSON.stringify of the same plain object",
      baseOp: () => JSON.stringify(plainNotFound()),
      target: "≤ 1.0×",
      maxRatio: 1.0,
    },
    {
      name: "create + render catalog error (problem+json)",
      op: renderNotFound,
      baseline: "http-errors createError(404) + JSON.stringify",
      baseOp: () => {
        const e = createHttpError(404, nf.detail as string);
        return JSON.stringify({ ...plainNotFound(), detail: e.message, status: e.status });
      },
      target: "≥ 30× faster (≤ 0.033×)",
      maxRatio: 1 / 30,
      batch: 20,
    },
    {
      name: "render an unexpected error (500, thrown value given)",
      op: renderUnexpected,
      baseline: "JSON.stringify of the same plain object",
      baseOp: () => JSON.stringify(plainInternal()),
    },
    {
      name: "request token",
      op: requestToken,
      baseline: "crypto.randomUUID()",
      baseOp: randomUUID,
      target: "≤ 0.6×",
      maxRatio: 0.6,
      batch: 1000,
    },
  ];

  {
    const body = renderNotFound();
    const headers = { "content-type": "application/problem+json" };
    pairs.push({
      name: "decode a problem+json response",
      op: () => decodeError({ status: 404, headers, body }),
      baseline: "JSON.parse of the same body",
      baseOp: () => JSON.parse(body),
      target: "≤ 1.5×",
      maxRatio: 1.5,
    });
  }

  // Rate limit: the public API (`limiter.consume(key, policyName)`) on the default algorithm
  // (sliding window), one hot key over its limit — a client in a credential-stuffing wave, every
  // decision a refusal with its retry time computed. The baseline is the least any per-key counter
  // does: one Map get and one set of the same key, no clock. The first row uses the coarse clock
  // the memory store is documented to take on busy servers (clock.ts); the second the default
  // `Date.now`, which alone costs more than the baseline on these VMs.
  const clock = coarseClock();
  const policy = { name: "api", limit: 100, windowMs: 60_000 };
  const coarse = createRateLimiter({ policies: [policy], memory: { now: clock.now } });
  const precise = createRateLimiter({ policies: [policy] });
  const counts = new Map<string, number>();
  const mapGetSet = () => counts.set("client-1", (counts.get("client-1") ?? 0) + 1);
  pairs.push(
    {
      name: "memory rate-limit decision (coarse clock)",
      op: () => coarse.consume("client-1", "api"),
      baseline: "Map get + set of the same key",
      baseOp: mapGetSet,
      target: "≤ 2×",
      maxRatio: 2,
      batch: 1000,
    },
    {
      name: "memory rate-limit decision (Date.now clock, the default)",
      op: () => precise.consume("client-1", "api"),
      baseline: "Map get + set of the same key",
      baseOp: mapGetSet,
      batch: 1000,
    },
  );

  // Store: the real bounded queue in front of a backend that writes nothing, so the op is the
  // request path's enqueue alone. The queue is drained between iterations (outside the timed
  // window), as its writer would between event-loop turns, so no enqueue meets a full queue.
  const nullBackend: StoreBackend = {
    kind: "null",
    writeBatch: async (events) => events.length,
    lookup: async () => null,
    count: async () => 0,
    prune: async () => 0,
    close: async () => {},
  };
  const STORE_BATCH = 5000;
  const store = await createQueuedStore(nullBackend, {
    maxQueue: STORE_BATCH * 2,
    batchSize: 500,
    spillPath: false,
    logger: silent,
    flushBeforeExit: false,
    redact: (e) => e,
  });
  const event: ErrorEvent = {
    token: "AAAAAAAAAAAAAAAA",
    time: 0,
    method: "GET",
    path: PATH,
    route: "/entities/:id",
    status: 404,
    catalog: "bench",
    code: "3001",
    name: null,
    message: "The requested entity does not exist.",
    clientId: null,
    durationMs: 0.1,
    cause: null,
  };
  const events: ErrorEvent[] = [];
  pairs.push({
    name: "store enqueue",
    op: () => store.enqueue(event),
    baseline: "Array push of the same event",
    baseOp: () => events.push(event),
    target: "≤ 2×",
    maxRatio: 2,
    batch: STORE_BATCH,
    opAfterEach: () => store.flush(),
    baseAfterEach: () => {
      events.length = 0;
    },
    timeMs: o.quick ? 20 : 100,
  });

  const time = o.quick ? 150 : 500;
  const warmup = o.quick ? 50 : 150;
  const reps = o.quick ? 2 : 4;
  const results: MicroResult[] = [];
  try {
    for (const p of pairs) {
      const r = await measure(p, { time, warmup, reps });
      results.push(r);
      o.log(
        `  ${p.name} vs ${p.baseline}: ${r.ns.toFixed(0)} / ${r.baselineNs.toFixed(0)} ns${r.error ? ` (${r.error})` : ""}`,
      );
    }
  } finally {
    clock.stop();
    await store.close();
  }
  void sink;
  return results;
}
