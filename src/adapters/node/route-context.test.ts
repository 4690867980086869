/**
 * The route context of the node:http adapter (issue 9: one object per request, no closures, and
 * the headers of a response written once). Asserted on the raw header block, so a header sent
 * twice, or a stale one kept, would show.
 */
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawExchange, TOKEN_RE } from "../../../test/support/http.js";
import { defineCatalog } from "../../catalog/define.js";
import { createErrata } from "../../core/errata.js";
import type { RequestView } from "../../formats/types.js";
import { createRouter, createServer } from "./index.js";

const errors = defineCatalog(
  { id: "shop" },
  { orderNotFound: { code: 3001, status: 404, message: "order {id} not found" } },
);

let server: Server;
let port = 0;
const views: RequestView[] = [];

beforeAll(async () => {
  const errata = createErrata({
    catalogs: [errors],
    docsBaseUrl: "https://docs.example.com/errors",
    observers: [(_e, _err, view) => views.push(view)],
  });
  const api = createRouter({ errata })
    .get("/thrown/:id", (ctx) => {
      throw errors.orderNotFound({ id: ctx.params.id ?? "" });
    })
    .get("/returned", async () => errors.orderNotFound({ id: "r" }))
    .get("/reply", (ctx) => ({ headers: { "Cache-Control": "no-store" }, body: { q: ctx.query.get("q") } }))
    .get("/self", (ctx) => {
      const res = ctx.res;
      // A second read must not set the header again.
      ctx.res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": "2" });
      res.end("ok");
      return undefined;
    })
    .get("/started-then-thrown", (ctx) => {
      ctx.res.setHeader("ETag", '"abc"');
      ctx.locals.realm = "shop";
      ctx.clientId = "client-7";
      throw errors.orderNotFound({ id: "s" });
    })
    .post("/echo", async (ctx) => {
      const body = (await ctx.json()) as { id?: string };
      if (body.id === "missing") return errors.orderNotFound({ id: body.id });
      return { body: { text: await ctx.text(), method: ctx.method, path: ctx.path, type: ctx.mediaType } };
    });
  server = createServer({ errata, routers: [api] });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const a = server.address();
  port = typeof a === "object" && a ? a.port : 0;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** One request on its own connection; the header lines as sent, Date's value blanked. */
async function exchange(request: string): Promise<{ status: string; lines: string[]; body: string }> {
  const raw = await rawExchange(port, request);
  const end = raw.indexOf("\r\n\r\n");
  const [status = "", ...lines] = raw.slice(0, end).split("\r\n");
  return {
    status,
    lines: lines.map((l) => (l.startsWith("Date: ") ? "Date: *" : l)),
    body: raw.slice(end + 4),
  };
}

const get = (path: string) => exchange(`GET ${path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n`);

function tokenLine(lines: readonly string[]): string {
  const ids = lines.filter((l) => l.startsWith("X-Request-Id: "));
  expect(ids).toHaveLength(1);
  const t = (ids[0] as string).slice("X-Request-Id: ".length);
  expect(t).toMatch(TOKEN_RE);
  return t;
}

describe("node route context", () => {
  it("a thrown catalog error: every header once, in errata's order", async () => {
    const r = await get("/thrown/42");
    const t = tokenLine(r.lines);
    expect(r.status).toBe("HTTP/1.1 404 Not Found");
    expect(r.lines).toEqual([
      "Content-Type: application/problem+json",
      "Vary: Accept",
      `X-Request-Id: ${t}`,
      `Content-Length: ${Buffer.byteLength(r.body)}`,
      "Date: *",
      "Connection: close",
    ]);
    expect(r.body).toBe(
      `{"type":"https://docs.example.com/errors/shop/3001","title":"Not Found","status":404,"detail":"order 42 not found","instance":"/thrown/42","code":3001,"requestId":"${t}"}`,
    );
  });

  it("an error returned from an async handler: the same headers", async () => {
    const r = await get("/returned");
    const t = tokenLine(r.lines);
    expect(r.lines).toEqual([
      "Content-Type: application/problem+json",
      "Vary: Accept",
      `X-Request-Id: ${t}`,
      `Content-Length: ${Buffer.byteLength(r.body)}`,
      "Date: *",
      "Connection: close",
    ]);
    expect(JSON.parse(r.body)).toMatchObject({ detail: "order r not found", requestId: t });
  });

  it("a reply: its headers, then the token and length, each once; the query is parsed", async () => {
    const r = await get("/reply?q=a%20b");
    const t = tokenLine(r.lines);
    expect(r.status).toBe("HTTP/1.1 200 OK");
    expect(r.lines).toEqual([
      "Cache-Control: no-store",
      "Content-Type: application/json",
      `X-Request-Id: ${t}`,
      "Content-Length: 11",
      "Date: *",
      "Connection: close",
    ]);
    expect(r.body).toBe('{"q":"a b"}');
  });

  it("a handler that writes ctx.res itself still sends X-Request-Id (once)", async () => {
    const r = await get("/self");
    tokenLine(r.lines);
    expect(r.status).toBe("HTTP/1.1 200 OK");
    expect(r.body).toBe("ok");
  });

  it("a handler that set headers and then threw: only the error's headers go out", async () => {
    views.length = 0;
    const r = await get("/started-then-thrown");
    const t = tokenLine(r.lines);
    expect(r.lines.some((l) => l.startsWith("ETag"))).toBe(false);
    expect(r.lines).toContain("Content-Type: application/problem+json");
    // The view errata rendered with carries what the handler set on the context.
    const v = views.find((x) => x.token === t);
    expect(v).toMatchObject({
      method: "GET",
      path: "/started-then-thrown",
      route: "/started-then-thrown",
      clientId: "client-7",
      locals: { realm: "shop" },
      bodyText: null,
    });
  });

  it("body readers share one read; the view carries the body text", async () => {
    const body = '{"id":"7"}';
    const ok = await exchange(
      `POST /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    expect(ok.status).toBe("HTTP/1.1 200 OK");
    expect(JSON.parse(ok.body)).toEqual({
      text: body,
      method: "POST",
      path: "/echo",
      type: "application/problem+json",
    });
    views.length = 0;
    const missing = '{"id":"missing"}';
    const nf = await exchange(
      `POST /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${missing.length}\r\n\r\n${missing}`,
    );
    expect(nf.status).toBe("HTTP/1.1 404 Not Found");
    expect(views[0]).toMatchObject({ bodyText: missing, route: "/echo" });
  });
});
