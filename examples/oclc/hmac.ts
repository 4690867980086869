/**
 * OCLC's WSKey v2 HMAC authentication (seed 002), as the demo checks it.
 *
 * The header:
 * `Authorization: http://www.worldcat.org/wskey/v2/hmac/v1 clientId="…", timestamp="…", nonce="…", signature="…"`
 *
 * The signed string is OCLC's documented "normalized request" (oclc.org/developer, "HMAC
 * Signature"; the same in OCLC's own client libraries), each element followed by a newline:
 *
 * ```text
 * <clientId>\n<timestamp>\n<nonce>\n<body hash: empty>\n<METHOD>\nwww.oclc.org\n443\n/wskey\n
 * <name>=<value>\n   (one line per query parameter: decoded, sorted by name then value,
 *                     re-encoded per RFC 3986 — only A–Z a–z 0–9 - . _ ~ stay unencoded)
 * ```
 *
 * and the signature is `base64(HMAC-SHA256(secret, normalized request))`. As in OCLC's recipe the
 * host, port and path are the fixed literals, not the request's: the signature binds the key,
 * time, nonce, method and query only (the body hash is left empty, as OCLC's libraries do).
 * @module
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** The auth-scheme of WSKey v2 HMAC requests (a URL, so not an RFC 9110 token). */
export const HMAC_SCHEME = "http://www.worldcat.org/wskey/v2/hmac/v1";

/** A parsed Authorization header (RFC 9110 §11.4 credentials). */
export type Credentials =
  | { readonly scheme: string; readonly params: ReadonlyMap<string, string>; readonly token68: null }
  | { readonly scheme: string; readonly params: null; readonly token68: string };

/** Why a header could not be parsed. */
export class CredentialsSyntaxError extends Error {
  override readonly name = "CredentialsSyntaxError";
}

// RFC 9110 §5.6.2 tchar.
function isTchar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x21 ||
    (c >= 0x23 && c <= 0x27) ||
    c === 0x2a ||
    c === 0x2b ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x5e ||
    c === 0x5f ||
    c === 0x60 ||
    c === 0x7c ||
    c === 0x7e
  );
}

const isWs = (c: number): boolean => c === 0x20 || c === 0x09;
// RFC 9110 §5.6.4 qdtext: HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text.
const isQdtext = (c: number): boolean =>
  c === 0x09 ||
  c === 0x20 ||
  c === 0x21 ||
  (c >= 0x23 && c <= 0x5b) ||
  (c >= 0x5d && c <= 0x7e) ||
  (c >= 0x80 && c <= 0xff);
// quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
const isQuotable = (c: number): boolean =>
  c === 0x09 || c === 0x20 || (c >= 0x21 && c <= 0x7e) || (c >= 0x80 && c <= 0xff);
// RFC 9110 §11.2 token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Parses `credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]` (RFC 9110 §11.4) in one
 * left-to-right pass: quoted-strings with their `\` escapes, optional white space around `=` and
 * `,`, empty list elements (§5.6.1). The scheme is whatever precedes the first space (WSKey v2's is
 * a URL). Parameter names are compared case-insensitively (§11.2) and must not repeat.
 * @throws CredentialsSyntaxError
 */
export function parseCredentials(header: string): Credentials {
  const s = header;
  const len = s.length;
  let i = 0;
  while (i < len && isWs(s.charCodeAt(i))) i++;
  const schemeStart = i;
  while (i < len && !isWs(s.charCodeAt(i))) i++;
  const scheme = s.slice(schemeStart, i);
  if (scheme === "") throw new CredentialsSyntaxError("no auth-scheme");
  while (i < len && isWs(s.charCodeAt(i))) i++;
  let end = len;
  while (end > i && isWs(s.charCodeAt(end - 1))) end--;
  const rest = s.slice(i, end);
  if (rest !== "" && TOKEN68.test(rest)) {
    // No "=" but at the end: token68 (a Bearer token, Basic credentials), not auth-params.
    return { scheme, params: null, token68: rest };
  }
  const params = new Map<string, string>();
  while (i < end) {
    let c = s.charCodeAt(i);
    if (c === 0x2c || isWs(c)) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < end && isTchar(s.charCodeAt(i))) i++;
    if (i === nameStart) throw new CredentialsSyntaxError(`unexpected character at ${i}`);
    const name = s.slice(nameStart, i).toLowerCase();
    while (i < end && isWs(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) !== 0x3d) throw new CredentialsSyntaxError(`"=" expected after ${name}`);
    i++;
    while (i < end && isWs(s.charCodeAt(i))) i++;
    let value: string;
    if (s.charCodeAt(i) === 0x22) {
      i++;
      value = "";
      let chunk = i;
      for (;;) {
        if (i >= end) throw new CredentialsSyntaxError(`unterminated quoted-string in ${name}`);
        c = s.charCodeAt(i);
        if (c === 0x22) {
          value += s.slice(chunk, i);
          i++;
          break;
        }
        if (c === 0x5c) {
          if (i + 1 >= end || !isQuotable(s.charCodeAt(i + 1)))
            throw new CredentialsSyntaxError(`bad escape in ${name}`);
          value += s.slice(chunk, i);
          chunk = i + 1;
          i += 2;
          continue;
        }
        if (!isQdtext(c)) throw new CredentialsSyntaxError(`control character in ${name}`);
        i++;
      }
    } else {
      const valueStart = i;
      while (i < end && isTchar(s.charCodeAt(i))) i++;
      if (i === valueStart) throw new CredentialsSyntaxError(`value expected for ${name}`);
      value = s.slice(valueStart, i);
    }
    if (params.has(name)) throw new CredentialsSyntaxError(`${name} given twice`);
    params.set(name, value);
    while (i < end && isWs(s.charCodeAt(i))) i++;
    if (i < end && s.charCodeAt(i) !== 0x2c) throw new CredentialsSyntaxError(`"," expected after ${name}`);
  }
  return { scheme, params, token68: null };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** RFC 3986 §2.3: everything but unreserved characters percent-encoded, hex in upper case. */
export function rfc3986Encode(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, "\uFFFD")).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function formDecode(s: string): string {
  const plus = s.replace(/\+/g, " ");
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus; // a malformed escape stays as sent, as PHP's urldecode leaves it
  }
}

/**
 * The query part of the normalized request: each `name=value` decoded, the pairs sorted by name
 * then value (code-unit order), each re-encoded (RFC 3986) and followed by a newline. `""` for no
 * query. A pair without `=` has an empty value; a value keeps any further `=`.
 */
export function normalizeQuery(rawQuery: string): string {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    pairs.push(
      eq < 0 ? [formDecode(part), ""] : [formDecode(part.slice(0, eq)), formDecode(part.slice(eq + 1))],
    );
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  let out = "";
  for (const [n, v] of pairs) out += `${rfc3986Encode(n)}=${rfc3986Encode(v)}\n`;
  return out;
}

/** What is signed. */
export interface SignedRequest {
  readonly clientId: string;
  readonly timestamp: string;
  readonly nonce: string;
  /** HTTP method, any case (sent upper case). */
  readonly method: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  /** Body hash; OCLC's libraries send none. */
  readonly bodyHash?: string;
}

/** OCLC's normalized request string (see the module comment). */
export function normalizedRequest(r: SignedRequest): string {
  return `${r.clientId}\n${r.timestamp}\n${r.nonce}\n${r.bodyHash ?? ""}\n${r.method.toUpperCase()}\nwww.oclc.org\n443\n/wskey\n${normalizeQuery(r.query)}`;
}

/** `base64(HMAC-SHA256(secret, normalized request))`. */
export function sign(secret: string, r: SignedRequest): string {
  return createHmac("sha256", secret).update(normalizedRequest(r), "utf8").digest("base64");
}

/** Whether `signature` is the request's signature (constant-time comparison). */
export function verifySignature(secret: string, r: SignedRequest, signature: string): boolean {
  const expected = Buffer.from(sign(secret, r), "utf8");
  const given = Buffer.from(signature, "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The Authorization header a client sends (for tests and the README's recipe). */
export function hmacAuthorization(secret: string, r: SignedRequest): string {
  return `${HMAC_SCHEME} clientId="${r.clientId}", timestamp="${r.timestamp}", nonce="${r.nonce}", signature="${sign(secret, r)}"`;
}

/**
 * Nonces seen per key, remembered while their request could still pass the timestamp check.
 * Bounded: past `max` entries the oldest are forgotten first.
 */
export class NonceRegistry {
  readonly #expiry = new Map<string, number>();
  readonly #max: number;

  constructor(max = 100_000) {
    this.#max = max;
  }

  /** Whether `nonce` was already used with `clientId` (and has not expired by `nowMs`). */
  has(clientId: string, nonce: string, nowMs: number): boolean {
    const exp = this.#expiry.get(`${clientId}\n${nonce}`);
    return exp !== undefined && exp > nowMs;
  }

  /** Records a used nonce until `expiresAtMs`. */
  add(clientId: string, nonce: string, expiresAtMs: number, nowMs: number): void {
    this.#prune(nowMs);
    const key = `${clientId}\n${nonce}`;
    this.#expiry.delete(key);
    this.#expiry.set(key, expiresAtMs);
  }

  /** Entries held. */
  get size(): number {
    return this.#expiry.size;
  }

  #prune(nowMs: number): void {
    // Insertion order ≈ expiry order; stop at the first live entry unless over the bound.
    for (const [k, exp] of this.#expiry) {
      if (exp > nowMs && this.#expiry.size < this.#max) break;
      this.#expiry.delete(k);
    }
  }
}
