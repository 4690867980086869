/**
 * The wire fixture as a fetch handler (`errata/fetch`), served on node:http by
 * `@hono/node-server`'s request listener — as Bun, Deno or a worker would call it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { errataFetch } from "../../../src/adapters/fetch/index.js";
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

export async function startFetch(): Promise<WireServer> {
  const { errata, events } = makeErrata();
  const limit = limitGuard((req: Request) => req.headers.get("x-client") ?? undefined);
  const handler = errataFetch(errata, async (req, ctx) => {
    const m = req.method === "HEAD" ? "GET" : req.method;
    const parts = ctx.path.split("/").filter((s) => s !== "");
    const [first, second] = parts;
    // A handler routes itself: this tiny router stands for whatever the app uses.
    if (first === "orders" && parts.length === 2 && second !== undefined) {
      const id = decodeURIComponent(second);
      if (m === "GET") {
        if (id !== "1") throw shop.orderNotFound({ id });
        return Response.json({ id });
      }
      if (m === "PUT") return new Response(null, { status: 204 });
      return methodNotAllowed(errata, ["GET", "HEAD", "PUT"]);
    }
    if (first === "orders" && parts.length === 1) {
      if (m !== "POST") return methodNotAllowed(errata, ["POST"]);
      const refused = ctx.check({ accepts: [JSON_TYPE] });
      if (refused !== null) return refused;
      const { body } = await ctx.validate({ body: OrderInput });
      return Response.json(body, { status: 201 });
    }
    if (parts.length === 1 && m === "GET") {
      if (first === "search") {
        const { query } = await ctx.validate({ query: SearchQuery });
        return Response.json({ rows: Number(query.rows) });
      }
      if (first === "returned") return shop.outOfStock({ item: "apple" });
      if (first === "limited") return (await limit(req, errata)) ?? Response.json({ ok: true });
    }
    if (parts.length === 2 && m === "GET" && first === "throw") throw thrown(second);
    if (parts.length === 2 && m === "GET" && first === "reject") {
      await Promise.resolve();
      throw thrown(second);
    }
    return errata.guard("notFound");
  });
  // As errata's node server does: Node's own header limit above errata's, so errata answers 431.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, getRequestListener(handler));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    events,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
