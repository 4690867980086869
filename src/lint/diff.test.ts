/**
 * `errata diff` on crafted pairs: each breaking kind, each compatible kind, pairing of catalogs,
 * and the line format.
 */
import { describe, expect, it } from "vitest";
import { defineCatalog } from "../catalog/define.js";
import type { ErrorSpec } from "../catalog/types.js";
import { diffCatalog, diffCatalogs, formatChange } from "./diff.js";

const fix = ["Fix it."];

const base: Record<string, ErrorSpec> = {
  saving: { code: 2006, status: 500, message: "entity saving error", fixes: fix },
  uspta: { code: 200601, status: 409, message: "USPTA number must be unique", fixes: fix },
  notFound: { code: 3001, name: "entity_not_found", status: 404, message: "entity not found", fixes: fix },
  token: { code: 4003, name: "invalid_token", status: 401, message: "token {token} is invalid", fixes: fix },
  validation: {
    code: 5000,
    status: 400,
    message: "validation error",
    extra: { subjectType: "parameter" },
    fixes: fix,
  },
};

function v(id: string, entries: Record<string, ErrorSpec>) {
  return defineCatalog({ id }, entries);
}

function kinds(oldE: Record<string, ErrorSpec>, newE: Record<string, ErrorSpec>) {
  return diffCatalog(v("entity-api", oldE), v("entity-api", newE)).map(
    (c) => [c.kind, c.breaking, c.code] as const,
  );
}

describe("diffCatalog", () => {
  it("finds nothing between identical catalogs", () => {
    expect(kinds(base, { ...base })).toEqual([]);
  });

  it("text changes are compatible (seed 003: the text may change, the codes stay the same)", () => {
    const next = {
      ...base,
      notFound: {
        ...base.notFound,
        message: "The entity was not found.",
        title: "Missing",
        description: "Gone.",
        fixes: ["Check the id."],
      },
    } as Record<string, ErrorSpec>;
    expect(kinds(base, next)).toEqual([
      ["message-changed", false, 3001],
      ["title-changed", false, 3001],
      ["docs-changed", false, 3001],
    ]);
    const [msg] = diffCatalog(v("entity-api", base), v("entity-api", next));
    expect(msg?.message).toBe('message "entity not found" → "The entity was not found."');
  });

  it("a new code is compatible; a removed one is breaking, even when deprecated", () => {
    const added = {
      ...base,
      exists: { code: 3002, status: 409, message: "entity already exists", fixes: fix },
    } as Record<string, ErrorSpec>;
    expect(kinds(base, added)).toEqual([["added", false, 3002]]);
    const { uspta: _gone, ...removed } = base;
    expect(kinds(base, removed)).toEqual([["removed", true, 200601]]);
    const deprecated = { ...base, uspta: { ...base.uspta, deprecated: true } } as Record<string, ErrorSpec>;
    expect(kinds(base, deprecated)).toEqual([["deprecated", false, 200601]]);
    const [c] = diffCatalog(v("e", deprecated), v("e", removed));
    expect(c?.message).toBe("200601 uspta removed (it was deprecated)");
  });

  it("a status or name change is breaking", () => {
    expect(
      kinds(base, { ...base, notFound: { ...base.notFound, status: 410 } } as Record<string, ErrorSpec>),
    ).toEqual([["status-changed", true, 3001]]);
    expect(
      kinds(base, { ...base, notFound: { ...base.notFound, name: "not_found" } } as Record<
        string,
        ErrorSpec
      >),
    ).toEqual([["name-changed", true, 3001]]);
  });

  it("a code reused for another meaning is one breaking change", () => {
    // Seed 001's 352: the name of another code, and (here) a different status class.
    const reusedName = {
      ...base,
      token: { ...base.token, name: "entity_not_found" },
      notFound: { ...base.notFound, name: "record_missing" },
    } as Record<string, ErrorSpec>;
    const changes = diffCatalog(v("e", base), v("e", reusedName));
    expect(changes.map((c) => [c.kind, c.code])).toEqual([
      ["code-reused", 3001],
      ["code-reused", 4003],
    ]);
    expect(changes[1]?.message).toBe(
      'code 4003 now means something else: name "invalid_token" → "entity_not_found"; "entity_not_found" was code 3001',
    );
    const newMeaning = {
      ...base,
      notFound: { code: 3001, name: "quota_exceeded", status: 503, message: "quota", fixes: fix },
    } as Record<string, ErrorSpec>;
    expect(kinds(base, newMeaning)).toEqual([
      ["code-reused", true, 3001],
      ["message-changed", false, 3001],
    ]);
  });

  it("template parameters: removed and added are breaking for the code that raises the error", () => {
    const removed = { ...base, token: { ...base.token, message: "token is invalid" } } as Record<
      string,
      ErrorSpec
    >;
    expect(kinds(base, removed)).toEqual([
      ["param-removed", true, 4003],
      ["message-changed", false, 4003],
    ]);
    const added = {
      ...base,
      token: { ...base.token, message: "token {token} is invalid since {time}" },
    } as Record<string, ErrorSpec>;
    const changes = diffCatalog(v("e", base), v("e", added));
    expect(changes.map((c) => [c.kind, c.breaking])).toEqual([
      ["param-added", true],
      ["message-changed", false],
    ]);
    expect(changes[0]?.message).toBe("template parameter {time} added: every caller must pass it");
  });

  it("body members, number vs string codes, families, headers", () => {
    const next = {
      ...base,
      validation: { ...base.validation, extra: { subjectKind: "parameter" } },
      notFound: { ...base.notFound, code: "3001" },
      uspta: { ...base.uspta, headers: { "Cache-Control": "no-store" }, retryAfter: 5 },
    } as Record<string, ErrorSpec>;
    expect(kinds(base, next)).toEqual([
      ["headers-changed", false, 200601],
      ["retry-after-changed", false, 200601],
      ["code-type-changed", true, "3001"],
      ["extra-removed", true, 5000],
      ["extra-added", false, 5000],
    ]);
    const { saving: _s, ...noFamily } = base;
    expect(kinds(base, noFamily)).toEqual([
      ["removed", true, 2006],
      ["family-changed", false, 200601],
    ]);
  });
});

describe("diffCatalogs", () => {
  it("pairs catalogs by id and reports catalogs added and removed", () => {
    const a = v("a", base);
    const b = v("b", base);
    const c = v("c", base);
    const r = diffCatalogs([a, b], [b, c]);
    expect(r.changes.map((x) => [x.kind, x.catalog, x.breaking])).toEqual([
      ["catalog-removed", "a", true],
      ["catalog-added", "c", false],
    ]);
    expect(r).toMatchObject({ breaking: 1, compatible: 1 });
  });

  it("pairs a single catalog on each side even when its id changed (breaking)", () => {
    const r = diffCatalogs([v("entity", base)], [v("entity-api", base)]);
    expect(r.changes.map((x) => x.kind)).toEqual(["catalog-id-changed"]);
    expect(r.breaking).toBe(1);
  });

  it("formats one line per change", () => {
    const r = diffCatalogs(
      [v("e", base)],
      [v("e", { ...base, notFound: { ...base.notFound, status: 410 } } as Record<string, ErrorSpec>)],
    );
    expect(r.changes.map(formatChange)).toEqual([
      "breaking: e 3001 entity_not_found: status-changed: status 404 → 410",
    ]);
    const added = diffCatalogs([v("e", {})], [v("e", { x: { status: 400, message: "x", fixes: fix } })]);
    expect(added.changes.map(formatChange)).toEqual(["compatible: e - x: added: - x added (status 400)"]);
  });
});
