/**
 * A raw HTTP/1.1 client for the wire suite: exact headers (no fetch normalisation), declared but
 * unsent bodies, chunked uploads past the limit, HEAD — one new connection per request.
 * @module
 */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";

export interface WireResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface WireRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A body sent with Content-Length. */
  readonly body?: string;
  /** Declare this Content-Length and send no body: the server must answer without reading it. */
  readonly declaredLength?: number;
  /** Send this many bytes chunked (Transfer-Encoding: chunked), in 64 KiB chunks, until the server answers. */
  readonly chunkedBytes?: number;
}

/** Sends one request on a fresh connection and reads the whole response. */
export function send(port: number, r: WireRequest): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...r.headers };
    if (r.body !== undefined) headers["content-length"] = String(Buffer.byteLength(r.body));
    if (r.declaredLength !== undefined) headers["content-length"] = String(r.declaredLength);
    if (r.chunkedBytes !== undefined) headers["transfer-encoding"] = "chunked";
    const req = httpRequest({
      host: "127.0.0.1",
      port,
      method: r.method ?? "GET",
      path: r.path,
      headers,
      agent: false,
    });
    let answered = false;
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no response to ${r.method ?? "GET"} ${r.path.slice(0, 80)} in 10 s`));
    }, 10_000);
    req.on("response", (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        });
        req.destroy();
      });
      res.on("error", reject);
    });
    req.on("error", (e) => {
      // The server may close the connection while a large upload is still being written: the
      // response already read is what counts.
      if (!answered) {
        clearTimeout(timer);
        reject(e);
      }
    });
    if (r.declaredLength !== undefined) {
      req.flushHeaders();
      return;
    }
    if (r.chunkedBytes !== undefined) {
      const chunk = Buffer.alloc(64 * 1024, "a");
      let left = r.chunkedBytes;
      const pump = (): void => {
        while (left > 0 && !answered && !req.destroyed) {
          const n = Math.min(left, chunk.length);
          left -= n;
          if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
            req.once("drain", pump);
            return;
          }
        }
        if (left <= 0 && !req.destroyed) req.end();
      };
      pump();
      return;
    }
    req.end(r.body);
  });
}
