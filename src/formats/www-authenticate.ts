/**
 * Building `WWW-Authenticate` challenges (RFC 9110 §11.6.1) and the single-line ASCII texts the
 * OAuth formats put into headers, redirect URIs and bodies.
 *
 * - A challenge is `auth-scheme [ 1*SP #auth-param ]` with `auth-param = token BWS "=" BWS
 *   ( token / quoted-string )` (RFC 9110 §11.2). errata always sends quoted-strings: `realm`
 *   MUST be one ("for historical reasons, a sender MUST only generate the quoted-string syntax",
 *   RFC 9110 §11.5), and RFC 6750 §3's examples quote every attribute.
 * - A quoted-string escapes only `"` and `\` (RFC 9110 §5.6.4: "a sender SHOULD NOT generate a
 *   quoted-pair … except where necessary to quote DQUOTE and backslash").
 * - Text from messages can never break the header: CR, LF and every other control character become
 *   a space, runs of white space collapse, and non-ASCII is transliterated (é → e, “ → ") or
 *   replaced with `?` — header values are bytes, and Node refuses code points above U+00FF.
 * - RFC 6749 §5.2 / §4.1.2.1 and RFC 6750 §3 restrict `error` and `error_description` further,
 *   to NQSCHAR: %x20-21 / %x23-5B / %x5D-7E (no `"`, no `\`). {@link oauthText} enforces it.
 *
 * @example
 * ```ts
 * challenge("Bearer", [["realm", "api"], ["error", "invalid_token"], ["error_description", oauthText(msg)]]);
 * // → 'Bearer realm="api", error="invalid_token", error_description="The access token expired"'
 * ```
 * @module
 */

/** Default cap on one text's length (characters): a header stays far below the 16 KiB limits of proxies. */
export const MAX_TEXT_LENGTH = 1024;

// tchar (RFC 9110 §5.6.2): "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Typographic characters NFKD leaves alone, spelled in ASCII. */
const ASCII_SPELLING: Readonly<Record<string, string>> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201a": "'",
  "\u201b": "'",
  "\u2032": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u201f": '"',
  "\u2033": '"',
  "\u00ab": '"',
  "\u00bb": '"',
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2015": "-",
  "\u2212": "-",
  "\u2026": "...",
  "\u2044": "/",
  "\u2022": "*",
  "\u00b7": ".",
  "\u00d7": "x",
  "\u2192": "->",
  "\u00df": "ss",
  "\u00e6": "ae",
  "\u00c6": "AE",
  "\u0153": "oe",
  "\u0152": "OE",
  "\u00f8": "o",
  "\u00d8": "O",
  "\u0142": "l",
  "\u0141": "L",
  "\u0111": "d",
  "\u0110": "D",
};

// White space and controls of any kind: C0, DEL, C1, NEL, line/paragraph separators, Unicode spaces.
const SPACE_LIKE =
  /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;
// Combining marks left by NFKD (é → e + U+0301).
const COMBINING = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
// Whatever is still outside printable ASCII, one code point (or lone surrogate) at a time.
const NON_ASCII = /[^\u0020-\u007e]/gu;
// Anything but printable ASCII, a double space, or a space at either end.
const NEEDS_WORK = /[^\u0020-\u007e]| {2}|^ | $/;

/**
 * Any text as one line of printable ASCII (%x20-7E): controls (CR, LF, TAB, NUL, DEL, …) and
 * Unicode white space become single spaces, the ends are trimmed, letters lose their accents,
 * common typography gets its ASCII spelling, anything else becomes `?`. At most `maxLength`
 * characters. Idempotent.
 */
export function headerSafeText(value: string, maxLength: number = MAX_TEXT_LENGTH): string {
  let s = value;
  // Fast path: most messages are already plain single-line ASCII.
  if (NEEDS_WORK.test(s)) {
    s = s.replace(SPACE_LIKE, " ");
    if (/[^\u0020-\u007e]/.test(s)) {
      s = s
        .normalize("NFKD")
        .replace(COMBINING, "")
        .replace(NON_ASCII, (c) => ASCII_SPELLING[c] ?? "?")
        // NFKD can produce new spaces (U+00A0 → U+0020 …) next to existing ones.
        .replace(SPACE_LIKE, " ");
    }
    s = s.trim();
  }
  if (s.length > maxLength) s = s.slice(0, maxLength).trimEnd();
  return s;
}

/**
 * Text for OAuth's `error_description` (RFC 6749 §5.2, §4.1.2.1; RFC 6750 §3): one line of
 * NQSCHAR, %x20-21 / %x23-5B / %x5D-7E. On top of {@link headerSafeText}, `"` becomes `'` and
 * `\` becomes `/`, so the value needs no escaping anywhere (JSON, quoted-string, query).
 */
export function oauthText(value: string, maxLength: number = MAX_TEXT_LENGTH): string {
  const s = headerSafeText(value, maxLength);
  return s.indexOf('"') < 0 && s.indexOf("\\") < 0 ? s : s.replace(/"/g, "'").replace(/\\/g, "/");
}

/** True when `value` is an RFC 9110 §5.6.2 token (an auth-scheme or parameter name). */
export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/**
 * An RFC 9110 §5.6.4 quoted-string of any text: made header-safe first ({@link headerSafeText}),
 * then `"` and `\` are escaped as quoted-pairs.
 */
export function quotedString(value: string, maxLength: number = MAX_TEXT_LENGTH): string {
  const s = headerSafeText(value, maxLength);
  return `"${s.indexOf('"') < 0 && s.indexOf("\\") < 0 ? s : s.replace(/["\\]/g, "\\$&")}"`;
}

/**
 * A `scope` value (RFC 6749 §3.3): scope-tokens of %x21 / %x23-5B / %x5D-7E joined by single
 * spaces. Characters outside that set are dropped, empty and repeated tokens left out.
 */
export function scopeValue(scopes: string | readonly string[]): string {
  const parts = typeof scopes === "string" ? scopes.split(/\s+/) : scopes.flatMap((s) => s.split(/\s+/));
  const out: string[] = [];
  for (const p of parts) {
    const t = p.replace(/[^\u0021\u0023-\u005b\u005d-\u007e]/g, "");
    if (t !== "" && !out.includes(t)) out.push(t);
  }
  return out.join(" ");
}

/** One auth-param; `null`/`undefined` values are left out of the challenge. */
export type AuthParam = readonly [name: string, value: string | null | undefined];

/**
 * One challenge: `Scheme name="value", name="value"`. Every value is sent as a quoted-string
 * ({@link quotedString}); parameters with a null or undefined value are skipped.
 * @throws TypeError when the scheme or a parameter name is not a token (a programming error,
 *   never request data), or a name is repeated (RFC 9110 §11.2: "each parameter name MUST only
 *   occur once per challenge").
 */
export function challenge(scheme: string, params: readonly AuthParam[] = []): string {
  if (!isToken(scheme)) throw new TypeError(`auth-scheme must be a token: ${JSON.stringify(scheme)}`);
  let out = scheme;
  const seen = new Set<string>();
  for (const [name, value] of params) {
    if (value === null || value === undefined) continue;
    if (!isToken(name)) throw new TypeError(`auth-param name must be a token: ${JSON.stringify(name)}`);
    const key = name.toLowerCase();
    if (seen.has(key)) throw new TypeError(`auth-param "${name}" repeated in one challenge`);
    seen.add(key);
    out += `${seen.size === 1 ? " " : ", "}${name}=${quotedString(value)}`;
  }
  return out;
}

/**
 * The auth-scheme name as registered (`basic` → `Basic`, `bearer` → `Bearer`, `dpop` → `DPoP`);
 * other tokens as given, anything that is not a token → `fallback`.
 */
export function canonicalScheme(scheme: string | undefined, fallback: string): string {
  if (scheme === undefined || !isToken(scheme)) return fallback;
  switch (scheme.toLowerCase()) {
    case "basic":
      return "Basic";
    case "bearer":
      return "Bearer";
    case "dpop":
      return "DPoP";
    case "digest":
      return "Digest";
    default:
      return scheme;
  }
}
