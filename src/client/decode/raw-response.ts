/**
 * One raw HTTP/1.x response as text bytes (what `curl -i` prints, or a capture): status line,
 * header fields, blank line, body (RFC 9112 §2.1). CRLF and bare LF line endings are both
 * accepted (RFC 9112 §2.2 allows a recipient to), obsolete line folding is unfolded (§5.2), a
 * `Transfer-Encoding: chunked` body is de-chunked (§7.1), and gzip/deflate/br content codings are
 * undone, bounded. Interim 1xx responses and the extra responses `curl -i` prints before the
 * final one (proxy CONNECT, `-L` redirects) are skipped.
 * @module
 */
import { brotliDecompressSync, constants, gunzipSync, inflateRawSync, inflateSync } from "node:zlib";
import { MAX_BODY_BYTES } from "./body-text.js";

/** A parsed raw response. */
export interface RawResponse {
  readonly httpVersion: string;
  readonly status: number;
  readonly statusText: string;
  /** Header fields in order, names as written. */
  readonly headers: Array<[string, string]>;
  readonly body: Uint8Array;
}

/** Why a raw response could not be read. */
export class RawResponseError extends Error {
  override readonly name = "RawResponseError";
}

const STATUS_LINE = /^HTTP\/(\d(?:\.\d)?)[ \t]+(\d{3})(?:[ \t]+(.*))?[ \t]*$/;
const MAX_HEADER_BYTES = 256 * 1024;
/** Decompressed bodies larger than this are kept compressed (bomb guard); the decoder reads 1 MiB. */
const MAX_INFLATED = 8 * MAX_BODY_BYTES;

function lineEnd(buf: Uint8Array, from: number): number {
  const i = buf.indexOf(0x0a, from);
  return i < 0 ? buf.length : i;
}

function lineText(buf: Uint8Array, start: number, end: number): string {
  let e = end;
  if (e > start && buf[e - 1] === 0x0d) e--;
  // Header bytes are ISO-8859-1 at most (RFC 9110 §5.5); latin1 keeps every byte.
  return Buffer.from(buf.buffer, buf.byteOffset + start, e - start).toString("latin1");
}

function startsWithStatusLine(buf: Uint8Array, at: number): boolean {
  // "HTTP/" followed by a digit.
  return (
    buf[at] === 0x48 &&
    buf[at + 1] === 0x54 &&
    buf[at + 2] === 0x54 &&
    buf[at + 3] === 0x50 &&
    buf[at + 4] === 0x2f &&
    (buf[at + 5] ?? 0) >= 0x30 &&
    (buf[at + 5] ?? 0) <= 0x39
  );
}

/**
 * De-chunks a chunked body (RFC 9112 §7.1). On malformed framing returns what was decoded so far;
 * a body that does not start with a chunk-size line at all is returned as it is.
 */
export function dechunk(buf: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  let pos = 0;
  let framed = false;
  while (pos < buf.length && total <= MAX_BODY_BYTES) {
    const end = lineEnd(buf, pos);
    const sizeLine = lineText(buf, pos, Math.min(end, pos + 1024))
      .split(";", 1)[0]!
      .trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeLine)) break;
    framed = true;
    const size = Number.parseInt(sizeLine, 16);
    pos = end + 1;
    if (size === 0) break; // last-chunk; trailer fields are ignored
    const data = buf.subarray(pos, Math.min(buf.length, pos + size));
    parts.push(data);
    total += data.length;
    pos += size;
    // CRLF (or LF) after the chunk data.
    if (buf[pos] === 0x0d) pos++;
    if (buf[pos] === 0x0a) pos++;
  }
  if (!framed) return buf;
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

function decompress(body: Uint8Array, coding: string): Uint8Array {
  const opts = { maxOutputLength: MAX_INFLATED, finishFlush: constants.Z_SYNC_FLUSH };
  try {
    switch (coding) {
      case "gzip":
      case "x-gzip":
        return gunzipSync(body, opts);
      case "deflate":
        // RFC 9110 §8.4.1.2 says zlib-wrapped; some servers send raw deflate.
        try {
          return inflateSync(body, opts);
        } catch {
          return inflateRawSync(body, opts);
        }
      case "br":
        return brotliDecompressSync(body, {
          maxOutputLength: MAX_INFLATED,
          finishFlush: constants.BROTLI_OPERATION_FLUSH,
        });
      default:
        return body;
    }
  } catch {
    return body; // corrupt, or larger than the bomb guard: decode the bytes as they are
  }
}

/**
 * Parses a raw HTTP response. Throws {@link RawResponseError} when there is no status line;
 * anything after a well-formed status line is read best-effort.
 */
export function parseRawResponse(input: Uint8Array): RawResponse {
  let pos = 0;
  // A UTF-8 BOM from an editor, and blank lines before the status line.
  if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) pos = 3;
  for (let round = 0; round < 16; round++) {
    while (pos < input.length && (input[pos] === 0x0d || input[pos] === 0x0a)) pos++;
    if (pos >= input.length) throw new RawResponseError("no HTTP status line (the input is empty)");
    const end = lineEnd(input, pos);
    const line = lineText(input, pos, Math.min(end, pos + 8192));
    const m = STATUS_LINE.exec(line);
    if (!m)
      throw new RawResponseError(`no HTTP status line (first line: ${JSON.stringify(line.slice(0, 60))})`);
    const status = Number(m[2]);
    pos = end + 1;
    const headers: Array<[string, string]> = [];
    const headerStart = pos;
    while (pos < input.length) {
      const e = lineEnd(input, pos);
      const text = lineText(input, pos, e);
      pos = e + 1;
      if (text.length === 0) break;
      if (pos - headerStart > MAX_HEADER_BYTES)
        throw new RawResponseError("header section larger than 256 KiB");
      if ((text[0] === " " || text[0] === "\t") && headers.length > 0) {
        const last = headers[headers.length - 1]!;
        last[1] = `${last[1]} ${text.trim()}`;
        continue;
      }
      const colon = text.indexOf(":");
      if (colon <= 0) continue; // not a field line: ignored, as a lenient recipient does
      headers.push([text.slice(0, colon).trim(), text.slice(colon + 1).trim()]);
    }
    let body: Uint8Array = input.subarray(Math.min(pos, input.length));
    const field = (name: string): string | undefined => {
      let v: string | undefined;
      for (const [k, val] of headers)
        if (k.toLowerCase() === name) v = v === undefined ? val : `${v}, ${val}`;
      return v;
    };
    const contentLength = field("content-length");
    // Interim responses (1xx) and curl's intermediate responses are followed by the next one.
    if (status >= 100 && status < 200 && status !== 101) continue;
    if (
      startsWithStatusLine(body, 0) &&
      (contentLength === undefined || contentLength.trim() === "0") &&
      field("transfer-encoding") === undefined
    ) {
      pos = input.length - body.length;
      continue;
    }
    const te = field("transfer-encoding");
    if (te !== undefined && /(?:^|,)\s*chunked\s*$/i.test(te)) body = dechunk(body);
    else if (contentLength !== undefined && /^\d{1,15}$/.test(contentLength.trim())) {
      const n = Number(contentLength.trim());
      if (n < body.length) body = body.subarray(0, n);
    }
    const ce = field("content-encoding");
    if (ce !== undefined) {
      // Codings are listed in the order applied: undo them last to first (RFC 9110 §8.4).
      for (const coding of ce
        .toLowerCase()
        .split(",")
        .map((c) => c.trim())
        .reverse()) {
        if (coding && coding !== "identity") body = decompress(body, coding);
      }
    }
    return { httpVersion: m[1]!, status, statusText: (m[3] ?? "").trim(), headers, body };
  }
  throw new RawResponseError("too many interim responses");
}
