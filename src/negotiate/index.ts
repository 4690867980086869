/**
 * Content negotiation for error responses: `Accept` (RFC 9110 §12.5.1) and `Accept-Language`
 * (RFC 9110 §12.5.4), with q-values, wildcards and structured-syntax suffixes (RFC 6838 §4.2.8:
 * a client that accepts `application/json` can read `application/problem+json`).
 *
 * Linear in the header's length: at most `MAX_RANGES` ranges are considered, each compared with
 * the (few) offers once. No regular expressions are compiled per request.
 * @module
 */

/** Ranges considered per header; the rest is ignored (hostile headers stay cheap). */
export const MAX_RANGES = 64;

/**
 * Longest language range looked up; longer ones are skipped. RFC 4647 §3.4 lookup tries each
 * shorter prefix of a range, so without a bound one 16 KiB range of `a-a-a-…` costs quadratic
 * time. RFC 5646 §4.4.1 asks implementations to handle tags of at least 35 characters.
 */
export const MAX_LANGUAGE_RANGE = 128;

interface Range {
  type: string;
  subtype: string;
  q: number;
}

function parseQ(params: string): number {
  // RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
  let i = params.indexOf("q=");
  while (i > 0) {
    const before = params.charCodeAt(i - 1);
    if (before === 59 /* ; */ || before === 32 || before === 9) break;
    i = params.indexOf("q=", i + 2);
  }
  if (i < 0) return 1;
  const v = Number.parseFloat(params.slice(i + 2, i + 7));
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 1;
}

function parseAccept(header: string): Range[] {
  const out: Range[] = [];
  let start = 0;
  const len = header.length;
  while (start < len && out.length < MAX_RANGES) {
    let end = header.indexOf(",", start);
    if (end < 0) end = len;
    const part = header.slice(start, end);
    start = end + 1;
    const semi = part.indexOf(";");
    const mt = (semi < 0 ? part : part.slice(0, semi)).trim().toLowerCase();
    const slash = mt.indexOf("/");
    if (slash <= 0 || slash === mt.length - 1) continue;
    out.push({
      type: mt.slice(0, slash),
      subtype: mt.slice(slash + 1),
      q: semi < 0 ? 1 : parseQ(part.slice(semi)),
    });
  }
  return out;
}

/** How specifically a range matches an offer: 4 exact, 3 suffix, 2 `type/*`, 1 `*\/*`, 0 none. */
function specificity(r: Range, type: string, subtype: string, suffix: string): number {
  if (r.type === "*" && r.subtype === "*") return 1;
  if (r.type !== type) return 0;
  if (r.subtype === "*") return 2;
  if (r.subtype === subtype) return 4;
  if (suffix && r.subtype === suffix) return 3;
  return 0;
}

/**
 * Picks an offer for an `Accept` header. Returns the index in `offers`, or -1 when none is
 * acceptable (→ 406). Ties go to the earlier offer (the route's default comes first).
 */
export function negotiateMediaType(accept: string | undefined, offers: readonly string[]): number {
  if (accept === undefined || accept === "" || accept === "*/*") return offers.length ? 0 : -1;
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return offers.length ? 0 : -1;
  let best = -1;
  let bestQ = 0;
  let bestSpec = 0;
  for (let o = 0; o < offers.length; o++) {
    const offer = (offers[o] as string).toLowerCase();
    const slash = offer.indexOf("/");
    const type = offer.slice(0, slash);
    const subtype = offer.slice(slash + 1);
    const plus = subtype.lastIndexOf("+");
    const suffix = plus >= 0 ? subtype.slice(plus + 1) : "";
    // RFC 9110 §12.5.1: the most specific matching range decides the offer's q.
    let spec = 0;
    let q = 0;
    for (const r of ranges) {
      const s = specificity(r, type, subtype, suffix);
      if (s > spec) {
        spec = s;
        q = r.q;
      }
    }
    if (spec > 0 && q > 0 && (q > bestQ || (q === bestQ && spec > bestSpec))) {
      best = o;
      bestQ = q;
      bestSpec = spec;
    }
  }
  return best;
}

/**
 * Picks a locale for `Accept-Language` among `available` (lowercase tags). Exact tags first,
 * then a prefix (`fr-ch` → `fr`); `*` picks nothing in particular. Returns undefined for the default.
 */
export function negotiateLanguage(
  header: string | undefined,
  available: { has(tag: string): boolean; readonly size: number },
): string | undefined {
  if (!header || available.size === 0) return undefined;
  let best: string | undefined;
  let bestQ = 0;
  let start = 0;
  let count = 0;
  const len = header.length;
  while (start < len && count++ < MAX_RANGES) {
    let end = header.indexOf(",", start);
    if (end < 0) end = len;
    const part = header.slice(start, end);
    start = end + 1;
    const semi = part.indexOf(";");
    const tag = (semi < 0 ? part : part.slice(0, semi)).trim().toLowerCase();
    const q = semi < 0 ? 1 : parseQ(part.slice(semi));
    if (q <= bestQ || tag === "" || tag === "*" || tag.length > MAX_LANGUAGE_RANGE) continue;
    let t = tag;
    // RFC 4647 §3.4 lookup: drop subtags from the end until a match.
    while (t) {
      if (available.has(t)) {
        best = t;
        bestQ = q;
        break;
      }
      const dash = t.lastIndexOf("-");
      if (dash < 0) break;
      t = t.slice(0, dash);
    }
  }
  return best;
}
