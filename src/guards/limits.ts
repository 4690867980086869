/**
 * Request-level limits, shared by every adapter (CONTRACT §3 "server-wide guards"): body size
 * (413), URI length (414), header section size (431), request media type (415).
 * Each check is O(size of what it inspects) and allocation-free on the common path.
 * @module
 */

export interface Limits {
  /** Largest request body read, in bytes (413 beyond). Default 1 MiB. */
  readonly bodyBytes: number;
  /** Longest request-target, in bytes (414 beyond). Default 8 KiB. */
  readonly uriBytes: number;
  /** Largest header section (names + values + separators), in bytes (431 beyond). Default 16 KiB. */
  readonly headerBytes: number;
}

export const DEFAULT_LIMITS: Limits = { bodyBytes: 1024 * 1024, uriBytes: 8 * 1024, headerBytes: 16 * 1024 };

/** Bytes of a raw header list `[name, value, …]` as sent: `name: value\r\n` per line. */
export function headerSectionBytes(rawHeaders: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i++) n += (rawHeaders[i] as string).length + 2;
  return n;
}

/** The media type of a Content-Type value, lowercase, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string {
  if (!contentType) return "";
  const semi = contentType.indexOf(";");
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** The `charset` parameter of a Content-Type value, lowercase, or undefined. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const i = contentType.toLowerCase().indexOf("charset=");
  if (i < 0) return undefined;
  let v = contentType.slice(i + 8).trim();
  const semi = v.indexOf(";");
  if (semi >= 0) v = v.slice(0, semi).trim();
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
  return v.toLowerCase();
}

/**
 * True when `mediaType` is one of `accepted`. An entry `application/*+json` accepts any JSON-suffixed type;
 * `*\/*` accepts anything.
 */
export function mediaTypeAccepted(mediaType: string, accepted: readonly string[]): boolean {
  for (const a of accepted) {
    if (a === mediaType || a === "*/*") return true;
    if (a.endsWith("/*") && mediaType.startsWith(a.slice(0, -1))) return true;
    const star = a.indexOf("*+");
    if (star > 0 && mediaType.startsWith(a.slice(0, star)) && mediaType.endsWith(a.slice(star + 1)))
      return true;
  }
  return false;
}
