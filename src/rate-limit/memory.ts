/**
 * The in-memory store: the default, for one process. Per policy, one `Map` from key to a small
 * fixed-shape state object; a decision is two map lookups and a few arithmetic operations, with no
 * timers and no per-call closures. Memory is bounded: at most `maxKeys` keys per policy, evicting
 * idle keys first and otherwise the least recently refreshed (the Map's insertion order).
 * @module
 */
import { fixedWindow, gcra, isIdle, KeyState, slidingWindow } from "./algorithms.js";
import { checkCost, definePolicy, samePolicy } from "./policy.js";
import type { Decision, RateLimitPolicy, RateLimitStore } from "./types.js";

/** Options of {@link MemoryRateLimitStore}. */
export interface MemoryStoreOptions {
  /**
   * Most keys held per policy (default 100 000). A sliding-window key also holds `limit` 8-byte
   * timestamps, so the bound on memory is about maxKeys × (120 + 8·limit) bytes per policy.
   */
  readonly maxKeys?: number;
  /**
   * The clock, in epoch milliseconds (default `Date.now`). Tests inject a fake one; a busy server can
   * pass `coarseClock().now` (clock.ts) to save the `Date.now()` call on every decision.
   */
  readonly now?: () => number;
}

const GCRA = 0;
const SLIDING = 1;
const FIXED = 2;

/** How many of the oldest entries eviction inspects for an idle one before taking the oldest. */
const EVICTION_SCAN = 8;

class PolicyTable {
  readonly map = new Map<string, KeyState>();
  /** Insertions and refreshes so far: an entry's age in the Map's order is `inserts - gen`. */
  inserts = 0;
  evictions = 0;
  readonly kind: number;
  /** The last policy object checked against `policy`: the usual caller passes the same object each time. */
  seen: RateLimitPolicy;
  constructor(readonly policy: Required<RateLimitPolicy>) {
    this.seen = policy;
    this.kind = policy.algorithm === "gcra" ? GCRA : policy.algorithm === "fixed-window" ? FIXED : SLIDING;
  }
}

/** Rate limit state in this process's memory. Decisions are synchronous. */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #tables = new Map<string, PolicyTable>();
  readonly #maxKeys: number;
  readonly #refreshAge: number;
  readonly #now: () => number;
  #lastTable: PolicyTable | undefined;

  constructor(options: MemoryStoreOptions = {}) {
    const maxKeys = options.maxKeys ?? 100_000;
    if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) {
      throw new TypeError(`maxKeys must be an integer ≥ 1, got ${String(maxKeys)}`);
    }
    this.#maxKeys = maxKeys;
    // LRU-ish without a delete+set on every hit: an entry is moved to the young end of the Map only
    // once it has drifted into the older half, so a hot key costs one re-insert per maxKeys/2 others.
    this.#refreshAge = maxKeys >>> 1;
    this.#now = options.now ?? Date.now;
  }

  /** Counts `cost` units for `key` if they fit; see {@link RateLimitStore.consume}. */
  consume(key: string, policy: RateLimitPolicy, cost = 1): Decision {
    return this.#decide(key, policy, cost, true);
  }

  /** Whether `consume(key, policy, cost)` would be admitted now; records nothing. */
  peek(key: string, policy: RateLimitPolicy, cost = 1): Decision {
    return this.#decide(key, policy, cost, false);
  }

  /** Forgets `key` under `policy`. */
  reset(key: string, policy: RateLimitPolicy): void {
    this.#tables.get(policy.name)?.map.delete(key);
  }

  /** Drops all state. */
  close(): void {
    this.#tables.clear();
    this.#lastTable = undefined;
  }

  /** Keys held for a policy (for tests and metrics). */
  size(policyName: string): number {
    return this.#tables.get(policyName)?.map.size ?? 0;
  }

  /** Keys evicted so far for a policy because the store was full. */
  evictions(policyName: string): number {
    return this.#tables.get(policyName)?.evictions ?? 0;
  }

  #decide(key: string, policy: RateLimitPolicy, cost: number, commit: boolean): Decision {
    // One-entry cache: a caller usually passes the same policy object again and again.
    let table = this.#lastTable;
    if (table === undefined || table.seen !== policy) {
      table = this.#tables.get(policy.name);
      if (table === undefined || table.seen !== policy) {
        table = this.#table(policy);
        table.seen = policy;
      }
      this.#lastTable = table;
    }
    if (cost !== 1) checkCost(cost, policy);
    const now = this.#now();
    const p = table.policy;
    const map = table.map;
    let s = map.get(key);
    if (s === undefined) {
      if (!commit) {
        // Peeking at an unknown key: nothing is counted, so answer without storing anything.
        return { allowed: true, limit: p.limit, remaining: p.limit, resetMs: 0, retryAfterMs: 0, policy: p };
      }
      s = this.#insert(table, key, now);
    } else if (table.inserts - s.gen > this.#refreshAge) {
      map.delete(key);
      map.set(key, s);
      s.gen = ++table.inserts;
    }
    switch (table.kind) {
      case GCRA:
        return gcra(s, p, now, cost, commit);
      case FIXED:
        return fixedWindow(s, p, now, cost, commit);
      default:
        return slidingWindow(s, p, now, cost, commit);
    }
  }

  #table(policy: RateLimitPolicy): PolicyTable {
    const existing = this.#tables.get(policy.name);
    if (existing !== undefined) {
      if (samePolicy(existing.policy, policy)) return existing;
      throw new TypeError(`rate limit policy "${policy.name}" is already in use with other parameters`);
    }
    const table = new PolicyTable(definePolicy(policy));
    this.#tables.set(policy.name, table);
    return table;
  }

  #insert(table: PolicyTable, key: string, now: number): KeyState {
    const map = table.map;
    let s: KeyState | undefined;
    if (map.size >= this.#maxKeys) {
      s = this.#evict(table, now);
      s.clear();
    } else {
      s = new KeyState();
    }
    s.gen = ++table.inserts;
    map.set(key, s);
    return s;
  }

  /** Removes one entry and returns its state object for reuse: an idle one among the oldest, else the oldest. */
  #evict(table: PolicyTable, now: number): KeyState {
    let victimKey = "";
    let victim: KeyState | undefined;
    let scanned = 0;
    for (const [k, v] of table.map) {
      if (victim === undefined) {
        victimKey = k;
        victim = v;
      }
      if (isIdle(v, table.policy, now)) {
        victimKey = k;
        victim = v;
        break;
      }
      if (++scanned >= EVICTION_SCAN) break;
    }
    table.map.delete(victimKey);
    table.evictions++;
    return victim!;
  }
}
