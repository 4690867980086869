/**
 * Micro-benchmarks (CONTRACT §5, issue 9), each beside a baseline measured in the same process and
 * run, reported as a ratio: absolute nanoseconds vary 3× between these machines, ratios much less.
 * Ops run in batches inside each tinybench iteration so timer overhead does not swamp
 * sub-microsecond operations.
 * @module
 */
import { randomUUID } from "node:crypto";
import createHttpError from "http-errors";
import { Bench } from "tinybench";
import { createErrata, defineCatalog, requestToken } from "../src/index.js";

export interface MicroResult {
  readonly name: string;
  readonly ns: number;
  readonly baseline: string;
  readonly baselineNs: number;
  readonly ratio: number;
  readonly target?: string;
}

interface Pair {
  readonly name: string;
  readonly op: () => unknown;
  readonly baseline: string;
  readonly baseOp: () => unknown;
  readonly target?: string;
  readonly batch?: number;
}

let sink: unknown;

/** Loads an optional module by path without making the type checker require it. */
async function optional<T>(spec: string): Promise<T | null> {
  try {
    return (await import(spec)) as T;
  } catch {
    return null;
  }
}

export async function runMicro(o: { quick: boolean; log: (s: string) => void }): Promise<MicroResult[]> {
  const errors = defineCatalog(
    { id: "bench" },
    { entityNotFound: { code: 3001, status: 404, message: "The requested entity does not exist." } },
  );
  const errata = createErrata({ catalogs: [errors], docsBaseUrl: "https://x.io/e" });
  const view = { method: "GET", path: "/entities/42", headers: {}, token: "AAAAAAAAAAAAAAAA" };
  const plain = () => ({
    type: "https://x.io/e/bench/3001",
    title: "Not Found",
    status: 404,
    detail: "The requested entity does not exist.",
    instance: view.path,
    code: 3001,
    requestId: requestToken(),
  });
  const pairs: Pair[] = [
    {
      name: "create + render catalog error (problem+json)",
      op: () => errata.handle(errors.entityNotFound(), { ...view, token: requestToken() }).body,
      baseline: "JSON.stringify of the same plain object",
      baseOp: () => JSON.stringify(plain()),
      target: "≤ 1.0×",
    },
    {
      name: "create + render catalog error (problem+json)",
      op: () => errata.handle(errors.entityNotFound(), { ...view, token: requestToken() }).body,
      baseline: "http-errors createError(404) + JSON.stringify",
      baseOp: () => {
        const e = createHttpError(404, "The requested entity does not exist.");
        return JSON.stringify({ ...plain(), detail: e.message, status: e.status });
      },
      target: "≥ 30× faster (ratio ≤ 0.033)",
    },
    {
      name: "render an unexpected error (500)",
      op: () => errata.handle(new TypeError("boom"), { ...view, token: requestToken() }).body,
      baseline: "JSON.stringify of the same plain object",
      baseOp: () => JSON.stringify(plain()),
    },
    {
      name: "request token",
      op: () => requestToken(),
      baseline: "crypto.randomUUID()",
      baseOp: () => randomUUID(),
      target: "≤ 0.6×",
      batch: 1000,
    },
  ];

  const client = await optional<{
    decodeError: (i: { status: number; headers: Record<string, string>; body: string }) => unknown;
  }>("../src/client/index.js");
  if (client) {
    const body = errata.handle(errors.entityNotFound(), view).body;
    const headers = { "content-type": "application/problem+json" };
    pairs.push({
      name: "decode a problem+json response",
      op: () => client.decodeError({ status: 404, headers, body }),
      baseline: "JSON.parse of the same body",
      baseOp: () => JSON.parse(body),
      target: "≤ 1.5×",
    });
  } else o.log("  decode: errata/client not built, skipped");

  const rl = await optional<{
    createRateLimiter: (opts: unknown) => { consume: (key: string, policy: string) => unknown };
  }>("../src/rate-limit/index.js");
  if (rl) {
    const limiter = rl.createRateLimiter({ policies: [{ name: "p", limit: 1e12, windowMs: 60_000 }] });
    const map = new Map<string, { n: number; t: number }>();
    pairs.push({
      name: "memory rate-limit decision",
      op: () => limiter.consume("client-1", "p"),
      baseline: "Map get + set of the same key",
      baseOp: () => {
        const v = map.get("client-1");
        map.set("client-1", { n: (v?.n ?? 0) + 1, t: Date.now() });
      },
      target: "≤ 2×",
      batch: 1000,
    });
  } else o.log("  rate limit: not built, skipped");

  const st = await optional<{
    createMemoryStore?: (opts?: unknown) => { enqueue: (e: unknown) => void; close?: () => Promise<void> };
    openStore?: (
      url: string,
      opts?: unknown,
    ) => Promise<{ enqueue: (e: unknown) => void; close: () => Promise<void> }>;
  }>("../src/store/index.js");
  if (st?.openStore) {
    const store = await st.openStore("memory:", { queueSize: 1 << 20 });
    const arr: unknown[] = [];
    const event = {
      token: "AAAAAAAAAAAAAAAA",
      time: 0,
      method: "GET",
      path: "/x",
      route: null,
      status: 404,
      catalog: "bench",
      code: "3001",
      name: null,
      message: "m",
      clientId: null,
      durationMs: null,
      cause: null,
    };
    pairs.push({
      name: "store enqueue",
      op: () => store.enqueue(event),
      baseline: "Array push of the same event",
      baseOp: () => {
        arr.push(event);
        if (arr.length > 100_000) arr.length = 0;
      },
      target: "≤ 2×",
      batch: 1000,
    });
  } else o.log("  store: not built, skipped");

  const time = o.quick ? 200 : 1000;
  const results: MicroResult[] = [];
  for (const p of pairs) {
    const batch = p.batch ?? 100;
    const bench = new Bench({ time, warmupTime: o.quick ? 50 : 200 });
    const a = p.op;
    const b = p.baseOp;
    bench.add("op", () => {
      for (let i = 0; i < batch; i++) sink = a();
    });
    bench.add("base", () => {
      for (let i = 0; i < batch; i++) sink = b();
    });
    // Alternate twice and keep the better of each: JIT warm-up order must not decide the ratio.
    const best = { op: Number.POSITIVE_INFINITY, base: Number.POSITIVE_INFINITY };
    for (let rep = 0; rep < 2; rep++) {
      await bench.run();
      for (const t of bench.tasks) {
        const r = t.result as { latency?: { mean: number } };
        const ns = ((r.latency?.mean ?? Number.NaN) * 1e6) / batch;
        if (t.name === "op") best.op = Math.min(best.op, ns);
        else best.base = Math.min(best.base, ns);
      }
    }
    results.push({
      name: p.name,
      ns: best.op,
      baseline: p.baseline,
      baselineNs: best.base,
      ratio: best.op / best.base,
      ...(p.target ? { target: p.target } : {}),
    });
    o.log(`  ${p.name} vs ${p.baseline}: ${best.op.toFixed(0)} / ${best.base.toFixed(0)} ns`);
  }
  void sink;
  return results;
}
