/**
 * Real clients against the demo server (issue 6, "Done when"): ky waits the `Retry-After` the demo
 * sends, oauth4webapi surfaces the `/oauth` errors with the right `error` and challenge, and
 * errata's own client (decoder, `withRetry`, `createErrataFetch`, catalog matching) gets back, for
 * every demo route, the catalog error the server raised.
 *
 * Waits the test cannot afford (Retry-After: 120, 60) are checked by what the client asks the
 * timer for: `setTimeout` is wrapped to record waits of 10 s and more and run them at once. Short
 * ones (Retry-After: 1, from a small errata server) are really waited and measured.
 */
import type { AddressInfo } from "node:net";
import ky, { HTTPError, isForceRetryError } from "ky";
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Demo, startDemo } from "../../demo/app.js";
import { entityApiErrors } from "../../examples/entity-api/catalog.js";
import "../../demo/systems.js";
import { createRouter, createServer } from "../adapters/node/index.js";
import type { AnyCatalog } from "../catalog/define.js";
import { defineCatalog } from "../catalog/define.js";
import { catalogsFromDocument } from "../catalog/export.js";
import { is } from "../catalog/match.js";
import { createErrata } from "../core/errata.js";
import type { ErrorEvent } from "../core/event.js";
import { decodeResponse } from "./decode/index.js";
import { ErrataClientError } from "./errata-client-error.js";
import { createErrataFetch } from "./errata-fetch.js";
import { explain, toCatalogError } from "./match.js";
import { withRetry } from "./retry.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const IDENTITY_CREDENTIALS = "client_id=demo-client&client_secret=demo-secret";
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

/** Waits of at least this long are recorded and run at once (no test waits a minute). */
const LONG_WAIT_MS = 10_000;

/**
 * Runs `fn` with `setTimeout` wrapped: calls asking for LONG_WAIT_MS or more are recorded and fire
 * on the next turn; shorter ones are untouched (sockets, the demo's own timers).
 */
async function recordingLongWaits<T>(fn: () => Promise<T>): Promise<{ value: T; asked: number[] }> {
  const real = globalThis.setTimeout;
  const asked: number[] = [];
  const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation(((
    cb: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    if (typeof ms === "number" && ms >= LONG_WAIT_MS) {
      asked.push(ms);
      return real(cb, 0, ...args);
    }
    return real(cb, ms, ...args);
  }) as unknown as typeof setTimeout);
  try {
    return { value: await fn(), asked };
  } finally {
    spy.mockRestore();
  }
}

/** A fetch that records when each request left. */
function timedFetch() {
  const at: number[] = [];
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    at.push(performance.now());
    return globalThis.fetch(input, init);
  };
  return { fetch, at };
}

/**
 * A small API built with errata whose `/flaky/{name}` answers its first request with
 * `503 Retry-After: 1` (`/limited/{name}`: 429) and the next ones with 200: a realistic, fast,
 * deterministic source of real retry hints.
 */
async function startFlakyServer() {
  const errors = defineCatalog(
    { id: "flaky" },
    {
      maintenance: {
        code: "maintenance",
        status: 503,
        message: "down for maintenance for {seconds} s",
        retryAfter: 1,
        fixes: ["Retry after Retry-After seconds."],
      },
      slowDown: {
        code: "slow_down",
        status: 429,
        message: "too many requests",
        retryAfter: 1,
        fixes: ["Retry after Retry-After seconds."],
      },
    },
  );
  const errata = createErrata({ catalogs: [errors] });
  const seen = new Map<string, number>();
  const first = (key: string) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1;
  };
  const router = createRouter({ errata });
  router.get("/flaky/:name", (c) =>
    first(`f:${c.params.name}`) ? errors.maintenance({ seconds: 1 }) : { body: { ok: true } },
  );
  router.get("/limited/:name", (c) =>
    first(`l:${c.params.name}`) ? errors.slowDown() : { body: { ok: true } },
  );
  const server = createServer({ errata, routers: [router] });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

let demo: Demo;
let flaky: Awaited<ReturnType<typeof startFlakyServer>>;
/** The demo's catalogs as a client gets them: from its published catalog.json. */
let catalogs: AnyCatalog[];
const events: ErrorEvent[] = [];

beforeAll(async () => {
  demo = await startDemo({
    port: 0,
    store: "memory:",
    logLevel: "silent",
    observers: [(e) => void events.push(e)],
  });
  flaky = await startFlakyServer();
  catalogs = catalogsFromDocument(await (await fetch(`${demo.url}/errors/catalog.json`)).json());
});

afterAll(async () => {
  await demo?.close();
  await flaky?.close();
});

describe("ky waits the Retry-After it is sent", () => {
  it("503 Retry-After: 1 from an errata server: ky retries once, ≈1 s later", async () => {
    const { fetch, at } = timedFetch();
    // A 5 s backoff: had ky ignored the header, it would wait that long.
    const body = await ky
      .get(`${flaky.url}/flaky/ky`, { fetch, retry: { limit: 2, delay: () => 5000 }, timeout: false })
      .json();
    expect(body).toEqual({ ok: true });
    expect(at).toHaveLength(2);
    const gap = (at[1] as number) - (at[0] as number);
    expect(gap).toBeGreaterThanOrEqual(990);
    expect(gap).toBeLessThan(4000); // well below the 5 s backoff, with room for a loaded machine
  });

  it("429 Retry-After: 1: the same", async () => {
    const { fetch, at } = timedFetch();
    const res = await ky.get(`${flaky.url}/limited/ky`, {
      fetch,
      retry: { limit: 1, delay: () => 5000 },
      timeout: false,
    });
    expect(res.status).toBe(200);
    const gap = (at[1] as number) - (at[0] as number);
    expect(gap).toBeGreaterThanOrEqual(990);
    expect(gap).toBeLessThan(4000); // well below the 5 s backoff, with room for a loaded machine
  });

  it("GET /oauth/maintenance (503, Retry-After: 120): ky asks the timer for exactly 120 s", async () => {
    let calls = 0;
    const { value: err, asked } = await recordingLongWaits(() =>
      ky
        .get(`${demo.url}/oauth/maintenance`, {
          retry: { limit: 1 },
          timeout: false,
          fetch: (i, init) => {
            calls++;
            return globalThis.fetch(i, init);
          },
        })
        .then(
          () => null,
          (e: unknown) => e,
        ),
    );
    expect(asked).toEqual([120_000]);
    expect(calls).toBe(2);
    expect(err).toBeInstanceOf(HTTPError);
    const res = (err as HTTPError).response;
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("120");
    // errata reads the same response the same way.
    expect(await decodeResponse(res)).toMatchObject({
      format: "oauth2",
      code: "temporarily_unavailable",
      retryAfterSeconds: 120,
      retryable: true,
    });
  });

  it("GET /oauth/maintenance with maxRetryAfter: 300 ms, ky waits the cap, not its 5 s backoff", async () => {
    const { fetch, at } = timedFetch();
    const err = await ky
      .get(`${demo.url}/oauth/maintenance`, {
        fetch,
        timeout: false,
        retry: { limit: 1, maxRetryAfter: 300, delay: () => 5000 },
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect((err as HTTPError).response.status).toBe(503);
    const gap = (at[1] as number) - (at[0] as number);
    expect(gap).toBeGreaterThanOrEqual(290);
    expect(gap).toBeLessThan(4000); // well below the 5 s backoff, with room for a loaded machine
  });

  it("the OAuth lockout (429 + Retry-After): a token POST retried by ky after the seconds the demo names", async () => {
    // Its own demo: the lockout counts failures per address, and this one locks 127.0.0.1 out.
    const own = await startDemo({ port: 0, store: "memory:", logLevel: "silent" });
    try {
      const token = `${own.url}/oauth/token`;
      for (let i = 0; i < 5; i++) {
        const r = await ky.post(token, {
          headers: { authorization: basic("demo-client", `guess-${i}`), ...FORM },
          body: "grant_type=client_credentials",
          throwHttpErrors: false,
          retry: 0,
        });
        expect(r.status).toBe(401);
      }
      const hints: string[] = [];
      const { value: err, asked } = await recordingLongWaits(() =>
        ky
          .post(token, {
            headers: { authorization: basic("demo-client", "demo-secret"), ...FORM },
            body: "grant_type=client_credentials",
            timeout: false,
            // POST is not retried by default; a refused client authentication is safe to repeat.
            retry: { limit: 1, methods: ["post"] },
            hooks: {
              beforeRetry: [
                ({ error }) =>
                  void hints.push((error as HTTPError).response.headers.get("retry-after") ?? ""),
              ],
            },
          })
          .then(
            () => null,
            (e: unknown) => e,
          ),
      );
      const seconds = Number(hints[0]);
      // 60 s after the first failure, less the time the five failures took.
      expect(seconds).toBeGreaterThanOrEqual(50);
      expect(seconds).toBeLessThanOrEqual(60);
      expect(asked).toEqual([seconds * 1000]);
      const res = (err as HTTPError).response;
      expect(res.status).toBe(429);
      const d = await decodeResponse(res);
      expect(d).toMatchObject({ format: "oauth2", code: "too_many_attempts", retryable: true });
      expect(toCatalogError(d, catalogs)?.key).toBe("tooManyAttempts");
    } finally {
      await own.close();
    }
  });

  it("Identity Cloud's 510 arrives with HTTP 200: ky alone takes it as a success; with errata's decoder in an afterResponse hook it waits the Retry-After", async () => {
    const own = await startDemo({ port: 0, store: "memory:", logLevel: "silent" });
    try {
      const url = `${own.url}/identity/entity`;
      const body = `${IDENTITY_CREDENTIALS}&type_name=user&id=1`;
      for (let i = 0; i < 10; i++) {
        const r = await ky.post(url, { headers: FORM, body }).json<{ stat: string }>();
        expect(r.stat).toBe("ok");
      }
      // 11th call within the minute: ky sees a 200 and does not retry.
      const plain = await ky.post(url, { headers: FORM, body, retry: { limit: 3, methods: ["post"] } });
      expect(plain.status).toBe(200);
      const retryAfter = Number(plain.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(50);
      const d = await decodeResponse(plain);
      expect(d).toMatchObject({
        status: 200,
        format: "identity-cloud",
        code: "510",
        name: "api_limit_error",
      });
      expect(d.retryAfterSeconds).toBe(retryAfter);

      // The recipe of docs/client.md: decode in afterResponse, retry after the hint, else throw.
      const hinted: number[] = [];
      const api = ky.create({
        timeout: false,
        retry: { limit: 1 },
        hooks: {
          afterResponse: [
            async (_req, _opts, res, state) => {
              const e = await decodeResponse(res.clone());
              if (e.format !== "identity-cloud") return res;
              if (e.retryable && state.retryCount < 1) {
                hinted.push(e.retryAfterSeconds ?? 1);
                return ky.retry({ delay: (e.retryAfterSeconds ?? 1) * 1000, code: e.name ?? "retry" });
              }
              throw new ErrataClientError(e, { catalogError: toCatalogError(e, catalogs) });
            },
          ],
        },
      });
      const retried: unknown[] = [];
      const { value: err, asked } = await recordingLongWaits(() =>
        api
          .post(url, {
            headers: FORM,
            body,
            hooks: { beforeRetry: [({ error }) => void retried.push(error)] },
          })
          .then(
            () => null,
            (e: unknown) => e,
          ),
      );
      expect(hinted).toHaveLength(1);
      expect(asked).toEqual([(hinted[0] as number) * 1000]);
      expect(retried).toHaveLength(1);
      expect(isForceRetryError(retried[0])).toBe(true);
      expect(err).toBeInstanceOf(ErrataClientError);
      expect(is(err, 500)).toBe(true); // seed 001: 510 is in the 500 family
      expect((err as ErrataClientError).catalogError?.key).toBe("apiLimitError");
    } finally {
      await own.close();
    }
  });
});

describe("errata's own client against the demo", () => {
  it("withRetry: /oauth/maintenance asks for the 120 s the demo names (cap raised), then gives the 503 back", async () => {
    const waits: number[] = [];
    const f = withRetry(fetch, {
      maxAttempts: 2,
      maxDelayMs: 300_000,
      maxElapsedMs: 600_000,
      sleep: async (ms) => void waits.push(ms),
    });
    const res = await f(`${demo.url}/oauth/maintenance`);
    expect(res.status).toBe(503);
    expect(waits).toEqual([120_000]);
    // With the default cap (30 s) the wait is capped.
    const capped: number[] = [];
    await withRetry(fetch, { maxAttempts: 2, sleep: async (ms) => void capped.push(ms) })(
      `${demo.url}/oauth/maintenance`,
    );
    expect(capped).toEqual([30_000]);
  });

  it("withRetry: 503 Retry-After: 1 from an errata server is really waited (≈1 s), then succeeds", async () => {
    const { fetch: f, at } = timedFetch();
    const res = await withRetry(f, { maxAttempts: 3, baseDelayMs: 5000 })(`${flaky.url}/flaky/with-retry`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const gap = (at[1] as number) - (at[0] as number);
    expect(gap).toBeGreaterThanOrEqual(990);
    expect(gap).toBeLessThan(4000); // well below the 5 s backoff, with room for a loaded machine
  });

  it("createErrataFetch with the demo's catalog.json: typed catalog errors, families, explain", async () => {
    const entity = catalogs.find((c) => c.$.id === "entity-api") as AnyCatalog;
    const api = createErrataFetch({ catalogs, retry: false });
    const auth = { authorization: "Bearer demo-token" };
    const missing = (await api(`${demo.url}/entity-api/v1/entities/999`, { headers: auth }).catch(
      (e: unknown) => e,
    )) as ErrataClientError;
    expect(missing).toBeInstanceOf(ErrataClientError);
    expect(is(missing, entity.$.get("entityNotFound") as never)).toBe(true);
    // The catalog module the client imports names the same entries as the rebuilt catalog.
    expect(is(missing, entityApiErrors.entityNotFound)).toBe(true);
    expect(is(missing, entityApiErrors.entityAlreadyExists)).toBe(false);
    expect(missing.catalogError?.message).toBe("entity not found");

    const post = (body: object) =>
      api(`${demo.url}/entity-api/v1/entities`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const created = await post({ firstName: "Ada", lastName: "Lovelace", usptaNumber: "RC-1" });
    expect(created.status).toBe(201);
    const dup = (await post({ firstName: "Ada", lastName: "L", usptaNumber: "RC-1" }).catch(
      (e: unknown) => e,
    )) as ErrataClientError;
    expect(dup.status).toBe(409);
    expect(dup.error.code).toBe("200601");
    expect(is(dup, 2006)).toBe(true);
    expect(is(dup, 200602)).toBe(false);
    const x = explain(dup, catalogs, { docsBaseUrl: `${demo.url}/errors` });
    expect(x).toMatchObject({ code: "200601", status: 409, catalog: "entity-api", match: "code" });
    expect(x?.fixes.length).toBeGreaterThan(0);
    // The docs link the client builds is the page the server serves.
    expect((await fetch(x?.docs as string)).status).toBe(200);

    const invalid = (await post({ usptaNumber: 7 }).catch((e: unknown) => e)) as ErrataClientError;
    expect(invalid.catalogError?.key).toBe("validationError");
    expect(invalid.catalogError?.fields.map((f) => f.name).sort()).toEqual([
      "firstName",
      "lastName",
      "usptaNumber",
    ]);
  });

  it("createErrataFetch: Identity Cloud's HTTP 200 + 510 is retried after Retry-After, then thrown as the catalog's api_limit_error", async () => {
    const own = await startDemo({ port: 0, store: "memory:", logLevel: "silent" });
    try {
      const waits: number[] = [];
      const api = createErrataFetch({
        catalogs,
        // The limit refuses before doing anything, so this client allows repeating its POSTs.
        retry: {
          idempotentMethods: ["POST"],
          maxAttempts: 2,
          // The default cap (30 s) would shorten the demo's minute; this client waits it out.
          maxDelayMs: 120_000,
          maxElapsedMs: 300_000,
          sleep: async (ms) => void waits.push(ms),
        },
      });
      const call = () =>
        api(`${own.url}/identity/entity`, {
          method: "POST",
          headers: FORM,
          body: `${IDENTITY_CREDENTIALS}&type_name=user&id=1`,
        });
      for (let i = 0; i < 10; i++) expect((await call()).status).toBe(200);
      const err = (await call().catch((e: unknown) => e)) as ErrataClientError;
      expect(err).toBeInstanceOf(ErrataClientError);
      expect(err.status).toBe(200);
      expect(err.error).toMatchObject({ format: "identity-cloud", code: "510", name: "api_limit_error" });
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBe((err.error.retryAfterSeconds ?? 0) * 1000);
      expect(err.catalogError?.key).toBe("apiLimitError");
      expect(err.catalogError?.status).toBe(429);
      expect(err.catalogError?.params).toEqual({
        limit: "10",
        retryAfter: String(err.error.retryAfterSeconds),
      });
      expect(is(err, "api_limit_error")).toBe(true);
      expect(explain(err)?.fixes[0]).toMatch(/Retry-After/);
      // A wrong secret on the unknown-record call of another client: 402, not retried.
      const bad = (await api(`${own.url}/identity/entity`, {
        method: "POST",
        headers: FORM,
        body: "client_id=demo-client&client_secret=wrong&type_name=user&id=1",
      }).catch((e: unknown) => e)) as ErrataClientError;
      expect(bad.catalogError?.key).toBe("invalidClientCredentials");
      expect(waits).toHaveLength(1);
    } finally {
      await own.close();
    }
  });

  it("every demo route family: the client recovers the exact catalog entry the server raised", async () => {
    const bearer = { authorization: "Bearer demo-token" };
    const orcidXml = { "content-type": "application/vnd.orcid+xml" };
    const order = (vendor: string) =>
      `<?xml version="1.0"?><purchaseOrder xmlns="http://worldcat.org/xmlschemas/acquisitions/PurchaseOrder"><vendor><vendorId>${vendor}</vendorId></vendor></purchaseOrder>`;
    const cases: Array<[string, string, RequestInit, string]> = [
      ["GET", "/entity-api/v1/entities/999", { headers: bearer }, "entity-api/entityNotFound"],
      ["GET", "/entity-api/v1/entities/1", {}, "entity-api/authenticationError"],
      ["DELETE", "/entity-api/v1/entities/1", { headers: bearer }, "entity-api/methodNotAllowed"],
      [
        "POST",
        "/entity-api/v1/entities",
        { headers: { ...bearer, "content-type": "application/json" }, body: "{" },
        "entity-api/httpMessageNotReadable",
      ],
      [
        "GET",
        "/orcid/v3.0/0000-0002-1825-0098/record",
        { headers: { accept: "application/xml" } },
        "orcid/invalidOrcidId",
      ],
      ["GET", "/orcid/v3.0/0000-0003-1415-9269/record", {}, "orcid/recordLocked"],
      ["GET", "/orcid/v3.0/search?q=x&rows=5000", {}, "orcid/invalidSearchRows"],
      [
        "POST",
        "/orcid/v3.0/0000-0002-1825-0097/work",
        { headers: { ...bearer, ...orcidXml }, body: "hello" },
        "orcid/contentNotAllowedInProlog",
      ],
      [
        "POST",
        "/orcid/v3.0/0000-0002-1825-0097/work",
        { headers: { ...bearer, ...orcidXml }, body: "<work" },
        "orcid/prematureEndOfFile",
      ],
      [
        "POST",
        "/orcid/v3.0/0000-0002-1825-0097/work",
        { headers: { authorization: "Bearer readonly-token", ...orcidXml }, body: "<work/>" },
        "orcid/insufficientScope",
      ],
      [
        "GET",
        "/orcid/v3.0/0000-0002-1825-0097/record",
        { headers: { accept: "text/html" } },
        "orcid/notAcceptable",
      ],
      [
        "POST",
        "/identity/entity.create",
        { headers: FORM, body: IDENTITY_CREDENTIALS },
        "identity-cloud/missingArgument",
      ],
      [
        "POST",
        "/identity/entity.create",
        { headers: FORM, body: `${IDENTITY_CREDENTIALS}&type_name=user&attributes={` },
        "identity-cloud/invalidDataFormat",
      ],
      [
        "POST",
        "/identity/entity",
        { headers: FORM, body: `${IDENTITY_CREDENTIALS}&type_name=user&id=1&uuid=x` },
        "identity-cloud/duplicateArgument",
      ],
      ["GET", "/oclc/search", {}, "oclc/authorizationHeaderMissing"],
      ["GET", "/oclc/search?wskey=abc", {}, "oclc/wskeyInvalid"],
      ["GET", "/oclc/search?wskey=cancelled-wskey", {}, "oclc/wskeyCancelled"],
      ["GET", "/oclc/knowledge-base?wskey=demo-wskey", {}, "oclc/serviceNotOnWskey"],
      [
        "POST",
        "/oclc/purchase-orders?wskey=demo-wskey",
        { headers: { "content-type": "application/xml" }, body: order("nope") },
        "oclc/vendorIdNotFound",
      ],
      [
        "POST",
        "/oauth/token",
        { headers: FORM, body: "grant_type=urn:x&client_id=demo-client&client_secret=demo-secret" },
        "oauth/unsupportedGrantType",
      ],
      ["GET", "/oauth/userinfo", {}, "oauth/unauthorized"],
      ["GET", "/oauth/userinfo", { headers: { authorization: "Bearer nope" } }, "oauth/invalidToken"],
      ["GET", "/oauth/userinfo?access_token=demo-token", { headers: bearer }, "oauth/invalidRequest"],
      ["GET", "/nope", { headers: { accept: "application/problem+xml" } }, "http/notFound"],
      ["GET", "/demo/unexpected", {}, "http/internalError"],
      ["GET", "/support/requests/abc", {}, "support/adminTokenRequired"],
    ];
    for (const [method, path, init, want] of cases) {
      const res = await fetch(`${demo.url}${path}`, { method, ...init });
      const token = res.headers.get("x-request-id");
      const d = await decodeResponse(res);
      const ce = toCatalogError(d, catalogs);
      const event = events.find((e) => e.token === token);
      expect(event, `${method} ${path}`).toBeDefined();
      expect(`${ce?.entry.catalog.id}/${ce?.key}`, `${method} ${path} → ${JSON.stringify(d)}`).toBe(want);
      expect(`${ce?.entry.catalog.id}/${ce?.entry.codeString}`).toBe(`${event?.catalog}/${event?.code}`);
      expect(ce?.requestId).toBe(token);
    }
  });
});

describe("oauth4webapi against /oauth", () => {
  const opts = { [oauth.allowInsecureRequests]: true };
  let as: oauth.AuthorizationServer;
  const client: oauth.Client = { client_id: "demo-client" };
  const auth = oauth.ClientSecretBasic("demo-secret");

  beforeAll(() => {
    as = {
      issuer: demo.url,
      token_endpoint: `${demo.url}/oauth/token`,
      userinfo_endpoint: `${demo.url}/oauth/userinfo`,
    };
  });

  /** What oauth4webapi threw, and errata's decoding of the same response (cloned before). */
  async function tokenError(grant: string, params: Record<string, string>) {
    let copy: Response | undefined;
    const res = await oauth.genericTokenEndpointRequest(as, client, auth, grant, params, {
      ...opts,
      [oauth.customFetch]: async (url, init) => {
        const r = await fetch(url, init);
        copy = r.clone();
        return r;
      },
    });
    const err = await oauth.processGenericTokenEndpointResponse(as, client, res).catch((e: unknown) => e);
    return { err, decoded: await decodeResponse(copy as Response) };
  }

  it.each([
    [
      "urn:example:magic",
      {},
      "unsupported_grant_type",
      "The authorization server does not support the requested grant type.",
    ],
    [
      "client_credentials",
      { scope: "admin" },
      "invalid_scope",
      "The requested scope is invalid, unknown, or malformed.",
    ],
    [
      "refresh_token",
      { refresh_token: "nope" },
      "invalid_grant",
      "The provided authorization grant or refresh token is invalid, expired, or revoked.",
    ],
    [
      "password",
      { username: "jane", password: "x" },
      "unauthorized_client",
      "The client is not authorized to use this grant type.",
    ],
  ])(
    "token endpoint, grant %s → ResponseBodyError %s (RFC 6749 §5.2)",
    async (grant, params, error, description) => {
      const { err, decoded } = await tokenError(grant, params);
      expect(err).toBeInstanceOf(oauth.ResponseBodyError);
      const e = err as oauth.ResponseBodyError;
      expect(e.status).toBe(400);
      expect(e.error).toBe(error);
      expect(e.error_description).toBe(description);
      expect(e.cause.error_uri).toBe(`${demo.url}/errors/oauth/${error}`);
      expect(e.response.headers.get("cache-control")).toBe("no-store");
      // errata's decoder agrees with the OAuth client, and finds the catalog entry.
      expect(decoded).toMatchObject({ status: 400, format: "oauth2", code: error, message: description });
      expect(toCatalogError(decoded, catalogs)?.entry.codeString).toBe(error);
    },
  );

  it("a bad client secret in the form body: 401 with the Basic challenge, a WWWAuthenticateChallengeError", async () => {
    const res = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.ClientSecretPost("wrong"),
      {},
      opts,
    );
    const err = await oauth.processClientCredentialsResponse(as, client, res).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    const e = err as oauth.WWWAuthenticateChallengeError;
    expect(e.status).toBe(401);
    expect(e.cause).toEqual([{ scheme: "basic", parameters: { realm: "errata-demo" } }]);
    // The body is left unread for the caller: errata decodes it.
    expect(await decodeResponse(e.response)).toMatchObject({ format: "oauth2", code: "invalid_client" });
  });

  it("/userinfo without credentials: a Bearer challenge with realm and no error (RFC 6750 §3.1)", async () => {
    const err = await oauth
      .protectedResourceRequest(
        "unused",
        "GET",
        new URL(`${demo.url}/oauth/userinfo`),
        undefined,
        undefined,
        {
          ...opts,
          // The request as a client without a token sends it: no Authorization header at all.
          [oauth.customFetch]: (url, init) => {
            const headers = new Headers(init.headers);
            headers.delete("authorization");
            // A GET has no body; only the method and the remaining headers go out.
            return fetch(url, { method: init.method, headers, redirect: init.redirect, signal: init.signal });
          },
        },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    const e = err as oauth.WWWAuthenticateChallengeError;
    expect(e.status).toBe(401);
    expect(e.cause).toEqual([{ scheme: "bearer", parameters: { realm: "errata-demo" } }]);
  });

  it('/userinfo with a bad token: the challenge says error="invalid_token", with description and docs link', async () => {
    const res = await oauth.userInfoRequest(as, client, "no-such-token", opts).catch((e: unknown) => e);
    const err =
      res instanceof Response
        ? await oauth
            .processUserInfoResponse(as, client, oauth.skipSubjectCheck, res)
            .catch((e: unknown) => e)
        : res;
    expect(err).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    const e = err as oauth.WWWAuthenticateChallengeError;
    expect(e.status).toBe(401);
    expect(e.cause).toEqual([
      {
        scheme: "bearer",
        parameters: {
          realm: "errata-demo",
          error: "invalid_token",
          error_description: "The provided token is invalid or expired.",
          error_uri: `${demo.url}/errors/oauth/invalid_token`,
        },
      },
    ]);
    const d = await decodeResponse(e.response);
    expect(d).toMatchObject({ format: "bearer-challenge", code: "invalid_token" });
    expect(toCatalogError(d, catalogs)?.key).toBe("invalidToken");
  });

  it('/userinfo with the token in the header and the query: 400, error="invalid_request"', async () => {
    const err = await oauth
      .protectedResourceRequest(
        "demo-token",
        "GET",
        new URL(`${demo.url}/oauth/userinfo?access_token=demo-token`),
        undefined,
        undefined,
        opts,
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    const e = err as oauth.WWWAuthenticateChallengeError;
    expect(e.status).toBe(400);
    expect(e.cause[0]?.scheme).toBe("bearer");
    expect(e.cause[0]?.parameters.error).toBe("invalid_request");
  });

  it("/userinfo with demo-token: the claims (the client works end to end)", async () => {
    const res = await oauth.userInfoRequest(as, client, "demo-token", opts);
    const claims = await oauth.processUserInfoResponse(as, client, oauth.skipSubjectCheck, res);
    expect(claims.sub).toBe("248289761001");
  });

  it("the lockout: 429 too_many_attempts surfaces as a ResponseBodyError with the Retry-After on its response", async () => {
    const own = await startDemo({ port: 0, store: "memory:", logLevel: "silent" });
    try {
      const ownAs = { issuer: own.url, token_endpoint: `${own.url}/oauth/token` };
      for (let i = 0; i < 5; i++) {
        const r = await oauth.clientCredentialsGrantRequest(
          ownAs,
          client,
          oauth.ClientSecretBasic(`g${i}`),
          {},
          opts,
        );
        expect(r.status).toBe(401);
        await r.body?.cancel();
      }
      const res = await oauth.clientCredentialsGrantRequest(ownAs, client, auth, {}, opts);
      const err = await oauth.processClientCredentialsResponse(ownAs, client, res).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(oauth.ResponseBodyError);
      const e = err as oauth.ResponseBodyError;
      expect(e.status).toBe(429);
      expect(e.error).toBe("too_many_attempts");
      expect(Number(e.response.headers.get("retry-after"))).toBeGreaterThanOrEqual(50);
    } finally {
      await own.close();
    }
  });
});
