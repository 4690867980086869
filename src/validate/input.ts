/**
 * Turning raw request parts into the values schemas validate: a query string into an object, a
 * body text into JSON or form fields according to its `Content-Type`. Broken JSON is the
 * `malformedBody` guard (400) and an unknown body media type is `unsupportedMediaType` (415):
 * never a 500.
 * @module
 */
import type { Errata } from "../core/errata.js";
import { mediaTypeOf } from "../guards/limits.js";

/** Query parameters as an object: a name given once → its value, given several times → an array. */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of params) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  }
  return out;
}

/** True for `application/json` and structured-syntax JSON types (`application/merge-patch+json`, RFC 6839 §3.1). */
export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === "application/json" || mediaType.endsWith("+json");
}

/**
 * Parses a body text by its `Content-Type`: JSON (also when no type is given), form-encoded
 * fields (as {@link queryObject}), or `text/plain` as the string itself.
 * @throws the `malformedBody` guard error for broken JSON, `unsupportedMediaType` for other types.
 */
export function parseBodyText(text: string, contentType: string | undefined, errata: Errata): unknown {
  const mt = mediaTypeOf(contentType);
  if (mt === "" || isJsonMediaType(mt)) {
    try {
      return JSON.parse(text);
    } catch (cause) {
      throw errata.guard("malformedBody", undefined, { cause });
    }
  }
  if (mt === "application/x-www-form-urlencoded") return queryObject(new URLSearchParams(text));
  if (mt === "text/plain") return text;
  throw errata.guard("unsupportedMediaType");
}
