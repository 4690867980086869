/**
 * Fastify 5's error-path floor: the async route throws a prebuilt plain object and the error
 * handler sends the precomputed bare body (no error construction, no token, no serialisation).
 * No error path on Fastify that throws can be cheaper: it bounds the ratio any library on Fastify
 * can reach against fastify-own.ts, which throws too.
 * @module
 */
import Fastify from "fastify";
import { BENCH_PATH, serve } from "./common.js";

const body = Buffer.from(process.env.BENCH_BODY ?? "{}");
const prebuilt = { statusCode: 404 };
const app = Fastify({ logger: false });
app.get(BENCH_PATH, async () => {
  throw prebuilt;
});
app.setErrorHandler((_err, _req, reply) => {
  void reply
    .code(404)
    .header("content-type", "application/problem+json")
    .header("x-request-id", "AAAAAAAAAAAAAAAA")
    .send(body);
});
await app.ready();
serve(app.server);
