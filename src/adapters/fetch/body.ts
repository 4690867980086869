/**
 * Reading a fetch `Request` body with a bound: past the limit the stream is cancelled (the rest is
 * never read) and the 413 guard error is raised; a broken upload is the 400 malformed-body guard.
 * Web-standard only (ReadableStream, TextDecoder), so it runs in Node, Bun, Deno and workers.
 * @module
 */
import type { Errata } from "../../core/errata.js";
import type { ErrataError } from "../../errors/errata-error.js";
import { charsetOf } from "../../guards/limits.js";

/** Errors whose response must close the connection (the body was not read to its end). */
const closing = new WeakSet<object>();

/** Marks an error so the adapter answers it with `Connection: close`. */
export function markClosing(e: ErrataError): ErrataError {
  closing.add(e);
  return e;
}

/** True for an error raised by a body read cut off at its limit. */
export function isClosing(e: unknown): boolean {
  return typeof e === "object" && e !== null && closing.has(e);
}

/** Reads `req`'s body up to `limit` bytes. */
export async function readBounded(req: Request, limit: number, errata: Errata): Promise<Uint8Array> {
  const stream = req.body;
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let r: ReadableStreamReadResult<Uint8Array>;
    try {
      r = await reader.read();
    } catch (cause) {
      // An aborted or broken upload is the client's problem: 400, never a 500 with the stream's text.
      throw errata.guard("malformedBody", undefined, { cause });
    }
    if (r.done) break;
    size += r.value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => undefined);
      throw markClosing(errata.guard("payloadTooLarge"));
    }
    chunks.push(r.value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const LATIN1 = new TextDecoder("latin1");

/** Decodes a body as text: UTF-8 (or US-ASCII / ISO-8859-1 when declared); another charset → 415; invalid UTF-8 → 400. */
export function decodeBody(bytes: Uint8Array, contentType: string | null, errata: Errata): string {
  const cs = charsetOf(contentType ?? undefined);
  if (cs === undefined || cs === "utf-8" || cs === "utf8" || cs === "us-ascii") {
    try {
      return UTF8.decode(bytes);
    } catch (cause) {
      throw errata.guard("malformedBody", undefined, { cause });
    }
  }
  if (cs === "iso-8859-1" || cs === "latin1") return LATIN1.decode(bytes);
  throw errata.guard("unsupportedMediaType");
}

/** UTF-8 length of a string without encoding it (no Buffer in workers). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 2; // a surrogate pair: 2 UTF-16 units, 4 bytes
        i++;
      } else n += 2;
    } else n += 2;
  }
  return n;
}
