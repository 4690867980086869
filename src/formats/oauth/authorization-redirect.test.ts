import { validateHeaderValue } from "node:http";
import fc from "fast-check";
import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import { defineCatalog } from "../../catalog/define.js";
import { oauthText } from "../www-authenticate.js";
import { authorizationErrorRedirect, authorizationResponseLocation } from "./authorization-redirect.js";

const errors = defineCatalog(
  { id: "as" },
  {
    accessDenied: { code: "access_denied", status: 403, message: "The resource owner denied the request." },
    invalidScope: { code: "invalid_scope", status: 400, message: "Unknown scope {scope}." },
  },
);

const docsUrl = (e: { slug: string }) => `https://docs.example/as/${e.slug}`;

/** Lone surrogates cannot survive UTF-8 percent-encoding (they become U+FFFD), so state values are well-formed. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const hostileText = fc
  .array(
    fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 6 }),
      fc.string({ unit: "binary-ascii", maxLength: 6 }),
      fc.constantFrom(
        "\r\n",
        "\n",
        "\t",
        '"',
        "\\",
        " ",
        "&",
        "=",
        "#",
        "?",
        "+",
        "%",
        "%0d%0a",
        "\u0000",
        "é",
        "🙂",
      ),
    ),
    { maxLength: 16 },
  )
  .map((parts) => parts.join(""))
  .filter((s) => !LONE_SURROGATE.test(s));

describe("authorizationErrorRedirect (RFC 6749 §4.1.2.1)", () => {
  it("matches the RFC's example: error and state in the query, 302", () => {
    const r = authorizationErrorRedirect(errors.accessDenied(), {
      redirectUri: "https://client.example.com/cb",
      state: "xyz",
      description: "",
    });
    expect(r).toEqual({
      status: 302,
      headers: {
        Location: "https://client.example.com/cb?error=access_denied&state=xyz",
        "Cache-Control": "no-store",
      },
    });
  });

  it("adds error_description and error_uri, keeps the URI's own query, and can answer 303", () => {
    const r = authorizationErrorRedirect(errors.invalidScope({ scope: 'ad"min' }), {
      redirectUri: "https://client.example.com/cb?x=1",
      state: "s",
      status: 303,
      docsUrl,
    });
    expect(r.status).toBe(303);
    expect(r.headers.Location).toBe(
      "https://client.example.com/cb?x=1&error=invalid_scope&error_description=Unknown+scope+ad%27min.&error_uri=https%3A%2F%2Fdocs.example%2Fas%2Finvalid_scope&state=s",
    );
  });

  it("omits state when the request had none, and uses the fragment for the implicit grant (§4.2.2.1)", () => {
    const r = authorizationErrorRedirect(errors.accessDenied(), {
      redirectUri: "https://client.example.com/cb",
      responseMode: "fragment",
    });
    expect(r.headers.Location).toBe(
      "https://client.example.com/cb#error=access_denied&error_description=The+resource+owner+denied+the+request.",
    );
  });

  it("refuses what cannot be a redirection URI (§3.1.2)", () => {
    const e = errors.accessDenied();
    expect(() => authorizationErrorRedirect(e, { redirectUri: "/cb" })).toThrow(/absolute/);
    expect(() => authorizationErrorRedirect(e, { redirectUri: "https://c.example/cb#x" })).toThrow(
      /fragment/,
    );
    expect(() => authorizationErrorRedirect(e, { redirectUri: "https://c.example/cb#" })).toThrow(/fragment/);
    expect(() => authorizationErrorRedirect(e, { redirectUri: "javascript:alert(1)//" })).toThrow(/scheme/);
    expect(() => authorizationErrorRedirect(e, { redirectUri: "data:text/html,x" })).toThrow(/scheme/);
  });

  it("is what a standard OAuth client (oauth4webapi) reads as an authorization error", () => {
    const r = authorizationErrorRedirect(errors.accessDenied(), {
      redirectUri: "https://client.example.com/cb",
      state: "st-1",
    });
    const as = { issuer: "https://as.example" };
    const client = { client_id: "demo-client" };
    let caught: unknown;
    try {
      oauth.validateAuthResponse(as, client, new URL(r.headers.Location as string), "st-1");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(oauth.AuthorizationResponseError);
    expect((caught as oauth.AuthorizationResponseError).error).toBe("access_denied");
    expect((caught as oauth.AuthorizationResponseError).error_description).toBe(
      "The resource owner denied the request.",
    );
  });
});

describe("authorizationResponseLocation", () => {
  it("reuses a bare '?' and percent-encodes what URL serialisation leaves outside RFC 3986", () => {
    expect(authorizationResponseLocation("https://c.example/cb?", [["code", "a"]])).toBe(
      "https://c.example/cb?code=a",
    );
    expect(authorizationResponseLocation("com.example.app:/cb path", [["code", "a"]])).toBe(
      "com.example.app:/cb%20path?code=a",
    );
    expect(authorizationResponseLocation("https://c.example/cb", [["x", null]])).toBe("https://c.example/cb");
  });

  it("a Location can never be broken: any state and description give one line of URI characters that parses back", () => {
    const uri = fc.constantFrom(
      "https://client.example.org/callback",
      "https://client.example.org/cb?tenant=a%20b&x=1",
      "http://127.0.0.1:8080/cb?",
      "https://exämple.org/p ath/ü?q=ö",
      "com.example.app:/oauth2redirect",
    );
    fc.assert(
      fc.property(uri, hostileText, hostileText, (redirectUri, state, message) => {
        const r = authorizationErrorRedirect(errors.invalidScope({ scope: message }), {
          redirectUri,
          state,
          docsUrl,
        });
        const loc = r.headers.Location as string;
        expect(() => validateHeaderValue("Location", loc)).not.toThrow();
        expect(loc).toMatch(/^[!#$%&'()*+,\-./0-9:;=?@A-Z[\]_a-z~]+$/);
        const parsed = new URL(loc);
        const original = new URL(redirectUri);
        for (const [k, v] of original.searchParams) expect(parsed.searchParams.getAll(k)).toContain(v);
        expect(parsed.searchParams.get("error")).toBe("invalid_scope");
        expect(parsed.searchParams.get("state")).toBe(state);
        expect(parsed.searchParams.get("error_description")).toBe(oauthText(`Unknown scope ${message}.`));
        expect(parsed.hash).toBe("");
      }),
      { numRuns: 300 },
    );
  });
});
