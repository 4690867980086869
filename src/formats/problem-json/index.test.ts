import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defineCatalog } from "../../catalog/define.js";
import { createErrata } from "../../core/errata.js";

const errors = defineCatalog(
  { id: "fuzz" },
  {
    withParam: { code: 1001, status: 400, message: "value {v} is invalid", fixes: ["x"] },
    localized: {
      code: 1002,
      status: 404,
      message: "not found",
      messages: { fr: "introuvable", "de-ch": "nöd gfunde" },
    },
    withExtra: {
      code: 1003,
      name: "extra_one",
      status: 409,
      message: "conflict",
      extra: { argument_name: "email", type: "x" },
    },
  },
);
const errata = createErrata({ catalogs: [errors], docsBaseUrl: "https://d.example/errors/" });
const view = (path = "/p", headers: Record<string, string> = {}) => ({
  method: "GET",
  path,
  headers,
  token: "AAAAAAAAAAAAAAAA",
});

describe("problem+json", () => {
  it("renders the RFC 9457 members and errata's extensions", () => {
    const r = errata.handle(errors.withParam({ v: "x" }), view());
    expect(r.status).toBe(400);
    expect(r.headers).toEqual(["Content-Type", "application/problem+json", "Vary", "Accept"]);
    expect(r.body).toBe(
      '{"type":"https://d.example/errors/fuzz/1001","title":"Bad Request","status":400,"detail":"value x is invalid","instance":"/p","code":1001,"requestId":"AAAAAAAAAAAAAAAA"}',
    );
  });

  it("renders field errors as RFC 9457 §3 shows them", () => {
    const r = errata.handle(
      errors.withParam(
        { v: 1 },
        {
          fields: [
            { name: "age", message: "must be a positive integer" },
            { name: "/address/zip", message: "required", code: 5000 },
            { name: "rows", message: "0–1000", in: "query" },
            { name: "x-api-key", message: "missing", in: "header" },
          ],
        },
      ),
      view(),
    );
    expect(JSON.parse(r.body).errors).toEqual([
      { detail: "must be a positive integer", pointer: "#/age" },
      { detail: "required", pointer: "#/address/zip", code: 5000 },
      { detail: "0–1000", parameter: "rows" },
      { detail: "missing", header: "x-api-key" },
    ]);
  });

  it("adds extra members but never lets them replace the standard ones", () => {
    const r = errata.handle(
      errors.withExtra({ extra: { status: 200, detail: "hijack", argument_name: "email" } }),
      view(),
    );
    const b = JSON.parse(r.body);
    expect(b.status).toBe(409);
    expect(b.detail).toBe("conflict");
    expect(b.argument_name).toBe("email");
    expect(b.name).toBe("extra_one");
  });

  it("localises with Accept-Language and says so in Content-Language", () => {
    const r = errata.handle(errors.localized(), view("/p", { "accept-language": "de-CH, fr;q=0.8" }));
    expect(JSON.parse(r.body).detail).toBe("nöd gfunde");
    expect(r.headers).toContain("Content-Language");
    expect(r.headers[r.headers.indexOf("Content-Language") + 1]).toBe("de-ch");
    const en = errata.handle(errors.localized(), view("/p", { "accept-language": "en" }));
    expect(JSON.parse(en.body).detail).toBe("not found");
    expect(en.headers).not.toContain("Content-Language");
  });

  it("any parameter value and path yield JSON that parses back to the same values", () => {
    let cases = 0;
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (v, path) => {
        cases++;
        const r = errata.handle(errors.withParam({ v }), view(path));
        const b = JSON.parse(r.body);
        // JSON escapes lone surrogates (well-formed JSON.stringify), so they parse back unchanged.
        expect(b.detail).toBe(`value ${v} is invalid`);
        if (path !== "") expect(b.instance).toBe(path);
        expect(b.code).toBe(1001);
        expect(b.requestId).toBe("AAAAAAAAAAAAAAAA");
        for (const h of r.headers) expect(h).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 1000 },
    );
    process.stdout.write(`problem+json fuzz: ${cases} cases\n`);
  });

  it("renders a 1 MB parameter and __proto__ keys safely", () => {
    const big = "x".repeat(1 << 20);
    const r = errata.handle(errors.withParam({ v: big }), view());
    expect(JSON.parse(r.body).detail.length).toBe(big.length + 17);
    const proto = errata.handle(
      errors.withExtra({ extra: JSON.parse('{"__proto__":{"polluted":1}}') }),
      view(),
    );
    expect(() => JSON.parse(proto.body)).not.toThrow();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("error headers", () => {
  it("never break the header block, whatever a parameter holds", async () => {
    const { safeHeaderValue } = await import("../../core/errata.js");
    const moved = defineCatalog({ id: "h" }, { moved: { status: 301, message: "moved" } });
    const e = createErrata({ catalogs: [moved] });
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (v) => {
        const r = e.handle(
          moved.moved({ headers: { Location: `/x/${v}`, "X-Note": v, "Bad Name": "x" } }),
          view(),
        );
        for (let i = 0; i < r.headers.length; i++)
          expect(r.headers[i]).not.toMatch(/[^\t\x20-\x7e\x80-\xff]/);
        expect(r.headers).not.toContain("Bad Name");
      }),
      { numRuns: 500 },
    );
    expect(safeHeaderValue("Location", "/a\r\nSet-Cookie: x")).toBe("/a%0D%0ASet-Cookie: x");
    expect(safeHeaderValue("X-A", "a\r\nb")).toBe("a  b");
    expect(safeHeaderValue("Location", "/é/\u{1F600}")).toBe("/é/%F0%9F%98%80");
  });
});
