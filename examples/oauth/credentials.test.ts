import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBasic, readBearerToken, readClientCredentials, secretsEqual } from "./credentials.js";

/** RFC 6749 §2.3.1: each part form-urlencoded, then `id:secret` base64 (as oauth4webapi's ClientSecretBasic does). */
const basicOf = (id: string, secret: string) => {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString("base64")}`;
};
const form = (s: string) => new URLSearchParams(s);

describe("readClientCredentials (RFC 6749 §2.3.1)", () => {
  it("reads HTTP Basic and the form body", () => {
    expect(readClientCredentials(basicOf("demo-client", "demo-secret"), form("grant_type=x"))).toEqual({
      kind: "basic",
      clientId: "demo-client",
      secret: "demo-secret",
    });
    expect(readClientCredentials(undefined, form("client_id=a&client_secret=b"))).toEqual({
      kind: "post",
      clientId: "a",
      secret: "b",
    });
    expect(readClientCredentials(undefined, form("client_id=a"))).toEqual({
      kind: "post",
      clientId: "a",
      secret: null,
    });
    expect(readClientCredentials(undefined, form("grant_type=x"))).toEqual({ kind: "none" });
    expect(readClientCredentials("", form(""))).toEqual({ kind: "none" });
  });

  it("a body client_id may repeat the Basic one, never contradict it", () => {
    expect(readClientCredentials(basicOf("a", "b"), form("client_id=a")).kind).toBe("basic");
    expect(readClientCredentials(basicOf("a", "b"), form("client_id=z"))).toEqual({
      kind: "invalid",
      problem: "client_id does not match the HTTP Basic client",
    });
  });

  it("invalid_request for two methods, repeated parameters, a secret without an id", () => {
    expect(readClientCredentials(basicOf("a", "b"), form("client_secret=b")).kind).toBe("invalid");
    expect(readClientCredentials(undefined, form("client_id=a&client_id=a")).kind).toBe("invalid");
    expect(readClientCredentials(undefined, form("client_id=a&client_secret=b&client_secret=b")).kind).toBe(
      "invalid",
    );
    expect(readClientCredentials(undefined, form("client_secret=b"))).toEqual({
      kind: "invalid",
      problem: "client_id is missing",
    });
  });

  it("an Authorization header it cannot use", () => {
    expect(readClientCredentials("Bearer abc", form(""))).toEqual({ kind: "unusable", basic: false });
    expect(readClientCredentials("Basic !!!", form(""))).toEqual({ kind: "unusable", basic: true });
    expect(readClientCredentials(`Basic ${Buffer.from("no-colon").toString("base64")}`, form(""))).toEqual({
      kind: "unusable",
      basic: true,
    });
    expect(readClientCredentials(`Basic ${Buffer.from("%zz:x").toString("base64")}`, form(""))).toEqual({
      kind: "unusable",
      basic: true,
    });
  });

  it("Basic round-trips any id and secret, colons and non-ASCII included", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }),
        fc.string({ unit: "grapheme", maxLength: 30 }),
        (id, secret) => {
          expect(parseBasic(basicOf(id, secret))).toEqual({ clientId: id, secret });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("readBearerToken (RFC 6750 §2)", () => {
  const q = (s = "") => new URLSearchParams(s);

  it("reads the header (scheme case-insensitive) or the query parameter", () => {
    expect(readBearerToken("Bearer demo-token", q())).toEqual({
      kind: "token",
      token: "demo-token",
      via: "header",
    });
    expect(readBearerToken("bearer  abc/+=", q())).toEqual({ kind: "token", token: "abc/+=", via: "header" });
    expect(readBearerToken(undefined, q("access_token=demo-token"))).toEqual({
      kind: "token",
      token: "demo-token",
      via: "query",
    });
  });

  it("no credentials, or another scheme, is none (§3.1)", () => {
    expect(readBearerToken(undefined, q())).toEqual({ kind: "none" });
    expect(readBearerToken("Basic abc", q())).toEqual({ kind: "none" });
    expect(readBearerToken("Bearerabc", q())).toEqual({ kind: "none" });
  });

  it("invalid_request for two methods, a repeated parameter, empty credentials", () => {
    expect(readBearerToken("Bearer a", q("access_token=a")).kind).toBe("invalid");
    expect(readBearerToken(undefined, q("access_token=a&access_token=a")).kind).toBe("invalid");
    expect(readBearerToken("Bearer", q()).kind).toBe("invalid");
    expect(readBearerToken("Bearer   ", q()).kind).toBe("invalid");
    expect(readBearerToken(undefined, q("access_token=")).kind).toBe("invalid");
  });

  it("a token that is not a b64token is malformed (invalid_token)", () => {
    expect(readBearerToken("Bearer a b", q())).toEqual({ kind: "malformed" });
    expect(readBearerToken("Bearer a=b", q())).toEqual({ kind: "malformed" });
    expect(readBearerToken(undefined, q("access_token=%22x%22"))).toEqual({ kind: "malformed" });
  });
});

describe("secretsEqual", () => {
  it("compares whole secrets", () => {
    expect(secretsEqual("demo-secret", "demo-secret")).toBe(true);
    expect(secretsEqual("demo-secret", "demo-secre")).toBe(false);
    expect(secretsEqual("", "x")).toBe(false);
  });
});
