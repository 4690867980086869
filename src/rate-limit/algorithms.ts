/**
 * The three counting algorithms over one key's state, as pure arithmetic on plain numbers. The Redis
 * store's Lua script (redis-script.ts) performs the same operations in the same order on the same
 * IEEE doubles, so a memory and a Redis store given the same clock make the same decisions.
 *
 * Every function takes `commit`: true for `consume` (admitted units are recorded), false for `peek`.
 * All returned times are whole milliseconds (rounded up, so a client that waits them is never early).
 * @module
 */
import type { Decision, RateLimitPolicy } from "./types.js";

/**
 * Slack for floating-point comparisons: GCRA's emission interval `windowMs / limit` is rarely exact,
 * so `limit` admissions at one instant can sum to a hair above `windowMs`. One nanosecond is far
 * below any real difference (clocks tick in milliseconds) and far above the rounding error.
 */
export const EPSILON_MS = 1e-6;

/**
 * One key's state. A single fixed-shape class for all algorithms keeps the per-request path
 * monomorphic, and lets an evicted entry be reused for the next key instead of allocated.
 */
export class KeyState {
  /** GCRA: theoretical arrival time (ms). Fixed window: the window's start (ms since the epoch). */
  t = 0;
  /** Fixed window: units counted in the window. Sliding window: timestamps held in `ring`. */
  n = 0;
  /** Sliding window: index of the oldest timestamp in `ring`. */
  head = 0;
  /** Sliding window: the last ≤ `limit` admission times, oldest at `head` (a circular buffer). */
  ring: Float64Array | null = null;
  /** Memory store bookkeeping: the insertion count when this entry was last (re)inserted. */
  gen = 0;

  /** Forgets the counts (keeps the ring's buffer for reuse). */
  clear(): void {
    this.t = 0;
    this.n = 0;
    this.head = 0;
  }
}

function decision(
  allowed: boolean,
  remaining: number,
  resetMs: number,
  retryAfterMs: number,
  policy: RateLimitPolicy,
): Decision {
  return { allowed, limit: policy.limit, remaining, resetMs, retryAfterMs, policy };
}

/**
 * GCRA (virtual scheduling, ITU-T I.371): emission interval T = windowMs / limit; a request of cost c
 * is admitted when the theoretical arrival time after it, max(TAT, now) + c·T, is at most
 * `windowMs` ahead of now. This is a token bucket of `limit` units refilled at `limit / windowMs`.
 */
export function gcra(s: KeyState, p: RateLimitPolicy, now: number, cost: number, commit: boolean): Decision {
  const w = p.windowMs;
  const limit = p.limit;
  const interval = w / limit;
  let tat = s.t;
  if (tat < now) tat = now;
  const next = tat + interval * cost;
  const allowed = next - now <= w + EPSILON_MS;
  let retryAfterMs = 0;
  if (allowed) {
    if (commit) {
      s.t = next;
      tat = next;
    }
  } else {
    retryAfterMs = Math.max(1, Math.ceil(next - now - w - EPSILON_MS));
  }
  const d = tat - now;
  if (d <= 0) return decision(allowed, limit, 0, retryAfterMs, p);
  let remaining = Math.floor((w - d) / interval + EPSILON_MS);
  if (remaining < 0) remaining = 0;
  else if (remaining > limit) remaining = limit;
  // The next unit frees when (w − d′)/T reaches remaining + 1, i.e. after d − w + (remaining + 1)·T.
  let resetMs = Math.ceil(d - w + (remaining + 1) * interval - EPSILON_MS);
  if (resetMs < 0) resetMs = 0;
  return decision(allowed, remaining, resetMs, retryAfterMs, p);
}

/**
 * Sliding log: the key keeps its last ≤ `limit` admission times; one at time a occupies the window
 * until a + windowMs (exclusive). A request of cost c is admitted when the times still in the window
 * plus c fit in `limit`. Each time is dropped once, so a decision is amortised O(cost).
 */
export function slidingWindow(
  s: KeyState,
  p: RateLimitPolicy,
  now: number,
  cost: number,
  commit: boolean,
): Decision {
  const limit = p.limit;
  const w = p.windowMs;
  let ring = s.ring;
  if (ring === null || ring.length !== limit) {
    ring = new Float64Array(limit);
    s.ring = ring;
    s.n = 0;
    s.head = 0;
  }
  let n = s.n;
  let head = s.head;
  const expired = now - w;
  while (n > 0 && ring[head]! <= expired) {
    head = head + 1 === limit ? 0 : head + 1;
    n--;
  }
  s.head = head;
  s.n = n;
  const allowed = n + cost <= limit;
  let retryAfterMs = 0;
  if (allowed) {
    if (commit) {
      // Keep the log ordered even if the clock steps back: never record a time before the newest.
      let at = now;
      if (n > 0) {
        const newest = ring[(head + n - 1) % limit]!;
        if (newest > at) at = newest;
      }
      for (let i = 0; i < cost; i++) ring[(head + n + i) % limit] = at;
      n += cost;
      s.n = n;
    }
  } else {
    // The (n + cost − limit)-th oldest admission must leave the window first.
    const freeing = ring[(head + n + cost - limit - 1) % limit]!;
    retryAfterMs = Math.max(1, Math.ceil(freeing + w - now));
  }
  const resetMs = n === 0 ? 0 : Math.max(0, Math.ceil(ring[head]! + w - now));
  return decision(allowed, limit - n, resetMs, retryAfterMs, p);
}

/**
 * Fixed calendar window: windows are [k·windowMs, (k+1)·windowMs) since the Unix epoch, which is UTC
 * midnight-aligned (POSIX time has exactly 86 400 s a day), so a 1-day window resets at 00:00 UTC.
 */
export function fixedWindow(
  s: KeyState,
  p: RateLimitPolicy,
  now: number,
  cost: number,
  commit: boolean,
): Decision {
  const limit = p.limit;
  const w = p.windowMs;
  const start = Math.floor(now / w) * w;
  if (s.t !== start) {
    s.t = start;
    s.n = 0;
  }
  let n = s.n;
  const allowed = n + cost <= limit;
  if (allowed && commit) {
    n += cost;
    s.n = n;
  }
  const untilEnd = Math.ceil(start + w - now);
  return decision(allowed, limit - n, n === 0 ? 0 : untilEnd, allowed ? 0 : untilEnd, p);
}

/** Whether a key's state no longer affects any decision (safe to evict first). */
export function isIdle(s: KeyState, p: RateLimitPolicy, now: number): boolean {
  switch (p.algorithm) {
    case "gcra":
      return s.t <= now;
    case "fixed-window":
      return s.n === 0 || s.t !== Math.floor(now / p.windowMs) * p.windowMs;
    default: {
      if (s.n === 0 || s.ring === null) return true;
      const newest = s.ring[(s.head + s.n - 1) % s.ring.length]!;
      return newest <= now - p.windowMs;
    }
  }
}
