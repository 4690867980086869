/**
 * Renderers under hostile parameters (issue 8): whatever a catalog parameter, a field error, a
 * request path, a posted body or a route's locals hold — control characters, CR/LF, quotes,
 * `</x>`, `]]>`, lone surrogates, megabyte strings, `__proto__`, values that cannot even become a
 * string — every built-in format (src/formats/registry.ts) renders a well-formed response:
 * JSON bodies parse, XML bodies pass fast-xml-parser's XMLValidator, and every header is one
 * line Node accepts (`http.validateHeaderName` / `validateHeaderValue`), including OAuth's
 * `WWW-Authenticate` and ORCID's `Location` (no header injection).
 */
import { validateHeaderValue } from "node:http";
import fc from "fast-check";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { createErrata } from "../../src/core/errata.js";
import { bearerChallenge } from "../../src/formats/bearer-challenge/index.js";
import { orcid } from "../../src/formats/orcid/index.js";
import { problemJson } from "../../src/formats/problem-json/index.js";
import { problemXml } from "../../src/formats/problem-xml/index.js";
import { formatFactories } from "../../src/formats/registry.js";
import type { RequestView } from "../../src/formats/types.js";
import { hostileShortText as hostileText } from "./hostile-values.js";
import { DOCS, hostile, raise, renderProblems, runRenderFuzz, TOKEN } from "./render-check.js";

describe.each(Object.keys(formatFactories))("renderer %s under hostile parameters", (id) => {
  const format = (formatFactories[id] as () => ReturnType<(typeof formatFactories)[string]>)();
  const errata = createErrata({ formats: [format], catalogs: [hostile], docsBaseUrl: DOCS });

  it("renders a well-formed body and one-line headers for every input", () => {
    const r = runRenderFuzz(id, 150);
    process.stdout.write(
      `renderer ${id}: ${r.cases} hostile renders, ${r.failures} not well-formed, slowest ${r.worstMs} ms\n`,
    );
    expect(r.findings).toEqual([]);
    expect(r.failures).toBe(0);
    expect(r.cases).toBe(150 * format.mediaTypes.length);
  }, 60_000);

  it("keeps a megabyte parameter whole in the body and out of the headers' line structure", () => {
    // About a megabyte of UTF-8: CR/LF, markup, a CDATA end, NUL and a lone surrogate, repeated.
    const big = `${"\r\n<x>]]>\u0000\ud800".repeat(1 << 16)}__proto__`;
    // The entries whose headers carry parameters or locals: Location, WWW-Authenticate.
    const keys = ["templated", "moved", "invalidToken", "invalidClient"] as const;
    for (const [i, key] of keys.entries()) {
      // One media type per entry, round robin: each megabyte render costs up to a second.
      for (const mediaType of [format.mediaTypes[i % format.mediaTypes.length] as string]) {
        const r = errata.handle(raise(key, big, big, big), {
          method: "POST",
          path: "/big",
          headers: { accept: mediaType },
          token: TOKEN,
          bodyText: big,
          locals: { realm: big, scope: big, state: big, authScheme: "basic" },
        });
        expect(renderProblems(r, mediaType), `${key} ${mediaType}`).toEqual([]);
      }
    }
  }, 60_000);
});

describe("what survives, exactly", () => {
  const both = createErrata({
    formats: [problemJson(), problemXml()],
    catalogs: [hostile],
    docsBaseUrl: DOCS,
  });
  const view = (accept: string, path: string): RequestView => ({
    method: "GET",
    path,
    headers: { accept },
    token: TOKEN,
  });

  it("problem+json keeps any text exactly (lone surrogates as escapes)", () => {
    fc.assert(
      fc.property(hostileText, hostileText, (v, w) => {
        const r = both.handle(hostile.templated({ v, w }), view("application/problem+json", `/${v}`));
        const p = JSON.parse(r.body) as { detail: string; instance: string; requestId: string };
        expect(p.detail).toBe(`Value ${v} is not valid for ${w}`);
        expect(p.instance).toBe(`/${v}`);
        expect(p.requestId).toBe(TOKEN);
      }),
      { numRuns: 300 },
    );
  });

  it("problem+xml keeps the text, with the characters XML cannot carry as U+FFFD", () => {
    const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
    const parser = new XMLParser({ processEntities: true, htmlEntities: false, trimValues: false });
    fc.assert(
      fc.property(
        hostileText.filter((s) => s.length < 4096),
        (v) => {
          const r = both.handle(hostile.templated({ v, w: "x" }), view("application/problem+xml", "/p"));
          const doc = parser.parse(r.body) as { problem: { detail: unknown } };
          // XML 1.0 §2.11: a parser reads CR LF and lone CR as LF.
          const expected = `Value ${v} is not valid for x`.replace(NOT_XML, "\uFFFD").replace(/\r\n?/g, "\n");
          expect(String(doc.problem.detail)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a parameter that cannot become text renders as nothing instead of failing the error", () => {
    const r = both.handle(
      hostile.templated({ v: { toString: 1 }, w: Object.create(null) } as never),
      view("application/problem+json", "/p"),
    );
    expect(r.status).toBe(400);
    expect((JSON.parse(r.body) as { detail: string }).detail).toBe("Value  is not valid for ");
  });

  it("a thrown value that breaks `instanceof` (a revoked Proxy) is the generic 500", () => {
    const p = Proxy.revocable({}, {});
    p.revoke();
    const r = both.handle(p.proxy, view("application/problem+json", "/p"));
    expect(r.status).toBe(500);
    expect((JSON.parse(r.body) as { code: string }).code).toBe("internal_error");
  });

  it("ORCID's Location keeps CR/LF out of the header: percent-encoded", () => {
    const r = createErrata({ formats: [orcid()], catalogs: [hostile] }).handle(
      raise("moved", "x", "y", "0000\r\nSet-Cookie: a=b"),
      view("application/json", "/p"),
    );
    const i = r.headers.findIndex((h, n) => n % 2 === 0 && h === "Location");
    expect(r.headers[i + 1]).toBe("/orcid/v3.0/0000%0D%0ASet-Cookie: a=b/record");
  });

  it("OAuth's challenge keeps a hostile realm and description on one quoted line", () => {
    const r = createErrata({ formats: [bearerChallenge()], catalogs: [hostile] }).handle(
      hostile.invalidToken({ v: 'a"\r\nX: y\\' }),
      {
        ...view("application/json", "/userinfo"),
        locals: { realm: 'r"\r\nSet-Cookie: s=1' },
      },
    );
    const i = r.headers.findIndex((h, n) => n % 2 === 0 && h === "WWW-Authenticate");
    expect(r.headers[i + 1]).toBe(
      `Bearer realm="r\\" Set-Cookie: s=1", error="invalid_token", error_description="Token a' X: y/ rejected"`,
    );
  });

  it("the validator used above does refuse broken XML (the checks can fail)", () => {
    expect(XMLValidator.validate("<a><b></a>")).not.toBe(true);
    expect(XMLValidator.validate("<a>&</a>")).not.toBe(true);
    expect(XMLValidator.validate('<a x="1" x="2"/>')).not.toBe(true);
    expect(() => validateHeaderValue("X", "a\r\nb: c")).toThrow();
  });
});
