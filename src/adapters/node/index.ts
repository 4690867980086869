/**
 * `errata/node`: the node:http adapter — a router-aware request listener with CONTRACT §3's
 * guards, a server factory that answers Node's own parser errors, and a wrapper for plain handlers.
 * @module
 */
export type { Handler, HandlerResult, JsonBody, Reply, RouteContext } from "./context.js";
export { createHandler, type NodeHandlerOptions, type RequestListener, sendError } from "./handler.js";
export {
  createRouter,
  type Match,
  type Method,
  matchRoute,
  type Route,
  type RouteOptions,
  type Router,
  type RouterOptions,
} from "./router.js";
export { createServer, type ErrataServerOptions, handleClientErrors, rawErrorResponse } from "./server.js";
export { type PlainHandler, withErrata } from "./wrap.js";
