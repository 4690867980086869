/**
 * Response headers for rate-limit decisions:
 * - `Retry-After` (RFC 9110 §10.2.3, delay-seconds) on a refused decision;
 * - `RateLimit-Policy` and `RateLimit` from draft-ietf-httpapi-ratelimit-headers-11 (May 2026), both
 *   Structured Field Lists (RFC 9651) whose items are the policy name as an sf-string:
 *   `RateLimit-Policy: "permin";q=10;w=60` (§3.1: q = quota, w = window in seconds) and
 *   `RateLimit: "permin";r=0;t=30` (§4.1: r = available quota, t = effective window in seconds).
 * @module
 */
import type { Decision } from "./types.js";

/** Header name → value, in the casing the draft and RFC 9110 use. */
export interface RateLimitHeaders {
  "RateLimit-Policy"?: string;
  RateLimit?: string;
  "Retry-After"?: string;
}

/** RFC 9651 §3.3.3: an sf-string escapes `"` and `\` (policy names are checked to be printable ASCII). */
function sfString(value: string): string {
  return `"${value.replace(/[\\"]/g, "\\$&")}"`;
}

/** Whole seconds, rounded up so a client that waits them is never early. */
function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}

/** One `RateLimit-Policy` list member: the quota and its window (draft-11 §3.1; w ≥ 1, whole seconds). */
export function policyItem(decision: Decision): string {
  const p = decision.policy;
  return `${sfString(p.name)};q=${p.limit};w=${Math.max(1, seconds(p.windowMs))}`;
}

/**
 * One `RateLimit` list member (draft-11 §4.1). `t` is the time until more quota frees, the span within
 * which the client can use no more than `r`; it is left out when nothing is pending (r = q), as in the
 * draft's "no time window" example.
 */
export function serviceLimitItem(decision: Decision): string {
  const item = `${sfString(decision.policy.name)};r=${decision.remaining}`;
  return decision.resetMs > 0 ? `${item};t=${seconds(decision.resetMs)}` : item;
}

/**
 * The headers for one or more decisions made for the same request (say a per-minute and a per-day
 * policy). `Retry-After` appears when any decision refused the request and names the longest wait
 * (≥ 1 s). A degraded decision (store unavailable) contributes its policy and its `Retry-After` but
 * no `RateLimit` member, since its counts are not measurements.
 */
export function rateLimitHeaders(decisions: Decision | readonly Decision[]): RateLimitHeaders {
  const list: readonly Decision[] = Array.isArray(decisions) ? decisions : [decisions as Decision];
  const headers: RateLimitHeaders = {};
  const policies: string[] = [];
  const limits: string[] = [];
  let retryAfterMs = -1;
  for (const d of list) {
    policies.push(policyItem(d));
    if (!d.degraded) limits.push(serviceLimitItem(d));
    if (!d.allowed && d.retryAfterMs > retryAfterMs) retryAfterMs = d.retryAfterMs;
  }
  if (policies.length > 0) headers["RateLimit-Policy"] = policies.join(", ");
  if (limits.length > 0) headers.RateLimit = limits.join(", ");
  // draft-11 §6: Retry-After SHOULD NOT point earlier than the end of the effective window: for a
  // refused decision both come from the same instant and round up, so Retry-After ≥ t.
  if (retryAfterMs >= 0) headers["Retry-After"] = String(Math.max(1, seconds(retryAfterMs)));
  return headers;
}
