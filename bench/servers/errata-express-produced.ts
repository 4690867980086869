/**
 * errata on Express 5, the error produced: no route matches, errata's `notFound` answers (after
 * matching the path against the router stack for a 405, as it does for every unknown path).
 * @module
 */
import { createServer } from "node:http";
import express from "express";
import { errataExpress } from "../../src/adapters/express/index.js";
import { benchErrata } from "./catalog.js";
import { serve } from "./common.js";

const app = express();
const x = errataExpress(benchErrata);
app.use(x.guards);
// One real route, so the 404 path is the one of an app that has routes (as errata-node-produced).
app.get("/api/x", (_req, res) => {
  res.send("ok");
});
app.use(x.notFound, x.errorHandler);
serve(createServer(app));
