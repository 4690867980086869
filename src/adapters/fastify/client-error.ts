/**
 * Fastify's `clientErrorHandler` for errata. Node rejects some requests before any request object
 * exists (a header section past `maxHeaderSize`, a timeout, broken HTTP): Fastify answers those
 * with its own bare JSON. This hands them to the node:http adapter's handling instead — a real
 * 431 (or 414 when the request line is what overflowed), 408 or 400 in problem+json with a token.
 * @module
 */
import { EventEmitter } from "node:events";
import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { Errata } from "../../core/errata.js";
import type { Limits } from "../../guards/limits.js";
import { handleClientErrors } from "../node/server.js";

/** A `clientErrorHandler` for `Fastify({ clientErrorHandler })`, answering as errata's node:http server does. */
export function errataClientErrorHandler(
  errata: Errata,
  limits: Partial<Limits> = {},
): (error: Error, socket: Socket) => void {
  // Reuse the node adapter's listener as is (one decision table for every server), by letting it
  // register on a stand-in emitter and keeping the listener it registered.
  const stand = new EventEmitter();
  handleClientErrors(stand as unknown as Server, errata, limits);
  const listener = stand.listeners("clientError")[0] as (error: Error, socket: Socket) => void;
  return (error, socket) => listener(error, socket);
}
