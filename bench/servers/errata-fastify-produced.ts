/**
 * errata on Fastify 5, the error produced: no route matches, errata's not-found handler answers
 * (after probing Fastify's router for a 405, as it does for every unknown path).
 * @module
 */
import Fastify from "fastify";
import { errataFastify } from "../../src/adapters/fastify/index.js";
import { benchErrata } from "./catalog.js";
import { serve } from "./common.js";

const app = Fastify({ logger: false });
await app.register(errataFastify, { errata: benchErrata });
// One real route, so the 404 path is the one of an app that has routes (as errata-node-produced).
app.get("/api/x", async () => "ok");
await app.ready();
serve(app.server);
