/**
 * What a route handler receives, and what it may return.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Errata } from "../../core/errata.js";
import { ErrataError } from "../../errors/errata-error.js";
import type { RequestView } from "../../formats/types.js";
import { charsetOf } from "../../guards/limits.js";

/** A JSON-serialisable value a handler may return as a body. */
export type JsonBody = { readonly [k: string]: unknown } | readonly unknown[];

/** A success (or hand-made) response. Objects and arrays are sent as JSON. */
export interface Reply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array | JsonBody | null;
}

/** A handler returns a Reply, returns (or throws) an ErrataError, or writes `ctx.res` itself and returns nothing. */
export type HandlerResult = Reply | ErrataError | undefined;

export type Handler = (ctx: RouteContext) => HandlerResult | Promise<HandlerResult>;

/** The request as a route handler sees it. */
export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  /** Parsed query string. */
  readonly query: URLSearchParams;
  /** The request token (also in `X-Request-Id`). */
  readonly token: string;
  /** The negotiated response media type. */
  readonly mediaType: string;
  /** The route's errata instance. */
  readonly errata: Errata;
  /** Values for the error formats (OAuth `realm`, `authScheme`, `scope`; …) and for the event. */
  readonly locals: Record<string, unknown>;
  /** Client id for the error event, when the handler learned it. */
  clientId: string | null;
  /** The raw body (bounded by the route's limit: 413 beyond). */
  body(): Promise<Buffer>;
  /** The body as text (UTF-8; a body that is not valid UTF-8 → 400 malformed body). */
  text(): Promise<string>;
  /** The body parsed as JSON (broken JSON → 400 malformed body). */
  json(): Promise<unknown>;
  /** The body parsed as `application/x-www-form-urlencoded`. */
  form(): Promise<URLSearchParams>;
  /** The request view errata renders errors with. */
  view(): RequestView;
}

/** Marks an ErrataError raised while reading a body past its limit: the connection must close. */
export const CLOSE_CONNECTION = Symbol("errata.closeConnection");

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Reads a request body up to `limit` bytes; past it, rejects with the 413 guard error and stops reading. */
export function readBody(req: IncomingMessage, limit: number, errata: Errata): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        cleanup();
        req.pause();
        const e = errata.guard("payloadTooLarge");
        (e as unknown as Record<symbol, boolean>)[CLOSE_CONNECTION] = true;
        reject(e);
        return;
      }
      chunks.push(c);
    };
    const onEnd = () => {
      if (done) return;
      done = true;
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      if (done) return;
      done = true;
      cleanup();
      // An aborted or broken upload is a client problem: 400, never a 500 with the socket error's text.
      reject(errata.guard("malformedBody", undefined, { cause: err }));
    };
    const onAborted = () => onError(new Error("request aborted"));
    function cleanup() {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
    }
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
  });
}

/** Decodes a body as text: UTF-8 (or US-ASCII / ISO-8859-1 when declared); anything else → 415. */
export function decodeText(buf: Buffer, contentType: string | undefined, errata: Errata): string {
  const cs = charsetOf(contentType);
  if (cs === undefined || cs === "utf-8" || cs === "utf8" || cs === "us-ascii") {
    try {
      return UTF8.decode(buf);
    } catch (cause) {
      throw errata.guard("malformedBody", undefined, { cause });
    }
  }
  if (cs === "iso-8859-1" || cs === "latin1") return buf.toString("latin1");
  throw errata.guard("unsupportedMediaType");
}

/** Parses JSON text; broken JSON is the malformed-body guard error (400), never a 500. */
export function parseJson(text: string, errata: Errata): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw errata.guard("malformedBody", undefined, { cause });
  }
}

export { ErrataError };
