/**
 * JSON parsing for untrusted error bodies. `JSON.parse` itself is linear and (in V8) iterative,
 * and it creates `__proto__` as an own property rather than touching prototypes; what it cannot
 * do is refuse a body that is absurdly deep. A linear pre-scan rejects nesting deeper than
 * {@link MAX_JSON_DEPTH} before any object is built, so a 100k-level body costs one pass over its
 * bytes and no allocation.
 * @module
 */

/** Real error bodies nest a handful of levels (Google's details: 4; Azure innererror: 5). */
export const MAX_JSON_DEPTH = 64;

/**
 * True when the JSON text nests `[`/`{` deeper than `max`, ignoring brackets inside strings.
 * One pass; string contents are skipped with `indexOf` (escapes handled by counting backslashes).
 */
export function exceedsDepth(text: string, max: number): boolean {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Jump to the closing quote: one not preceded by an odd run of backslashes.
      let j = i;
      for (;;) {
        j = text.indexOf('"', j + 1);
        if (j < 0) return false; // unterminated string: JSON.parse will reject it
        let k = j - 1;
        while (text.charCodeAt(k) === 0x5c /* \ */) k--;
        if ((j - 1 - k) % 2 === 0) break;
      }
      i = j;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

/**
 * Bodies up to this size are parsed without the scan: they nest at most a few thousand levels,
 * which V8's iterative `JSON.parse` handles in microseconds, and no recogniser recurses into
 * parsed JSON (the deepest walk, Azure's innererror chain, stops at 16). The scan matters for the
 * large hostile bodies (up to 1 MiB, 500k levels) and would double the cost of small ones.
 */
export const DEPTH_SCAN_THRESHOLD = 4096;

/** Parses JSON text; returns undefined (never throws) for invalid or too-deep input. */
export function safeJsonParse(text: string): unknown {
  if (text.length > DEPTH_SCAN_THRESHOLD && exceedsDepth(text, MAX_JSON_DEPTH)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
