/**
 * errata on Express 5, the handler throws the catalog error; errata's error handler renders it
 * (the same route shape as express-http-errors.ts).
 * @module
 */
import { createServer } from "node:http";
import express from "express";
import { errataExpress } from "../../src/adapters/express/index.js";
import { benchErrata, benchErrors } from "./catalog.js";
import { BENCH_PATH, serve } from "./common.js";

const app = express();
const x = errataExpress(benchErrata);
app.use(x.guards);
app.get(BENCH_PATH, () => {
  throw benchErrors.entityNotFound();
});
app.use(x.notFound, x.errorHandler);
serve(createServer(app));
