/**
 * Response headers in any of the shapes callers have (a fetch `Headers`, Node's
 * `IncomingHttpHeaders`, a plain record, or name/value pairs), read once into a map keyed by
 * lower-case name (RFC 9110 §5.1: field names are case-insensitive). Repeated fields are joined
 * with ", " (RFC 9110 §5.3), except that each value is kept whole.
 * @module
 */

/** Header input accepted by the decoder. */
export type HeadersInput =
  | Headers
  | { readonly [name: string]: string | readonly string[] | number | undefined }
  | ReadonlyArray<readonly [string, string]>;

/** Header values longer than this are cut: no real header needs more, and it bounds the work. */
const MAX_HEADER_VALUE = 16 * 1024;

function put(map: Map<string, string>, name: string, value: string): void {
  const key = name.toLowerCase();
  const v = value.length > MAX_HEADER_VALUE ? value.slice(0, MAX_HEADER_VALUE) : value;
  const prev = map.get(key);
  map.set(key, prev === undefined ? v : `${prev}, ${v}`);
}

/** Read access to response headers by lower-case name. */
export interface HeaderLookup {
  /** The value (repeated fields joined with ", "), or undefined. `name` must be lower-case. */
  get(name: string): string | undefined;
  has(name: string): boolean;
  /**
   * False when no `Retry-After`, `RateLimit*` or `X-RateLimit-*` field is present, so the
   * decoder can skip looking for retry hints (noted while the names are read anyway).
   */
  readonly mayHaveRetryHints: boolean;
}

/** True for the names that carry retry hints (Retry-After, RateLimit*, X-RateLimit-*). */
function isRetryHintName(k: string): boolean {
  const c = k.charCodeAt(0);
  if (c === 0x72 /* r */) return k === "retry-after" || k.startsWith("ratelimit");
  return c === 0x78 /* x */ && k.startsWith("x-ratelimit");
}

type HeaderRecord = { readonly [name: string]: unknown };

function fieldValue(v: unknown): string | undefined {
  if (typeof v === "string") return v.length > MAX_HEADER_VALUE ? v.slice(0, MAX_HEADER_VALUE) : v;
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) {
    const parts = v.filter((x): x is string => typeof x === "string");
    return parts.length > 0 ? parts.join(", ").slice(0, MAX_HEADER_VALUE * 4) : undefined;
  }
  return undefined;
}

/**
 * Names already seen to be lower-case (bounded): the check then costs one set look-up instead of
 * a scan of the name's characters, on every decode of a server's usual headers.
 */
const knownLower = new Set<string>();

function hasUpper(k: string): boolean {
  if (knownLower.has(k)) return false;
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return true;
  }
  if (knownLower.size < 1024) knownLower.add(k);
  return false;
}

/** Header look-up over a record with lower-case names, or over a copied map. */
class HeaderView implements HeaderLookup {
  constructor(
    private readonly rec: HeaderRecord | null,
    private readonly keys: readonly string[],
    private readonly map: Map<string, string> | null,
    readonly mayHaveRetryHints: boolean,
  ) {}

  get(name: string): string | undefined {
    if (this.map !== null) return this.map.get(name);
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === name) return fieldValue(this.rec?.[name]);
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

/**
 * Header look-up over any accepted input. Node's `IncomingHttpHeaders` and most hand-written
 * records already use lower-case names: such a record is read in place, comparing against its
 * own key list (so inherited properties are never read); anything else is copied once into a
 * map (the decoder's hot path, issue 9). Never throws.
 */
export function headerLookup(input: HeadersInput | null | undefined): HeaderLookup {
  if (input !== null && input !== undefined && typeof input === "object") {
    // A plain record (Node's IncomingHttpHeaders has a null prototype). Checked by prototype, not
    // `instanceof Headers`: reading the global `Headers` is a lazy accessor in Node and costs
    // more than the rest of this function.
    const proto: unknown = Object.getPrototypeOf(input);
    if (proto === Object.prototype || proto === null) {
      try {
        const rec = input as HeaderRecord;
        const keys = Object.keys(rec);
        // Small records only: a look-up is a scan of the key list.
        if (keys.length <= 32) {
          let lower = true;
          let hints = false;
          for (let i = 0; i < keys.length; i++) {
            const k = keys[i]!;
            if (hasUpper(k)) {
              lower = false;
              break;
            }
            if (!hints && isRetryHintName(k)) hints = true;
          }
          if (lower) return new HeaderView(rec, keys, null, hints);
        }
      } catch {
        // fall through to the copying path
      }
    }
  }
  const map = collectHeaders(input);
  let hints = false;
  for (const k of map.keys()) {
    if (isRetryHintName(k)) {
      hints = true;
      break;
    }
  }
  return new HeaderView(null, [], map, hints);
}

/** Reads headers into a lower-case-keyed map. Never throws; unusable entries are skipped. */
export function collectHeaders(input: HeadersInput | null | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (input === null || input === undefined || typeof input !== "object") return map;
  try {
    if (typeof Headers !== "undefined" && input instanceof Headers) {
      input.forEach((value, name) => {
        put(map, name, value);
      });
    } else if (Array.isArray(input)) {
      for (const pair of input as ReadonlyArray<unknown>) {
        if (Array.isArray(pair) && typeof pair[0] === "string" && typeof pair[1] === "string") {
          put(map, pair[0], pair[1]);
        }
      }
    } else {
      const rec = input as { readonly [name: string]: unknown };
      for (const name of Object.keys(rec)) {
        const v = rec[name];
        if (typeof v === "string") put(map, name, v);
        else if (typeof v === "number") put(map, name, String(v));
        else if (Array.isArray(v)) {
          for (const item of v) if (typeof item === "string") put(map, name, item);
        }
      }
    }
  } catch {
    // A hostile Headers-like object (throwing getter or iterator): use what was read.
  }
  return map;
}

let lastContentType = "";
let lastMediaType = "";

/** The media type of a Content-Type value, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  if (!contentType) return "";
  // A server sends the same Content-Type again and again: remember the last answer.
  if (contentType === lastContentType) return lastMediaType;
  const semi = contentType.indexOf(";");
  const m = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  if (contentType.length <= 256) {
    lastContentType = contentType;
    lastMediaType = m;
  }
  return m;
}

/** The `charset` parameter of a Content-Type value, lower-cased and unquoted, or null. */
export function charsetOf(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*"?([^";\s]{1,40})/i.exec(contentType.slice(0, 256));
  return m ? m[1]!.toLowerCase() : null;
}

/** Request-id headers, most specific first (each service's own name before the generic ones). */
const REQUEST_ID_HEADERS = [
  "x-request-id",
  "request-id",
  "x-amz-request-id",
  "x-amzn-requestid",
  "x-amzn-request-id",
  "x-ms-request-id",
  "x-github-request-id",
  "twilio-request-id",
  "x-shopify-request-id",
  "x-slack-req-id",
  "x-correlation-id",
  "correlation-id",
  "x-trace-id",
  "cf-ray",
] as const;

/** W3C Trace Context `traceparent`: version-traceid-parentid-flags (Trace Context §3.2). */
const TRACEPARENT = /^\s*[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}/;

/**
 * The request id a support desk would ask for, from the usual headers: the service's own id
 * header, then `X-Cloud-Trace-Context` (Google: `TRACE_ID/SPAN_ID;o=1` → TRACE_ID), then the
 * W3C `traceparent` trace-id.
 */
export function requestIdFromHeaders(h: HeaderLookup): string | null {
  for (const name of REQUEST_ID_HEADERS) {
    const v = h.get(name);
    if (v !== undefined) {
      const t = v.trim();
      if (t.length > 0) return t.length > 256 ? t.slice(0, 256) : t;
    }
  }
  const gct = h.get("x-cloud-trace-context");
  if (gct) {
    const id = gct.split("/", 1)[0]!.trim();
    if (id.length > 0 && id.length <= 256) return id;
  }
  const tp = h.get("traceparent");
  if (tp) {
    const m = TRACEPARENT.exec(tp);
    if (m) return m[1]!;
  }
  return null;
}
