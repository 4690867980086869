/**
 * errata on Fastify 5, the handler throws the catalog error; errata's error handler renders it.
 * The handler is async, as in fastify-own.ts, so both go through the same rejection path.
 * @module
 */
import Fastify from "fastify";
import { errataFastify } from "../../src/adapters/fastify/index.js";
import { benchErrata, benchErrors } from "./catalog.js";
import { BENCH_PATH, serve } from "./common.js";

const app = Fastify({ logger: false });
await app.register(errataFastify, { errata: benchErrata });
app.get(BENCH_PATH, async () => {
  throw benchErrors.entityNotFound();
});
await app.ready();
serve(app.server);
