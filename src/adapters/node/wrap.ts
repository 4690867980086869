/**
 * Wrapping one plain node:http handler: throws and rejections become errata responses.
 * For apps that route themselves and want only the error path.
 *
 * @example
 * ```ts
 * http.createServer(withErrata(errata, async (req, res) => {
 *   throw errors.entityNotFound();
 * }));
 * ```
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Errata } from "../../core/errata.js";
import { requestToken } from "../../token/index.js";
import { sendError } from "./handler.js";

export type PlainHandler = (req: IncomingMessage, res: ServerResponse, token: string) => void | Promise<void>;

/** Wraps a handler: sets `X-Request-Id`, and renders anything it throws or rejects with. */
export function withErrata(
  errata: Errata,
  handler: PlainHandler,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const token = requestToken();
    const start = performance.now();
    res.setHeader("X-Request-Id", token);
    const onError = (e: unknown) => {
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const r = errata.handle(e, {
        method: req.method ?? "GET",
        path: q < 0 ? url : url.slice(0, q),
        headers: req.headers,
        token,
        startTime: start,
      });
      sendError(res, r, token, req.method === "HEAD", false);
    };
    try {
      const p = handler(req, res, token);
      if (p && typeof p.then === "function") p.then(undefined, onError);
    } catch (e) {
      onError(e);
    }
  };
}
