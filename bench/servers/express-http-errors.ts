/** Express 5 with http-errors: the handler throws createError(404) and an error middleware renders it. */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";
import createError from "http-errors";
import { BENCH_PATH, serve } from "./common.js";

const app = express();
app.get(BENCH_PATH, () => {
  throw createError(404, "The requested entity does not exist.");
});
app.use((err: createError.HttpError, req: Request, res: Response, _next: NextFunction) => {
  const token = randomBytes(12).toString("base64url").slice(0, 16);
  res
    .status(err.status)
    .set("X-Request-Id", token)
    .type("application/problem+json")
    .send(
      JSON.stringify({
        type: "https://x.io/e/bench/3001",
        title: "Not Found",
        status: 404,
        detail: err.message,
        instance: req.url,
        code: 3001,
        requestId: token,
      }),
    );
});
serve(createServer(app));
