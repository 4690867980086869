/** Fastify 5's own error path: a handler throws a 404 and setErrorHandler renders it. */

import { randomBytes } from "node:crypto";
import Fastify from "fastify";
import { BENCH_PATH, serve } from "./common.js";

const app = Fastify({ logger: false });
class NotFound extends Error {
  statusCode = 404;
}
app.get(BENCH_PATH, async () => {
  throw new NotFound("The requested entity does not exist.");
});
app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
  const token = randomBytes(12).toString("base64url").slice(0, 16);
  void reply
    .code(err.statusCode ?? 500)
    .header("X-Request-Id", token)
    .type("application/problem+json")
    .send({
      type: "https://x.io/e/bench/3001",
      title: "Not Found",
      status: 404,
      detail: err.message,
      instance: req.url,
      code: 3001,
      requestId: token,
    });
});
await app.ready();
serve(app.server);
