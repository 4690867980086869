/**
 * `WWW-Authenticate` parsing (RFC 9110 §11.6.1, §11.2): a comma-separated list of challenges,
 * each `auth-scheme [ 1*SP ( token68 / #auth-param ) ]`, where `auth-param = token BWS "=" BWS
 * ( token / quoted-string )` and a quoted-string's `\` escapes the next character (§5.6.4).
 * Commas separate both challenges and parameters, so the parser reads a token and looks at what
 * follows it: `=` makes it a parameter of the current challenge, anything else a new scheme.
 * One left-to-right pass, no backtracking beyond one token: linear in the header length.
 * @module
 */

/** One challenge. Parameter names are lower-cased (they are case-insensitive); values are unescaped. */
export interface AuthChallenge {
  /** The scheme, lower-cased (`bearer`, `basic`, `dpop`). */
  readonly scheme: string;
  readonly params: ReadonlyMap<string, string>;
  /** A token68 credential-style value, when the challenge carries one instead of parameters. */
  readonly token68: string | null;
}

/** Bounds the work on hostile headers. */
const MAX_INPUT = 16 * 1024;
const MAX_CHALLENGES = 32;

// tchar (RFC 9110 §5.6.2)
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

// token68 adds "/" and trailing "=" (RFC 9110 §11.2)
function isToken68Char(c: number): boolean {
  return isTchar(c) || c === 0x2f;
}

/** Parses a `WWW-Authenticate` (or `Proxy-Authenticate`) value. Never throws. */
export function parseChallenges(header: string): AuthChallenge[] {
  const s = header.length > MAX_INPUT ? header.slice(0, MAX_INPUT) : header;
  const n = s.length;
  const out: AuthChallenge[] = [];
  let i = 0;

  const skipWs = (): void => {
    while (i < n && (s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09)) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < n && isTchar(s.charCodeAt(i))) i++;
    return s.slice(start, i);
  };
  const readQuoted = (): string => {
    // s[i] is the opening quote.
    i++;
    let v = "";
    let start = i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 0x5c /* \ */ && i + 1 < n) {
        v += s.slice(start, i);
        v += s[i + 1];
        i += 2;
        start = i;
      } else if (c === 0x22) {
        v += s.slice(start, i);
        i++;
        return v;
      } else i++;
    }
    // Unterminated: take the rest, leniently.
    return v + s.slice(start, i);
  };

  while (i < n && out.length < MAX_CHALLENGES) {
    // Skip list separators and whitespace before a scheme.
    while (i < n && (s.charCodeAt(i) === 0x2c || s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09)) i++;
    if (i >= n) break;
    const scheme = readToken();
    if (scheme.length === 0) {
      i++; // not a token character: skip it and resynchronise
      continue;
    }
    const params = new Map<string, string>();
    let token68: string | null = null;
    skipWs();
    // token68?  A run of token68 chars followed by optional "=" padding, then end or ",".
    {
      const save = i;
      while (i < n && isToken68Char(s.charCodeAt(i))) i++;
      const runEnd = i;
      while (i < n && s.charCodeAt(i) === 0x3d) i++;
      const afterPad = i;
      skipWs();
      if (
        runEnd > save &&
        (i >= n || s.charCodeAt(i) === 0x2c) &&
        (afterPad > runEnd || !isParamAhead(s, save))
      ) {
        token68 = s.slice(save, afterPad);
      } else {
        i = save;
      }
    }
    if (token68 === null) {
      // #auth-param, until a token not followed by "=" (the next challenge's scheme).
      for (;;) {
        while (i < n && (s.charCodeAt(i) === 0x2c || s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09))
          i++;
        if (i >= n) break;
        const save = i;
        const name = readToken();
        if (name.length === 0) {
          i++;
          continue;
        }
        skipWs();
        if (i < n && s.charCodeAt(i) === 0x3d /* = */) {
          i++;
          skipWs();
          const value = i < n && s.charCodeAt(i) === 0x22 ? readQuoted() : readToken();
          const key = name.toLowerCase();
          // RFC 9110 §11.2: each parameter name MUST only occur once per challenge; keep the first.
          if (!params.has(key)) params.set(key, value);
          skipWs();
        } else {
          i = save; // a new challenge starts here
          break;
        }
      }
    }
    out.push({ scheme: scheme.toLowerCase(), params, token68 });
  }
  return out;
}

/** True when the text at `at` reads `token BWS "=" BWS (token / quoted-string)` — an auth-param. */
function isParamAhead(s: string, at: number): boolean {
  let i = at;
  while (i < s.length && isTchar(s.charCodeAt(i))) i++;
  if (i === at) return false;
  while (i < s.length && (s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09)) i++;
  if (s.charCodeAt(i) !== 0x3d) return false;
  i++;
  while (i < s.length && (s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09)) i++;
  return i < s.length && (s.charCodeAt(i) === 0x22 || isTchar(s.charCodeAt(i)));
}
