/**
 * A node:http server with errata's limits wired in, including the errors Node raises before a
 * request object exists: oversized header sections (Node's `clientError` with
 * `HPE_HEADER_OVERFLOW`) get a real 431 — or 414 when it is the request line that is too long —
 * instead of a dropped socket; a request that is not received in time gets 408; unparsable
 * requests get 400. All in problem+json with a request token.
 * @module
 */
import { createServer as createHttpServer, type Server, type ServerOptions } from "node:http";
import type { Socket } from "node:net";
import { reasonPhrase } from "../../catalog/status.js";
import type { Errata, GuardKind } from "../../core/errata.js";
import { DEFAULT_LIMITS, type Limits } from "../../guards/limits.js";
import { requestToken } from "../../token/index.js";
import { createHandler, type NodeHandlerOptions } from "./handler.js";

export interface ErrataServerOptions extends NodeHandlerOptions {
  /** Options passed to `http.createServer` (errata raises `maxHeaderSize` so it can answer 431 itself). */
  readonly server?: ServerOptions;
  /** Time allowed to receive the request headers (→ 408). Default 10 s. */
  readonly headersTimeoutMs?: number;
  /** Time allowed to receive the whole request (→ 408). Default 30 s. */
  readonly requestTimeoutMs?: number;
}

/** Node's own limit is set well above errata's, so errata's checks answer first with a proper response. */
const NODE_MAX_HEADER_SIZE = 64 * 1024;

/** Serialises a rendered error as a raw HTTP/1.1 response for a socket that has no ServerResponse. */
export function rawErrorResponse(errata: Errata, kind: GuardKind, token: string): string {
  const r = errata.handle(errata.guard(kind), { method: "GET", path: "", headers: {}, token });
  let head = `HTTP/1.1 ${r.status} ${reasonPhrase(r.status)}\r\n`;
  const h = r.headers;
  for (let i = 0; i + 1 < h.length; i += 2) head += `${h[i]}: ${h[i + 1]}\r\n`;
  head += `Date: ${new Date().toUTCString()}\r\nX-Request-Id: ${token}\r\nContent-Length: ${Buffer.byteLength(r.body)}\r\nConnection: close\r\n\r\n`;
  return head + r.body;
}

/** Which guard answers a Node parser error. */
function kindForClientError(
  err: NodeJS.ErrnoException & { rawPacket?: Buffer },
  limits: Limits,
): GuardKind | null {
  switch (err.code) {
    case "HPE_HEADER_OVERFLOW": {
      // 414 when it is the request line that overflowed, else 431. Node hands over only the chunk
      // being parsed: llhttp reports the overflow when the URL span ends, so a chunk whose unparsed
      // rest starts with " HTTP/" overflowed in the request-target; so did a chunk that starts with
      // a method and has no line end at all. A huge target split across several chunks is reported
      // mid-span and looks like any long header line: that rare case gets 431.
      const raw = err.rawPacket;
      const parsed = (err as unknown as { bytesParsed?: unknown }).bytesParsed;
      const at = typeof parsed === "number" ? parsed : 0;
      if (raw) {
        if (raw.toString("latin1", at, at + 6) === " HTTP/") return "uriTooLong";
        const eol = raw.indexOf("\r\n");
        if (
          (eol < 0 ? raw.length : eol) > limits.uriBytes &&
          /^[A-Z]{3,10} \S/.test(raw.toString("latin1", 0, 12))
        ) {
          return "uriTooLong";
        }
      }
      return "headersTooLarge";
    }
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return "requestTimeout";
    case "ECONNRESET":
    case "EPIPE":
      return null;
    default:
      return "badRequest";
  }
}

/** Answers Node's `clientError`s with errata responses. */
export function handleClientErrors(server: Server, errata: Errata, limits: Partial<Limits> = {}): void {
  const l: Limits = { ...DEFAULT_LIMITS, ...limits };
  server.on("clientError", (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    const kind = kindForClientError(err, l);
    if (kind === null || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(rawErrorResponse(errata, kind, requestToken()));
  });
}

/**
 * Creates a node:http server running errata's request listener.
 * @example
 * ```ts
 * const server = createServer({ errata, routers: [api] });
 * server.listen(3000, "127.0.0.1");
 * ```
 */
export function createServer(options: ErrataServerOptions): Server {
  const headersMs = options.headersTimeoutMs ?? 10_000;
  const server = createHttpServer(
    {
      maxHeaderSize: NODE_MAX_HEADER_SIZE,
      // Node checks timeouts on this interval (default 30 s): check often enough that a slow client
      // gets its 408 close to the configured time.
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(headersMs / 4))),
      ...options.server,
    },
    createHandler(options),
  );
  server.headersTimeout = headersMs;
  server.requestTimeout = options.requestTimeoutMs ?? 30_000;
  handleClientErrors(server, options.errata, options.limits);
  return server;
}
