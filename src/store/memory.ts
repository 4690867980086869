/**
 * An in-memory error store backend (`memory:`): for tests and for servers that want look-ups
 * without a database. It can simulate an outage or a slow database, so the queue's spill and
 * retry paths are testable without a real server.
 * @module
 */
import type { ErrorEvent } from "../core/event.js";
import type { PruneOptions, StoreBackend, StoredEvent } from "./types.js";

/** Simulated faults: while `down`, writes reject; `delayMs` delays every write. */
export interface MemoryFault {
  down: boolean;
  delayMs: number;
}

/** The memory backend, with its fault switches and a record of committed batch sizes. */
export interface MemoryBackend extends StoreBackend {
  readonly fault: MemoryFault;
  /** Sizes of committed batches, oldest first (one entry per transaction). */
  readonly batches: number[];
  /** Every event, oldest first. */
  all(): StoredEvent[];
}

/** Creates an empty memory backend. */
export function createMemoryBackend(): MemoryBackend {
  const rows = new Map<string, ErrorEvent>();
  const fault: MemoryFault = { down: false, delayMs: 0 };
  const batches: number[] = [];
  return {
    kind: "memory",
    fault,
    batches,
    all: () => [...rows.values()],
    async writeBatch(events) {
      if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.down) throw new Error("memory store is down (simulated)");
      let n = 0;
      for (const e of events) {
        if (rows.has(e.token)) continue;
        rows.set(e.token, e);
        n++;
      }
      batches.push(events.length);
      return n;
    },
    async lookup(token) {
      return rows.get(token) ?? null;
    },
    async count() {
      return rows.size;
    },
    async prune(options: PruneOptions) {
      let n = 0;
      if (options.maxAgeMs !== undefined) {
        const cutoff = Date.now() - options.maxAgeMs;
        for (const [k, e] of rows) {
          if (e.time < cutoff) {
            rows.delete(k);
            n++;
          }
        }
      }
      if (options.maxCount !== undefined && rows.size > options.maxCount) {
        const newestFirst = [...rows.values()].sort((a, b) =>
          b.time !== a.time ? b.time - a.time : b.token < a.token ? -1 : b.token > a.token ? 1 : 0,
        );
        for (const e of newestFirst.slice(Math.max(0, Math.floor(options.maxCount)))) {
          rows.delete(e.token);
          n++;
        }
      }
      return n;
    },
    async close() {},
  };
}
