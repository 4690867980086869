/**
 * Loading CATALOG arguments (CONTRACT §2): TypeScript without a build step, JavaScript modules,
 * catalog.json exports, and one-line errors naming the file and the reason.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineCatalog } from "./define.js";
import { exportCatalogs } from "./export.js";
import { CatalogLoadError, catalogsOfModule, isCatalog, loadCatalogFile, loadCatalogFiles } from "./load.js";

const DEFINE = fileURLToPath(new URL("./define.ts", import.meta.url)).replace(/\.ts$/, ".js");
const REPO = fileURLToPath(new URL("../..", import.meta.url));

let dir: string;

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function loadError(file: string): Promise<string> {
  try {
    await loadCatalogFile(file, { cwd: dir });
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogLoadError);
    return (err as Error).message;
  }
  throw new Error("expected a CatalogLoadError");
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "errata-load-"));
  write(
    "two.ts",
    `import { defineCatalog } from ${JSON.stringify(DEFINE)};
const typed: number = 3;
export const oclc = defineCatalog({ id: "oclc" }, { a: { code: 401, status: 401, message: "WSKey {wskey} is invalid" } });
export const shop = defineCatalog({ id: "shop" }, { b: { status: 404, message: "gone" } });
export const notACatalog = { $: "nope", typed };
export default oclc;
`,
  );
  write(
    "grouped.mts",
    `import { defineCatalog } from ${JSON.stringify(DEFINE)};
const a = defineCatalog({ id: "a" }, { x: { status: 400, message: "x" } });
const b = defineCatalog({ id: "b" }, { y: { status: 400, message: "y" } });
export default { a, b };
`,
  );
  write("none.ts", "export const answer = 42;\n");
  write("broken.ts", "export const = ;\n");
  write("throws.ts", 'throw new Error("boom at /secret/path\\nsecond line");\n');
  write(
    "plain.mjs",
    `import { defineCatalog } from ${JSON.stringify(DEFINE)};
export const entity = defineCatalog({ id: "entity-api" }, { nf: { code: 3001, status: 404, message: "entity not found" } });
`,
  );
  const exported = exportCatalogs([
    defineCatalog(
      { id: "json-cat" },
      { gone: { code: 3001, status: 404, message: "gone {id}", fixes: ["Check."] } },
    ),
  ]);
  write("catalog.json", JSON.stringify(exported));
  write("bad.json", "{ not json");
  write(
    "wrong.json",
    JSON.stringify({
      format: "errata-catalog",
      formatVersion: 1,
      catalogs: [{ id: "x", entries: [{ key: "k", status: "404", message: "m" }] }],
    }),
  );
  write("empty.json", JSON.stringify({ format: "errata-catalog", formatVersion: 1, catalogs: [] }));
  write("catalog.yaml", "id: x\n");
  mkdirSync(join(dir, "folder.ts"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("loadCatalogFile", () => {
  it("loads a TypeScript module without a build step: its exported catalogs, once each", async () => {
    const loaded = await loadCatalogFile("two.ts", { cwd: dir });
    expect(loaded.map((l) => [l.file, l.exportName, l.catalog.$.id])).toEqual([
      ["two.ts", "default", "oclc"],
      ["two.ts", "shop", "shop"],
    ]);
    expect(loaded[0]?.catalog.$.get(401)?.message.names).toEqual(["wskey"]);
  });

  it("looks one level into a default export object", async () => {
    const loaded = await loadCatalogFile(join(dir, "grouped.mts"));
    expect(loaded.map((l) => [l.exportName, l.catalog.$.id])).toEqual([
      ["default.a", "a"],
      ["default.b", "b"],
    ]);
  });

  it("loads a JavaScript module", async () => {
    const loaded = await loadCatalogFile("plain.mjs", { cwd: dir });
    expect(loaded.map((l) => l.catalog.$.id)).toEqual(["entity-api"]);
  });

  it("loads a catalog.json export, rebuilt with defineCatalog", async () => {
    const [l] = await loadCatalogFile("catalog.json", { cwd: dir });
    expect(l?.exportName).toBe("catalogs[0]");
    expect(l?.catalog.$.id).toBe("json-cat");
    const e = l?.catalog.$.get(3001);
    expect(e?.message.source).toBe("gone {id}");
    expect(e?.spec.fixes).toEqual(["Check."]);
  });

  it("loads a shipped example catalog (relative .js imports resolve to .ts)", async () => {
    const loaded = await loadCatalogFile("examples/oclc/catalog.ts", { cwd: REPO });
    expect(loaded.map((l) => l.catalog.$.id)).toContain("oclc");
  });

  it("fails with one line naming the file and the reason", async () => {
    expect(await loadError("missing.ts")).toBe("missing.ts: no such file");
    expect(await loadError("catalog.yaml")).toBe(
      'catalog.yaml: unsupported file type ".yaml" (expected .ts, .mts, .js, .mjs or .json)',
    );
    expect(await loadError("folder.ts")).toBe("folder.ts: not a file");
    expect(await loadError("none.ts")).toBe(
      "none.ts: exports no catalog (expected an export made with defineCatalog)",
    );
    expect(await loadError("bad.json")).toMatch(/^bad\.json: not valid JSON \(.+\)$/);
    expect(await loadError("wrong.json")).toBe(
      "wrong.json: not a catalog.json export: $.catalogs[0].entries[0].status: expected an integer from 100 to 599",
    );
    expect(await loadError("empty.json")).toBe("empty.json: the document holds no catalogs");
    const broken = await loadError("broken.ts");
    expect(broken).toMatch(/^broken\.ts: cannot load module \(.+\)$/);
    expect(broken).not.toContain("\n");
    expect(await loadError("throws.ts")).toBe("throws.ts: cannot load module (boom at /secret/path)");
  });

  it("loadCatalogFiles keeps the order of the files", async () => {
    const loaded = await loadCatalogFiles(["catalog.json", "plain.mjs"], { cwd: dir });
    expect(loaded.map((l) => l.catalog.$.id)).toEqual(["json-cat", "entity-api"]);
  });
});

describe("isCatalog / catalogsOfModule", () => {
  it("recognises catalogs by their `$` info and skips everything else", () => {
    const c = defineCatalog({ id: "c" }, { x: { status: 400, message: "x" } });
    expect(isCatalog(c)).toBe(true);
    expect(isCatalog(c.x)).toBe(false);
    expect(isCatalog({ $: { id: "x", entries: [] } })).toBe(false);
    expect(isCatalog(null)).toBe(false);
    expect(catalogsOfModule({ default: [c, 3], c }).map((x) => x.name)).toEqual(["default[0]"]);
    expect(catalogsOfModule(undefined)).toEqual([]);
  });
});
