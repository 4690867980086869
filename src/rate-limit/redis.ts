/**
 * The Redis store: limit state shared by every server process that points at the same Redis. One
 * atomic Lua script per decision (EVALSHA, falling back to EVAL when the server's script cache lacks
 * it: after a restart or SCRIPT FLUSH), timed by the Redis server's clock.
 *
 * Redis is a dependency that can fail, and a rate limiter must not take the API down with it: each
 * decision waits at most `timeoutMs`; when Redis errs or is too slow the store answers by `failMode`
 * (`"open"` admits, `"closed"` refuses with Retry-After), logs the outage once on the transition and
 * once on recovery, and while down sends one probe per `probeIntervalMs` instead of every request.
 *
 * ioredis is an optional peer dependency: pass a client you built, or a `url` and the store imports
 * ioredis itself.
 * @module
 */
import { checkCost, definePolicy } from "./policy.js";
import { RATE_LIMIT_SCRIPT, RATE_LIMIT_SCRIPT_SHA } from "./redis-script.js";
import type { Decision, RateLimitLogger, RateLimitPolicy, RateLimitStore } from "./types.js";

/** The slice of a Redis client the store uses; an ioredis `Redis` instance fits. */
export interface RedisScriptClient {
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  del(...keys: string[]): Promise<unknown>;
  quit(): Promise<unknown>;
  disconnect(): void;
}

/** Options of {@link RedisRateLimitStore} and {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** A connected client. The store never closes a client it was given. */
  readonly client?: RedisScriptClient;
  /** `redis://host:port/db` when no client is given: ioredis is imported and configured to fail fast. */
  readonly url?: string;
  /** Key prefix (default `"errata:rl:"`); keys are `prefix + policy + ":" + algorithm + ":" + key`. */
  readonly prefix?: string;
  /** What to answer when Redis cannot: `"open"` admits (default), `"closed"` refuses. */
  readonly failMode?: "open" | "closed";
  /** Longest wait for Redis per decision, in ms (default 50). */
  readonly timeoutMs?: number;
  /** While Redis is down, one decision per this many ms tries it again (default 1000). */
  readonly probeIntervalMs?: number;
  /** Receives one `warn` when Redis becomes unavailable and one `info` when it is back. */
  readonly logger?: RateLimitLogger;
  /**
   * Use this clock (integer epoch ms) instead of the Redis server's TIME. Only for tests, or when every
   * process's clock is trusted: the server clock is what keeps many processes in agreement.
   */
  readonly now?: () => number;
}

const ALGORITHM_CODE = { gcra: "g", "sliding-window": "s", "fixed-window": "f" } as const;

class RedisTimeoutError extends Error {
  override readonly name = "RedisTimeoutError";
}

const silentLogger: RateLimitLogger = { warn() {}, info() {} };

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Rate limit state in Redis, shared across processes. Decisions are asynchronous. */
export class RedisRateLimitStore implements RateLimitStore {
  readonly #client: RedisScriptClient;
  readonly #owned: boolean;
  readonly #prefix: string;
  readonly #failMode: "open" | "closed";
  readonly #timeoutMs: number;
  readonly #probeIntervalMs: number;
  readonly #logger: RateLimitLogger;
  readonly #now: (() => number) | undefined;
  readonly #policies = new WeakMap<RateLimitPolicy, Required<RateLimitPolicy>>();
  /** Sequence number of the next Redis call: an outcome older than the last recorded one is ignored. */
  #seq = 0;
  #lastOutcomeSeq = -1;
  #down = false;
  #downSince = 0;
  #nextProbeAt = 0;

  /** Wraps a client; `owned` makes `close()` quit it. Prefer {@link createRedisStore}. */
  constructor(client: RedisScriptClient, options: RedisStoreOptions = {}, owned = false) {
    this.#client = client;
    this.#owned = owned;
    this.#prefix = options.prefix ?? "errata:rl:";
    this.#failMode = options.failMode ?? "open";
    this.#timeoutMs = options.timeoutMs ?? 50;
    this.#probeIntervalMs = options.probeIntervalMs ?? 1000;
    this.#logger = options.logger ?? silentLogger;
    this.#now = options.now;
    if (this.#failMode !== "open" && this.#failMode !== "closed") {
      throw new TypeError(`failMode must be "open" or "closed", got ${JSON.stringify(this.#failMode)}`);
    }
  }

  /** Whether the last call to Redis succeeded. */
  get available(): boolean {
    return !this.#down;
  }

  /** Counts `cost` units for `key` if they fit; see {@link RateLimitStore.consume}. */
  consume(key: string, policy: RateLimitPolicy, cost = 1): Promise<Decision> {
    return this.#decide(key, policy, cost, true);
  }

  /** Whether `consume(key, policy, cost)` would be admitted now; records nothing. */
  peek(key: string, policy: RateLimitPolicy, cost = 1): Promise<Decision> {
    return this.#decide(key, policy, cost, false);
  }

  /** Forgets `key` under `policy` (rejects if Redis is unavailable or slower than the timeout). */
  async reset(key: string, policy: RateLimitPolicy): Promise<void> {
    const p = this.#policy(policy);
    await this.#withTimeout(this.#client.del(this.#key(key, p)));
  }

  /** Quits the client if the store created it. */
  async close(): Promise<void> {
    if (!this.#owned) return;
    try {
      await this.#withTimeout(this.#client.quit());
    } catch {
      // Redis already gone: drop the socket and stop reconnecting.
      this.#client.disconnect();
    }
  }

  async #decide(key: string, policy: RateLimitPolicy, cost: number, commit: boolean): Promise<Decision> {
    const p = this.#policy(policy);
    if (cost !== 1) checkCost(cost, p);
    const wall = Date.now();
    if (this.#down) {
      if (wall < this.#nextProbeAt) return this.#fallback(p);
      this.#nextProbeAt = wall + this.#probeIntervalMs;
    }
    const seq = this.#seq++;
    try {
      const reply = await this.#withTimeout(this.#run(key, p, cost, commit));
      this.#succeeded(seq, wall);
      return this.#toDecision(reply, p);
    } catch (err) {
      this.#failed(seq, wall, err);
      return this.#fallback(p);
    }
  }

  async #run(key: string, p: Required<RateLimitPolicy>, cost: number, commit: boolean): Promise<unknown> {
    const args: (string | number)[] = [
      this.#key(key, p),
      ALGORITHM_CODE[p.algorithm],
      p.limit,
      p.windowMs,
      cost,
      commit ? "1" : "0",
      this.#now === undefined ? "" : Math.floor(this.#now()),
    ];
    try {
      return await this.#client.evalsha(RATE_LIMIT_SCRIPT_SHA, 1, ...args);
    } catch (err) {
      // The script cache is empty after a restart or SCRIPT FLUSH: EVAL runs and caches it again.
      if (!errorMessage(err).startsWith("NOSCRIPT")) throw err;
      return await this.#client.eval(RATE_LIMIT_SCRIPT, 1, ...args);
    }
  }

  #key(key: string, p: RateLimitPolicy): string {
    return `${this.#prefix}${p.name}:${ALGORITHM_CODE[p.algorithm ?? "sliding-window"]}:${key}`;
  }

  #policy(policy: RateLimitPolicy): Required<RateLimitPolicy> {
    let p = this.#policies.get(policy);
    if (p === undefined) {
      p = definePolicy(policy);
      this.#policies.set(policy, p);
    }
    return p;
  }

  #toDecision(reply: unknown, p: Required<RateLimitPolicy>): Decision {
    if (!Array.isArray(reply) || reply.length !== 4 || !reply.every((v) => typeof v === "number")) {
      throw new TypeError("unexpected reply from the rate limit script");
    }
    const [allowed, remaining, resetMs, retryAfterMs] = reply as number[];
    return {
      allowed: allowed === 1,
      limit: p.limit,
      remaining: remaining!,
      resetMs: resetMs!,
      retryAfterMs: retryAfterMs!,
      policy: p,
    };
  }

  #fallback(p: Required<RateLimitPolicy>): Decision {
    if (this.#failMode === "open") {
      return {
        allowed: true,
        limit: p.limit,
        remaining: p.limit,
        resetMs: 0,
        retryAfterMs: 0,
        policy: p,
        degraded: true,
      };
    }
    const wait = this.#probeIntervalMs;
    return {
      allowed: false,
      limit: p.limit,
      remaining: 0,
      resetMs: wait,
      retryAfterMs: wait,
      policy: p,
      degraded: true,
    };
  }

  #succeeded(seq: number, wall: number): void {
    if (seq < this.#lastOutcomeSeq) return;
    this.#lastOutcomeSeq = seq;
    if (!this.#down) return;
    this.#down = false;
    this.#logger.info(
      { store: "redis", downForMs: wall - this.#downSince },
      "rate limit store available again",
    );
  }

  #failed(seq: number, wall: number, err: unknown): void {
    if (seq < this.#lastOutcomeSeq) return;
    this.#lastOutcomeSeq = seq;
    // Counted from the failure, not the call's start: a timed-out call has already used the timeout.
    this.#nextProbeAt = Date.now() + this.#probeIntervalMs;
    if (this.#down) return;
    this.#down = true;
    this.#downSince = wall;
    this.#logger.warn(
      { store: "redis", failMode: this.#failMode, err: errorMessage(err) },
      `rate limit store unavailable: failing ${this.#failMode}`,
    );
  }

  #withTimeout<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new RedisTimeoutError(`Redis did not answer within ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
      timer.unref();
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
  }
}

/** Options of {@link createRedisStore}: a client or a URL, plus the store's own options. */
export interface CreateRedisStoreOptions extends RedisStoreOptions {
  /** How long to wait for a URL-configured client's first connection (default 1000 ms); the store starts anyway. */
  readonly connectTimeoutMs?: number;
}

interface IoredisModule {
  Redis?: new (url: string, options: object) => IoredisClient;
  default?: new (url: string, options: object) => IoredisClient;
}

interface IoredisClient extends RedisScriptClient {
  once(event: string, listener: (...args: unknown[]) => void): unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * A Redis store from a client or a URL. With a URL it imports ioredis (optional peer dependency) and
 * configures it to fail fast rather than queue commands while disconnected, reconnecting in the
 * background (50 ms backoff doubling up to 1 s); it waits up to `connectTimeoutMs` for the first
 * connection, and starts (failing by `failMode`) if Redis is not there yet.
 */
export async function createRedisStore(options: CreateRedisStoreOptions): Promise<RedisRateLimitStore> {
  if (options.client !== undefined) return new RedisRateLimitStore(options.client, options, false);
  if (options.url === undefined) throw new TypeError("createRedisStore needs a client or a url");
  let mod: IoredisModule;
  try {
    mod = (await import("ioredis")) as unknown as IoredisModule;
  } catch {
    throw new Error('the Redis rate limit store needs the "ioredis" package: npm install ioredis');
  }
  const Redis = mod.Redis ?? mod.default;
  if (Redis === undefined) throw new Error('the "ioredis" package has no Redis export');
  const client = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 5), 1000),
  });
  // ioredis reports connection errors as events; the store reports outages itself (once).
  client.on("error", () => {});
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      client.removeListener("ready", done);
      resolve();
    };
    const timer = setTimeout(done, options.connectTimeoutMs ?? 1000);
    timer.unref();
    client.once("ready", done);
  });
  return new RedisRateLimitStore(client, options, true);
}
