import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createErrata, defineCatalog, isRequestToken } from "../../index.js";
import { errataHono } from "./index.js";

const errors = defineCatalog(
  { id: "shop" },
  { gone: { code: 3010, status: 410, message: "Order {id} is gone" } },
);
const errata = createErrata({ catalogs: [errors] });

function app() {
  const x = errataHono(errata);
  const a = new Hono();
  a.use(x.middleware);
  a.onError(x.onError);
  a.notFound(x.notFound);
  return { a, x };
}

describe("errataHono", () => {
  it("sends the token on successes built any way, and gives it to handlers", async () => {
    const { a, x } = app();
    a.get("/json", (c) => c.json({ token: x.token(c) }));
    a.get("/raw", () => new Response("raw"));
    const j = await a.request("/json");
    expect((await j.json()).token).toBe(j.headers.get("x-request-id"));
    const r = await a.request("/raw");
    expect(isRequestToken(r.headers.get("x-request-id"))).toBe(true);
  });

  it("renders thrown catalog errors and non-Error throwables (Hono's onError sees only Errors)", async () => {
    const { a } = app();
    a.get("/gone/:id", (c) => {
      throw errors.gone({ id: c.req.param("id") });
    });
    a.get("/string", () => {
      throw "SELECT secret";
    });
    const g = await a.request("/gone/5");
    expect(g.status).toBe(410);
    expect(await g.json()).toMatchObject({
      code: 3010,
      detail: "Order 5 is gone",
      requestId: g.headers.get("x-request-id"),
    });
    const s = await a.request("/string");
    expect(s.status).toBe(500);
    expect(await s.text()).not.toContain("SELECT");
  });

  it("notFound and the per-route guards", async () => {
    const { a, x } = app();
    a.post("/in", x.route({ accepts: ["application/json"] }), (c) => c.text("ok"));
    const nf = await a.request("/missing");
    expect([nf.status, (await nf.json()).code]).toEqual([404, "not_found"]);
    const media = await a.request("/in", {
      method: "POST",
      body: "x",
      headers: { "content-type": "text/plain" },
    });
    expect(media.status).toBe(415);
    const accept = await a.request("/in", { method: "POST", body: "{}", headers: { accept: "image/png" } });
    expect(accept.status).toBe(406);
  });
});
