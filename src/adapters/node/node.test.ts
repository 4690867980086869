/**
 * The node:http adapter over real sockets: each guard of CONTRACT §3, each status, exact bodies
 * and headers, HEAD, and every kind of unexpected throwable → a safe 500.
 */
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRaw, rawExchange, TOKEN_RE, wire } from "../../../test/support/http.js";
import { defineCatalog } from "../../catalog/define.js";
import { createErrata } from "../../core/errata.js";
import type { ErrorEvent } from "../../core/event.js";
import { createRouter, createServer } from "./index.js";

const errors = defineCatalog(
  { id: "shop" },
  {
    orderNotFound: { code: 3001, status: 404, message: "order {id} not found", fixes: ["check the id"] },
    outOfStock: { code: 3002, name: "out_of_stock", status: 409, message: "out of stock" },
  },
);

const events: ErrorEvent[] = [];
let server: Server;
let base = "";
let port = 0;
const docs = "https://docs.example.com/errors";

beforeAll(async () => {
  const errata = createErrata({ catalogs: [errors], docsBaseUrl: docs, observers: [(e) => events.push(e)] });
  const api = createRouter({ errata, prefix: "/api" })
    .get("/orders/:id", (ctx) => {
      if (ctx.params.id === "1") return { body: { id: "1" } };
      throw errors.orderNotFound({ id: ctx.params.id ?? "" });
    })
    .get("/returned", () => errors.outOfStock())
    .post("/orders", async (ctx) => ({ status: 201, body: { got: await ctx.json() } }), {
      accepts: ["application/json"],
    })
    .get("/throw/string", () => {
      throw "SELECT secret FROM users";
    })
    .get("/throw/null", () => {
      throw null;
    })
    .get("/throw/object", () => {
      throw { message: "/etc/passwd java.lang.IllegalStateException", code: "EPERM" };
    })
    .get("/throw/reject", () =>
      Promise.reject(new TypeError("Cannot read properties of undefined (reading 'x')")),
    )
    .get("/throw/circular", () => {
      const a = new Error("a at /srv/app.js:1:1") as Error & { cause?: unknown };
      const b = new Error("b") as Error & { cause?: unknown };
      a.cause = b;
      b.cause = a;
      throw a;
    })
    .get("/throw/after-headers", (ctx) => {
      ctx.res.setHeader("Content-Type", "text/plain");
      throw new Error("late");
    });
  server = createServer({ errata, routers: [api] });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const a = server.address();
  port = typeof a === "object" && a ? a.port : 0;
  base = `http://127.0.0.1:${port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

function tokenOf(res: { headers: Record<string, unknown>; body: string }): string {
  const t = res.headers["x-request-id"] as string;
  expect(t).toMatch(TOKEN_RE);
  return t;
}

describe("node adapter", () => {
  it("unknown path → problem+json 404 with the token in header and body", async () => {
    const res = await wire(`${base}/nope`);
    const t = tokenOf(res);
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toBe("application/problem+json");
    expect(res.headers.vary).toBe("Accept");
    expect(res.body).toBe(
      `{"type":"${docs}/http/not_found","title":"Not Found","status":404,"detail":"No resource matches the request path.","instance":"/nope","code":"not_found","requestId":"${t}"}`,
    );
  });

  it("success responses carry X-Request-Id too", async () => {
    const res = await wire(`${base}/api/orders/1`);
    expect(res.status).toBe(200);
    tokenOf(res);
    expect(JSON.parse(res.body)).toEqual({ id: "1" });
  });

  it("a thrown catalog error renders with its parameters", async () => {
    const res = await wire(`${base}/api/orders/42`);
    const t = tokenOf(res);
    expect(res.status).toBe(404);
    expect(res.body).toBe(
      `{"type":"${docs}/shop/3001","title":"Not Found","status":404,"detail":"order 42 not found","instance":"/api/orders/42","code":3001,"requestId":"${t}"}`,
    );
    const ev = events.find((e) => e.token === t);
    expect(ev).toMatchObject({
      status: 404,
      code: "3001",
      catalog: "shop",
      route: "/api/orders/:id",
      method: "GET",
    });
  });

  it("a returned catalog error renders the same way", async () => {
    const res = await wire(`${base}/api/returned`);
    const t = tokenOf(res);
    expect(res.status).toBe(409);
    expect(JSON.parse(res.body)).toEqual({
      type: `${docs}/shop/3002`,
      title: "Conflict",
      status: 409,
      detail: "out of stock",
      instance: "/api/returned",
      code: 3002,
      name: "out_of_stock",
      requestId: t,
    });
  });

  it("405 carries Allow (with HEAD where GET is allowed)", async () => {
    const res = await wire(`${base}/api/orders/1`, { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("GET, HEAD");
    expect(JSON.parse(res.body).code).toBe("method_not_allowed");
  });

  it("HEAD gets the same status and headers, and no body", async () => {
    const get = await wire(`${base}/api/orders/42`);
    const head = await wire(`${base}/api/orders/42`, { method: "HEAD" });
    expect(head.status).toBe(404);
    expect(head.body).toBe("");
    expect(head.headers["content-type"]).toBe(get.headers["content-type"]);
    expect(head.headers["content-length"]).toBe(get.headers["content-length"]);
    tokenOf(head);
  });

  it("406 when Accept allows no format, rendered in the default format", async () => {
    const res = await wire(`${base}/api/orders/42`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(406);
    expect(res.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(res.body).code).toBe("not_acceptable");
  });

  it("Accept: application/json gets problem+json", async () => {
    const res = await wire(`${base}/api/orders/42`, { headers: { accept: "application/json" } });
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toBe("application/problem+json");
  });

  it("415 for a body the route does not take", async () => {
    const res = await wire(`${base}/api/orders`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hi",
    });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body).code).toBe("unsupported_media_type");
  });

  it("malformed JSON → 400, never 500", async () => {
    const res = await wire(`${base}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).code).toBe("malformed_body");
  });

  it("valid JSON reaches the handler", async () => {
    const res = await wire(`${base}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ got: { a: 1 } });
  });

  it("413 on a declared oversized body, answered before the body is sent", async () => {
    const raw = await rawExchange(
      port,
      `POST /api/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n`,
    );
    const res = parseRaw(raw);
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe("close");
    expect(JSON.parse(res.body).code).toBe("content_too_large");
  });

  it("413 on a chunked body past the limit, cut off at the limit", async () => {
    const chunk = "a".repeat(64 * 1024);
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      import("node:http").then(({ request }) => {
        const r = request(
          `${base}/api/orders`,
          {
            method: "POST",
            headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
            agent: false,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () =>
              resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
            );
          },
        );
        r.on("error", () => {
          /* the server closes the connection after answering */
        });
        let sent = 0;
        const pump = () => {
          while (sent < 40 && r.write(chunk)) sent++;
          if (sent < 40) r.once("drain", pump);
          else r.end();
        };
        pump();
        setTimeout(() => reject(new Error("no response")), 10_000);
      });
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).code).toBe("content_too_large");
  });

  it("414 when the URI is longer than 8 KiB", async () => {
    const res = await wire(`${base}/${"a".repeat(9000)}`);
    expect(res.status).toBe(414);
    const t = tokenOf(res);
    expect(JSON.parse(res.body)).toMatchObject({ status: 414, code: "uri_too_long", requestId: t });
  });

  it("414 even when the request line is past Node's own header limit", async () => {
    const raw = await rawExchange(port, `GET /${"a".repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    const res = parseRaw(raw);
    expect(res.status).toBe(414);
    expect(res.headers["content-type"]).toBe("application/problem+json");
    expect(res.headers["x-request-id"]).toMatch(TOKEN_RE);
  });

  it("431 when the headers are larger than 16 KiB", async () => {
    const res = await wire(`${base}/api/orders/1`, { headers: { "x-big": "b".repeat(17_000) } });
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body).code).toBe("header_fields_too_large");
  });

  it("431 (a real response, not a dropped socket) past Node's own header limit", async () => {
    const raw = await rawExchange(port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(70_000)}\r\n\r\n`);
    const res = parseRaw(raw);
    expect(res.status).toBe(431);
    const body = JSON.parse(res.body);
    expect(body.requestId).toBe(res.headers["x-request-id"]);
  });

  it("an unparsable request → 400 problem+json", async () => {
    const res = parseRaw(await rawExchange(port, "NOT HTTP AT ALL\r\n\r\n"));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).code).toBe("bad_request");
  });

  const leaks = [
    /SELECT/,
    /\/etc\/passwd/,
    /java\./,
    /TypeError/,
    /Cannot read/,
    /\/srv\//,
    /stack/i,
    /late/,
  ];
  it.each(["string", "null", "object", "reject", "circular", "after-headers"])(
    "a thrown %s becomes a generic 500 with nothing internal",
    async (kind) => {
      const res = await wire(`${base}/api/throw/${kind}`);
      const t = tokenOf(res);
      expect(res.status).toBe(500);
      expect(res.headers["content-type"]).toBe("application/problem+json");
      expect(res.body).toBe(
        `{"type":"${docs}/http/internal_error","title":"Internal Server Error","status":500,"detail":"An unexpected error occurred. Quote the request id when contacting support.","instance":"/api/throw/${kind}","code":"internal_error","requestId":"${t}"}`,
      );
      for (const l of leaks) expect(res.body).not.toMatch(l);
      const ev = events.find((e) => e.token === t);
      expect(ev?.cause).not.toBeNull();
    },
  );

  it("the event keeps the internal cause for the store", async () => {
    const res = await wire(`${base}/api/throw/string`);
    const ev = events.find((e) => e.token === res.headers["x-request-id"]);
    expect(ev?.cause).toEqual({ class: "string", message: "SELECT secret FROM users", stack: null });
    const circ = await wire(`${base}/api/throw/circular`);
    const ev2 = events.find((e) => e.token === circ.headers["x-request-id"]);
    expect(ev2?.cause?.class).toBe("Error");
    expect(ev2?.cause?.stack).toContain("Caused by:");
  });

  it("tokens are unique per request", async () => {
    const res = await Promise.all(Array.from({ length: 20 }, () => wire(`${base}/nope`)));
    const tokens = new Set(res.map((r) => r.headers["x-request-id"]));
    expect(tokens.size).toBe(20);
  });
});
