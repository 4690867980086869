/**
 * `errata/rate-limit`: a framework-independent rate limiter. Named policies, a key per request
 * (client id, address, API key), a store (in-memory by default, or Redis for many processes), and
 * the response headers. Adapters turn a refused decision into the route's catalog error: the status
 * and code come from the catalog (CONTRACT §3.3 Identity Cloud 510, §3.4 OCLC 403, §3.5 OAuth 429).
 *
 * ```ts
 * const limiter = createRateLimiter({
 *   policies: [{ name: "identity", limit: 10, windowMs: 60_000 }],
 * });
 * const d = await limiter.consume(clientId, "identity");
 * // refused: answer with the catalog's limit error (Identity Cloud 510) and these headers
 * if (!d.allowed) reply(limitError, limiter.headers(d));
 * ```
 *
 * Counting only failures (CONTRACT §3.5: 5 failed client authentications a minute per address):
 * `peek` on every request (refuse while `!allowed`), `consume` only when authentication fails.
 * @module
 */
import { rateLimitHeaders } from "./headers.js";
import { MemoryRateLimitStore, type MemoryStoreOptions } from "./memory.js";
import { definePolicy } from "./policy.js";
import type { Decision, MaybePromise, RateLimitPolicy, RateLimitStore } from "./types.js";

export { EPSILON_MS } from "./algorithms.js";
export { type CoarseClock, coarseClock } from "./clock.js";
export { policyItem, type RateLimitHeaders, rateLimitHeaders, serviceLimitItem } from "./headers.js";
export { MemoryRateLimitStore, type MemoryStoreOptions } from "./memory.js";
export { checkCost, definePolicy } from "./policy.js";
export {
  type CreateRedisStoreOptions,
  createRedisStore,
  RedisRateLimitStore,
  type RedisScriptClient,
  type RedisStoreOptions,
} from "./redis.js";
export type {
  Decision,
  MaybePromise,
  RateLimitAlgorithm,
  RateLimitLogger,
  RateLimitPolicy,
  RateLimitStore,
} from "./types.js";

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions<Req> {
  /** `"memory"` (default) or any store, such as one from `createRedisStore`. */
  readonly store?: "memory" | RateLimitStore;
  /** Options for the in-memory store when `store` is `"memory"` or absent. */
  readonly memory?: MemoryStoreOptions;
  /** The policies, by unique name. */
  readonly policies: readonly RateLimitPolicy[];
  /** The key a request counts under (default {@link clientAddress}). */
  readonly key?: (req: Req) => string;
}

/** A rate limiter: policies by name over one store. */
export interface RateLimiter<Req> {
  readonly store: RateLimitStore;
  /** The validated policies by name. */
  readonly policies: ReadonlyMap<string, Required<RateLimitPolicy>>;
  /** The policy called `name`; throws for an unknown name. */
  policy(name: string): Required<RateLimitPolicy>;
  /** The key `req` counts under. */
  keyOf(req: Req): string;
  /** Counts `cost` units (default 1) for `key` under the policy; refused requests count nothing. */
  consume(key: string, policyName: string, cost?: number): MaybePromise<Decision>;
  /** Whether a `consume` would be admitted now, counting nothing. */
  peek(key: string, policyName: string, cost?: number): MaybePromise<Decision>;
  /** Forgets `key` under the policy. */
  reset(key: string, policyName: string): MaybePromise<void>;
  /** `Retry-After`, `RateLimit` and `RateLimit-Policy` for the decisions made for one request. */
  headers(decisions: Decision | readonly Decision[]): Record<string, string>;
  /** Closes the store. */
  close(): Promise<void>;
}

/**
 * The client address of a Node, Express or Fastify request: `req.ip` when the framework set it
 * (honouring its trust-proxy setting), else the socket's remote address.
 * @throws TypeError when the request has neither (a Fetch `Request`, say: pass a `key` function).
 */
export function clientAddress(req: unknown): string {
  if (typeof req === "object" && req !== null) {
    const r = req as { ip?: unknown; socket?: { remoteAddress?: unknown } | null };
    if (typeof r.ip === "string" && r.ip !== "") return r.ip;
    const remote = r.socket?.remoteAddress;
    if (typeof remote === "string" && remote !== "") return remote;
  }
  throw new TypeError(
    "cannot find the client address of this request: give createRateLimiter a key function",
  );
}

/**
 * Creates a rate limiter. Policy names must be unique; each policy is validated here, so a bad
 * configuration fails at start-up rather than on a request.
 */
export function createRateLimiter<Req = unknown>(options: RateLimiterOptions<Req>): RateLimiter<Req> {
  const policies = new Map<string, Required<RateLimitPolicy>>();
  for (const policy of options.policies) {
    const p = definePolicy(policy);
    if (policies.has(p.name)) throw new TypeError(`duplicate rate limit policy name "${p.name}"`);
    policies.set(p.name, p);
  }
  const store =
    options.store === undefined || options.store === "memory"
      ? new MemoryRateLimitStore(options.memory)
      : options.store;
  const keyOf = options.key ?? clientAddress;

  const policy = (name: string): Required<RateLimitPolicy> => {
    const p = policies.get(name);
    if (p === undefined) throw new TypeError(`unknown rate limit policy "${name}"`);
    return p;
  };

  return {
    store,
    policies,
    policy,
    keyOf,
    consume: (key, policyName, cost) => store.consume(key, policy(policyName), cost),
    peek: (key, policyName, cost) => {
      if (store.peek === undefined) throw new TypeError("this rate limit store cannot peek");
      return store.peek(key, policy(policyName), cost);
    },
    reset: (key, policyName) => store.reset(key, policy(policyName)),
    headers: (decisions) => rateLimitHeaders(decisions) as Record<string, string>,
    close: async () => {
      await store.close();
    },
  };
}
