/**
 * The catalog.json format: exact export of an entry, round trips (property-based), and the
 * reader's one-line errors naming the wrong member.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catalogJsonSchema } from "../docs/catalog-schema.js";
import { defineCatalog } from "./define.js";
import {
  CATALOG_FORMAT,
  CatalogFormatError,
  catalogsFromDocument,
  exportCatalogs,
  parseCatalogDocument,
} from "./export.js";
import { httpErrors } from "./http.js";
import type { CatalogStatus } from "./status.js";
import type { ErrorSpec } from "./types.js";

const oclc = defineCatalog(
  { id: "oclc", title: "OCLC", version: "2", formats: ["oclc"], families: { prefix: false } },
  {
    wskeyInvalid: {
      code: 401,
      name: "wskey_invalid",
      status: 401,
      message: 'WSKey "{wskey}" is invalid',
      userMessage: "Your key {wskey} is not valid",
      messages: { fr: 'La clé "{wskey}" est invalide' },
      description: "The key is unknown.",
      causes: ["A typo"],
      fixes: ["Check the key."],
      docs: "https://example.com/wskey",
      authMethods: ["WSKeyLite", "HMAC"],
      tags: ["auth"],
      headers: { "Cache-Control": "no-store" },
      extra: { service: "search" },
      retryAfter: 3,
    },
    expired: {
      code: 4011,
      status: 401,
      message: "WSKey expired",
      defect: "kept",
      deprecated: true,
      expose: false,
    },
  },
);

describe("exportCatalogs", () => {
  it("writes every member of an entry, null or empty when absent", () => {
    const doc = exportCatalogs([oclc]);
    expect(doc.format).toBe(CATALOG_FORMAT);
    expect(doc.formatVersion).toBe(1);
    const [c] = doc.catalogs;
    expect(c).toMatchObject({
      id: "oclc",
      title: "OCLC",
      description: "",
      version: "2",
      defaultLocale: "en",
      families: { catchAll: true, prefix: false },
      formats: ["oclc"],
    });
    expect(c?.entries[0]).toEqual({
      key: "wskeyInvalid",
      slug: "401",
      code: 401,
      name: "wskey_invalid",
      status: 401,
      title: "Unauthorized",
      message: 'WSKey "{wskey}" is invalid',
      userMessage: "Your key {wskey} is not valid",
      messages: { fr: 'La clé "{wskey}" est invalide' },
      description: "The key is unknown.",
      causes: ["A typo"],
      fixes: ["Check the key."],
      docs: "https://example.com/wskey",
      parent: null,
      authMethods: ["WSKeyLite", "HMAC"],
      defect: null,
      tags: ["auth"],
      deprecated: false,
      params: ["wskey"],
      headers: { "Cache-Control": "no-store" },
      extra: { service: "search" },
      expose: true,
      retryAfter: 3,
    });
    // Prefix families are off in this catalog, so 4011 does not fall under 401.
    expect(c?.entries[1]).toMatchObject({
      code: 4011,
      parent: null,
      defect: "kept",
      deprecated: true,
      expose: false,
    });
  });

  it("records the family: derived (catch-all) or declared", () => {
    const ic = defineCatalog(
      { id: "ic" },
      {
        a: { code: 300, status: 400, message: "x" },
        b: { code: 352, status: 400, message: "y" },
        c: { code: 9, status: 400, message: "z", parent: 999 },
      },
    );
    expect(exportCatalogs([ic]).catalogs[0]?.entries.map((e) => e.parent)).toEqual([null, 300, 999]);
  });

  it("round-trips: export → JSON → catalogs → export is the identity", () => {
    const doc = exportCatalogs([oclc, httpErrors]);
    const again = exportCatalogs(catalogsFromDocument(JSON.parse(JSON.stringify(doc))));
    expect(again).toEqual(doc);
  });

  it("round-trips any catalog (property)", () => {
    const statuses: CatalogStatus[] = [200, 301, 400, 401, 404, 409, 429, 500, 503];
    const text = fc.string({ maxLength: 30 });
    const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
    const spec: fc.Arbitrary<ErrorSpec> = fc.record(
      {
        code: fc.oneof(fc.integer({ min: 0, max: 999_999 }), word),
        name: word,
        status: fc.constantFrom(...statuses),
        title: text,
        message: fc
          .array(
            fc.oneof(
              text.map((t) => t.replace(/[{}]/g, "")),
              word.map((w) => `{${w}}`),
            ),
            { maxLength: 4 },
          )
          .map((p) => p.join(" ")),
        userMessage: text,
        messages: fc.dictionary(fc.constantFrom("fr", "de", "pt-BR"), text),
        description: text,
        causes: fc.array(text, { maxLength: 3 }),
        fixes: fc.array(text, { maxLength: 3 }),
        tags: fc.array(word, { maxLength: 2 }),
        deprecated: fc.boolean(),
        defect: text,
        retryAfter: fc.nat(100),
        extra: fc.dictionary(
          word,
          fc.jsonValue({ maxDepth: 2 }).filter((v) => v !== undefined),
        ),
      },
      { requiredKeys: ["status", "message"] },
    ) as fc.Arbitrary<ErrorSpec>;
    fc.assert(
      fc.property(fc.dictionary(word, spec, { minKeys: 0, maxKeys: 6 }), (entries) => {
        const c = defineCatalog({ id: "prop" }, entries);
        const doc = exportCatalogs([c]);
        const json = JSON.parse(JSON.stringify(doc));
        expect(exportCatalogs(catalogsFromDocument(json))).toEqual(json);
      }),
      { numRuns: 150 },
    );
  });
});

describe("catalogJsonSchema", () => {
  it("declares exactly the members the writer writes, and requires what the reader requires", () => {
    const doc = exportCatalogs([oclc]);
    const defs = catalogJsonSchema.$defs;
    expect(Object.keys(catalogJsonSchema.properties).sort()).toEqual(Object.keys(doc).sort());
    expect(Object.keys(defs.catalog.properties).sort()).toEqual(Object.keys(doc.catalogs[0] ?? {}).sort());
    expect(Object.keys(defs.entry.properties).sort()).toEqual(
      Object.keys(doc.catalogs[0]?.entries[0] ?? {}).sort(),
    );
    // What the schema requires is exactly what a minimal hand-written document must give.
    expect(() =>
      parseCatalogDocument({
        format: "errata-catalog",
        formatVersion: 1,
        catalogs: [{ id: "m", entries: [{ key: "k", status: 400, message: "m" }] }],
      }),
    ).not.toThrow();
    expect([...defs.entry.required].sort()).toEqual(["key", "message", "status"]);
    expect([...defs.catalog.required].sort()).toEqual(["entries", "id"]);
  });
});

describe("parseCatalogDocument", () => {
  const valid = () => JSON.parse(JSON.stringify(exportCatalogs([oclc])));

  it("accepts a minimal hand-written document and fills the defaults", () => {
    const doc = parseCatalogDocument({
      format: "errata-catalog",
      formatVersion: 1,
      catalogs: [{ id: "mini", entries: [{ key: "gone", status: 404, message: "gone" }] }],
    });
    expect(doc.catalogs[0]).toMatchObject({
      id: "mini",
      title: "mini",
      families: { catchAll: true, prefix: true },
    });
    expect(doc.catalogs[0]?.entries[0]).toMatchObject({
      code: null,
      name: null,
      fixes: [],
      expose: true,
      params: [],
    });
  });

  const bad: [
    string,
    (d: Record<string, unknown> & { catalogs: Record<string, unknown>[] }) => unknown,
    string,
  ][] = [
    ["not an object", () => [], "$: expected a JSON object"],
    ["wrong format", (d) => ({ ...d, format: "x" }), '$.format: expected "errata-catalog"'],
    [
      "newer version",
      (d) => ({ ...d, formatVersion: 2 }),
      "$.formatVersion: version 2 is newer than this errata reads (1)",
    ],
    ["catalogs not array", (d) => ({ ...d, catalogs: {} }), "$.catalogs: expected an array"],
    [
      "bad id",
      (d) => ({ ...d, catalogs: [{ ...d.catalogs[0], id: "Has Space" }] }),
      "$.catalogs[0].id: expected lowercase letters, digits and '-'",
    ],
    [
      "status out of range",
      (d) => {
        const c = d.catalogs[0] as { entries: Record<string, unknown>[] };
        c.entries[1] = { ...c.entries[1], status: 600 };
        return d;
      },
      "$.catalogs[0].entries[1].status: expected an integer from 100 to 599",
    ],
    [
      "fix not a string",
      (d) => {
        const c = d.catalogs[0] as { entries: Record<string, unknown>[] };
        c.entries[0] = { ...c.entries[0], fixes: ["ok", 3] };
        return d;
      },
      "$.catalogs[0].entries[0].fixes[1]: expected a string",
    ],
    [
      "duplicate key",
      (d) => {
        const c = d.catalogs[0] as { entries: Record<string, unknown>[] };
        c.entries[1] = { ...c.entries[1], key: "wskeyInvalid" };
        return d;
      },
      '$.catalogs[0].entries[1].key: duplicate key "wskeyInvalid"',
    ],
    [
      "reserved key",
      (d) => {
        const c = d.catalogs[0] as { entries: Record<string, unknown>[] };
        c.entries[0] = { ...c.entries[0], key: "$" };
        return d;
      },
      '$.catalogs[0].entries[0].key: expected a non-empty key other than "$"',
    ],
  ];
  for (const [what, mutate, message] of bad) {
    it(`names the wrong member: ${what}`, () => {
      let err: unknown;
      try {
        parseCatalogDocument(mutate(valid()));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CatalogFormatError);
      expect((err as Error).message).toBe(message);
    });
  }
});
