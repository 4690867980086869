/** The wire fixture on Fastify 5 with the `errata/fastify` plugin. */
import type { AddressInfo } from "node:net";
import Fastify, { type FastifyRequest } from "fastify";
import { errataFastify, rateLimitHook, validateRequest } from "../../../src/adapters/fastify/index.js";
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

export async function startFastify(): Promise<WireServer> {
  const { errata, events } = makeErrata();
  // As errata's node server does: Node's own header limit above errata's, so errata answers 431.
  const app = Fastify({ http: { maxHeaderSize: 64 * 1024 } });
  await app.register(errataFastify, { errata });
  app.get<{ Params: { id: string } }>("/orders/:id", async (req) => {
    if (req.params.id !== "1") throw shop.orderNotFound({ id: req.params.id });
    return { id: req.params.id };
  });
  app.put("/orders/:id", async (_req, reply) => reply.code(204).send());
  app.post("/orders", { config: { errata: { accepts: [JSON_TYPE] } } }, async (req, reply) => {
    const { body } = await validateRequest(errata, req, { body: OrderInput });
    return reply.code(201).send(body);
  });
  app.get("/search", async (req) => {
    const { query } = await validateRequest(errata, req, { query: SearchQuery });
    return { rows: Number(query.rows) };
  });
  app.get("/returned", async () => shop.outOfStock({ item: "apple" }));
  app.get<{ Params: { kind: string } }>("/throw/:kind", (req) => {
    throw thrown(req.params.kind);
  });
  app.get<{ Params: { kind: string } }>("/reject/:kind", async (req) => {
    await Promise.resolve();
    throw thrown(req.params.kind);
  });
  app.get(
    "/limited",
    {
      onRequest: rateLimitHook(
        errata,
        limitGuard((req: FastifyRequest) => clientHeader(req.headers)),
      ),
    },
    async () => ({ ok: true }),
  );
  await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    port: (app.server.address() as AddressInfo).port,
    events,
    close: () => app.close(),
  };
}
