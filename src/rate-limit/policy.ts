/**
 * Policy validation, done once when a limiter or store first sees a policy so the per-request path
 * only reads numbers it can trust.
 * @module
 */
import type { RateLimitAlgorithm, RateLimitPolicy } from "./types.js";

const ALGORITHMS: ReadonlySet<string> = new Set<RateLimitAlgorithm>([
  "gcra",
  "sliding-window",
  "fixed-window",
]);

// draft-ietf-httpapi-ratelimit-headers-11 §3: the policy identifier is an sf-string (RFC 9651 §3.3.3),
// which holds printable ASCII only (0x20–0x7E).
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** The algorithm a policy uses: its own, or the default sliding window. */
export function algorithmOf(policy: RateLimitPolicy): RateLimitAlgorithm {
  return policy.algorithm ?? "sliding-window";
}

/**
 * Checks a policy and returns a frozen copy with its algorithm filled in.
 * @throws TypeError when the name, limit, window or algorithm is unusable.
 */
export function definePolicy(policy: RateLimitPolicy): Required<RateLimitPolicy> {
  const { name, limit, windowMs } = policy;
  if (typeof name !== "string" || !PRINTABLE_ASCII.test(name)) {
    throw new TypeError(
      `rate limit policy name must be non-empty printable ASCII, got ${JSON.stringify(name)}`,
    );
  }
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new TypeError(`rate limit policy "${name}": limit must be an integer ≥ 1, got ${String(limit)}`);
  }
  if (!Number.isSafeInteger(windowMs) || windowMs < 1) {
    throw new TypeError(
      `rate limit policy "${name}": windowMs must be an integer ≥ 1, got ${String(windowMs)}`,
    );
  }
  const algorithm = algorithmOf(policy);
  if (!ALGORITHMS.has(algorithm)) {
    throw new TypeError(`rate limit policy "${name}": unknown algorithm ${JSON.stringify(algorithm)}`);
  }
  return Object.freeze({ name, limit, windowMs, algorithm });
}

/** Whether two policies count the same way (same name, limit, window and algorithm). */
export function samePolicy(a: RateLimitPolicy, b: RateLimitPolicy): boolean {
  return (
    a === b ||
    (a.name === b.name &&
      a.limit === b.limit &&
      a.windowMs === b.windowMs &&
      algorithmOf(a) === algorithmOf(b))
  );
}

/**
 * Checks a request's cost: an integer from 1 to the policy's limit (a cost above the limit could
 * never be admitted, so it is a programming error rather than a refusal).
 * @throws RangeError otherwise.
 */
export function checkCost(cost: number, policy: RateLimitPolicy): void {
  if (!Number.isSafeInteger(cost) || cost < 1 || cost > policy.limit) {
    throw new RangeError(
      `rate limit cost must be an integer from 1 to ${policy.limit} (policy "${policy.name}"), got ${String(cost)}`,
    );
  }
}
