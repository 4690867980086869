/**
 * The decoder: any API's error response → the normalised error (CONTRACT §6).
 *
 * One pass over the headers, one decode of at most 1 MiB of body, one parse (JSON or XML, picked
 * by the first non-blank character, not by trial and error), then the recognisers in order
 * (./registry.ts), each a few key look-ups. Request id and retry hints come from the body when it
 * has them, else from the headers. Never throws: any failure yields `unknown`.
 * @module
 */
import { type NormalizedError, type NormalizedFieldError, RETRYABLE_STATUSES } from "../normalized-error.js";
import { bodyText, MAX_BODY_BYTES } from "./body-text.js";
import { excerpt, oneLine } from "./excerpt.js";
import {
  charsetOf,
  type HeaderLookup,
  type HeadersInput,
  headerLookup,
  mediaType,
  requestIdFromHeaders,
} from "./headers.js";
import { bearerChallenge } from "./recognizers/bearer-challenge.js";
import { problemJson } from "./recognizers/builtin.js";
import {
  type DecodeContext,
  type Match,
  recognizeHeaders,
  recognizeJson,
  recognizeText,
  recognizeXml,
  xmlRootWanted,
} from "./registry.js";
import { parseRetryAfter, rateLimitWait } from "./retry-hints.js";
import { safeJsonParse } from "./safe-json.js";
import { localName, safeXmlRoot, xmlRootName } from "./safe-xml.js";
import { isObject, requestIdFrom } from "./values.js";

export type { HeadersInput } from "./headers.js";

/** A raw response to decode. */
export interface DecodeInput {
  /** The HTTP status received. */
  readonly status: number;
  /** The response headers (fetch `Headers`, Node's `IncomingHttpHeaders`, a record, or pairs). */
  readonly headers?: HeadersInput | null;
  /** The body: text, or bytes (decoded per the Content-Type charset, UTF-8 by default). */
  readonly body?: string | Uint8Array | null;
  /** The reason phrase, used as `message` when nothing else says anything. */
  readonly statusText?: string;
}

/** Decoder options (mostly for tests). */
export interface DecodeOptions {
  /** Clock for HTTP-date retry hints without a `Date` header; defaults to `Date.now`. */
  readonly now?: () => number;
}

/** Longest string kept in a normalised field: bounds the output of a hostile 1 MiB message. */
const MAX_TEXT = 64 * 1024;

function clip(s: string | null | undefined): string | null {
  if (s === null || s === undefined || s.length === 0) return null;
  return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s;
}

function clipFields(fields: readonly NormalizedFieldError[] | undefined): NormalizedFieldError[] {
  if (fields === undefined || fields.length === 0) return [];
  const out: NormalizedFieldError[] = [];
  for (const f of fields) {
    const name = clip(f.name);
    if (name === null) continue;
    out.push({ name, message: clip(f.message), code: clip(f.code) });
  }
  return out;
}

function validStatus(status: unknown): number {
  return typeof status === "number" && Number.isInteger(status) && status >= 0 && status <= 999 ? status : 0;
}

function firstSignificant(text: string): number {
  const n = Math.min(text.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0xfeff) return c;
  }
  return -1;
}

function unknownResult(
  status: number,
  message: string | null,
  requestId: string | null,
  retryAfter: number | null,
): NormalizedError {
  return {
    status,
    code: null,
    name: null,
    message,
    detail: null,
    requestId,
    retryAfterSeconds: retryAfter,
    fields: [],
    format: "unknown",
    retryable: RETRYABLE_STATUSES.has(status) || retryAfter !== null,
  };
}

/** The recognisers' view of the response (a class, not a closure per decode). */
class ResponseView implements DecodeContext {
  constructor(
    readonly status: number,
    readonly contentType: string,
    private readonly headers: HeaderLookup,
  ) {}
  header(name: string): string | undefined {
    return this.headers.get(name);
  }
}

function retryAfterHeader(headers: HeaderLookup, now: () => number): number | null {
  const v = headers.get("retry-after");
  return v === undefined ? null : parseRetryAfter(v, headers.get("date"), now);
}

function decodeUnguarded(input: DecodeInput, options: DecodeOptions | undefined): NormalizedError {
  const status = validStatus(input.status);
  const headers = headerLookup(input.headers);
  const ctx = new ResponseView(status, mediaType(headers.get("content-type")), headers);
  const body = input.body;
  const text = bodyText(body, typeof body === "string" ? null : charsetOf(headers.get("content-type")));

  let match: Match | undefined;
  let jsonBody: unknown;
  const first = firstSignificant(text);
  if (first === 0x7b /* { */ || first === 0x5b /* [ */) {
    jsonBody = safeJsonParse(text);
    let obj = jsonBody;
    // A top-level array (Google batch, some gateways): its first object element.
    if (Array.isArray(obj)) obj = obj.find((x: unknown) => isObject(x));
    if (isObject(obj)) {
      jsonBody = obj;
      match = recognizeJson(
        obj,
        ctx,
        ctx.contentType === "application/problem+json" ? problemJson : undefined,
      );
    }
  } else if (first === 0x3c /* < */) {
    const root = xmlRootName(text);
    if (root !== null && xmlRootWanted(localName(root))) {
      const el = safeXmlRoot(text);
      if (el) match = recognizeXml(el, ctx);
    }
  }
  if (match === undefined && text.length > 0) match = recognizeText(text, ctx);
  if (match === undefined) match = recognizeHeaders(ctx);

  const now = options?.now ?? Date.now;
  const rec = match?.recognition;
  // Retry-After is the server's explicit word; a body hint (RetryInfo) next; quota headers last.
  const retryAfter = headers.mayHaveRetryHints
    ? (retryAfterHeader(headers, now) ?? rec?.retryAfterSeconds ?? rateLimitWait(headers, status, now))
    : (rec?.retryAfterSeconds ?? null);

  if (match === undefined || rec === undefined) {
    const bodyId = isObject(jsonBody) ? requestIdFrom(jsonBody) : null;
    const statusText = input.statusText ? oneLine(input.statusText) : "";
    return unknownResult(
      status,
      excerpt(text) ?? (statusText.length > 0 ? statusText : null),
      clip(bodyId ?? requestIdFromHeaders(headers)),
      retryAfter,
    );
  }

  let code = rec.code ?? null;
  let message = rec.message ?? null;
  let format = match.format;
  // RFC 6750 §3: a protected resource's error is its Bearer challenge; a body beside it is a
  // courtesy. The challenge fills what the body left out, and an OAuth-shaped body that only
  // repeats the challenge's error is reported as the challenge.
  if ((code === null || message === null || format === "oauth2") && headers.has("www-authenticate")) {
    const c = bearerChallenge(ctx);
    const error = c?.params.get("error") || null;
    if (c && error !== null) {
      if (format === "oauth2" && (code === null || code === error)) format = "bearer-challenge";
      code ??= error;
      message ??= c.params.get("error_description") || null;
    }
  }
  const requestId =
    rec.requestId ??
    (isObject(jsonBody) && match.format !== "unknown" ? requestIdFrom(jsonBody) : null) ??
    requestIdFromHeaders(headers);
  return {
    status,
    code: clip(code),
    name: clip(rec.name),
    message: clip(message),
    detail: clip(rec.detail),
    requestId: clip(requestId),
    retryAfterSeconds: retryAfter,
    fields: clipFields(rec.fields),
    format,
    retryable: RETRYABLE_STATUSES.has(status) || retryAfter !== null || rec.retryable === true,
  };
}

/**
 * Decodes an error response given as status, headers and body. Never throws; linear in the body
 * size; bodies over 1 MiB are truncated, not rejected.
 */
export function decodeError(input: DecodeInput, options?: DecodeOptions): NormalizedError {
  try {
    return decodeUnguarded(input, options);
  } catch {
    // Defence in depth: every step above is written not to throw.
    return unknownResult(validStatus(input?.status), null, null, null);
  }
}

/** Reads at most `limit` bytes of a stream, then cancels it. Never throws. */
async function readAtMost(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    reader = body.getReader();
    while (total < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value && value.length > 0) {
        const room = limit - total;
        const piece = value.length > room ? value.subarray(0, room) : value;
        chunks.push(piece);
        total += piece.length;
      }
    }
  } catch {
    // A broken stream: decode what arrived.
  } finally {
    if (reader) {
      if (total >= limit) reader.cancel().catch(() => undefined);
      else reader.releaseLock();
    }
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/**
 * Decodes a fetch `Response`, reading at most 1 MiB of its body (the rest is cancelled, not
 * downloaded). Never rejects. The body is consumed: clone the response first if you still need it.
 */
export async function decodeResponse(res: Response, options?: DecodeOptions): Promise<NormalizedError> {
  let status = 0;
  try {
    status = res.status;
    let bytes: Uint8Array | null = null;
    if (res.body && !res.bodyUsed) bytes = await readAtMost(res.body, MAX_BODY_BYTES);
    return decodeError({ status, headers: res.headers, body: bytes, statusText: res.statusText }, options);
  } catch {
    return unknownResult(validStatus(status), null, null, null);
  }
}
