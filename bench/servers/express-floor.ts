/**
 * Express 5's floor: the route writes the precomputed bare body itself (no error, no token, no
 * serialisation, one `writeHead`). Nothing answered by an Express route can be cheaper: it bounds
 * the ratio any error path on Express can reach against express-http-errors.ts.
 * @module
 */
import { createServer } from "node:http";
import express from "express";
import { BENCH_PATH, serve } from "./common.js";

const body = Buffer.from(process.env.BENCH_BODY ?? "{}");
const headers = [
  "Content-Type",
  "application/problem+json",
  "X-Request-Id",
  "AAAAAAAAAAAAAAAA",
  "Content-Length",
  String(body.length),
];
const app = express();
app.get(BENCH_PATH, (_req, res) => {
  res.writeHead(404, headers);
  res.end(body);
});
serve(createServer(app));
