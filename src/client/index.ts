/**
 * `errata/client`: decode any API's error responses into one normalised shape (CONTRACT §6),
 * retry the requests that may be retried, throw one error class carrying the decoding, and,
 * given the API's catalogs, match on catalog entries and families as server code does
 * (docs/client.md).
 *
 * ```ts
 * import { decodeResponse, withRetry } from "errata/client";
 * const fetchRetrying = withRetry(fetch, { maxAttempts: 4 });
 * const res = await fetchRetrying("https://api.example.com/things/1");
 * if (!res.ok) {
 *   const err = await decodeResponse(res);
 *   if (err.code === "3001") …
 * }
 *
 * import { createErrataFetch, is } from "errata/client";
 * const api = createErrataFetch({ catalogs: [entityApiErrors] });
 * try { await api(url); } catch (err) { if (is(err, entityApiErrors.entityNotFound)) … }
 * ```
 * @module
 */

export {
  type CatalogDocument,
  CatalogFormatError,
  type CatalogJson,
  catalogsFromDocument,
} from "../catalog/export.js";
export { type FamilyRef, is } from "../catalog/match.js";
export {
  type DecodeInput,
  type DecodeOptions,
  decodeError,
  decodeResponse,
  type HeadersInput,
} from "./decode/index.js";
export {
  type DecodeContext,
  type HeaderRecognizer,
  type JsonRecognizer,
  type Recognition,
  type Recognizer,
  type RegisterOptions,
  registerRecognizer,
  type TextRecognizer,
  type XmlRecognizer,
} from "./decode/registry.js";
export type { XmlElement } from "./decode/safe-xml.js";
export type { JsonObject } from "./decode/values.js";
export { ERRATA_CLIENT_ERROR, ErrataClientError, isErrataClientError } from "./errata-client-error.js";
export { createErrataFetch, DEFAULT_BODY_ERROR_FORMATS, type ErrataFetchOptions } from "./errata-fetch.js";
export {
  type CatalogMatch,
  type CatalogSet,
  catalogErrorOf,
  type DecodedCatalogError,
  type ExplainOptions,
  type Explanation,
  explain,
  findCatalogEntry,
  type MatchKind,
  matches,
  matchTemplate,
  toCatalogError,
} from "./match.js";
export { type NormalizedError, type NormalizedFieldError, RETRYABLE_STATUSES } from "./normalized-error.js";
export {
  abortableSleep,
  DEFAULT_RETRY_STATUSES,
  type FetchLike,
  IDEMPOTENT_METHODS,
  type RetryEvent,
  type RetryPolicy,
  retryHintSeconds,
  withRetry,
} from "./retry.js";
