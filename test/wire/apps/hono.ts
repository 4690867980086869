/** The wire fixture on Hono 4 with `errata/hono`, served by `@hono/node-server`. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { errataHono } from "../../../src/adapters/hono/index.js";
import { methodNotAllowed } from "../../../src/guards/request.js";
import {
  JSON_TYPE,
  limitGuard,
  makeErrata,
  OrderInput,
  SearchQuery,
  shop,
  thrown,
  type WireServer,
} from "../fixture.js";

export async function startHono(): Promise<WireServer> {
  const { errata, events } = makeErrata();
  const x = errataHono(errata);
  const app = new Hono();
  app.use(x.middleware);
  app.get("/orders/:id", (c) => {
    const id = c.req.param("id");
    if (id !== "1") throw shop.orderNotFound({ id });
    return c.json({ id });
  });
  app.put("/orders/:id", (c) => c.body(null, 204));
  // Hono has no 405 of its own: the other methods of a known path say so.
  app.all("/orders/:id", () => {
    throw methodNotAllowed(errata, ["GET", "HEAD", "PUT"]);
  });
  app.post("/orders", x.route({ accepts: [JSON_TYPE] }), async (c) => {
    const { body } = await x.validate(c, { body: OrderInput });
    return c.json(body, 201);
  });
  app.all("/orders", () => {
    throw methodNotAllowed(errata, ["POST"]);
  });
  app.get("/search", async (c) => {
    const { query } = await x.validate(c, { query: SearchQuery });
    return c.json({ rows: Number(query.rows) });
  });
  app.get("/returned", () => {
    throw shop.outOfStock({ item: "apple" });
  });
  app.get("/throw/:kind", (c) => {
    throw thrown(c.req.param("kind"));
  });
  app.get("/reject/:kind", async (c) => {
    await Promise.resolve();
    throw thrown(c.req.param("kind"));
  });
  app.get("/limited", x.rateLimit(limitGuard((c: Context) => c.req.header("x-client"))), (c) =>
    c.json({ ok: true }),
  );
  app.onError(x.onError);
  app.notFound(x.notFound);
  const server = createServer({ maxHeaderSize: 64 * 1024 }, getRequestListener(app.fetch));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    events,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
