/**
 * `errata/guards`: the request guards every adapter shares (CONTRACT §3) — limits, the 414 / 431
 * / 413 / 415 / 406 decisions, 405 with `Allow` — and the rate-limit guard. For adapters and for
 * apps that route themselves (a fetch handler, an `app.all()` route).
 * @module
 */
export {
  charsetOf,
  DEFAULT_LIMITS,
  headerSectionBytes,
  type Limits,
  mediaTypeAccepted,
  mediaTypeOf,
} from "./limits.js";
export {
  type DecisionSource,
  type RateLimitErrorBuilder,
  type RateLimitGuard,
  type RateLimitGuardOptions,
  rateLimitGuard,
} from "./rate-limit.js";
export {
  allowList,
  announcesBody,
  checkEarly,
  checkRoute,
  closesConnection,
  declaresTooLarge,
  type EarlyGuardKind,
  headerPairsBytes,
  methodNotAllowed,
  type RouteGuardKind,
  type RouteRules,
  renderError,
  renderGuard,
  renderNotAcceptable,
} from "./request.js";
