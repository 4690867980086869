/** Header input shapes and request-id headers. */
import { describe, expect, it } from "vitest";
import { charsetOf, headerLookup, mediaType, requestIdFromHeaders } from "./headers.js";

describe("headerLookup", () => {
  it("reads every input shape case-insensitively, joining repeats", () => {
    const shapes = [
      new Headers([
        ["X-Request-Id", "a"],
        ["Vary", "Accept"],
        ["vary", "Origin"],
      ]),
      { "X-Request-Id": "a", Vary: ["Accept", "Origin"] },
      { "x-request-id": "a", vary: ["Accept", "Origin"] },
      [
        ["X-Request-Id", "a"],
        ["VARY", "Accept"],
        ["vary", "Origin"],
      ] as Array<[string, string]>,
    ];
    for (const s of shapes) {
      const h = headerLookup(s);
      expect(h.get("x-request-id")).toBe("a");
      expect(h.get("vary")).toBe("Accept, Origin");
      expect(h.has("content-type")).toBe(false);
    }
  });

  it("never reads inherited properties and notes retry-hint headers", () => {
    const h = headerLookup({ "content-type": "text/plain" });
    expect(h.get("constructor")).toBeUndefined();
    expect(h.get("__proto__")).toBeUndefined();
    expect(h.mayHaveRetryHints).toBe(false);
    expect(headerLookup({ "Retry-After": "1" }).mayHaveRetryHints).toBe(true);
    expect(headerLookup({ "x-ratelimit-reset": "1" }).mayHaveRetryHints).toBe(true);
    expect(headerLookup(null).get("x")).toBeUndefined();
  });

  it("media type and charset", () => {
    expect(mediaType('Application/Problem+JSON; charset="utf-8"')).toBe("application/problem+json");
    expect(mediaType(undefined)).toBe("");
    expect(charsetOf('text/html; charset="ISO-8859-1"')).toBe("iso-8859-1");
    expect(charsetOf("application/json")).toBeNull();
  });
});

describe("requestIdFromHeaders", () => {
  it("prefers the service's id headers, then Google's trace, then traceparent", () => {
    expect(requestIdFromHeaders(headerLookup({ "x-amz-request-id": "A", traceparent: "x" }))).toBe("A");
    expect(requestIdFromHeaders(headerLookup({ "Request-Id": "req_1" }))).toBe("req_1");
    expect(
      requestIdFromHeaders(
        headerLookup({ "X-Cloud-Trace-Context": "105445aa7843bc8bf206b12000100000/1;o=1" }),
      ),
    ).toBe("105445aa7843bc8bf206b12000100000");
    expect(
      requestIdFromHeaders(
        headerLookup({ traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" }),
      ),
    ).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(requestIdFromHeaders(headerLookup({ traceparent: "garbage" }))).toBeNull();
    expect(requestIdFromHeaders(headerLookup({}))).toBeNull();
  });
});
