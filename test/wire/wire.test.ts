/**
 * One wire suite, run against every adapter: errata's node:http adapter, Express 5, Fastify 5,
 * the fetch adapter and Hono (both on `@hono/node-server`). Every adapter serves the same fixture
 * (./fixture.ts), so every case asserts the same status, headers and exact body everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRequestToken } from "../../src/token/index.js";
import { startExpress } from "./apps/express.js";
import { startFastify } from "./apps/fastify.js";
import { startFetch } from "./apps/fetch.js";
import { startHono } from "./apps/hono.js";
import { startNode } from "./apps/node.js";
import { DOCS, makeErrata, SECRET, shop, type WireAdapter, type WireServer } from "./fixture.js";
import { send, type WireResponse } from "./http.js";

const ADAPTERS: readonly WireAdapter[] = [
  { name: "node", start: startNode },
  { name: "express", start: startExpress },
  { name: "fastify", start: startFastify },
  { name: "fetch", start: startFetch },
  { name: "hono", start: startHono },
];

const PROBLEM = "application/problem+json";

interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The request path; null when the problem has no `instance` (414). */
  readonly instance: string | null;
  readonly code: string | number;
  /** The serialised `errors` array, when present. */
  readonly errors?: string;
}

/** The exact problem+json body errata renders, members in errata's order. */
function problemBody(p: Problem, token: string): string {
  return (
    `{"type":${JSON.stringify(p.type)},"title":${JSON.stringify(p.title)},"status":${p.status},` +
    `"detail":${JSON.stringify(p.detail)}${p.instance === null ? "" : `,"instance":${JSON.stringify(p.instance)}`},` +
    `"code":${JSON.stringify(p.code)},"requestId":"${token}"${p.errors === undefined ? "" : `,"errors":${p.errors}`}}`
  );
}

const http = (code: string, title: string, status: number, detail: string) => ({
  type: `${DOCS}/http/${code}`,
  title,
  status,
  detail,
  code,
});

const NOT_FOUND = http("not_found", "Not Found", 404, "No resource matches the request path.");
const METHOD = http(
  "method_not_allowed",
  "Method Not Allowed",
  405,
  "The method is not allowed for this resource.",
);
const NOT_ACCEPTABLE = http(
  "not_acceptable",
  "Not Acceptable",
  406,
  "No available representation satisfies the Accept header.",
);
const TOO_LARGE = http(
  "content_too_large",
  "Content Too Large",
  413,
  "The request body is larger than the server accepts.",
);
const URI = http("uri_too_long", "URI Too Long", 414, "The request URI is longer than the server accepts.");
const MEDIA = http(
  "unsupported_media_type",
  "Unsupported Media Type",
  415,
  "The request body's media type is not supported.",
);
const HEADERS = http(
  "header_fields_too_large",
  "Request Header Fields Too Large",
  431,
  "The request header fields are larger than the server accepts.",
);
const MALFORMED = {
  ...http("malformed_body", "Bad Request", 400, "The request body could not be parsed."),
  title: "Bad Request",
};
const INVALID = {
  ...http("validation_failed", "Bad Request", 400, "The request has invalid fields."),
  title: "Bad Request",
};
const LIMITED = http(
  "too_many_requests",
  "Too Many Requests",
  429,
  "Too many requests; retry after the time in Retry-After.",
);
const UNEXPECTED = http(
  "internal_error",
  "Internal Server Error",
  500,
  "An unexpected error occurred. Quote the request id when contacting support.",
);

/** Asserts an error response exactly: status, token, Content-Type, Vary, Content-Length and body. */
function expectProblem(r: WireResponse, p: Problem, head = false): string {
  const token = r.headers["x-request-id"];
  expect(typeof token === "string" && isRequestToken(token), `X-Request-Id ${String(token)}`).toBe(true);
  const body = problemBody(p, token as string);
  expect({ status: r.status, type: r.headers["content-type"], vary: r.headers.vary }).toEqual({
    status: p.status,
    type: PROBLEM,
    vary: "Accept",
  });
  expect(r.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
  expect(r.body).toBe(head ? "" : body);
  return token as string;
}

const JSON_HEADERS = { "content-type": "application/json" };

describe.each(ADAPTERS)("wire: $name", (adapter) => {
  let server: WireServer;
  const req = (r: Parameters<typeof send>[1]) => send(server.port, r);

  beforeAll(async () => {
    server = await adapter.start();
  });
  afterAll(async () => {
    await server.close();
  });

  describe("tokens", () => {
    it("sends a fresh 16-char token in X-Request-Id on a success", async () => {
      const a = await req({ path: "/orders/1" });
      const b = await req({ path: "/orders/1" });
      expect(a.status).toBe(200);
      expect(JSON.parse(a.body)).toEqual({ id: "1" });
      expect(isRequestToken(a.headers["x-request-id"])).toBe(true);
      expect(isRequestToken(b.headers["x-request-id"])).toBe(true);
      expect(a.headers["x-request-id"]).not.toBe(b.headers["x-request-id"]);
    });

    it("puts the same token in the header, the body and the error event", async () => {
      const r = await req({ path: "/orders/7" });
      const token = expectProblem(r, {
        type: `${DOCS}/shop/3001`,
        title: "Not Found",
        status: 404,
        detail: "Order 7 not found",
        instance: "/orders/7",
        code: 3001,
      });
      expect(server.events.some((e) => e.token === token && e.code === "3001" && e.status === 404)).toBe(
        true,
      );
    });
  });

  describe("guards", () => {
    it("404 for an unknown path", async () => {
      expectProblem(await req({ path: "/nope" }), { ...NOT_FOUND, instance: "/nope" });
    });

    it("405 with Allow for a known path and another method", async () => {
      const r = await req({ method: "DELETE", path: "/orders/1" });
      expectProblem(r, { ...METHOD, instance: "/orders/1" });
      expect(String(r.headers.allow).split(/,\s*/).sort()).toEqual(["GET", "HEAD", "PUT"]);
    });

    it("406 when Accept allows no format, rendered in the default format", async () => {
      expectProblem(await req({ path: "/orders/1", headers: { accept: "text/html" } }), {
        ...NOT_ACCEPTABLE,
        instance: "/orders/1",
      });
    });

    it("negotiates problem+json for Accept: application/json (RFC 6838 suffix)", async () => {
      const r = await req({ path: "/orders/2", headers: { accept: "application/json" } });
      expect(r.status).toBe(404);
      expect(r.headers["content-type"]).toBe(PROBLEM);
    });

    it("negotiates problem+xml when Accept prefers it, with the same bytes as the core renders", async () => {
      const accept = "application/problem+xml, application/problem+json;q=0.5";
      const r = await req({ path: "/orders/4", headers: { accept } });
      const token = String(r.headers["x-request-id"]);
      const expected = makeErrata().errata.handle(shop.orderNotFound({ id: "4" }), {
        method: "GET",
        path: "/orders/4",
        headers: { accept },
        token,
      });
      expect([r.status, r.headers["content-type"], r.headers.vary]).toEqual([
        404,
        "application/problem+xml",
        "Accept",
      ]);
      expect(r.body).toBe(expected.body);
      expect(r.body).toContain(token);
    });

    it("413 for a declared Content-Length past 1 MiB, without reading the body", async () => {
      const r = await req({
        method: "POST",
        path: "/orders",
        headers: JSON_HEADERS,
        declaredLength: 2 * 1024 * 1024,
      });
      expectProblem(r, { ...TOO_LARGE, instance: "/orders" });
      expect(r.headers.connection).toBe("close");
    });

    it("413 for a chunked body past 1 MiB, cut off at the limit", async () => {
      const r = await req({
        method: "POST",
        path: "/orders",
        headers: JSON_HEADERS,
        chunkedBytes: 1024 * 1024 + 65536,
      });
      expectProblem(r, { ...TOO_LARGE, instance: "/orders" });
      expect(r.headers.connection).toBe("close");
    });

    it("414 for a URI past 8 KiB, without echoing it", async () => {
      const r = await req({ path: `/orders/1?q=${"a".repeat(9000)}` });
      expectProblem(r, { ...URI, instance: null });
      expect(r.headers.connection).toBe("close");
    });

    it("415 for a body type the route does not take", async () => {
      const r = await req({
        method: "POST",
        path: "/orders",
        headers: { "content-type": "text/plain" },
        body: "x",
      });
      expectProblem(r, { ...MEDIA, instance: "/orders" });
    });

    it("431 for a header section past 16 KiB", async () => {
      const r = await req({ path: "/orders/1", headers: { "x-big": "b".repeat(17 * 1024) } });
      expectProblem(r, { ...HEADERS, instance: "/orders/1" });
      expect(r.headers.connection).toBe("close");
    });

    it("HEAD gets the status and headers of GET and no body", async () => {
      const get = await req({ path: "/orders/9" });
      const head = await req({ method: "HEAD", path: "/orders/9" });
      expect(head.headers["content-length"]).toBe(get.headers["content-length"]);
      expectProblem(
        head,
        {
          type: `${DOCS}/shop/3001`,
          title: "Not Found",
          status: 404,
          detail: "Order 9 not found",
          instance: "/orders/9",
          code: 3001,
        },
        true,
      );
      expectProblem(await req({ method: "HEAD", path: "/nope" }), { ...NOT_FOUND, instance: "/nope" }, true);
    });
  });

  describe("errors from handlers", () => {
    it("renders a thrown catalog error with its template filled", async () => {
      const r = await req({ path: "/orders/a%22b" });
      expectProblem(r, {
        type: `${DOCS}/shop/3001`,
        title: "Not Found",
        status: 404,
        detail: 'Order a"b not found',
        instance: "/orders/a%22b",
        code: 3001,
      });
    });

    it("renders a returned catalog error", async () => {
      expectProblem(await req({ path: "/returned" }), {
        type: `${DOCS}/shop/3002`,
        title: "Conflict",
        status: 409,
        detail: "Item apple is out of stock",
        instance: "/returned",
        code: 3002,
      });
    });

    it.each(["string", "null", "undefined", "object", "error", "circular", "getter"])(
      "a thrown %s is a generic 500 that leaks nothing",
      async (kind) => {
        for (const how of ["throw", "reject"]) {
          const path = `/${how}/${kind}`;
          const r = await req({ path });
          const token = expectProblem(r, { ...UNEXPECTED, instance: path });
          for (const leak of ["SELECT", "password", "/srv", "db.ts", "TypeError", "ECONNREFUSED", "stack"]) {
            expect(r.body).not.toContain(leak);
            expect(JSON.stringify(r.headers)).not.toContain(leak);
          }
          const event = server.events.find((e) => e.token === token);
          expect(event?.status).toBe(500);
          expect(event?.cause).not.toBeNull();
          if (kind === "string" || kind === "error" || kind === "circular" || kind === "object") {
            // The internals go to the event (log, store) — and only there.
            expect(JSON.stringify(event?.cause)).toContain("SELECT password");
          }
        }
      },
    );
  });

  describe("validation", () => {
    it("reports every body issue as one field error, all in one 400", async () => {
      const r = await req({
        method: "POST",
        path: "/orders",
        headers: JSON_HEADERS,
        body: JSON.stringify({ quantity: 0, address: { zip: 5 } }),
      });
      expectProblem(r, {
        ...INVALID,
        instance: "/orders",
        errors:
          '[{"detail":"Invalid input: expected string, received undefined","pointer":"#/item"},' +
          '{"detail":"Too small: expected number to be >0","pointer":"#/quantity"},' +
          '{"detail":"Invalid input: expected string, received number","pointer":"#/address/zip"}]',
      });
    });

    it("accepts a valid body", async () => {
      const r = await req({
        method: "POST",
        path: "/orders",
        headers: JSON_HEADERS,
        body: '{"item":"apple","quantity":2}',
      });
      expect(r.status).toBe(201);
      expect(JSON.parse(r.body)).toEqual({ item: "apple", quantity: 2 });
      expect(isRequestToken(r.headers["x-request-id"])).toBe(true);
    });

    it("reports query issues as parameters (valibot)", async () => {
      expectProblem(await req({ path: "/search?rows=abc" }), {
        ...INVALID,
        instance: "/search",
        errors: '[{"detail":"rows must be an integer","parameter":"rows"}]',
      });
      const ok = await req({ path: "/search?rows=20" });
      expect([ok.status, ok.body]).toEqual([200, '{"rows":20}']);
    });

    it("broken JSON is 400 malformed body, never a 500", async () => {
      const r = await req({ method: "POST", path: "/orders", headers: JSON_HEADERS, body: '{"item":' });
      expectProblem(r, { ...MALFORMED, instance: "/orders" });
    });
  });

  describe("rate limits", () => {
    it("refuses the third request in a minute with Retry-After and the IETF headers", async () => {
      const client = { "x-client": `c-${adapter.name}` };
      for (let i = 0; i < 2; i++) {
        const ok = await req({ path: "/limited", headers: client });
        expect([ok.status, ok.body]).toEqual([200, '{"ok":true}']);
      }
      const r = await req({ path: "/limited", headers: client });
      expectProblem(r, { ...LIMITED, instance: "/limited" });
      const wait = Number(r.headers["retry-after"]);
      expect(wait).toBeGreaterThanOrEqual(59);
      expect(wait).toBeLessThanOrEqual(60);
      expect(r.headers["ratelimit-policy"]).toBe('"burst";q=2;w=60');
      expect(r.headers.ratelimit).toBe(`"burst";r=0;t=${wait}`);
      // Another client is not limited.
      expect((await req({ path: "/limited", headers: { "x-client": "other" } })).status).toBe(200);
    });
  });
});

it("the secret used by the suite is one a leak check would see", () => {
  expect(SECRET).toContain("SELECT password");
});
