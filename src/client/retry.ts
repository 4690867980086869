/**
 * Retrying `fetch`, done right: only requests that are safe to repeat (idempotent methods, RFC
 * 9110 §9.2.2, or ones carrying an `Idempotency-Key`), only on statuses that say "later" (408,
 * 425, 429, 500, 502, 503, 504) and on network errors (`TypeError` from fetch), waiting what
 * the server asked (`Retry-After`, RateLimit headers) or else exponential backoff with full
 * jitter (delay = random × min(max, base × 2^(n−1))), within a budget of attempts and total
 * time, and stopping at once when the request's `AbortSignal` fires.
 * @module
 */
import { headerLookup } from "./decode/headers.js";
import { parseRetryAfter, rateLimitWait } from "./decode/retry-hints.js";

/** Anything shaped like `fetch`. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** What `onRetry` is told before each wait. */
export interface RetryEvent {
  /** The attempt that just failed (1 = the first request). */
  readonly attempt: number;
  /** How long the client will now wait, in milliseconds. */
  readonly delayMs: number;
  /** The failed response's status, or null after a network error. */
  readonly status: number | null;
  /** The server's retry hint in seconds (before capping), or null. */
  readonly retryAfterSeconds: number | null;
  /** The network error, when there was one. */
  readonly error: unknown;
}

/** How `withRetry` retries. Every member is optional. */
export interface RetryPolicy {
  /** Attempts in total, the first included. Default 3. */
  readonly maxAttempts?: number;
  /** Backoff base in milliseconds. Default 250. */
  readonly baseDelayMs?: number;
  /** The longest single wait, in milliseconds; also caps `Retry-After`. Default 30 000. */
  readonly maxDelayMs?: number;
  /** Total time budget from the first attempt: no retry starts a wait that would end later. Default 60 000. */
  readonly maxElapsedMs?: number;
  /** Statuses worth retrying. Default 408, 425, 429, 500, 502, 503, 504. */
  readonly retryOnStatus?: readonly number[];
  /** Methods that may be repeated. Default GET, HEAD, OPTIONS, PUT, DELETE, TRACE. */
  readonly idempotentMethods?: readonly string[];
  /** Retry on network errors (a `TypeError` from fetch). Default true. */
  readonly retryOnNetworkError?: boolean;
  /** Waits `ms`, rejecting with the signal's reason as soon as it aborts. Injected in tests. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform random in [0, 1). Injected in tests. */
  readonly random?: () => number;
  /** Clock in epoch milliseconds. Injected in tests. */
  readonly now?: () => number;
  /** Called before each wait (logging, metrics). */
  readonly onRetry?: (event: RetryEvent) => void;
}

/** The statuses retried by default (CONTRACT §6's retryable set). */
export const DEFAULT_RETRY_STATUSES: readonly number[] = [408, 425, 429, 500, 502, 503, 504];
/** RFC 9110 §9.2.2 idempotent methods. */
export const IDEMPOTENT_METHODS: readonly string[] = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"];

/** A `setTimeout` sleep that rejects with the signal's reason the moment it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function isReplayableBody(body: unknown): boolean {
  // A stream can be read once; everything else fetch accepts (string, bytes, Blob, FormData,
  // URLSearchParams) is re-sent as is.
  return !(typeof ReadableStream !== "undefined" && body instanceof ReadableStream);
}

/** The server's retry hint in seconds from response headers, or null. */
export function retryHintSeconds(res: Response, now: () => number = Date.now): number | null {
  const h = headerLookup(res.headers);
  return parseRetryAfter(h.get("retry-after"), h.get("date"), now) ?? rateLimitWait(h, res.status, now);
}

function discard(res: Response): void {
  // Free the connection of a response we will not return.
  res.body?.cancel().catch(() => undefined);
}

/**
 * Wraps `fetch` (or any fetch-compatible function) with the retry policy. The returned function
 * has fetch's signature and returns the last response when retries are exhausted or not allowed,
 * or rethrows the last network error.
 */
export function withRetry(fetchImpl: FetchLike = globalThis.fetch, policy: RetryPolicy = {}): FetchLike {
  const maxAttempts = Math.max(1, Math.floor(policy.maxAttempts ?? 3));
  const base = Math.max(0, policy.baseDelayMs ?? 250);
  const maxDelay = Math.max(0, policy.maxDelayMs ?? 30_000);
  const maxElapsed = Math.max(0, policy.maxElapsedMs ?? 60_000);
  const statuses = new Set(policy.retryOnStatus ?? DEFAULT_RETRY_STATUSES);
  const methods = new Set((policy.idempotentMethods ?? IDEMPOTENT_METHODS).map((m) => m.toUpperCase()));
  const onNetworkError = policy.retryOnNetworkError ?? true;
  const sleep = policy.sleep ?? abortableSleep;
  const random = policy.random ?? Math.random;
  const now = policy.now ?? Date.now;

  return async function retryingFetch(input, init) {
    const request = typeof Request !== "undefined" && input instanceof Request ? input : null;
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    const headers = new Headers(init?.headers ?? request?.headers);
    const signal = init?.signal ?? request?.signal ?? undefined;
    const replayable = init?.body === undefined || init.body === null || isReplayableBody(init.body);
    const mayRetry = replayable && (methods.has(method) || headers.has("idempotency-key"));
    const start = now();

    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw signal.reason;
      // A Request's body can be read once: each attempt sends a clone while retries remain.
      const target = request && mayRetry && attempt < maxAttempts ? request.clone() : (request ?? input);
      let res: Response;
      try {
        res = await fetchImpl(target, init);
      } catch (err) {
        const network = err instanceof TypeError && !signal?.aborted;
        if (!network || !onNetworkError || !mayRetry || attempt >= maxAttempts) throw err;
        const delay = random() * Math.min(maxDelay, base * 2 ** (attempt - 1));
        if (now() - start + delay > maxElapsed) throw err;
        policy.onRetry?.({ attempt, delayMs: delay, status: null, retryAfterSeconds: null, error: err });
        await sleep(delay, signal);
        continue;
      }
      if (!mayRetry || attempt >= maxAttempts || !statuses.has(res.status)) return res;
      const hint = retryHintSeconds(res, now);
      const delay =
        hint !== null
          ? Math.min(hint * 1000, maxDelay)
          : random() * Math.min(maxDelay, base * 2 ** (attempt - 1));
      if (now() - start + delay > maxElapsed) return res;
      discard(res);
      policy.onRetry?.({
        attempt,
        delayMs: delay,
        status: res.status,
        retryAfterSeconds: hint,
        error: undefined,
      });
      await sleep(delay, signal);
    }
  };
}
