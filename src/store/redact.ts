/**
 * Redaction of credentials and secrets before an error event is stored, spilled or logged.
 *
 * Three kinds of place hold secrets: header values (Authorization, Cookie, Set-Cookie,
 * Proxy-Authorization, API-key headers), named fields (query parameters, body fields such as
 * `password` or `client_secret`, RFC 6749 §2.3.1), and free text that quotes them (an internal
 * exception's message or stack, e.g. a connection string with a password or a `Bearer` header).
 * The redactor never mutates its input and never throws on odd shapes (cycles, deep nesting).
 * @module
 */
import type { ErrorCause, ErrorEvent, RecordedValue, RequestSnapshot } from "../core/event.js";

/** Replacement for a redacted value. */
export const REDACTED = "[REDACTED]";

/** Headers redacted by default (lower case). Names that look like secrets are redacted as well. */
export const DEFAULT_REDACTED_HEADERS: readonly string[] = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
];

/**
 * Field-name fragments that mark a secret by default, compared after lower-casing and removing
 * `-`/`_` (so `client_secret`, `clientSecret` and `client-secret` all match `secret`).
 */
export const DEFAULT_SECRET_FIELD_PARTS: readonly string[] = [
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "apikey",
  "credential",
  "privatekey",
  "signature",
];

/** Field names that are secrets only as a whole word (normalised as above). */
export const DEFAULT_SECRET_FIELD_NAMES: readonly string[] = [
  "pwd",
  "pin",
  "wskey",
  "authorization",
  "cookie",
  "setcookie",
];

/** How to redact. Lists extend the defaults unless `replaceDefaults` is true. */
export interface RedactOptions {
  /** Extra header names to redact (case-insensitive). */
  readonly headers?: readonly string[];
  /** Extra field names (exact, case-insensitive, `-`/`_` ignored) or patterns on the raw name. */
  readonly fields?: readonly (string | RegExp)[];
  /** Extra free-text rules applied to messages, stacks, paths and string values. */
  readonly patterns?: readonly TextRule[];
  /** Use only the lists given here, not the defaults. */
  readonly replaceDefaults?: boolean;
  /** Replacement text; default `[REDACTED]`. */
  readonly censor?: string;
  /** Upper bound on the recorded request as JSON text; larger bodies are replaced. Default 16 KiB. */
  readonly maxRequestChars?: number;
}

/** A free-text rule: every match of `pattern` (global) is replaced by `replace` (`$1` and `{censor}` allowed). */
export interface TextRule {
  readonly pattern: RegExp;
  readonly replace: string;
}

/** Turns an event into its redacted copy. */
export type Redactor = (event: ErrorEvent) => ErrorEvent;

const KEY_NAMES =
  "password|passwd|pwd|passphrase|secret|client_secret|token|access_token|refresh_token|id_token|api_key|apikey|wskey";

/** Default free-text rules: auth headers, `key=value` and `"key": "value"` secrets, URL userinfo. */
export const DEFAULT_TEXT_RULES: readonly TextRule[] = [
  // RFC 6750 §2.1 / RFC 7617: credentials after the auth scheme. A short all-lowercase word that
  // ends there (space, end, punctuation) is prose ("the bearer token is not valid.", a catalog
  // message), not a credential: it is kept. `demo-token` or `abc.def` are credentials.
  // (The scheme is matched case-insensitively by hand: an `i` flag would make `[a-z]` match capitals.)
  {
    pattern:
      /\b([Bb][Ee][Aa][Rr][Ee][Rr]|[Bb][Aa][Ss][Ii][Cc])\s+(?![a-z]{1,16}(?:[.,;:!?]*(?:\s|$)|[^A-Za-z0-9\-._~+/=]))[A-Za-z0-9\-._~+/]+=*/g,
    replace: "$1 {censor}",
  },
  // Query strings, form bodies and log-style `key=value`.
  { pattern: new RegExp(`\\b(${KEY_NAMES})=[^&\\s"',;]+`, "gi"), replace: "$1={censor}" },
  // JSON quoted in a message.
  { pattern: new RegExp(`"(${KEY_NAMES})"\\s*:\\s*"(?:[^"\\\\]|\\\\.)*"`, "gi"), replace: '"$1":"{censor}"' },
  // RFC 3986 §3.2.1: "user:password" in a URI is deprecated; never keep the password.
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, replace: "$1:{censor}@" },
];

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, "");
}

/** Builds a redactor from options (defaults: see the exported lists). */
export function createRedactor(options: RedactOptions = {}): Redactor {
  const censor = options.censor ?? REDACTED;
  const useDefaults = options.replaceDefaults !== true;
  const headerNames = new Set(
    [...(useDefaults ? DEFAULT_REDACTED_HEADERS : []), ...(options.headers ?? [])].map((h) =>
      h.toLowerCase(),
    ),
  );
  const parts = useDefaults ? DEFAULT_SECRET_FIELD_PARTS : [];
  const exact = new Set(useDefaults ? DEFAULT_SECRET_FIELD_NAMES : []);
  const patterns: RegExp[] = [];
  for (const f of options.fields ?? []) {
    if (typeof f === "string") exact.add(normaliseKey(f));
    else patterns.push(f);
  }
  const rules = [...(useDefaults ? DEFAULT_TEXT_RULES : []), ...(options.patterns ?? [])].map((r) => ({
    pattern: r.pattern.global ? r.pattern : new RegExp(r.pattern.source, `${r.pattern.flags}g`),
    replace: r.replace.replaceAll("{censor}", censor),
  }));
  const maxRequestChars = options.maxRequestChars ?? 16 * 1024;

  const isSecretField = (key: string): boolean => {
    const n = normaliseKey(key);
    if (exact.has(n)) return true;
    for (const p of parts) if (n.includes(p)) return true;
    for (const p of patterns) {
      p.lastIndex = 0;
      if (p.test(key)) return true;
    }
    return false;
  };

  const text = (s: string): string => {
    let out = s;
    for (const r of rules) out = out.replace(r.pattern, r.replace);
    return out;
  };

  const headerValue = (name: string, value: string): string => {
    // Keep the scheme of an Authorization header: support can see "Bearer" vs "Basic" was used.
    if (name === "authorization" || name === "proxy-authorization") {
      const m = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s+\S/.exec(value);
      if (m) return `${m[1]} ${censor}`;
    }
    return censor;
  };

  const recorded = (
    values: Readonly<Record<string, RecordedValue>> | undefined,
    secret: (name: string) => boolean,
    replace: (name: string, v: string) => string,
  ): Record<string, RecordedValue> | undefined => {
    if (values === undefined || values === null || typeof values !== "object") return undefined;
    const out: Record<string, RecordedValue> = {};
    for (const [k, v] of Object.entries(values)) {
      const hide = secret(k);
      const one = (x: unknown): string => {
        const s = typeof x === "string" ? x : String(x);
        return hide ? replace(k, s) : text(s);
      };
      out[k] = Array.isArray(v) ? v.map(one) : one(v);
    }
    return out;
  };

  const value = (v: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof v === "string") return text(v);
    if (v === null || typeof v !== "object") return v;
    if (depth > 16 || seen.has(v)) return censor;
    seen.add(v);
    if (Array.isArray(v)) return v.map((x) => value(x, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = isSecretField(k) ? censor : value(x, depth + 1, seen);
    return out;
  };

  const request = (r: RequestSnapshot): RequestSnapshot => {
    const out: {
      headers?: Record<string, RecordedValue>;
      query?: Record<string, RecordedValue>;
      body?: unknown;
      ip?: string | null;
    } = {};
    const headers = recorded(
      r.headers,
      (n) => headerNames.has(n.toLowerCase()) || isSecretField(n),
      (n, v) => headerValue(n.toLowerCase(), v),
    );
    if (headers) out.headers = headers;
    const query = recorded(r.query, isSecretField, () => censor);
    if (query) out.query = query;
    if (r.body !== undefined) out.body = value(r.body, 0, new WeakSet());
    if (r.ip !== undefined) out.ip = r.ip;
    let size: number;
    try {
      size = JSON.stringify(out).length;
    } catch {
      size = Number.POSITIVE_INFINITY;
    }
    if (size > maxRequestChars && out.body !== undefined) {
      out.body = `[truncated: ${size} chars]`;
      size = JSON.stringify(out).length;
    }
    if (size > maxRequestChars) return { body: `[truncated: ${size} chars]` };
    return out;
  };

  const cause = (c: ErrorCause): ErrorCause => ({
    class: c.class,
    message: text(c.message),
    stack: c.stack === null ? null : text(c.stack),
  });

  return (event) => {
    const out: ErrorEvent = {
      ...event,
      path: text(event.path),
      message: text(event.message),
      cause: event.cause ? cause(event.cause) : null,
    };
    if (event.request) return { ...out, request: request(event.request) };
    return out;
  };
}

/** The redactor with default settings, shared. */
export const redactEvent: Redactor = createRedactor();
