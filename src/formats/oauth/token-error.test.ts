import fc from "fast-check";
import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import { defineCatalog } from "../../catalog/define.js";
import { oauth2 as oauth2Recognizer } from "../../client/decode/recognizers/oauth2.js";
import type { JsonObject } from "../../client/decode/values.js";
import { createErrata } from "../../core/errata.js";
import type { RenderedError, RequestView } from "../types.js";
import { oauth2 } from "./token-error.js";

const errors = defineCatalog(
  { id: "as" },
  {
    invalidRequest: { code: "invalid_request", status: 400, message: "The grant_type parameter is missing." },
    invalidClient: { code: "invalid_client", status: 401, message: "Client authentication failed." },
    invalidClient400: { name: "invalid_client", status: 400, message: "Client authentication failed." },
    invalidScope: { code: "invalid_scope", status: 400, message: "Scope {scope} is unknown." },
    unauthorized: { code: "unauthorized", status: 401, message: "Credentials are required." },
    accessDenied: { code: "access_denied", status: 403, message: "The resource owner denied the request." },
    withExtra: {
      code: "invalid_grant",
      status: 400,
      message: "The code has expired.",
      extra: { error: "ignored", max_age: 60, error_uri: "ignored" },
    },
    undocumented: { code: "odd", status: 400, message: "x", docs: 'https://docs.example/a b"c\\d' },
    serverError: {
      code: "server_error",
      status: 500,
      message: "The authorization server encountered an unexpected condition.",
    },
  },
);

const DOCS = "https://docs.example/errors";

function make(options?: Parameters<typeof oauth2>[0], docsBaseUrl: string | null = DOCS) {
  return createErrata({
    formats: [oauth2(options)],
    catalogs: [errors],
    guards: { unexpected: errors.serverError },
    docsBaseUrl,
  });
}

function view(locals?: Record<string, unknown>, headers: RequestView["headers"] = {}): RequestView {
  return { method: "POST", path: "/token", headers, token: "AbCdEfGh12345678", locals };
}

function header(r: RenderedError, name: string): string | undefined {
  for (let i = 0; i < r.headers.length; i += 2)
    if (r.headers[i]?.toLowerCase() === name.toLowerCase()) return r.headers[i + 1];
  return undefined;
}

describe("oauth2 format (RFC 6749 §5.2)", () => {
  it("renders the RFC's error response: status, headers and body exactly", () => {
    const r = make().handle(errors.invalidRequest(), view());
    expect(r.status).toBe(400);
    expect(r.headers).toEqual([
      "Content-Type",
      "application/json;charset=UTF-8",
      "Cache-Control",
      "no-store",
      "Pragma",
      "no-cache",
      "Vary",
      "Accept",
    ]);
    expect(r.body).toBe(
      '{"error":"invalid_request","error_description":"The grant_type parameter is missing.","error_uri":"https://docs.example/errors/as/invalid_request"}',
    );
  });

  it("leaves Pragma out on request, and error_uri when there are no docs", () => {
    const r = make({ pragma: false }, null).handle(errors.invalidRequest(), view());
    expect(r.headers).toEqual([
      "Content-Type",
      "application/json;charset=UTF-8",
      "Cache-Control",
      "no-store",
      "Vary",
      "Accept",
    ]);
    expect(r.body).toBe(
      '{"error":"invalid_request","error_description":"The grant_type parameter is missing."}',
    );
  });

  it("invalid_client: 401 with a Basic challenge (RFC 9110 §15.5.2), realm from the route or the format", () => {
    const e = make({ realm: "as" });
    let r = e.handle(errors.invalidClient(), view());
    expect(r.status).toBe(401);
    expect(header(r, "WWW-Authenticate")).toBe('Basic realm="as"');
    r = e.handle(errors.invalidClient(), view({ authScheme: "basic", realm: 'my "realm"' }));
    expect(header(r, "WWW-Authenticate")).toBe('Basic realm="my \\"realm\\""');
    expect(r.body).toBe(
      '{"error":"invalid_client","error_description":"Client authentication failed.","error_uri":"https://docs.example/errors/as/invalid_client"}',
    );
  });

  it("invalid_client cataloged as 400 becomes 401 only when the client used the Authorization header", () => {
    const e = make();
    const plain = e.handle(errors.invalidClient400(), view());
    expect(plain.status).toBe(400);
    expect(header(plain, "WWW-Authenticate")).toBeUndefined();
    expect(JSON.parse(plain.body).error).toBe("invalid_client");
    const basic = e.handle(errors.invalidClient400(), view({ authScheme: "basic" }));
    expect(basic.status).toBe(401);
    expect(header(basic, "WWW-Authenticate")).toBe('Basic realm="oauth"');
    // A scheme that is not a token cannot be echoed: the format's own scheme is challenged.
    const odd = e.handle(errors.invalidClient400(), view({ authScheme: "bad scheme\r\n" }));
    expect(header(odd, "WWW-Authenticate")).toBe('Basic realm="oauth"');
  });

  it("other errors never get a challenge or a 401", () => {
    const r = make().handle(errors.invalidScope({ scope: "x" }), view({ authScheme: "basic" }));
    expect(r.status).toBe(400);
    expect(header(r, "WWW-Authenticate")).toBeUndefined();
  });

  it("keeps extension members but never lets them overwrite error, error_description, error_uri", () => {
    const r = make().handle(errors.withExtra(), view());
    expect(r.body).toBe(
      '{"error":"invalid_grant","error_description":"The code has expired.","error_uri":"https://docs.example/errors/as/invalid_grant","max_age":60}',
    );
  });

  it("percent-encodes an error_uri outside RFC 6749's character set", () => {
    const r = make().handle(errors.undocumented(), view());
    expect(JSON.parse(r.body).error_uri).toBe("https://docs.example/a%20b%22c%5Cd");
  });

  it("an unexpected throwable is a generic server_error: no message, class, path or SQL", () => {
    const thrown = new TypeError("SELECT * FROM clients WHERE secret='x' at /srv/app/token.js:42");
    const r = make().handle(thrown, view());
    expect(r.status).toBe(500);
    expect(r.body).toBe(
      '{"error":"server_error","error_description":"The authorization server encountered an unexpected condition.","error_uri":"https://docs.example/errors/as/server_error"}',
    );
  });

  it("any template parameter gives a JSON body whose description is NQSCHAR and decodes to the same code and message", () => {
    const e = make();
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 60 }),
        fc.constantFrom("\r\n", '"', "\\", "\u0000", ""),
        (s, t) => {
          const r = e.handle(errors.invalidScope({ scope: s + t + s }), view());
          const o = JSON.parse(r.body) as JsonObject;
          expect(o.error).toBe("invalid_scope");
          expect(o.error_description).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]+$/);
          const decoded = oauth2Recognizer.recognize(o, {
            status: r.status,
            contentType: "application/json",
            header: () => undefined,
          });
          expect(decoded?.code).toBe("invalid_scope");
          expect(decoded?.message).toBe(o.error_description);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("is what a standard OAuth client (oauth4webapi) reads as an OAuth error", async () => {
    const r = make().handle(errors.invalidRequest(), view());
    const headers = new Headers();
    for (let i = 0; i < r.headers.length; i += 2)
      headers.append(r.headers[i] as string, r.headers[i + 1] as string);
    const response = new Response(r.body, { status: r.status, headers });
    const as = { issuer: "https://as.example", token_endpoint: "https://as.example/token" };
    const client = { client_id: "demo-client" };
    const err = await oauth.processClientCredentialsResponse(as, client, response).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(oauth.ResponseBodyError);
    expect((err as oauth.ResponseBodyError).error).toBe("invalid_request");
    expect((err as oauth.ResponseBodyError).error_description).toBe("The grant_type parameter is missing.");
  });
});

describe("oauth2 format: authorization-endpoint redirects (RFC 6749 §4.1.2.1)", () => {
  it("answers with 302 and the error in the redirection URI's query, state echoed", () => {
    const r = make().handle(
      errors.accessDenied(),
      view({ redirectUri: "https://client.example.org/cb?tenant=a%20b", state: "xyz/ +&=é" }),
    );
    expect(r.status).toBe(302);
    expect(r.headers).toEqual([
      "Location",
      "https://client.example.org/cb?tenant=a%20b&error=access_denied&error_description=The+resource+owner+denied+the+request.&error_uri=https%3A%2F%2Fdocs.example%2Ferrors%2Fas%2Faccess_denied&state=xyz%2F+%2B%26%3D%C3%A9",
      "Cache-Control",
      "no-store",
      "Vary",
      "Accept",
    ]);
    expect(r.body).toBe("");
    const u = new URL(header(r, "Location") as string);
    expect(u.searchParams.get("state")).toBe("xyz/ +&=é");
    expect(u.searchParams.get("tenant")).toBe("a b");
  });

  it("an unexpected failure becomes a server_error redirect; 303 and fragment on request", () => {
    const r = make().handle(
      new Error("boom"),
      view({ redirectUri: "https://c.example/cb", redirectStatus: 303, responseMode: "fragment" }),
    );
    expect(r.status).toBe(303);
    expect(header(r, "Location")).toBe(
      "https://c.example/cb#error=server_error&error_description=The+authorization+server+encountered+an+unexpected+condition.&error_uri=https%3A%2F%2Fdocs.example%2Ferrors%2Fas%2Fserver_error",
    );
  });

  it("never redirects to a URI that cannot be one: the error is answered as JSON", () => {
    for (const bad of ["/relative", "https://c.example/cb#frag", "javascript:alert(1)", "not a uri"]) {
      const r = make().handle(errors.accessDenied(), view({ redirectUri: bad }));
      expect(r.status).toBe(403);
      expect(header(r, "Location")).toBeUndefined();
      expect(JSON.parse(r.body).error).toBe("access_denied");
    }
  });
});
