/**
 * Express 5's error-path floor: the route throws a prebuilt plain object and an error middleware
 * writes the precomputed bare body (no error construction, no token, no serialisation). No error
 * path on Express that throws can be cheaper: it bounds the ratio any library on Express can reach
 * against express-http-errors.ts, which throws too.
 * @module
 */
import { createServer } from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";
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
const prebuilt = { status: 404 };
const app = express();
app.get(BENCH_PATH, () => {
  throw prebuilt;
});
app.use((_err: unknown, _req: Request, res: Response, _next: NextFunction) => {
  res.writeHead(404, headers);
  res.end(body);
});
serve(createServer(app));
