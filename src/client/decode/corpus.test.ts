/**
 * The decoder against real error bodies from public APIs (issue 6: at least 30 bodies from at
 * least 12 APIs). Each case asserts the complete normalised error — code, name, message, detail,
 * request id, retry-after, fields, format, retryable — with the body as text and as bytes.
 */
import { describe, expect, it } from "vitest";
import { corpus } from "./corpus/index.js";
import { decodeError, decodeResponse } from "./index.js";

describe("corpus of real error responses", () => {
  it("has at least 30 bodies from at least 12 APIs, each with a source", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    const vendors = new Set(corpus.map((c) => c.api.split(/[ (]/)[0]));
    expect(vendors.size).toBeGreaterThanOrEqual(12);
    for (const c of corpus) expect(c.source).toMatch(/^https:\/\//);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
  });

  it.each(corpus.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const fromText = decodeError({ status: c.status, headers: c.headers ?? {}, body: c.body });
    expect(fromText).toEqual(c.expected);
    const fromBytes = decodeError({
      status: c.status,
      headers: Object.entries(c.headers ?? {}),
      body: new TextEncoder().encode(c.body),
    });
    expect(fromBytes).toEqual(c.expected);
  });

  it.each(corpus.map((c) => [c.name, c] as const))("%s through a fetch Response", async (_name, c) => {
    // A 200 with a body is fine for Response; statuses outside 200–599 do not occur in the corpus.
    const res = new Response(c.body.length > 0 ? c.body : null, {
      status: c.status,
      headers: c.headers ?? {},
    });
    expect(await decodeResponse(res)).toEqual(c.expected);
  });
});
