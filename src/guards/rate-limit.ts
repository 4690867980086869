/**
 * The rate-limit guard: a framework-independent check that asks a limiter (`errata/rate-limit`)
 * for a decision and, when the request is refused, produces the route's catalog error with
 * `Retry-After` (RFC 9110 §10.2.3) and the IETF `RateLimit` / `RateLimit-Policy` headers
 * (draft-ietf-httpapi-ratelimit-headers). The status and code come from the catalog: a 429 by
 * default, Identity Cloud's 510 (CONTRACT §3.3), OCLC's 403 over-limit (seed 002).
 *
 * Two modes: `"consume"` counts every request; `"peek"` only refuses while the key is over its
 * limit, counting nothing — for limits on failures (CONTRACT §3.5: 5 failed client
 * authentications a minute), where the handler calls `limiter.consume` when a failure happens.
 *
 * @example
 * ```ts
 * const limiter = createRateLimiter({ policies: [{ name: "per-minute", limit: 10, windowMs: 60_000 }] });
 * const limit = rateLimitGuard({ limiter, policy: "per-minute", key: (req: { ip: string }) => req.ip });
 * const refused = await limit(req, errata); // ErrataError (429 + headers) or null
 * ```
 * @module
 */
import type { AnyErrorFactory } from "../catalog/define.js";
import { httpErrors } from "../catalog/http.js";
import type { Errata } from "../core/errata.js";
import { ErrataError, type ErrorOptions } from "../errors/errata-error.js";
import type { Decision, MaybePromise } from "../rate-limit/types.js";

/** What the guard needs of a limiter (`createRateLimiter(…)` has it). */
export interface DecisionSource {
  consume(key: string, policyName: string, cost?: number): MaybePromise<Decision>;
  peek(key: string, policyName: string, cost?: number): MaybePromise<Decision>;
  headers(decisions: Decision | readonly Decision[]): Record<string, string>;
}

/** Builds the refusal from the decision; `options` carries the headers and `retryAfter` to pass on. */
export type RateLimitErrorBuilder = (decision: Decision, options: ErrorOptions) => ErrataError;

/** Options of {@link rateLimitGuard}. */
export interface RateLimitGuardOptions<V> {
  readonly limiter: DecisionSource;
  /**
   * The policy (or policies: a per-minute and a per-day quota) by name, decided in order; the
   * first refusal stops the check. In `"consume"` mode a request refused by a later policy has
   * still counted toward the earlier ones, as a request that reached the server did.
   */
  readonly policy: string | readonly string[];
  /** The key the request counts under (client id, address, API key); null or undefined → not limited. */
  readonly key: (view: V) => string | null | undefined;
  /**
   * The error of a refused request: a catalog factory (its template may use `{limit}`, `{policy}`,
   * `{retryAfter}`), or a builder. Default: the errata instance's `tooManyRequests` guard entry
   * (the built-in 429 when no errata is given).
   */
  readonly error?: AnyErrorFactory | RateLimitErrorBuilder;
  /** `"consume"` (default) counts this request; `"peek"` only checks. */
  readonly mode?: "consume" | "peek";
  /** Units this request costs (default 1). */
  readonly cost?: number;
}

/** A configured guard: the refusal for this request, or null when it may go on. */
export type RateLimitGuard<V> = (view: V, errata?: Errata) => MaybePromise<ErrataError | null>;

function isThenable<T>(v: MaybePromise<T>): v is Promise<T> {
  return typeof (v as { then?: unknown } | null)?.then === "function";
}

function isFactory(e: AnyErrorFactory | RateLimitErrorBuilder): e is AnyErrorFactory {
  return typeof (e as Partial<AnyErrorFactory>).entry === "object";
}

/** Creates a rate-limit guard. Usable from every adapter: it sees only what `key` takes. */
export function rateLimitGuard<V>(options: RateLimitGuardOptions<V>): RateLimitGuard<V> {
  const { limiter, key } = options;
  const policies: readonly string[] = typeof options.policy === "string" ? [options.policy] : options.policy;
  if (policies.length === 0) throw new TypeError("rateLimitGuard needs at least one policy");
  const peek = options.mode === "peek";
  const cost = options.cost;
  const custom = options.error;

  function refuse(
    refused: Decision,
    decisions: readonly Decision[],
    errata: Errata | undefined,
  ): ErrataError {
    const headers = limiter.headers(decisions.length === 1 ? refused : decisions);
    const ra = headers["Retry-After"];
    const opts: ErrorOptions = { headers, retryAfter: ra !== undefined ? Number(ra) : undefined };
    if (custom !== undefined && !isFactory(custom)) return custom(refused, opts);
    const factory = custom ?? errata?.guards.tooManyRequests ?? httpErrors.tooManyRequests;
    const params = {
      limit: refused.limit,
      policy: refused.policy.name,
      retryAfter: ra ?? "",
    };
    return new ErrataError(factory.entry, params, opts);
  }

  /** Decides the policies from index `i` on, synchronously while the store answers synchronously. */
  function from(
    k: string,
    i: number,
    done: Decision[],
    errata: Errata | undefined,
  ): MaybePromise<ErrataError | null> {
    for (; i < policies.length; i++) {
      const name = policies[i] as string;
      const d = peek ? limiter.peek(k, name, cost) : limiter.consume(k, name, cost);
      if (isThenable(d)) {
        const next = i + 1;
        return d.then((dd) => {
          done.push(dd);
          return dd.allowed ? from(k, next, done, errata) : refuse(dd, done, errata);
        });
      }
      done.push(d);
      if (!d.allowed) return refuse(d, done, errata);
    }
    return null;
  }

  return (view, errata) => {
    const k = key(view);
    if (k === null || k === undefined) return null;
    return from(k, 0, [], errata);
  };
}
