import { describe, expect, it } from "vitest";
import { oauthErrors } from "./catalog.js";

/** Every row of seed 004: its three tables, by the code errata gives it, with the status. */
const SEED_ROWS: readonly [string, number][] = [
  // HTTP status codes
  ["bad_request", 400],
  ["unauthorized", 401],
  ["forbidden", 403],
  ["not_found", 404],
  ["method_not_allowed", 405],
  ["not_acceptable", 406],
  ["payload_too_large", 413],
  ["request_uri_too_long", 414],
  ["unprocessable_entity", 422],
  ["too_many_requests", 429],
  ["request_header_fields_too_large", 431],
  ["internal_server_error", 500],
  ["service_unavailable", 503],
  // OAuth 2.0 & OpenID Connect error codes (RFC 6749 §4.1.2.1, §5.2)
  ["invalid_request", 400],
  ["invalid_client", 401],
  ["invalid_grant", 400],
  ["unauthorized_client", 400],
  ["unsupported_grant_type", 400],
  ["invalid_scope", 400],
  ["access_denied", 403],
  ["server_error", 500],
  ["temporarily_unavailable", 503],
  // Token errors (RFC 6750 §3.1)
  ["invalid_token", 401],
  ["insufficient_scope", 403],
];

/** errata's additions, documented in the catalog. */
const ADDED: readonly [string, number][] = [
  ["unsupported_response_type", 400],
  ["too_many_attempts", 429],
];

describe("the OAuth provider catalog (seed 004)", () => {
  const entries = oauthErrors.$.entries;

  it("has every row of the seed, and errata's two additions, nothing else", () => {
    expect(entries.map((e) => [e.code, e.status])).toEqual(expect.arrayContaining([...SEED_ROWS, ...ADDED]));
    expect(entries).toHaveLength(SEED_ROWS.length + ADDED.length);
  });

  it("gives each a description, causes and fixes", () => {
    for (const e of entries) {
      expect(e.spec.description, e.key).toBeTruthy();
      expect(e.spec.causes?.length, e.key).toBeGreaterThan(0);
      expect(e.spec.fixes?.length, e.key).toBeGreaterThan(0);
    }
  });

  it("has unique codes that are valid OAuth error values, and NQSCHAR messages (RFC 6749 §5.2)", () => {
    const codes = entries.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of entries) {
      expect(e.code).toMatch(/^[a-z_]+$/);
      expect(e.message.source, e.key).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]+$/);
    }
  });

  it("places the OAuth codes under the HTTP status rows they refine", () => {
    const parent = (code: string) => oauthErrors.$.get(code)?.parent?.code ?? null;
    expect(parent("invalid_request")).toBe("bad_request");
    expect(parent("invalid_client")).toBe("unauthorized");
    expect(parent("invalid_token")).toBe("unauthorized");
    expect(parent("insufficient_scope")).toBe("forbidden");
    expect(parent("too_many_attempts")).toBe("too_many_requests");
    expect(parent("temporarily_unavailable")).toBe("service_unavailable");
    for (const e of entries)
      if (e.parent) expect(Math.floor(e.parent.status / 100), e.key).toBe(Math.floor(e.status / 100));
  });

  it("temporarily_unavailable says when to retry; the defect of the seed's insufficient_scope row is documented", () => {
    expect(oauthErrors.temporarilyUnavailable().headers).toEqual({ "Retry-After": "120" });
    expect(oauthErrors.insufficientScope.entry.spec.defect).toMatch(/Possible Causes/);
    expect(oauthErrors.invalidRequest({ problem: "grant_type is missing" }).message).toBe(
      "The request is missing a required parameter or includes an invalid parameter: grant_type is missing.",
    );
  });
});
