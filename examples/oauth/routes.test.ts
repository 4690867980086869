/**
 * CONTRACT §3.5 over real sockets: the demo server (startDemo) for every bullet, and a server of
 * the provider alone with a fake clock for the lockout window.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { type IncomingHttpHeaders, request } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { type Demo, startDemo } from "../../demo/app.js";
import "../../demo/systems.js";
import { createServer } from "../../src/adapters/node/index.js";
import type { ErrorEvent } from "../../src/core/event.js";
import { createErrata } from "../../src/index.js";
import { createOauthProvider } from "./routes.js";

interface Res {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface Req {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Source address of the connection (any 127/8 address reaches the loopback server). */
  readonly from?: string;
}

function call(url: string, req: Req = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers };
    if (req.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
    }
    const r = request(
      url,
      {
        method: req.method ?? (req.body !== undefined ? "POST" : "GET"),
        headers,
        agent: false,
        localAddress: req.from,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    r.on("error", reject);
    r.end(req.body);
  });
}

/** Whether this machine lets a client connect from another loopback address (Linux: all of 127/8). */
function canConnectFrom(localAddress: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port, localAddress }, () => {
      s.destroy();
      resolve(true);
    });
    s.on("error", () => resolve(false));
  });
}

const TOKEN = /^[A-Za-z0-9]{16}$/;
const JSON_UTF8 = "application/json;charset=UTF-8";
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
const DEMO_BASIC = basic("demo-client", "demo-secret");

/** The headers every OAuth token-endpoint error carries (RFC 6749 §5.2), plus errata's. */
function expectTokenError(r: Res, status: number) {
  expect(r.status).toBe(status);
  expect(r.headers["content-type"]).toBe(JSON_UTF8);
  expect(r.headers["cache-control"]).toBe("no-store");
  expect(r.headers.pragma).toBe("no-cache");
  expect(r.headers.vary).toBe("Accept");
  expect(r.headers["x-request-id"]).toMatch(TOKEN);
  expect(r.headers["content-length"]).toBe(String(Buffer.byteLength(r.body)));
}

describe("CONTRACT §3.5 on the demo server", () => {
  let demo: Demo;
  let dataDir: string;
  let base: string;
  let docs: string;
  const events: ErrorEvent[] = [];
  /** A fresh source address per lockout-sensitive test, so failures in one never lock out another. */
  let nextAddress = 10;
  const address = () => `127.0.0.${nextAddress++}`;
  let distinctSources = false;
  /** Tests that fail client authentications need their own source address (the lockout counts per address). */
  const needDistinctSources = (ctx: TestContext) => {
    if (distinctSources) return;
    process.stdout.write(
      "skipping: this machine cannot connect from 127.0.0.10 (lockout tests need distinct addresses)\n",
    );
    ctx.skip();
  };

  const body = (error: string, description: string) =>
    JSON.stringify({ error, error_description: description, error_uri: `${docs}/${error}` });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "errata-oauth-"));
    demo = await startDemo({
      port: 0,
      dataDir,
      logLevel: "silent",
      adminToken: "admin-test",
      observers: [(e) => void events.push(e)],
    });
    base = `${demo.url}/oauth`;
    docs = `${demo.url}/errors/oauth`;
    distinctSources = await canConnectFrom("127.0.0.9", (demo.server.address() as AddressInfo).port);
  });

  afterAll(async () => {
    await demo?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe("POST /token (RFC 6749 §5)", () => {
    it("issues a token for client_credentials with HTTP Basic (§4.4, §5.1)", async () => {
      const r = await call(`${base}/token`, {
        headers: { Authorization: DEMO_BASIC },
        body: "grant_type=client_credentials",
      });
      expect(r.status).toBe(200);
      expect(r.headers["content-type"]).toBe(JSON_UTF8);
      expect(r.headers["cache-control"]).toBe("no-store");
      expect(r.headers.pragma).toBe("no-cache");
      expect(r.headers["x-request-id"]).toMatch(TOKEN);
      const t = JSON.parse(r.body);
      expect(Object.keys(t)).toEqual(["access_token", "token_type", "expires_in", "scope"]);
      expect(t).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "openid profile" });
      expect(t.access_token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      // The issued token works at the resource: a client's own token has the client as subject.
      const u = await call(`${base}/userinfo`, { headers: { Authorization: `Bearer ${t.access_token}` } });
      expect(u.status).toBe(200);
      expect(u.body).toBe('{"sub":"demo-client"}');
    });

    it("issues a token for client credentials in the form body, with a narrower scope", async () => {
      const r = await call(`${base}/token`, {
        body: "grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret&scope=openid",
      });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).scope).toBe("openid");
    });

    it("invalid_request: missing grant_type", async () => {
      const r = await call(`${base}/token`, { headers: { Authorization: DEMO_BASIC }, body: "scope=openid" });
      expectTokenError(r, 400);
      expect(r.headers["www-authenticate"]).toBeUndefined();
      expect(r.body).toBe(
        body(
          "invalid_request",
          "The request is missing a required parameter or includes an invalid parameter: grant_type is missing.",
        ),
      );
    });

    it("invalid_request: a repeated parameter (§3.2)", async () => {
      const r = await call(`${base}/token`, {
        headers: { Authorization: DEMO_BASIC },
        body: "grant_type=client_credentials&scope=openid&scope=profile",
      });
      expectTokenError(r, 400);
      expect(JSON.parse(r.body).error_description).toBe(
        "The request is missing a required parameter or includes an invalid parameter: the scope parameter is repeated.",
      );
    });

    it("invalid_request: HTTP Basic and client_secret together (§2.3.1)", async () => {
      const r = await call(`${base}/token`, {
        headers: { Authorization: DEMO_BASIC },
        body: "grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret",
      });
      expectTokenError(r, 400);
      expect(JSON.parse(r.body).error).toBe("invalid_request");
    });

    it("invalid_client with HTTP Basic: 401 + WWW-Authenticate: Basic realm", async (ctx) => {
      needDistinctSources(ctx);
      const r = await call(`${base}/token`, {
        headers: { Authorization: basic("demo-client", "wrong") },
        body: "grant_type=client_credentials",
        from: address(),
      });
      expectTokenError(r, 401);
      expect(r.headers["www-authenticate"]).toBe('Basic realm="errata-demo"');
      expect(r.body).toBe(
        body(
          "invalid_client",
          "The client authentication failed (e.g., incorrect client_id or client_secret).",
        ),
      );
      const e = events.find((x) => x.token === r.headers["x-request-id"]);
      expect(e).toMatchObject({
        catalog: "oauth",
        code: "invalid_client",
        status: 401,
        path: "/oauth/token",
      });
    });

    it("invalid_client without HTTP Basic: 401, the challenge naming the supported scheme", async (ctx) => {
      needDistinctSources(ctx);
      for (const b of [
        "grant_type=client_credentials&client_id=demo-client&client_secret=nope",
        "grant_type=client_credentials&client_id=someone-else&client_secret=demo-secret",
        "grant_type=client_credentials",
      ]) {
        const r = await call(`${base}/token`, { body: b, from: address() });
        expectTokenError(r, 401);
        expect(r.headers["www-authenticate"]).toBe('Basic realm="errata-demo"');
        expect(JSON.parse(r.body).error).toBe("invalid_client");
      }
    });

    it("authentication comes before the arguments: bad credentials and no grant_type → invalid_client", async (ctx) => {
      needDistinctSources(ctx);
      const r = await call(`${base}/token`, {
        headers: { Authorization: basic("x", "y") },
        body: "",
        from: address(),
      });
      expectTokenError(r, 401);
      expect(JSON.parse(r.body).error).toBe("invalid_client");
    });

    it("unsupported_grant_type and unauthorized_client", async () => {
      const u = await call(`${base}/token`, {
        headers: { Authorization: DEMO_BASIC },
        body: "grant_type=urn:example:magic",
      });
      expectTokenError(u, 400);
      expect(u.body).toBe(
        body("unsupported_grant_type", "The authorization server does not support the requested grant type."),
      );
      const p = await call(`${base}/token`, {
        headers: { Authorization: DEMO_BASIC },
        body: "grant_type=password&username=jane&password=x",
      });
      expectTokenError(p, 400);
      expect(p.body).toBe(
        body("unauthorized_client", "The client is not authorized to use this grant type."),
      );
    });

    it("invalid_scope", async () => {
      for (const scope of ["admin", "openid%20admin", "openid%20%20profile", ""]) {
        const r = await call(`${base}/token`, {
          headers: { Authorization: DEMO_BASIC },
          body: `grant_type=client_credentials&scope=${scope}`,
        });
        expectTokenError(r, 400);
        expect(r.body).toBe(body("invalid_scope", "The requested scope is invalid, unknown, or malformed."));
      }
    });

    it("invalid_grant: an unknown authorization code or refresh token", async () => {
      for (const b of [
        "grant_type=authorization_code&code=nope",
        "grant_type=refresh_token&refresh_token=nope",
      ]) {
        const r = await call(`${base}/token`, { headers: { Authorization: DEMO_BASIC }, body: b });
        expectTokenError(r, 400);
        expect(r.body).toBe(
          body(
            "invalid_grant",
            "The provided authorization grant or refresh token is invalid, expired, or revoked.",
          ),
        );
      }
    });

    it("the authorization code flow: /authorize → code → /token → /userinfo → refresh; a code works once", async () => {
      const a = await call(
        `${base}/authorize?response_type=code&client_id=demo-client&state=s%201&scope=openid%20profile`,
      );
      expect(a.status).toBe(302);
      expect(a.headers["cache-control"]).toBe("no-store");
      const loc = new URL(a.headers.location as string);
      expect(`${loc.origin}${loc.pathname}`).toBe("https://client.example.org/callback");
      expect(loc.searchParams.get("state")).toBe("s 1");
      const code = loc.searchParams.get("code") as string;
      const t = await call(`${base}/token`, {
        headers: { Authorization: DEMO_BASIC },
        body: `grant_type=authorization_code&code=${code}`,
      });
      expect(t.status).toBe(200);
      const tok = JSON.parse(t.body);
      expect(Object.keys(tok)).toEqual([
        "access_token",
        "token_type",
        "expires_in",
        "scope",
        "refresh_token",
      ]);
      const u = await call(`${base}/userinfo`, { headers: { Authorization: `Bearer ${tok.access_token}` } });
      expect(JSON.parse(u.body).sub).toBe("248289761001");
      const again = await call(`${base}/token`, {
        headers: { Authorization: DEMO_BASIC },
        body: `grant_type=authorization_code&code=${code}`,
      });
      expectTokenError(again, 400);
      expect(JSON.parse(again.body).error).toBe("invalid_grant");
      const wider = await call(`${base}/token`, {
        headers: { Authorization: DEMO_BASIC },
        body: `grant_type=refresh_token&refresh_token=${tok.refresh_token}&scope=openid%20admin`,
      });
      expect(JSON.parse(wider.body).error).toBe("invalid_scope");
      const r = await call(`${base}/token`, {
        headers: { Authorization: DEMO_BASIC },
        body: `grant_type=refresh_token&refresh_token=${tok.refresh_token}&scope=openid`,
      });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).scope).toBe("openid");
    });

    it("a redirect_uri named in the authorization request must be repeated identically (§4.1.3)", async () => {
      const cb = encodeURIComponent("https://client.example.org/callback");
      const a = await call(`${base}/authorize?response_type=code&client_id=demo-client&redirect_uri=${cb}`);
      const code = new URL(a.headers.location as string).searchParams.get("code") as string;
      const r = await call(`${base}/token`, {
        headers: { Authorization: DEMO_BASIC },
        body: `grant_type=authorization_code&code=${code}`,
      });
      expect(JSON.parse(r.body).error).toBe("invalid_grant");
    });

    it("after 5 failed client authentications a minute from one address: 429 + Retry-After for every request", async (ctx) => {
      needDistinctSources(ctx);
      const from = address();
      for (let i = 0; i < 5; i++) {
        const r = await call(`${base}/token`, {
          headers: { Authorization: basic("demo-client", `guess-${i}`) },
          body: "grant_type=client_credentials",
          from,
        });
        expect(r.status).toBe(401);
      }
      // Even the right credentials are refused now, without being checked.
      const r = await call(`${base}/token`, {
        headers: { Authorization: DEMO_BASIC },
        body: "grant_type=client_credentials",
        from,
      });
      expectTokenError(r, 429);
      expect(Number(r.headers["retry-after"])).toBeGreaterThanOrEqual(59);
      expect(Number(r.headers["retry-after"])).toBeLessThanOrEqual(60);
      expect(r.headers["www-authenticate"]).toBeUndefined();
      expect(r.headers["ratelimit-policy"]).toBe('"oauth-client-auth";q=5;w=60');
      expect(r.body).toBe(
        body(
          "too_many_attempts",
          "Too many failed client authentications from this address. Retry after the time in Retry-After.",
        ),
      );
      const noCreds = await call(`${base}/token`, { body: "", from });
      expect(noCreds.status).toBe(429);
      // Another address is not affected.
      const other = await call(`${base}/token`, {
        headers: { Authorization: DEMO_BASIC },
        body: "grant_type=client_credentials",
        from: address(),
      });
      expect(other.status).toBe(200);
    });

    it("405 with Allow for GET, 415 for a JSON body, in the token endpoint's format", async () => {
      const g = await call(`${base}/token`);
      expectTokenError(g, 405);
      expect(g.headers.allow).toBe("POST");
      expect(g.body).toBe(
        body("method_not_allowed", "The HTTP method used in the request is not supported for this endpoint."),
      );
      const j = await call(`${base}/token`, {
        headers: { Authorization: DEMO_BASIC, "Content-Type": "application/json" },
        body: "{}",
      });
      expectTokenError(j, 415);
      expect(JSON.parse(j.body).error).toBe("unsupported_media_type");
    });

    it("works with a standard OAuth client (oauth4webapi): success, then a Basic challenge on bad credentials", async () => {
      const as = { issuer: demo.url, token_endpoint: `${base}/token` };
      const opts = { [oauth.allowInsecureRequests]: true };
      const ok = await oauth.clientCredentialsGrantRequest(
        as,
        { client_id: "demo-client" },
        oauth.ClientSecretBasic("demo-secret"),
        { scope: "profile" },
        opts,
      );
      const res = await oauth.processClientCredentialsResponse(as, { client_id: "demo-client" }, ok);
      expect(res.token_type).toBe("bearer");
      expect(res.scope).toBe("profile");
      const post = await oauth.clientCredentialsGrantRequest(
        as,
        { client_id: "demo-client" },
        oauth.ClientSecretPost("demo-secret"),
        {},
        opts,
      );
      expect(
        (await oauth.processClientCredentialsResponse(as, { client_id: "demo-client" }, post)).access_token,
      ).toBeTruthy();
      // (This failure counts toward 127.0.0.1's lockout: it is the only one made from that address.)
      const bad = await oauth.clientCredentialsGrantRequest(
        as,
        { client_id: "demo-client" },
        oauth.ClientSecretBasic("x"),
        {},
        opts,
      );
      const err = await oauth
        .processClientCredentialsResponse(as, { client_id: "demo-client" }, bad)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
      expect((err as oauth.WWWAuthenticateChallengeError).cause).toEqual([
        { scheme: "basic", parameters: { realm: "errata-demo" } },
      ]);
    });
  });

  describe("GET /userinfo (RFC 6750 §3)", () => {
    function expectResourceError(r: Res, status: number) {
      expect(r.status).toBe(status);
      expect(r.headers["content-type"]).toBe(JSON_UTF8);
      expect(r.headers["cache-control"]).toBe("no-store");
      expect(r.headers.pragma).toBeUndefined();
      expect(r.headers.vary).toBe("Accept");
      expect(r.headers["x-request-id"]).toMatch(TOKEN);
    }

    it("no credentials: 401 Bearer realm with no error attribute (§3.1)", async () => {
      const r = await call(`${base}/userinfo`);
      expectResourceError(r, 401);
      expect(r.headers["www-authenticate"]).toBe('Bearer realm="errata-demo"');
      expect(r.body).toBe(body("unauthorized", "The request lacks valid authentication credentials."));
    });

    it("credentials of another scheme count as none (§3.1: an unsupported authentication method)", async () => {
      const r = await call(`${base}/userinfo`, { headers: { Authorization: DEMO_BASIC } });
      expectResourceError(r, 401);
      expect(r.headers["www-authenticate"]).toBe('Bearer realm="errata-demo"');
    });

    it("a bad, malformed or expired token: 401 error=invalid_token", async () => {
      for (const t of ["no-such-token", "expired-token", "bad token"]) {
        const r = await call(`${base}/userinfo`, { headers: { Authorization: `Bearer ${t}` } });
        expectResourceError(r, 401);
        expect(r.headers["www-authenticate"]).toBe(
          `Bearer realm="errata-demo", error="invalid_token", error_description="The provided token is invalid or expired.", error_uri="${docs}/invalid_token"`,
        );
        expect(r.body).toBe(body("invalid_token", "The provided token is invalid or expired."));
      }
    });

    it('readonly-token: 403 error="insufficient_scope", scope="profile"', async () => {
      const r = await call(`${base}/userinfo`, { headers: { Authorization: "Bearer readonly-token" } });
      expectResourceError(r, 403);
      expect(r.headers["www-authenticate"]).toBe(
        `Bearer realm="errata-demo", error="insufficient_scope", error_description="The token does not have sufficient scope to access the requested resource.", error_uri="${docs}/insufficient_scope", scope="profile"`,
      );
      expect(r.body).toBe(
        body(
          "insufficient_scope",
          "The token does not have sufficient scope to access the requested resource.",
        ),
      );
    });

    it("two credentials (header and access_token query): 400 invalid_request", async () => {
      const r = await call(`${base}/userinfo?access_token=demo-token`, {
        headers: { Authorization: "Bearer demo-token" },
      });
      expectResourceError(r, 400);
      const d =
        "The request is missing a required parameter or includes an invalid parameter: the access token was sent both in the Authorization header and in the query.";
      expect(r.headers["www-authenticate"]).toBe(
        `Bearer realm="errata-demo", error="invalid_request", error_description="${d}", error_uri="${docs}/invalid_request"`,
      );
      expect(r.body).toBe(body("invalid_request", d));
    });

    it("demo-token: the demo user's claims; the access_token query parameter works alone (§2.3)", async () => {
      const claims =
        '{"sub":"248289761001","name":"Jane Doe","given_name":"Jane","family_name":"Doe","preferred_username":"j.doe"}';
      for (const r of [
        await call(`${base}/userinfo`, { headers: { Authorization: "Bearer demo-token" } }),
        await call(`${base}/userinfo?access_token=demo-token`),
      ]) {
        expect(r.status).toBe(200);
        expect(r.headers["content-type"]).toBe(JSON_UTF8);
        expect(r.headers["cache-control"]).toBe("no-store");
        expect(r.headers["x-request-id"]).toMatch(TOKEN);
        expect(r.body).toBe(claims);
      }
    });

    it("HEAD: same status and headers, no body", async () => {
      const get = await call(`${base}/userinfo`, { headers: { Authorization: "Bearer readonly-token" } });
      const head = await call(`${base}/userinfo`, {
        method: "HEAD",
        headers: { Authorization: "Bearer readonly-token" },
      });
      expect(head.status).toBe(403);
      expect(head.body).toBe("");
      for (const h of ["content-type", "content-length", "cache-control", "www-authenticate", "vary"]) {
        expect(head.headers[h]).toBe(get.headers[h]);
      }
    });

    it("is what a standard OAuth client (oauth4webapi) reads as an insufficient_scope challenge", async () => {
      const err = await oauth
        .protectedResourceRequest(
          "readonly-token",
          "GET",
          new URL(`${base}/userinfo`),
          undefined,
          undefined,
          {
            [oauth.allowInsecureRequests]: true,
          },
        )
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
      const [c] = (err as oauth.WWWAuthenticateChallengeError).cause;
      expect(c?.parameters).toMatchObject({
        realm: "errata-demo",
        error: "insufficient_scope",
        scope: "profile",
      });
    });
  });

  describe("GET /maintenance", () => {
    it("503 temporarily_unavailable with Retry-After: 120 (and the same for HEAD, without body)", async () => {
      const r = await call(`${base}/maintenance`);
      expectTokenError(r, 503);
      expect(r.headers["retry-after"]).toBe("120");
      expect(r.body).toBe(
        body(
          "temporarily_unavailable",
          "The authorization server is temporarily unable to handle the request.",
        ),
      );
      const h = await call(`${base}/maintenance`, { method: "HEAD" });
      expect(h.status).toBe(503);
      expect(h.headers["retry-after"]).toBe("120");
      expect(h.headers["content-length"]).toBe(r.headers["content-length"]);
      expect(h.body).toBe("");
    });
  });

  describe("GET /authorize (RFC 6749 §4.1.2.1)", () => {
    it("reports errors by redirect, state echoed exactly", async () => {
      const cases: [string, string][] = [
        ["response_type=token", "unsupported_response_type"],
        ["response_type=code&scope=admin", "invalid_scope"],
        ["scope=openid", "invalid_request"],
        ["response_type=code&response_type=code", "invalid_request"],
      ];
      for (const [q, error] of cases) {
        const r = await call(`${base}/authorize?client_id=demo-client&state=a%2Bb%20%C3%A9&${q}`);
        expect(r.status).toBe(302);
        expect(r.body).toBe("");
        expect(r.headers["cache-control"]).toBe("no-store");
        expect(r.headers["x-request-id"]).toMatch(TOKEN);
        const loc = new URL(r.headers.location as string);
        expect(loc.searchParams.get("error")).toBe(error);
        expect(loc.searchParams.get("error_uri")).toBe(`${docs}/${error}`);
        expect(loc.searchParams.get("state")).toBe("a+b é");
      }
      const r = await call(`${base}/authorize?client_id=demo-client&response_type=token&state=xyz`);
      expect(r.headers.location).toBe(
        `https://client.example.org/callback?error=unsupported_response_type&error_description=The+authorization+server+does+not+support+obtaining+an+authorization+code+using+this+method.&error_uri=${encodeURIComponent(`${docs}/unsupported_response_type`)}&state=xyz`,
      );
    });

    it("never redirects for an unknown client or an unregistered redirect URI", async () => {
      for (const q of [
        "response_type=code",
        "response_type=code&client_id=evil",
        `response_type=code&client_id=demo-client&redirect_uri=${encodeURIComponent("https://evil.example/cb")}`,
      ]) {
        const r = await call(`${base}/authorize?${q}&state=x`);
        expectTokenError(r, 400);
        expect(r.headers.location).toBeUndefined();
        expect(JSON.parse(r.body).error).toBe("invalid_request");
      }
    });
  });
});

describe("the failed-authentication lockout window (fake clock)", () => {
  let clock = 1_000_000;
  const provider = createOauthProvider({ now: () => clock });
  const server = createServer({ errata: createErrata(), routers: [provider.router] });
  let url = "";

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const attempt = (secret: string) =>
    call(url, {
      headers: { Authorization: basic("demo-client", secret) },
      body: "grant_type=client_credentials",
    });

  it("refuses until the oldest failure leaves the 1-minute window, then counts again", async () => {
    expect((await attempt("bad")).status).toBe(401); // t = 0
    clock += 10_000;
    for (let i = 0; i < 4; i++) expect((await attempt("bad")).status).toBe(401); // t = 10 s
    let r = await attempt("demo-secret");
    expect(r.status).toBe(429);
    expect(r.headers["retry-after"]).toBe("50");
    clock += 30_000; // t = 40 s: refused requests do not extend the lockout
    r = await attempt("demo-secret");
    expect(r.status).toBe(429);
    expect(r.headers["retry-after"]).toBe("20");
    clock += 20_000; // t = 60 s: the first failure has left the window, four remain
    expect((await attempt("demo-secret")).status).toBe(200);
    expect((await attempt("bad")).status).toBe(401);
    r = await attempt("demo-secret");
    expect(r.status).toBe(429);
    expect(r.headers["retry-after"]).toBe("10");
    clock += 10_000; // t = 70 s: all of the t = 10 s failures have left
    expect((await attempt("demo-secret")).status).toBe(200);
  });

  it("issued tokens expire (RFC 6749 §5.1 expires_in)", async () => {
    clock += 120_000;
    const t = await attempt("demo-secret");
    const at = JSON.parse(t.body).access_token as string;
    const userinfo = url.replace(/token$/, "userinfo");
    expect((await call(userinfo, { headers: { Authorization: `Bearer ${at}` } })).status).toBe(200);
    clock += 3600_000;
    const r = await call(userinfo, { headers: { Authorization: `Bearer ${at}` } });
    expect(r.status).toBe(401);
    expect(r.headers["www-authenticate"]).toContain('error="invalid_token"');
  });
});
