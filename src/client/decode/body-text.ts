/**
 * Response bytes → text, bounded: bodies over 1 MiB are truncated, never rejected (CONTRACT §6).
 * Invalid UTF-8 becomes U+FFFD (WHATWG decoding), so hostile bytes cannot make decoding throw.
 * @module
 */

/** The most of a body the decoder looks at: 1 MiB (bytes for binary input, UTF-16 units for strings). */
export const MAX_BODY_BYTES = 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });
const decoders = new Map<string, TextDecoder>();

function decoderFor(charset: string | null): TextDecoder {
  if (charset === null || charset === "utf-8" || charset === "utf8") return utf8;
  const cached = decoders.get(charset);
  if (cached) return cached;
  let d = utf8;
  try {
    // Labels per the WHATWG Encoding Standard (latin1, utf-16le, shift_jis…); unknown → UTF-8.
    d = new TextDecoder(charset, { fatal: false });
  } catch {
    d = utf8;
  }
  if (decoders.size < 32) decoders.set(charset, d);
  return d;
}

/** Cuts before an incomplete UTF-8 sequence at the end, so truncation does not add a U+FFFD. */
function utf8Boundary(bytes: Uint8Array, end: number): number {
  let i = end - 1;
  let back = 0;
  // Walk back over continuation bytes (10xxxxxx), at most 3.
  while (i >= 0 && back < 3 && (bytes[i]! & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return end;
  const lead = bytes[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need > back + 1 ? i : end;
}

/** Cuts a string at `max` UTF-16 units without splitting a surrogate pair. */
export function cutString(s: string, max: number): string {
  if (s.length <= max) return s;
  const c = s.charCodeAt(max - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max);
}

/**
 * The body as text, at most {@link MAX_BODY_BYTES}. `charset` is the Content-Type's charset
 * parameter (lower-cased) or null for UTF-8; a UTF-16 byte-order mark wins over it.
 */
export function bodyText(body: string | Uint8Array | null | undefined, charset: string | null): string {
  if (body === null || body === undefined) return "";
  if (typeof body === "string") return cutString(body, MAX_BODY_BYTES);
  if (!(body instanceof Uint8Array)) return "";
  let bytes = body;
  let cs = charset;
  if (bytes.length >= 2) {
    const b0 = bytes[0]!;
    const b1 = bytes[1]!;
    if (b0 === 0xff && b1 === 0xfe) cs = "utf-16le";
    else if (b0 === 0xfe && b1 === 0xff) cs = "utf-16be";
  }
  const dec = decoderFor(cs);
  if (bytes.length > MAX_BODY_BYTES) {
    const end = dec === utf8 ? utf8Boundary(bytes, MAX_BODY_BYTES) : MAX_BODY_BYTES;
    bytes = bytes.subarray(0, end);
  }
  return dec.decode(bytes);
}
