/**
 * WSKey v2 HMAC: the signature against OCLC's own known answer, the normalized request string,
 * RFC 9110 §11 credentials parsing (quoted strings, escapes, lists; linear time), and the nonce
 * registry.
 * @module
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CredentialsSyntaxError,
  HMAC_SCHEME,
  hmacAuthorization,
  NonceRegistry,
  normalizedRequest,
  normalizeQuery,
  parseCredentials,
  rfc3986Encode,
  sign,
  verifySignature,
} from "./hmac.js";

describe("HMAC signature", () => {
  it("matches OCLC's known answer (oclc-auth-php, tests/OCLC/Tests/Auth/WSKeyTest.php)", () => {
    // Key "test", secret "secret", timestamp 1386968102, nonce 2382dbb7, GET http://www.oclc.org/test.
    const r = { clientId: "test", timestamp: "1386968102", nonce: "2382dbb7", method: "GET", query: "" };
    expect(sign("secret", r)).toBe("y0avD+LN2+UwehWjnezKgtECVcpD6a9ff7HBldQfKUQ=");
    expect(hmacAuthorization("secret", r)).toBe(
      'http://www.worldcat.org/wskey/v2/hmac/v1 clientId="test", timestamp="1386968102", nonce="2382dbb7", signature="y0avD+LN2+UwehWjnezKgtECVcpD6a9ff7HBldQfKUQ="',
    );
    expect(verifySignature("secret", r, "y0avD+LN2+UwehWjnezKgtECVcpD6a9ff7HBldQfKUQ=")).toBe(true);
    expect(
      verifySignature("secret", { ...r, nonce: "2382dbb8" }, "y0avD+LN2+UwehWjnezKgtECVcpD6a9ff7HBldQfKUQ="),
    ).toBe(false);
    expect(verifySignature("other", r, "y0avD+LN2+UwehWjnezKgtECVcpD6a9ff7HBldQfKUQ=")).toBe(false);
    expect(verifySignature("secret", r, "short")).toBe(false);
  });

  it("builds OCLC's normalized request string, query decoded, sorted and re-encoded, one line each", () => {
    expect(
      normalizedRequest({
        clientId: "k",
        timestamp: "1",
        nonce: "n",
        method: "get",
        query: "inst=128807&b=2&a=x%20y+z&a=1&flag",
      }),
    ).toBe("k\n1\nn\n\nGET\nwww.oclc.org\n443\n/wskey\na=1\na=x%20y%20z\nb=2\nflag=\ninst=128807\n");
    expect(normalizedRequest({ clientId: "k", timestamp: "1", nonce: "n", method: "POST", query: "" })).toBe(
      "k\n1\nn\n\nPOST\nwww.oclc.org\n443\n/wskey\n",
    );
  });

  it("encodes per RFC 3986: only unreserved characters stay as they are", () => {
    expect(rfc3986Encode("AZaz09-._~")).toBe("AZaz09-._~");
    expect(rfc3986Encode("!'()* é/?=&+")).toBe("%21%27%28%29%2A%20%C3%A9%2F%3F%3D%26%2B");
    expect(rfc3986Encode("\uD800")).toBe("%EF%BF%BD");
    expect(normalizeQuery("q=%E0%A4%A&x=a=b")).toBe("q=%25E0%25A4%25A\nx=a%3Db\n");
  });
});

describe("parseCredentials (RFC 9110 §11.4)", () => {
  it("reads OCLC's header: URL scheme, quoted auth-params", () => {
    const c = parseCredentials(
      `${HMAC_SCHEME} clientId="tsFso", timestamp="1361306811", nonce="762343395744465450467911322335", signature="2DwPAIYqlCOH9xCHM7PSnOBoVKk/PHrHPeIGmmEK/AI=", principalID="8eaa9f92", principalIDNS="urn:oclc:wms:da"`,
    );
    expect(c.scheme).toBe(HMAC_SCHEME);
    expect(c.token68).toBeNull();
    expect(Object.fromEntries(c.params ?? [])).toEqual({
      clientid: "tsFso",
      timestamp: "1361306811",
      nonce: "762343395744465450467911322335",
      signature: "2DwPAIYqlCOH9xCHM7PSnOBoVKk/PHrHPeIGmmEK/AI=",
      principalid: "8eaa9f92",
      principalidns: "urn:oclc:wms:da",
    });
  });

  it("takes tokens, white space around = and ,, empty list elements and quoted-pair escapes", () => {
    const c = parseCredentials('  Scheme   a = tok ,, B="x\\"y\\\\z\\q" ,c="", d=\t"\u00e9"  ');
    expect(c.scheme).toBe("Scheme");
    expect(Object.fromEntries(c.params ?? [])).toEqual({ a: "tok", b: 'x"y\\zq', c: "", d: "\u00e9" });
  });

  it("reads token68 credentials and a bare scheme", () => {
    expect(parseCredentials("Bearer mF_9.B5f-4.1JqM")).toEqual({
      scheme: "Bearer",
      params: null,
      token68: "mF_9.B5f-4.1JqM",
    });
    expect(parseCredentials("Basic YWxhZGRpbjpvcGVuc2VzYW1l==")).toEqual({
      scheme: "Basic",
      params: null,
      token68: "YWxhZGRpbjpvcGVuc2VzYW1l==",
    });
    expect(parseCredentials("Negotiate")).toEqual({ scheme: "Negotiate", params: new Map(), token68: null });
  });

  it("rejects what is not credentials syntax", () => {
    for (const bad of [
      "",
      "   ",
      'S a="unterminated',
      'S a="x" b',
      "S a=,", // ("S a=" alone is token68)
      'S a="1", A="2"',
      'S a="x"y',
      'S a="\\',
      'S a="bell\u0007"',
      "S =x",
      'S a="1" b="2"',
      "S a=@",
    ]) {
      expect(() => parseCredentials(bad), JSON.stringify(bad)).toThrow(CredentialsSyntaxError);
    }
  });

  it("is linear: hostile 16 KiB headers parse or fail at once", () => {
    const hostile = [
      `S a="${'\\"'.repeat(8000)}`,
      `S ${",".repeat(16_000)}`,
      `S ${"a=b,".repeat(4000)}`,
      `S a="${" ".repeat(16_000)}`,
      `S ${"x".repeat(16_000)}=`,
    ];
    for (const h of hostile) {
      const t0 = performance.now();
      try {
        parseCredentials(h);
      } catch (e) {
        expect(e).toBeInstanceOf(CredentialsSyntaxError);
      }
      // Linear, not catastrophic backtracking: a quadratic parse of these would take seconds.
      expect(performance.now() - t0).toBeLessThan(1000);
    }
  });

  it("round-trips any parameter values written as quoted-strings", () => {
    const token = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,12}$/);
    // qdtext and quoted-pair characters: HTAB, SP, VCHAR, obs-text (Node hands header bytes over as latin1).
    const value = fc.string({
      unit: fc
        .integer({ min: 0x20, max: 0xff })
        .filter((c) => c !== 0x7f)
        .map((c) => String.fromCharCode(c)),
      maxLength: 30,
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(token, value), {
          selector: (p) => p[0].toLowerCase(),
          minLength: 1,
          maxLength: 6,
        }),
        (params) => {
          const header = `${HMAC_SCHEME} ${params.map(([n, v]) => `${n}="${v.replace(/["\\]/g, "\\$&")}"`).join(", ")}`;
          const c = parseCredentials(header);
          expect([...(c.params ?? [])]).toEqual(params.map(([n, v]) => [n.toLowerCase(), v]));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("NonceRegistry", () => {
  it("remembers a nonce per key until it expires", () => {
    const r = new NonceRegistry();
    r.add("k", "n1", 2_000, 1_000);
    expect(r.has("k", "n1", 1_500)).toBe(true);
    expect(r.has("other", "n1", 1_500)).toBe(false);
    expect(r.has("k", "n2", 1_500)).toBe(false);
    expect(r.has("k", "n1", 2_000)).toBe(false);
  });

  it("forgets expired entries and stays within its bound", () => {
    const r = new NonceRegistry(3);
    for (let i = 0; i < 10; i++) r.add("k", `n${i}`, 10_000, 0);
    expect(r.size).toBeLessThanOrEqual(3);
    expect(r.has("k", "n9", 0)).toBe(true);
    r.add("k", "late", 30_000, 20_000);
    expect(r.size).toBe(1);
  });
});
