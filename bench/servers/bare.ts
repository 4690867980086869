/** The limit: bare node:http writing a precomputed body. */
import { createServer } from "node:http";
import { serve } from "./common.js";

const body = Buffer.from(process.env.BENCH_BODY ?? "{}");
const headers = [
  "Content-Type",
  "application/problem+json",
  "X-Request-Id",
  "AAAAAAAAAAAAAAAA",
  "Content-Length",
  String(body.length),
];
serve(
  createServer((_req, res) => {
    res.writeHead(404, headers);
    res.end(body);
  }),
);
