import { validateHeaderValue } from "node:http";
import fc from "fast-check";
import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import { parseChallenges } from "../client/decode/auth-challenge.js";
import {
  canonicalScheme,
  challenge,
  headerSafeText,
  isToken,
  MAX_TEXT_LENGTH,
  oauthText,
  quotedString,
  scopeValue,
} from "./www-authenticate.js";

/** Text that tries to break headers: controls, quotes, backslashes, non-ASCII, lone surrogates, Unicode. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 6 }),
      fc.string({ unit: "binary-ascii", maxLength: 6 }),
      fc.constantFrom(
        "\r\n",
        "\n",
        "\r",
        "\t",
        '"',
        "\\",
        " ",
        "  ",
        "\u0000",
        "\u007f",
        "\u0085",
        "\u2028",
        "\u00a0",
      ),
      fc.constantFrom("é", "Straße", "東京", "🙂", "\ud800", "“x”", "…", "\u0301", "ﬁ"),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(""));

/** RFC 6749 §5.2 NQSCHAR. */
const NQSCHAR = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** oauth4webapi's own WWW-Authenticate parser, reached through a resource request on a fake fetch. */
async function parseWithOauth4webapi(header: string): Promise<oauth.WWWAuthenticateChallenge[]> {
  try {
    await oauth.protectedResourceRequest("t", "GET", new URL("https://rs.example/x"), undefined, undefined, {
      [oauth.customFetch]: async () =>
        new Response(null, { status: 401, headers: { "www-authenticate": header } }),
    });
  } catch (e) {
    if (e instanceof oauth.WWWAuthenticateChallengeError) return e.cause;
    throw e;
  }
  throw new Error(`no challenge parsed from ${header}`);
}

describe("headerSafeText", () => {
  it("keeps plain single-line ASCII as it is", () => {
    expect(headerSafeText("The access token expired")).toBe("The access token expired");
    expect(headerSafeText('a "quoted" \\ back')).toBe('a "quoted" \\ back');
  });

  it("turns CR, LF, TAB, NUL, DEL and Unicode line breaks into single spaces and trims", () => {
    expect(headerSafeText("a\r\nSet-Cookie: x=1")).toBe("a Set-Cookie: x=1");
    expect(headerSafeText("\t a\u0000\u007fb\u2028c\u0085d\u00a0 ")).toBe("a b c d");
    expect(headerSafeText("\r\n")).toBe("");
  });

  it("transliterates accents and typography, replaces other non-ASCII with ?", () => {
    expect(headerSafeText("Clé expirée – “réessayez”…")).toBe('Cle expiree - "reessayez"...');
    expect(headerSafeText("Straße ½")).toBe("Strasse 1/2");
    expect(headerSafeText("東京 🙂")).toBe("?? ?");
    expect(headerSafeText("lone \ud800 surrogate")).toBe("lone ? surrogate");
  });

  it("caps the length", () => {
    expect(headerSafeText("x".repeat(5000))).toHaveLength(MAX_TEXT_LENGTH);
    expect(headerSafeText("abc def", 4)).toBe("abc");
  });

  it("gives one line of printable ASCII for any input, idempotently", () => {
    fc.assert(
      fc.property(hostileText, (s) => {
        const out = headerSafeText(s);
        expect(out).toMatch(/^(?:[\x21-\x7e](?:[\x21-\x7e]| (?! ))*)?$/);
        expect(out.endsWith(" ")).toBe(false);
        expect(headerSafeText(out)).toBe(out);
      }),
      { numRuns: 500 },
    );
  });
});

describe("oauthText", () => {
  it("replaces the two characters NQSCHAR excludes", () => {
    expect(oauthText('bad "scope" \\ here')).toBe("bad 'scope' / here");
  });

  it("is always NQSCHAR (RFC 6749 §5.2)", () => {
    fc.assert(
      fc.property(hostileText, (s) => {
        expect(oauthText(s)).toMatch(NQSCHAR);
      }),
      { numRuns: 500 },
    );
  });
});

describe("quotedString", () => {
  it("escapes only DQUOTE and backslash (RFC 9110 §5.6.4)", () => {
    expect(quotedString("plain")).toBe('"plain"');
    expect(quotedString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quotedString("")).toBe('""');
    expect(quotedString("x\r\ny")).toBe('"x y"');
  });
});

describe("scopeValue", () => {
  it("joins valid scope-tokens (RFC 6749 §3.3) with single spaces", () => {
    expect(scopeValue("openid  profile\temail")).toBe("openid profile email");
    expect(scopeValue(["openid", 'pro"file', "openid", "é"])).toBe("openid profile");
    expect(scopeValue("")).toBe("");
  });
});

describe("challenge", () => {
  it("renders RFC 6750 §3's examples byte for byte", () => {
    expect(challenge("Bearer", [["realm", "example"]])).toBe('Bearer realm="example"');
    expect(
      challenge("Bearer", [
        ["realm", "example"],
        ["error", "invalid_token"],
        ["error_description", "The access token expired"],
      ]),
    ).toBe('Bearer realm="example", error="invalid_token", error_description="The access token expired"');
  });

  it("skips null parameters and renders a bare scheme", () => {
    expect(
      challenge("Basic", [
        ["realm", "a"],
        ["charset", null],
      ]),
    ).toBe('Basic realm="a"');
    expect(challenge("Negotiate")).toBe("Negotiate");
  });

  it("refuses names that are not tokens and repeated names", () => {
    expect(() => challenge("Bear er")).toThrow(TypeError);
    expect(() => challenge("Bearer", [["re alm", "x"]])).toThrow(TypeError);
    expect(() =>
      challenge("Bearer", [
        ["realm", "x"],
        ["REALM", "y"],
      ]),
    ).toThrow(/repeated/);
  });

  it("a message can never break the header: any values give a valid, parseable single line", async () => {
    const text = hostileText;
    await fc.assert(
      fc.asyncProperty(text, text, text, async (realm, description, scope) => {
        const h = challenge("Bearer", [
          ["realm", realm],
          ["error", "invalid_token"],
          ["error_description", oauthText(description)],
          ["scope", scopeValue(scope) || null],
        ]);
        expect(() => validateHeaderValue("WWW-Authenticate", h)).not.toThrow();
        expect(h).toMatch(/^[\x20-\x7e]+$/);
        // Round trip through errata's own decoder …
        const [c, ...rest] = parseChallenges(h);
        expect(rest).toEqual([]);
        expect(c?.scheme).toBe("bearer");
        expect(c?.params.get("realm")).toBe(headerSafeText(realm));
        expect(c?.params.get("error")).toBe("invalid_token");
        expect(c?.params.get("error_description")).toBe(oauthText(description));
        expect(c?.params.get("scope")).toBe(scopeValue(scope) || undefined);
        // … and through an independent client library's parser.
        const [o] = await parseWithOauth4webapi(h);
        expect(o?.parameters.realm).toBe(headerSafeText(realm));
        expect(o?.parameters.error_description).toBe(oauthText(description));
      }),
      { numRuns: 300 },
    );
  });
});

describe("isToken / canonicalScheme", () => {
  it("follows RFC 9110 §5.6.2", () => {
    expect(isToken("Bearer")).toBe(true);
    expect(isToken("x-custom!")).toBe(true);
    expect(isToken("a b")).toBe(false);
    expect(isToken("")).toBe(false);
  });

  it("spells registered schemes as registered", () => {
    expect(canonicalScheme("basic", "Bearer")).toBe("Basic");
    expect(canonicalScheme("BEARER", "Basic")).toBe("Bearer");
    expect(canonicalScheme("dpop", "Basic")).toBe("DPoP");
    expect(canonicalScheme("Custom", "Basic")).toBe("Custom");
    expect(canonicalScheme("not a token", "Basic")).toBe("Basic");
    expect(canonicalScheme(undefined, "Basic")).toBe("Basic");
  });
});
