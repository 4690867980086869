import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ErrorEvent } from "../core/event.js";
import { createRedactor, redactEvent } from "./redact.js";

const base: ErrorEvent = {
  token: "AbCdEfGh12345678",
  time: 1_700_000_000_000,
  method: "POST",
  path: "/oauth/token",
  route: "/oauth/token",
  status: 500,
  catalog: "oauth",
  code: "server_error",
  name: "server_error",
  message: "The server encountered an unexpected condition.",
  clientId: "demo-client",
  durationMs: 3,
  cause: null,
};

describe("redaction", () => {
  it("redacts the default headers, keeping the auth scheme", () => {
    const out = redactEvent({
      ...base,
      request: {
        headers: {
          authorization: "Bearer abc.def.ghi",
          "proxy-authorization": "Basic dXNlcjpwYXNz",
          cookie: "sid=1; theme=dark",
          "set-cookie": ["a=1", "b=2"],
          "x-api-key": "k-123",
          "x-csrf-token": "c-1",
          accept: "application/json",
        },
      },
    });
    expect(out.request?.headers).toEqual({
      authorization: "Bearer [REDACTED]",
      "proxy-authorization": "Basic [REDACTED]",
      cookie: "[REDACTED]",
      "set-cookie": ["[REDACTED]", "[REDACTED]"],
      "x-api-key": "[REDACTED]",
      "x-csrf-token": "[REDACTED]",
      accept: "application/json",
    });
  });

  it("redacts secret fields in query and body at any depth, whatever their spelling", () => {
    const out = redactEvent({
      ...base,
      request: {
        query: { wskey: "demo-wskey", q: "x", access_token: ["t1", "t2"] },
        body: {
          grant_type: "client_credentials",
          client_secret: "s",
          clientSecret: "s",
          nested: [{ Password: "p", note: "call me" }],
          refreshToken: "r",
          pin: 1234,
        },
      },
    });
    expect(out.request).toEqual({
      query: { wskey: "[REDACTED]", q: "x", access_token: ["[REDACTED]", "[REDACTED]"] },
      body: {
        grant_type: "client_credentials",
        client_secret: "[REDACTED]",
        clientSecret: "[REDACTED]",
        nested: [{ Password: "[REDACTED]", note: "call me" }],
        refreshToken: "[REDACTED]",
        pin: "[REDACTED]",
      },
    });
  });

  it("redacts credentials quoted in free text: messages, stacks and paths", () => {
    const out = redactEvent({
      ...base,
      path: "/login;password=abc",
      cause: {
        class: "Error",
        message: 'POST {"password": "pa\\"ss", "user":"u"} to https://svc:pw123@internal/x?token=zz&a=1',
        stack: "Error: Authorization: Bearer eyJhbGciOi.x.y\n    at f (a.js:1:1)",
      },
    });
    expect(out.path).toBe("/login;password=[REDACTED]");
    expect(out.cause).toEqual({
      class: "Error",
      message:
        'POST {"password":"[REDACTED]", "user":"u"} to https://svc:[REDACTED]@internal/x?token=[REDACTED]&a=1',
      stack: "Error: Authorization: Bearer [REDACTED]\n    at f (a.js:1:1)",
    });
  });

  it("keeps prose after an auth scheme name, and still redacts credentials that look like words", () => {
    const out = redactEvent({
      ...base,
      message: "The admin bearer token is not valid. Basic authentication failed.",
      cause: {
        class: "Error",
        message: "Bearer demo-token, Basic dXNlcjpwYXNz, bearer abcdefghijklmnopq, Bearer Secret",
        stack: null,
      },
    });
    expect(out.message).toBe("The admin bearer token is not valid. Basic authentication failed.");
    expect(out.cause?.message).toBe(
      "Bearer [REDACTED], Basic [REDACTED], bearer [REDACTED], Bearer [REDACTED]",
    );
  });

  it("is configurable: extra headers and fields, a censor, or only what is given", () => {
    const r = createRedactor({ headers: ["X-Tenant"], fields: ["ssn", /^card/i], censor: "***" });
    const out = r({
      ...base,
      request: {
        headers: { "x-tenant": "t", authorization: "x" },
        body: { ssn: "1", cardNumber: "4", ok: 1 },
      },
    });
    expect(out.request).toEqual({
      headers: { "x-tenant": "***", authorization: "***" },
      body: { ssn: "***", cardNumber: "***", ok: 1 },
    });
    const only = createRedactor({ replaceDefaults: true, headers: ["x-only"] });
    expect(
      only({ ...base, request: { headers: { authorization: "Bearer a", "x-only": "b" } } }).request,
    ).toEqual({
      headers: { authorization: "Bearer a", "x-only": "[REDACTED]" },
    });
  });

  it("does not mutate its input and bounds the recorded request", () => {
    const body = { password: "p", blob: "x".repeat(20_000) };
    const input: ErrorEvent = { ...base, request: { headers: { cookie: "c" }, body } };
    const out = createRedactor({ maxRequestChars: 1000 })(input);
    expect(body.password).toBe("p");
    expect(input.request?.headers).toEqual({ cookie: "c" });
    expect(out.request).toEqual({ headers: { cookie: "[REDACTED]" }, body: "[truncated: 20078 chars]" });
  });

  it("property: a secret under a secret name never survives, in headers, query or body", () => {
    const secretName = fc.constantFrom(
      "password",
      "client_secret",
      "access_token",
      "api-key",
      "Authorization",
      "cookie",
      "X-Auth-Token",
      "refresh_token",
      "wskey",
    );
    const secret = fc.string({ minLength: 6, maxLength: 40 }).map((s) => `S3CR3T${s.replace(/\s/g, "_")}`);
    fc.assert(
      fc.property(secretName, secret, fc.integer({ min: 0, max: 3 }), (name, value, depth) => {
        let body: unknown = { [name]: value };
        for (let i = 0; i < depth; i++) body = { wrap: [body] };
        const out = redactEvent({
          ...base,
          request: { headers: { [name.toLowerCase()]: value }, query: { [name]: value }, body },
        });
        expect(JSON.stringify(out)).not.toContain(value);
      }),
    );
  });

  it("property: never throws, and keeps every non-request field's type", () => {
    fc.assert(
      fc.property(fc.anything(), fc.string(), (body, text) => {
        const out = redactEvent({
          ...base,
          message: text,
          cause: { class: "X", message: text, stack: null },
          request: { body },
        });
        expect(typeof out.message).toBe("string");
        expect(out.cause?.stack).toBeNull();
        expect(out.token).toBe(base.token);
      }),
    );
  });
});
