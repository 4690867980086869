/** Hono on @hono/node-server: the handler throws HTTPException(404), onError renders it. */
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { serve as honoServe } from "@hono/node-server";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { BENCH_PATH } from "./common.js";

const app = new Hono();
app.get(BENCH_PATH, () => {
  throw new HTTPException(404, { message: "The requested entity does not exist." });
});
app.onError((err, c) => {
  const token = randomBytes(12).toString("base64url").slice(0, 16);
  const status = err instanceof HTTPException ? err.status : 500;
  return c.body(
    JSON.stringify({
      type: "https://x.io/e/bench/3001",
      title: "Not Found",
      status,
      detail: err.message,
      instance: c.req.path,
      code: 3001,
      requestId: token,
    }),
    status,
    { "Content-Type": "application/problem+json", "X-Request-Id": token },
  );
});
const port = Number(process.env.PORT ?? 0);
const server = honoServe({ fetch: app.fetch, port, hostname: "127.0.0.1" }, (info) => {
  process.send?.({ type: "ready", port: info.port });
}) as Server;
server.keepAliveTimeout = 60_000;
process.on("message", (m: { type?: string }) => {
  if (m?.type === "cpu") process.send?.({ type: "cpu", usage: process.cpuUsage() });
});
process.on("disconnect", () => process.exit(0));
