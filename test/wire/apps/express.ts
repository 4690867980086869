/** The wire fixture on Express 5 with `errata/express`. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { errataExpress } from "../../../src/adapters/express/index.js";
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

export async function startExpress(): Promise<WireServer> {
  const { errata, events } = makeErrata();
  const x = errataExpress(errata);
  const app = express();
  app.use(x.guards);
  app.get("/orders/:id", (req, res) => {
    if (req.params.id !== "1") throw shop.orderNotFound({ id: req.params.id });
    res.json({ id: req.params.id });
  });
  app.put("/orders/:id", (_req, res) => {
    res.status(204).end();
  });
  app.post(
    "/orders",
    x.route({ accepts: [JSON_TYPE] }),
    express.json(),
    x.wrap(async (req, res) => {
      const { body } = await x.validate(req, { body: OrderInput });
      res.status(201).json(body);
    }),
  );
  app.get(
    "/search",
    x.wrap(async (req, res) => {
      const { query } = await x.validate(req, { query: SearchQuery });
      res.json({ rows: Number(query.rows) });
    }),
  );
  app.get("/returned", (_req, _res, next) => next(shop.outOfStock({ item: "apple" })));
  app.get(
    "/throw/:kind",
    x.wrap((req) => {
      throw thrown(req.params.kind);
    }),
  );
  app.get(
    "/reject/:kind",
    x.wrap(async (req) => {
      await Promise.resolve();
      throw thrown(req.params.kind);
    }),
  );
  app.get(
    "/limited",
    x.rateLimit(limitGuard((req: express.Request) => clientHeader(req.headers))),
    (_req, res) => {
      res.json({ ok: true });
    },
  );
  app.use(x.notFound, x.errorHandler);
  // As errata's node server does: Node's own header limit above errata's, so errata answers 431.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    events,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
