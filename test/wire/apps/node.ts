/** The wire fixture on errata's node:http adapter. */
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createRouter, createServer } from "../../../src/adapters/node/index.js";
import { validateContext } from "../../../src/validate/node.js";
import {
  clientHeader,
  JSON_TYPE,
  limitGuard,
  makeErrata,
  OrderInput,
  SearchQuery,
  shop,
  thrown,
  type WireServer,
} from "../fixture.js";

export async function startNode(): Promise<WireServer> {
  const { errata, events } = makeErrata();
  const limit = limitGuard((req: IncomingMessage) => clientHeader(req.headers));
  const api = createRouter({ errata })
    .get("/orders/:id", (ctx) => {
      if (ctx.params.id !== "1") throw shop.orderNotFound({ id: ctx.params.id ?? "" });
      return { body: { id: ctx.params.id } };
    })
    .put("/orders/:id", () => ({ status: 204 }))
    .post(
      "/orders",
      async (ctx) => {
        const { body } = await validateContext(ctx, { body: OrderInput });
        return { status: 201, body };
      },
      { accepts: [JSON_TYPE] },
    )
    .get("/search", async (ctx) => {
      const { query } = await validateContext(ctx, { query: SearchQuery });
      return { body: { rows: Number(query.rows) } };
    })
    .get("/returned", () => shop.outOfStock({ item: "apple" }))
    .get("/throw/:kind", (ctx) => {
      throw thrown(ctx.params.kind);
    })
    .get("/reject/:kind", async (ctx) => {
      await Promise.resolve();
      throw thrown(ctx.params.kind);
    })
    .get("/limited", async (ctx) => {
      const refused = await limit(ctx.req, ctx.errata);
      return refused ?? { body: { ok: true } };
    });
  const server = createServer({ errata, routers: [api] });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    events,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
