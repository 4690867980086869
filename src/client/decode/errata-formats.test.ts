/**
 * The errata wire formats (CONTRACT §3, seeds 000–004), hand-written as the renderers will send
 * them, decoded back: code, name, message, fields and request token survive the round trip.
 */
import { describe, expect, it } from "vitest";
import type { NormalizedError } from "../normalized-error.js";
import { decodeError } from "./index.js";

const TOKEN = "Zq3LmN8pRt2Vw7Xy";

function decoded(status: number, headers: Record<string, string>, body: string): NormalizedError {
  return decodeError({ status, headers: { "x-request-id": TOKEN, ...headers }, body });
}

describe("problem+json (RFC 9457, errata's default)", () => {
  it("decodes code, name, title, detail, token and field errors", () => {
    const body = JSON.stringify({
      type: "http://127.0.0.1:3000/errors/5000",
      title: "validation error",
      status: 400,
      detail: "2 fields are invalid",
      instance: `urn:errata:request:${TOKEN}`,
      code: 5000,
      name: "validation_error",
      token: TOKEN,
      errors: [
        { name: "firstName", detail: "is required", code: "5000" },
        { pointer: "#/lastName", detail: "must be a string" },
      ],
    });
    expect(decoded(400, { "content-type": "application/problem+json" }, body)).toEqual({
      status: 400,
      code: "5000",
      name: "validation_error",
      message: "validation error",
      detail: "2 fields are invalid",
      requestId: TOKEN,
      retryAfterSeconds: null,
      fields: [
        { name: "firstName", message: "is required", code: "5000" },
        { name: "lastName", message: "must be a string", code: null },
      ],
      format: "problem+json",
      retryable: false,
    });
  });

  it("a generic 500 keeps only the token", () => {
    const body = JSON.stringify({
      type: "about:blank",
      title: "Internal Server Error",
      status: 500,
      detail: "An unexpected error occurred.",
      requestId: TOKEN,
    });
    const d = decoded(500, { "content-type": "application/problem+json; charset=utf-8" }, body);
    expect(d).toMatchObject({
      code: null,
      message: "Internal Server Error",
      requestId: TOKEN,
      retryable: true,
    });
  });

  it("a 429 with Retry-After and RateLimit headers", () => {
    const body = JSON.stringify({
      type: "about:blank",
      title: "Too Many Requests",
      status: 429,
      code: "rate_limited",
    });
    const d = decoded(
      429,
      { "content-type": "application/problem+json", "retry-after": "7", ratelimit: '"default";r=0;t=7' },
      body,
    );
    expect(d).toMatchObject({
      code: "rate_limited",
      retryAfterSeconds: 7,
      retryable: true,
      requestId: TOKEN,
    });
  });
});

describe("problem+xml (RFC 9457 Appendix B)", () => {
  it("decodes members and <i> lists", () => {
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<problem xmlns="urn:ietf:rfc:7807">
  <type>http://127.0.0.1:3000/errors/3001</type>
  <title>entity not found</title>
  <status>404</status>
  <detail>Entity 42 &amp; friends were not found.</detail>
  <code>3001</code>
  <name>entity_not_found</name>
  <token>${TOKEN}</token>
  <errors><i><name>id</name><detail>unknown id</detail><code>3001</code></i></errors>
</problem>`;
    expect(decoded(404, { "content-type": "application/problem+xml" }, body)).toEqual({
      status: 404,
      code: "3001",
      name: "entity_not_found",
      message: "entity not found",
      detail: "Entity 42 & friends were not found.",
      requestId: TOKEN,
      retryAfterSeconds: null,
      fields: [{ name: "id", message: "unknown id", code: "3001" }],
      format: "problem+xml",
      retryable: false,
    });
  });
});

describe("OAuth 2.0 (seed 004, RFC 6749 §5.2 and RFC 6750 §3)", () => {
  it("token endpoint error with a Basic challenge", () => {
    const body = JSON.stringify({
      error: "invalid_client",
      error_description: "Client authentication failed.",
      error_uri: "http://127.0.0.1:3000/errors/invalid_client",
    });
    const d = decoded(
      401,
      {
        "content-type": "application/json",
        "cache-control": "no-store",
        "www-authenticate": 'Basic realm="errata"',
      },
      body,
    );
    expect(d).toEqual({
      status: 401,
      code: "invalid_client",
      name: null,
      message: "Client authentication failed.",
      detail: null,
      requestId: TOKEN,
      retryAfterSeconds: null,
      fields: [],
      format: "oauth2",
      retryable: false,
    });
  });

  it("temporarily_unavailable with Retry-After: 120", () => {
    const d = decoded(
      503,
      { "content-type": "application/json", "retry-after": "120" },
      JSON.stringify({ error: "temporarily_unavailable", error_description: "Down for maintenance." }),
    );
    expect(d).toMatchObject({
      code: "temporarily_unavailable",
      retryAfterSeconds: 120,
      retryable: true,
      format: "oauth2",
    });
  });

  it("insufficient_scope challenge, escapes in quoted strings undone", () => {
    const d = decoded(
      403,
      {
        "www-authenticate":
          'Bearer realm="errata demo", error="insufficient_scope", error_description="needs \\"profile\\" scope", scope="profile"',
      },
      "",
    );
    expect(d).toMatchObject({
      format: "bearer-challenge",
      code: "insufficient_scope",
      message: 'needs "profile" scope',
      requestId: TOKEN,
    });
  });

  it("a body without an error code takes it from the Bearer challenge", () => {
    const d = decoded(
      401,
      {
        "content-type": "application/problem+json",
        "www-authenticate": 'Bearer realm="x", error="invalid_token", error_description="expired"',
      },
      JSON.stringify({ type: "about:blank", title: "Unauthorized", status: 401 }),
    );
    expect(d).toMatchObject({ format: "problem+json", code: "invalid_token", message: "Unauthorized" });
  });
});

describe("ORCID (seed 000)", () => {
  it("JSON", () => {
    const body = JSON.stringify({
      "response-code": 404,
      "developer-message":
        "404 Not Found: The resource was not found. Full validation error: ORCID 0000-0002-1825-0098 not found",
      "user-message": "The resource was not found.",
      "error-code": 9016,
      "more-info": "http://127.0.0.1:3000/errors/9016",
    });
    expect(decoded(404, { "content-type": "application/vnd.orcid+json" }, body)).toEqual({
      status: 404,
      code: "9016",
      name: null,
      message: "The resource was not found.",
      detail:
        "404 Not Found: The resource was not found. Full validation error: ORCID 0000-0002-1825-0098 not found",
      requestId: TOKEN,
      retryAfterSeconds: null,
      fields: [],
      format: "orcid",
      retryable: false,
    });
  });

  it("XML", () => {
    const body = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<error xmlns="http://www.orcid.org/ns/error">
    <response-code>400</response-code>
    <developer-message>Content is not allowed in prolog.</developer-message>
    <user-message>Something went wrong: the XML is not valid.</user-message>
    <error-code>9001</error-code>
    <more-info>http://127.0.0.1:3000/errors/9001</more-info>
</error>`;
    expect(decoded(400, { "content-type": "application/vnd.orcid+xml" }, body)).toMatchObject({
      format: "orcid",
      code: "9001",
      message: "Something went wrong: the XML is not valid.",
      detail: "Content is not allowed in prolog.",
      requestId: TOKEN,
    });
  });
});

describe("Identity Cloud (seed 001)", () => {
  it("HTTP 200 with stat:error, code 510 and Retry-After", () => {
    const body = JSON.stringify({
      stat: "error",
      code: 510,
      error: "api_limit_error",
      error_description: "The API rate limit for this client has been exceeded.",
      request_token: TOKEN,
    });
    expect(decoded(200, { "content-type": "application/json", "retry-after": "42" }, body)).toEqual({
      status: 200,
      code: "510",
      name: "api_limit_error",
      message: "The API rate limit for this client has been exceeded.",
      detail: null,
      requestId: TOKEN,
      retryAfterSeconds: 42,
      fields: [],
      format: "identity-cloud",
      retryable: true,
    });
  });

  it("510 is retryable even without Retry-After; 100 names its argument", () => {
    const limit = decodeError({
      status: 200,
      body: '{"stat":"error","code":510,"error":"api_limit_error","error_description":"x","request_token":"abc"}',
    });
    expect(limit.retryable).toBe(true);
    const missing = decodeError({
      status: 200,
      body: JSON.stringify({
        stat: "error",
        code: 100,
        error: "missing_argument",
        argument_name: "type_name",
        error_description: "missing required argument: type_name",
        request_token: "abcdefghijklmnop",
      }),
    });
    expect(missing).toMatchObject({
      code: "100",
      name: "missing_argument",
      requestId: "abcdefghijklmnop",
      retryable: false,
      fields: [{ name: "type_name", message: "missing required argument: type_name", code: "100" }],
    });
  });
});

describe("OCLC (seed 002)", () => {
  it("an oclc:error document alone", () => {
    const body = `<?xml version='1.0' encoding='UTF-8'?><oclc:error xmlns:oclc="http://worldcat.org/xmlschemas/response"><oclc:code type="http">401</oclc:code><oclc:message>WSKey "bogus-key" is invalid</oclc:message></oclc:error>`;
    expect(decoded(401, { "content-type": "application/xml" }, body)).toEqual({
      status: 401,
      code: "401",
      name: null,
      message: 'WSKey "bogus-key" is invalid',
      detail: null,
      requestId: TOKEN,
      retryAfterSeconds: null,
      fields: [],
      format: "oclc",
      retryable: false,
    });
  });

  it("an Atom entry echoing the posted order (seed 002's example)", () => {
    const body = `<?xml version='1.0' encoding='UTF-8'?> <entry xmlns="http://www.w3.org/2005/Atom" xmlns:oclc="http://worldcat.org/xmlschemas/response"> <content type="application/xml"> <ns11:purchaseOrder xmlns:ns11="http://worldcat.org/xmlschemas/acquisitions/PurchaseOrder"> <ns11:orderName> alibris Order - 1329321767 </ns11:orderName> <ns11:vendor> <ns11:vendorId> 50f0ecab-9b4e-4da3-a1c4-e0343a1897 </ns11:vendorId> </ns11:vendor> </ns11:purchaseOrder> </content> <oclc:error> <oclc:code type="http">400</oclc:code> <oclc:message> vendorId 50f0ecab-9b4e-4da3-a1c4-e0343a1897 not found</oclc:message> </oclc:error> </entry>`;
    expect(decoded(400, { "content-type": "application/atom+xml" }, body)).toMatchObject({
      format: "oclc",
      code: "400",
      message: "vendorId 50f0ecab-9b4e-4da3-a1c4-e0343a1897 not found",
    });
  });

  it("oclc:detail with field-level entries", () => {
    const body = `<oclc:error xmlns:oclc="http://worldcat.org/xmlschemas/response"><oclc:code type="http">400</oclc:code><oclc:message>Invalid purchase order</oclc:message><oclc:detail><oclc:validationError field="currency">must be an ISO 4217 code</oclc:validationError></oclc:detail></oclc:error>`;
    expect(decoded(400, {}, body)).toMatchObject({
      format: "oclc",
      fields: [{ name: "currency", message: "must be an ISO 4217 code", code: null }],
    });
  });
});

describe("entity API (seed 003)", () => {
  it("not found", () => {
    expect(
      decoded(
        404,
        { "content-type": "application/json" },
        '{"errors":[{"errorCode":3001, "message":"entity not found"}]}',
      ),
    ).toEqual({
      status: 404,
      code: "3001",
      name: null,
      message: "entity not found",
      detail: null,
      requestId: TOKEN,
      retryAfterSeconds: null,
      fields: [],
      format: "entity-api",
      retryable: false,
    });
  });

  it("every invalid field in one response", () => {
    const body = JSON.stringify({
      errors: [
        { errorCode: 5000, message: "validation error", subject: "firstName", subjectType: "parameter" },
        { errorCode: 5000, message: "validation error", subject: "lastName", subjectType: "parameter" },
      ],
    });
    expect(decoded(400, {}, body)).toMatchObject({
      format: "entity-api",
      code: "5000",
      fields: [
        { name: "firstName", message: "validation error", code: "5000" },
        { name: "lastName", message: "validation error", code: "5000" },
      ],
    });
  });

  it("the family sub-code and the seed's bare object form", () => {
    expect(
      decoded(
        409,
        {},
        '{"errors":[{"errorCode":200601,"message":"entity saving error: USPTA number must be unique"}]}',
      ).code,
    ).toBe("200601");
    expect(decoded(404, {}, '{"errorCode": 3001, "message": "entity not found"}')).toMatchObject({
      format: "entity-api",
      code: "3001",
      message: "entity not found",
    });
  });
});
