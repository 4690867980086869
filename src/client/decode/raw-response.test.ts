/** Raw HTTP/1.x response parsing: framing, folding, chunking, codings, bounds. */
import { brotliCompressSync, deflateRawSync, deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { dechunk, parseRawResponse, RawResponseError } from "./raw-response.js";

const enc = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("parseRawResponse", () => {
  it("status line, headers in order, obs-fold unfolded, body bytes", () => {
    const r = parseRawResponse(
      enc(
        "\uFEFF\r\nHTTP/1.0 418 I'm a teapot\r\nX-A: 1\r\nX-Long: part one\r\n\tpart two\r\nnot a header\r\n\r\nbody\r\nmore",
      ),
    );
    expect(r.httpVersion).toBe("1.0");
    expect(r.status).toBe(418);
    expect(r.statusText).toBe("I'm a teapot");
    expect(r.headers).toEqual([
      ["X-A", "1"],
      ["X-Long", "part one part two"],
    ]);
    expect(text(r.body)).toBe("body\r\nmore");
  });

  it("Content-Length bounds the body", () => {
    expect(text(parseRawResponse(enc("HTTP/1.1 400 Bad\nContent-Length: 4\n\nbodyEXTRA")).body)).toBe("body");
  });

  it("undoes deflate (zlib and raw) and br; keeps corrupt bodies as they are", () => {
    const json = '{"error":"x"}';
    for (const [coding, bytes] of [
      ["deflate", deflateSync(json)],
      ["deflate", deflateRawSync(json)],
      ["br", brotliCompressSync(json)],
    ] as const) {
      const head = enc(`HTTP/1.1 400 Bad Request\r\nContent-Encoding: ${coding}\r\n\r\n`);
      const r = parseRawResponse(new Uint8Array([...head, ...bytes]));
      expect(text(r.body)).toBe(json);
    }
    expect(text(parseRawResponse(enc("HTTP/1.1 400 X\r\nContent-Encoding: gzip\r\n\r\nnot gzip")).body)).toBe(
      "not gzip",
    );
  });

  it("rejects input without a status line", () => {
    expect(() => parseRawResponse(enc(""))).toThrow(RawResponseError);
    expect(() => parseRawResponse(enc("GET / HTTP/1.1\r\n\r\n"))).toThrow(/no HTTP status line/);
    expect(() => parseRawResponse(enc("http/1.1 200 OK\r\n\r\n"))).toThrow(RawResponseError);
  });
});

describe("dechunk", () => {
  it("joins chunks, ignores extensions and trailers, tolerates bare LF", () => {
    expect(text(dechunk(enc("4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\nT: v\r\n\r\n")))).toBe("Wikipedia");
    expect(text(dechunk(enc("3\nabc\n0\n\n")))).toBe("abc");
  });

  it("keeps what was decoded when framing breaks; returns unframed bodies as they are", () => {
    expect(text(dechunk(enc("3\r\nabc\r\nzz\r\nmore")))).toBe("abc");
    expect(text(dechunk(enc('{"not":"chunked"}')))).toBe('{"not":"chunked"}');
    expect(text(dechunk(enc("ff\r\nshort")))).toBe("short");
  });
});
