/**
 * The rate limiter's vocabulary: a policy (how much, over what window, by which algorithm), the
 * decision a store returns for one request, and the store interface both the in-memory and the
 * Redis store implement. Framework-independent: adapters turn a refused decision into the catalog
 * error of their API (CONTRACT §3.3: Identity Cloud 510; §3.4: OCLC 403 over limit; §3.5: OAuth 429).
 * @module
 */

/**
 * How a policy counts.
 * - `"sliding-window"` (default): exact sliding log. At most `limit` admissions in *any* interval of
 *   `windowMs`; the (limit+1)-th inside one window is refused until the oldest admission is
 *   `windowMs` old (CONTRACT §3.3 "10 a minute … sliding window"). Memory per key: `limit` timestamps.
 * - `"gcra"`: generic cell rate algorithm (a virtual-scheduling token bucket): sustained rate
 *   `limit / windowMs`, bursts of at most `limit` at once, O(1) state per key. It never allows the
 *   fixed-window 2×`limit` burst at a boundary, but it is a rate limit, not a count per window: over
 *   an interval of length L it admits at most `limit + L·limit/windowMs` (so up to 2·limit−1 in one
 *   `windowMs` when a burst is followed by steady use). Use it for large limits.
 * - `"fixed-window"`: calendar quotas. Windows are aligned to multiples of `windowMs` since the Unix
 *   epoch (UTC), so `windowMs: 86_400_000` is a day that resets at 00:00 UTC — what a "requests per
 *   day" quota means (seed 002, OCLC "maximum number of requests they can make a day"). Allows 2×
 *   bursts around the reset by design; do not use it for short windows.
 */
export type RateLimitAlgorithm = "gcra" | "sliding-window" | "fixed-window";

/** A named limit: at most `limit` units per `windowMs` milliseconds, counted per key. */
export interface RateLimitPolicy {
  /** Policy identifier: printable ASCII, sent in the `RateLimit`/`RateLimit-Policy` headers. */
  readonly name: string;
  /** Units (requests, by default one per call) allowed per window: an integer ≥ 1. */
  readonly limit: number;
  /** Window length in milliseconds: an integer ≥ 1. */
  readonly windowMs: number;
  /** Counting algorithm; `"sliding-window"` when absent. */
  readonly algorithm?: RateLimitAlgorithm;
}

/** The outcome of one `consume` or `peek`. Times are milliseconds from the decision's instant. */
export interface Decision {
  /** Whether the request is admitted (for `peek`: whether a `consume` of the same cost would be). */
  readonly allowed: boolean;
  /** The policy's limit (quota units per window). */
  readonly limit: number;
  /** Units still available after this decision (0 … limit). */
  readonly remaining: number;
  /**
   * Milliseconds until more quota frees: until `remaining` next grows (sliding window: the oldest
   * admission leaves the window; GCRA: the bucket drains one unit; fixed window: the window ends).
   * 0 when nothing is pending (`remaining === limit`). For a refused request of cost 1 it equals
   * `retryAfterMs`.
   */
  readonly resetMs: number;
  /** Milliseconds until the same request would be admitted; 0 when allowed. */
  readonly retryAfterMs: number;
  /** The policy that decided. */
  readonly policy: RateLimitPolicy;
  /**
   * True when the store could not decide (Redis down or slow) and the store's `failMode` decided
   * instead; `remaining`/`resetMs` are then not measurements.
   */
  readonly degraded?: boolean;
}

/** A decision that is either ready (the memory store) or pending (the Redis store). */
export type MaybePromise<T> = T | Promise<T>;

/** Where limit state lives. Keys are opaque strings (client id, address, API key). */
export interface RateLimitStore {
  /**
   * Counts `cost` units (default 1) for `key` under `policy` if they fit, and says whether they did.
   * A refused request consumes nothing.
   */
  consume(key: string, policy: RateLimitPolicy, cost?: number): MaybePromise<Decision>;
  /** Says whether `consume(key, policy, cost)` would be admitted now, without counting anything. */
  peek?(key: string, policy: RateLimitPolicy, cost?: number): MaybePromise<Decision>;
  /** Forgets `key`'s state under `policy`. */
  reset(key: string, policy: RateLimitPolicy): MaybePromise<void>;
  /** Releases what the store holds (connections it opened). */
  close(): MaybePromise<void>;
}

/** The logger the Redis store reports outages to: pino's `warn`/`info` shape. */
export interface RateLimitLogger {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}
