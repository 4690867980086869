import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createErrata, defineCatalog, isRequestToken } from "../../index.js";
import { errataFetch, headersBytes, utf8Length, withToken } from "./index.js";

const errors = defineCatalog(
  { id: "shop" },
  { gone: { code: 3010, status: 410, message: "Order {id} is gone" } },
);
const errata = createErrata({ catalogs: [errors] });

describe("errataFetch", () => {
  it("answers a thrown catalog error exactly as errata.handle renders it, token in header and body", async () => {
    const f = errataFetch(errata, () => {
      throw errors.gone({ id: "7" });
    });
    const res = await f(new Request("http://localhost/orders/7?x=1"));
    const token = res.headers.get("x-request-id") ?? "";
    expect(isRequestToken(token)).toBe(true);
    const expected = errata.handle(errors.gone({ id: "7" }), {
      method: "GET",
      path: "/orders/7",
      headers: {},
      token,
    });
    expect(res.status).toBe(410);
    expect(await res.text()).toBe(expected.body);
    expect(res.headers.get("content-length")).toBe(String(Buffer.byteLength(expected.body)));
    expect(res.headers.get("vary")).toBe("Accept");
  });

  it("HEAD: same status and headers, no body", async () => {
    const f = errataFetch(errata, () => errors.gone({ id: "1" }));
    const get = await f(new Request("http://localhost/a"));
    const head = await f(new Request("http://localhost/a", { method: "HEAD" }));
    expect(head.status).toBe(410);
    expect(head.body).toBeNull();
    expect(head.headers.get("content-length")).toBe(get.headers.get("content-length"));
  });

  it("adds the token to a Response whose headers are immutable", async () => {
    const f = errataFetch(errata, () => Response.redirect("http://localhost/b", 302));
    const res = await f(new Request("http://localhost/a"));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("http://localhost/b");
    expect(isRequestToken(res.headers.get("x-request-id"))).toBe(true);
    const plain = withToken(new Response("x"), "AAAAAAAAAAAAAAAA");
    expect(plain.headers.get("x-request-id")).toBe("AAAAAAAAAAAAAAAA");
  });

  it("a handler that returns no Response is a generic 500", async () => {
    const f = errataFetch(errata, (() => undefined) as unknown as Parameters<typeof errataFetch>[1]);
    const res = await f(new Request("http://localhost/a"));
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("fetch handler");
  });

  it("bounded body: a chunked body past the limit is 413 with Connection: close", async () => {
    const f = errataFetch(errata, async (_req, ctx) => Response.json({ n: (await ctx.body()).byteLength }), {
      bodyBytes: 10,
    });
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(4));
        c.close();
      },
    });
    const big = await f(
      new Request("http://localhost/a", { method: "POST", body: stream, duplex: "half" } as RequestInit),
    );
    expect(big.status).toBe(413);
    expect(big.headers.get("connection")).toBe("close");
    const ok = await f(new Request("http://localhost/a", { method: "POST", body: "0123456789" }));
    expect(await ok.json()).toEqual({ n: 10 });
  });

  it("text(): invalid UTF-8 is 400, an unknown charset 415", async () => {
    const f = errataFetch(errata, async (_req, ctx) => new Response(await ctx.text()));
    const bad = await f(
      new Request("http://localhost/a", { method: "POST", body: new Uint8Array([0xff, 0xfe]) }),
    );
    expect(bad.status).toBe(400);
    const cs = await f(
      new Request("http://localhost/a", {
        method: "POST",
        body: "x",
        headers: { "content-type": "text/plain; charset=shift_jis" },
      }),
    );
    expect(cs.status).toBe(415);
    const latin = await f(
      new Request("http://localhost/a", {
        method: "POST",
        body: new Uint8Array([0xe9]),
        headers: { "content-type": "text/plain; charset=iso-8859-1" },
      }),
    );
    expect(await latin.text()).toBe("é");
  });

  it("ctx.check gives route-level guards to handlers that route themselves", async () => {
    const f = errataFetch(
      errata,
      (_req, ctx) => ctx.check({ produces: ["application/json"] }) ?? new Response("ok"),
    );
    expect((await f(new Request("http://localhost/a", { headers: { accept: "text/html" } }))).status).toBe(
      406,
    );
    expect(
      (await f(new Request("http://localhost/a", { headers: { accept: "application/json" } }))).status,
    ).toBe(200);
  });
});

describe("sizes", () => {
  it("utf8Length equals the encoded length for any string, lone surrogates included", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme" }),
        fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
        (a, b) => {
          expect(utf8Length(a)).toBe(new TextEncoder().encode(a).byteLength);
          expect(utf8Length(b)).toBe(new TextEncoder().encode(b).byteLength);
        },
      ),
    );
  });

  it("headersBytes counts `name: value\\r\\n` per field", () => {
    expect(headersBytes(new Headers({ a: "1", bb: "22" }))).toBe(1 + 1 + 4 + 2 + 2 + 4);
  });
});
