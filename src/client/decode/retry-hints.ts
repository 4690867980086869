/**
 * When may the client try again? Read from `Retry-After` (RFC 9110 §10.2.3: delay-seconds or an
 * HTTP-date, resolved against the response's own `Date` when present), the IETF RateLimit
 * header fields (draft-ietf-httpapi-ratelimit-headers: `RateLimit: "default";r=0;t=30`, and the
 * older `RateLimit-Remaining`/`RateLimit-Reset` and dictionary `RateLimit: limit=…, remaining=…,
 * reset=…`), the common `X-RateLimit-Remaining`/`X-RateLimit-Reset` pair (GitHub: epoch seconds),
 * and google.rpc.RetryInfo durations. All parsers are bounded and linear.
 * @module
 */
import type { HeaderLookup } from "./headers.js";

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

// RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient MUST accept.
const IMF = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850 =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

function utc(y: number, mon: string, d: number, hh: number, mm: number, ss: number): number | null {
  const m = MONTHS[mon];
  if (m === undefined || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60) return null;
  return Date.UTC(y, m, d, hh, mm, ss);
}

/** Parses an HTTP-date (RFC 9110 §5.6.7) to epoch milliseconds, or null. */
export function parseHttpDate(value: string, nowMs: number): number | null {
  const v = value.trim();
  if (v.length > 64) return null;
  let m = IMF.exec(v);
  if (m) return utc(Number(m[3]), m[2]!, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = RFC850.exec(v);
  if (m) {
    // Two-digit year: a date more than 50 years in the future is read as the past century.
    const nowYear = new Date(nowMs).getUTCFullYear();
    let y = Math.floor(nowYear / 100) * 100 + Number(m[3]);
    if (y > nowYear + 50) y -= 100;
    return utc(y, m[2]!, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  m = ASCTIME.exec(v);
  if (m) return utc(Number(m[6]), m[1]!, Number(m[2]!.trim()), Number(m[3]), Number(m[4]), Number(m[5]));
  return null;
}

/** A non-negative number of seconds, or null. Accepts a decimal (Graph sends `Retry-After: 2.128`). */
function seconds(v: string): number | null {
  const t = v.trim();
  if (!/^\d{1,12}(?:\.\d{1,9})?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/**
 * `Retry-After` in seconds from the moment the response was generated: delay-seconds as is;
 * an HTTP-date relative to the response's `Date` header when present (so clock skew between
 * client and server does not matter), else relative to `now()`. Past dates give 0.
 */
export function parseRetryAfter(
  value: string | undefined,
  date: string | undefined,
  now: () => number,
): number | null {
  if (value === undefined) return null;
  const s = seconds(value);
  if (s !== null) return s;
  const nowMs = now();
  const at = parseHttpDate(value, nowMs);
  if (at === null) return null;
  const ref = date !== undefined ? (parseHttpDate(date, nowMs) ?? nowMs) : nowMs;
  return Math.max(0, Math.ceil((at - ref) / 1000));
}

/**
 * The wait implied by a `RateLimit` field. Structured-field list form (draft -08 and later):
 * items like `"default";r=0;t=30` — the wait is the largest `t` of the exhausted (`r=0`) policies.
 * Dictionary form (drafts up to -07): `limit=10, remaining=0, reset=30`. Null when no quota is
 * exhausted: a client with quota left need not wait.
 */
export function parseRateLimit(value: string | undefined): number | null {
  if (value === undefined) return null;
  const v = value.length > 4096 ? value.slice(0, 4096) : value;
  let wait: number | null = null;
  // Split on commas outside quoted strings (RFC 9651 §3.1 list members).
  let start = 0;
  let inQuote = false;
  const members: string[] = [];
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (inQuote) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inQuote = false;
    } else if (c === 0x22) inQuote = true;
    else if (c === 0x2c) {
      members.push(v.slice(start, i));
      start = i + 1;
    }
  }
  members.push(v.slice(start));
  let dictRemaining: number | null = null;
  let dictReset: number | null = null;
  for (const raw of members) {
    const member = raw.trim();
    const params = member.split(";");
    let r: number | null = null;
    let t: number | null = null;
    for (const p of params) {
      const eq = p.indexOf("=");
      if (eq < 0) continue;
      const key = p.slice(0, eq).trim().toLowerCase();
      const num = seconds(p.slice(eq + 1));
      if (num === null) continue;
      if (key === "r") r = num;
      else if (key === "t") t = num;
      else if (key === "remaining") dictRemaining = num;
      else if (key === "reset") dictReset = num;
    }
    if (r === 0 && t !== null) wait = wait === null ? t : Math.max(wait, t);
  }
  if (wait === null && dictRemaining === 0 && dictReset !== null) wait = dictReset;
  return wait;
}

/**
 * A `*-Reset` header paired with its `*-Remaining`: the wait when the quota is exhausted
 * (remaining 0, or absent on a 429). Values of 10^9 and more are epoch seconds (GitHub's
 * `X-RateLimit-Reset`), resolved against the response `Date`; smaller ones are delta-seconds.
 */
export function parseResetPair(
  reset: string | undefined,
  remaining: string | undefined,
  status: number,
  date: string | undefined,
  now: () => number,
): number | null {
  if (reset === undefined) return null;
  const rem = remaining === undefined ? null : seconds(remaining);
  if (!(rem === 0 || (rem === null && status === 429))) return null;
  const n = seconds(reset);
  if (n === null) return null;
  if (n < 1e9) return n;
  const nowMs = now();
  const ref = date !== undefined ? (parseHttpDate(date, nowMs) ?? nowMs) : nowMs;
  return Math.max(0, Math.ceil(n - ref / 1000));
}

/** A protobuf JSON Duration (`"30s"`, `"3.5s"`) in seconds, or null (google.rpc.RetryInfo.retryDelay). */
export function parseDuration(v: unknown): number | null {
  if (typeof v === "string") {
    const m = /^(\d{1,12}(?:\.\d{1,9})?)s$/.exec(v);
    return m ? Number(m[1]) : null;
  }
  // Some gateways render Duration as {seconds, nanos}.
  if (typeof v === "object" && v !== null) {
    const o = v as { readonly seconds?: unknown; readonly nanos?: unknown };
    const s =
      typeof o.seconds === "number"
        ? o.seconds
        : typeof o.seconds === "string"
          ? Number(o.seconds)
          : Number.NaN;
    const ns = typeof o.nanos === "number" ? o.nanos : 0;
    if (Number.isFinite(s) && s >= 0) return s + ns / 1e9;
  }
  return null;
}

/**
 * The rate-limit hints (everything but `Retry-After`): `RateLimit`, then `RateLimit-Reset`, then
 * `X-RateLimit-Reset`. `Retry-After` and body hints (RetryInfo) rank above these.
 */
export function rateLimitWait(h: HeaderLookup, status: number, now: () => number): number | null {
  const limit = h.get("ratelimit");
  if (limit !== undefined) {
    const w = parseRateLimit(limit);
    if (w !== null) return w;
  }
  const reset = h.get("ratelimit-reset");
  if (reset !== undefined) {
    const w = parseResetPair(reset, h.get("ratelimit-remaining"), status, h.get("date"), now);
    if (w !== null) return w;
  }
  const xReset = h.get("x-ratelimit-reset");
  if (xReset !== undefined)
    return parseResetPair(xReset, h.get("x-ratelimit-remaining"), status, h.get("date"), now);
  return null;
}
