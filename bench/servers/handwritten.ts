/**
 * A careful hand-written error path: `JSON.stringify` of the problem per request, a crypto token
 * (`randomBytes`), and the headers written once with `Content-Length` (so the wire bytes match the
 * other servers' and nothing is chunked).
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { serve } from "./common.js";

serve(
  createServer((req, res) => {
    const token = randomBytes(12).toString("base64url").slice(0, 16);
    const body = JSON.stringify({
      type: "https://x.io/e/bench/3001",
      title: "Not Found",
      status: 404,
      detail: "The requested entity does not exist.",
      instance: req.url,
      code: 3001,
      requestId: token,
    });
    res.writeHead(404, [
      "Content-Type",
      "application/problem+json",
      "X-Request-Id",
      token,
      "Content-Length",
      String(Buffer.byteLength(body)),
    ]);
    res.end(body);
  }),
);
