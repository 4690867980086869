import { validateHeaderValue } from "node:http";
import fc from "fast-check";
import * as oauth from "oauth4webapi";
import { describe, expect, it } from "vitest";
import { defineCatalog } from "../../catalog/define.js";
import { bearerChallengeRecognizer } from "../../client/decode/recognizers/bearer-challenge.js";
import { createErrata } from "../../core/errata.js";
import type { RenderedError, RequestView } from "../types.js";
import { headerSafeText, oauthText, scopeValue } from "../www-authenticate.js";
import { bearerChallenge } from "./index.js";

const errors = defineCatalog(
  { id: "rs" },
  {
    unauthorized: {
      code: "unauthorized",
      status: 401,
      message: "The request lacks valid authentication credentials.",
    },
    invalidRequest: {
      code: "invalid_request",
      status: 400,
      message: "The access token was sent in more than one way.",
    },
    invalidToken: { code: "invalid_token", status: 401, message: "The access token expired" },
    insufficientScope: { code: "insufficient_scope", status: 403, message: "The token lacks scope {scope}." },
    forbidden: { code: "forbidden", status: 403, message: "Not allowed." },
    unavailable: {
      code: "temporarily_unavailable",
      status: 503,
      message: "Down for maintenance.",
      retryAfter: 120,
    },
    serverError: { code: "server_error", status: 500, message: "Unexpected condition." },
  },
);

function make(options?: Parameters<typeof bearerChallenge>[0], docs: string | null = "https://docs.example") {
  return createErrata({
    formats: [bearerChallenge(options)],
    catalogs: [errors],
    guards: { unexpected: errors.serverError },
    docsBaseUrl: docs,
  });
}

function view(locals?: Record<string, unknown>): RequestView {
  return { method: "GET", path: "/userinfo", headers: {}, token: "AbCdEfGh12345678", locals };
}

function header(r: RenderedError, name: string): string | undefined {
  for (let i = 0; i < r.headers.length; i += 2)
    if (r.headers[i]?.toLowerCase() === name.toLowerCase()) return r.headers[i + 1];
  return undefined;
}

function asResponse(r: RenderedError): Response {
  const h = new Headers();
  for (let i = 0; i < r.headers.length; i += 2) h.append(r.headers[i] as string, r.headers[i + 1] as string);
  return new Response(r.body === "" ? null : r.body, { status: r.status, headers: h });
}

describe("bearer-challenge format (RFC 6750 §3)", () => {
  it("no credentials: 401 with the realm alone, no error information (§3.1)", () => {
    const r = make({ realm: "example" }).handle(errors.unauthorized(), view());
    expect(r.status).toBe(401);
    expect(r.headers).toEqual([
      "Content-Type",
      "application/json;charset=UTF-8",
      "Cache-Control",
      "no-store",
      "WWW-Authenticate",
      'Bearer realm="example"',
      "Vary",
      "Accept",
    ]);
    expect(r.body).toBe(
      '{"error":"unauthorized","error_description":"The request lacks valid authentication credentials.","error_uri":"https://docs.example/rs/unauthorized"}',
    );
  });

  it("invalid token: 401 with error, error_description, error_uri", () => {
    const r = make({ realm: "example" }).handle(errors.invalidToken(), view());
    expect(r.status).toBe(401);
    expect(header(r, "WWW-Authenticate")).toBe(
      'Bearer realm="example", error="invalid_token", error_description="The access token expired", error_uri="https://docs.example/rs/invalid_token"',
    );
    expect(header(r, "Cache-Control")).toBe("no-store");
  });

  it("insufficient scope: 403 with the scope the resource needs", () => {
    const r = make({ realm: "example" }, null).handle(
      errors.insufficientScope({ scope: "profile" }),
      view({ scope: ["profile", "email"], realm: "userinfo" }),
    );
    expect(r.status).toBe(403);
    expect(header(r, "WWW-Authenticate")).toBe(
      'Bearer realm="userinfo", error="insufficient_scope", error_description="The token lacks scope profile.", scope="profile email"',
    );
    expect(r.body).toBe(
      '{"error":"insufficient_scope","error_description":"The token lacks scope profile."}',
    );
  });

  it("malformed request: 400 invalid_request with its challenge", () => {
    const r = make(undefined, null).handle(errors.invalidRequest(), view());
    expect(r.status).toBe(400);
    expect(header(r, "WWW-Authenticate")).toBe(
      'Bearer realm="api", error="invalid_request", error_description="The access token was sent in more than one way."',
    );
  });

  it("errors that are not about the token carry no challenge", () => {
    for (const e of [errors.forbidden(), errors.unavailable(), new Error("SELECT 1 at /srv/x.js")]) {
      const r = make().handle(e, view());
      expect(header(r, "WWW-Authenticate")).toBeUndefined();
      expect(header(r, "Content-Type")).toBe("application/json;charset=UTF-8");
    }
    const down = make(undefined, null).handle(errors.unavailable(), view());
    expect(down.status).toBe(503);
    expect(header(down, "Retry-After")).toBe("120");
    expect(down.body).toBe('{"error":"temporarily_unavailable","error_description":"Down for maintenance."}');
    const boom = make(undefined, null).handle(new Error("SELECT 1 at /srv/x.js"), view());
    expect(boom.body).toBe('{"error":"server_error","error_description":"Unexpected condition."}');
  });

  it('body: "empty" leaves the body out wherever the challenge tells the error', () => {
    const e = make({ realm: "example", body: "empty" });
    const r = e.handle(errors.invalidToken(), view());
    expect(r.status).toBe(401);
    expect(r.body).toBe("");
    expect(header(r, "Content-Type")).toBeUndefined();
    expect(r.headers).toEqual([
      "Cache-Control",
      "no-store",
      "WWW-Authenticate",
      'Bearer realm="example", error="invalid_token", error_description="The access token expired", error_uri="https://docs.example/rs/invalid_token"',
      "Vary",
      "Accept",
    ]);
    expect(e.handle(errors.forbidden(), view()).body).toContain('"error":"forbidden"');
  });

  it("decodes back to the same code and message (errata's decoder and oauth4webapi)", async () => {
    const r = make({ realm: "example", body: "empty" }).handle(errors.invalidToken(), view());
    const rec = bearerChallengeRecognizer.recognize({
      status: r.status,
      contentType: "",
      header: (n) => header(r, n),
    });
    expect(rec?.code).toBe("invalid_token");
    expect(rec?.message).toBe("The access token expired");
    const err = await oauth
      .protectedResourceRequest("t", "GET", new URL("https://rs.example/userinfo"), undefined, undefined, {
        [oauth.customFetch]: async () => asResponse(r),
      })
      .catch((x: unknown) => x);
    expect(err).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    const [c] = (err as oauth.WWWAuthenticateChallengeError).cause;
    expect(c?.scheme).toBe("bearer");
    expect(c?.parameters).toEqual({
      realm: "example",
      error: "invalid_token",
      error_description: "The access token expired",
      error_uri: "https://docs.example/rs/invalid_token",
    });
  });

  it("any realm, message and scope yield one valid header line that parses back", async () => {
    const text = fc
      .array(
        fc.oneof(
          fc.string({ unit: "grapheme", maxLength: 6 }),
          fc.constantFrom("\r\n", "\n", '"', "\\", ", error=", '"x"', "\u0000", "é", "🙂"),
        ),
        { maxLength: 12 },
      )
      .map((p) => p.join(""));
    const e = make({ body: "empty" }, null);
    await fc.assert(
      fc.asyncProperty(text, text, fc.array(text, { maxLength: 3 }), async (realm, scope, scopes) => {
        const r = e.handle(errors.insufficientScope({ scope }), view({ realm, scope: scopes }));
        const h = header(r, "WWW-Authenticate") as string;
        expect(() => validateHeaderValue("WWW-Authenticate", h)).not.toThrow();
        const res = await oauth
          .protectedResourceRequest("t", "GET", new URL("https://rs.example/x"), undefined, undefined, {
            [oauth.customFetch]: async () => asResponse(r),
          })
          .catch((x: unknown) => x);
        const [c] = (res as oauth.WWWAuthenticateChallengeError).cause;
        expect(c?.parameters.realm).toBe(headerSafeText(realm));
        expect(c?.parameters.error).toBe("insufficient_scope");
        expect(c?.parameters.error_description).toBe(oauthText(`The token lacks scope ${scope}.`));
        expect(c?.parameters.scope).toBe(scopeValue(scopes) || undefined);
      }),
      { numRuns: 200 },
    );
  });
});
