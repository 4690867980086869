/**
 * `createErrataFetch`: a `fetch` that throws on error responses — one `ErrataClientError` whatever
 * the API's wire format, with the decoding (`error`) and, given the API's catalogs, the typed
 * catalog error (`catalogError`) — and retries what may be retried.
 *
 * Error responses are the 4xx/5xx ones, and also the HTTP 200 errors of APIs that report failure
 * in the body: Identity Cloud's `stat:"error"` (seed 001: "clients read `stat`") and Slack's
 * `ok:false`. Retries follow the same rules as `withRetry` (./retry.ts): only requests safe to
 * repeat (RFC 9110 §9.2.2 idempotent methods, or an `Idempotency-Key`), only when the response
 * says "later" (408, 425, 429, 500, 502, 503, 504, or a body error the decoder marks retryable,
 * such as Identity Cloud's 510 api_limit_error), waiting the server's hint (`Retry-After`,
 * RateLimit headers, Google's RetryInfo; capped by `maxDelayMs`) or else exponential backoff with
 * full jitter, within the attempt and time budget, stopping at once on abort.
 * @module
 */

import { mediaType } from "./decode/headers.js";
import { type DecodeOptions, decodeResponse } from "./decode/index.js";
import { ErrataClientError } from "./errata-client-error.js";
import { type CatalogSet, toCatalogError } from "./match.js";
import type { NormalizedError } from "./normalized-error.js";
import {
  abortableSleep,
  DEFAULT_RETRY_STATUSES,
  type FetchLike,
  IDEMPOTENT_METHODS,
  type RetryPolicy,
} from "./retry.js";

/** Options of `createErrataFetch`. */
export interface ErrataFetchOptions {
  /** The API's catalogs: thrown errors get `catalogError` (`is(err, errors.entityNotFound)` works). */
  readonly catalogs?: CatalogSet;
  /** The retry policy (same members and defaults as `withRetry`); `false` never retries. */
  readonly retry?: RetryPolicy | false;
  /** The fetch to wrap. Default `globalThis.fetch`. */
  readonly fetch?: FetchLike;
  /**
   * Decoded formats that are errors even on a 2xx response. Default `identity-cloud` and `slack`;
   * `[]` turns the check (one parse of each 2xx JSON body, on a clone) off.
   */
  readonly bodyErrorFormats?: readonly string[];
  /** Decoder options. */
  readonly decode?: DecodeOptions;
}

/** The formats whose APIs report errors with HTTP 200 (seed 001; Slack's Web API). */
export const DEFAULT_BODY_ERROR_FORMATS: readonly string[] = ["identity-cloud", "slack"];

function isReplayableBody(body: unknown): boolean {
  // A stream can be read once; everything else fetch accepts is re-sent as is.
  return !(typeof ReadableStream !== "undefined" && body instanceof ReadableStream);
}

/** A 2xx response that may carry an error in a JSON body (not a 204/205, not a download). */
function mayCarryBodyError(res: Response): boolean {
  if (res.status < 200 || res.status > 299 || res.status === 204 || res.status === 205 || !res.body)
    return false;
  const type = mediaType(res.headers.get("content-type") ?? undefined);
  return type === "application/json" || type.endsWith("+json");
}

/**
 * A fetch that resolves with the response when it is not an error and throws an
 * `ErrataClientError` when it is (after the retries the policy allows). Network errors and
 * aborts are rethrown as fetch threw them.
 */
export function createErrataFetch(options: ErrataFetchOptions = {}): FetchLike {
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const policy: RetryPolicy = options.retry === false ? { maxAttempts: 1 } : (options.retry ?? {});
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
  const bodyFormats = new Set(options.bodyErrorFormats ?? DEFAULT_BODY_ERROR_FORMATS);
  const decodeOptions: DecodeOptions = { now, ...options.decode };
  const catalogs = options.catalogs;

  const backoff = (attempt: number): number => random() * Math.min(maxDelay, base * 2 ** (attempt - 1));

  /** The decoded error of a response, or null when it is not one (the response is left unread). */
  async function errorOf(res: Response): Promise<NormalizedError | null> {
    if (res.status >= 400) return decodeResponse(res, decodeOptions);
    if (bodyFormats.size === 0 || !mayCarryBodyError(res)) return null;
    // A clone, so a success body stays readable by the caller; at most 1 MiB of it is read.
    const decoded = await decodeResponse(res.clone(), decodeOptions);
    if (!bodyFormats.has(decoded.format)) return null;
    res.body?.cancel().catch(() => undefined);
    return decoded;
  }

  return async function errataFetch(input, init) {
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
        const delay = backoff(attempt);
        if (now() - start + delay > maxElapsed) throw err;
        policy.onRetry?.({ attempt, delayMs: delay, status: null, retryAfterSeconds: null, error: err });
        await sleep(delay, signal);
        continue;
      }
      const decoded = await errorOf(res);
      if (decoded === null) return res;
      // A 2xx body error says itself whether it is worth retrying (Identity Cloud's 510).
      const later = decoded.status >= 400 ? statuses.has(decoded.status) : decoded.retryable;
      if (mayRetry && later && attempt < maxAttempts) {
        const hint = decoded.retryAfterSeconds;
        const delay = hint !== null ? Math.min(hint * 1000, maxDelay) : backoff(attempt);
        if (now() - start + delay <= maxElapsed) {
          policy.onRetry?.({
            attempt,
            delayMs: delay,
            status: decoded.status,
            retryAfterSeconds: hint,
            error: undefined,
          });
          await sleep(delay, signal);
          continue;
        }
      }
      throw new ErrataClientError(decoded, {
        catalogError: catalogs === undefined ? null : toCatalogError(decoded, catalogs),
      });
    }
  };
}
