/**
 * Real-socket HTTP helpers for wire tests: a plain request (node:http, no client magic) and a raw
 * socket exchange for what clients refuse to send (oversized heads, broken framing).
 * @module
 */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";

export interface WireResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface WireRequest {
  readonly method?: string;
  readonly headers?: Record<string, string | string[]>;
  readonly body?: string | Buffer;
}

/** One request over a fresh connection; resolves with status, headers and the body as text. */
export function wire(url: string, req: WireRequest = {}): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const r = httpRequest(url, { method: req.method ?? "GET", headers: req.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      res.on("error", reject);
    });
    r.on("error", reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/** Sends raw bytes and collects everything until the server closes (or `timeoutMs`). */
export function rawExchange(port: number, data: string | Buffer, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      s.destroy();
      resolve(Buffer.concat(chunks).toString("latin1"));
    }, timeoutMs);
    s.on("data", (c) => chunks.push(c));
    s.on("error", (e) => {
      clearTimeout(timer);
      if (chunks.length) resolve(Buffer.concat(chunks).toString("latin1"));
      else reject(e);
    });
    s.on("close", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("latin1"));
    });
    s.write(data);
  });
}

/** Splits a raw HTTP/1.1 response into status, lowercase headers and body. */
export function parseRaw(raw: string): WireResponse {
  const end = raw.indexOf("\r\n\r\n");
  const head = end < 0 ? raw : raw.slice(0, end);
  const body = end < 0 ? "" : raw.slice(end + 4);
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers: IncomingHttpHeaders = {};
  for (const l of lines) {
    const i = l.indexOf(":");
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body };
}

export const TOKEN_RE = /^[A-Za-z0-9]{16}$/;
