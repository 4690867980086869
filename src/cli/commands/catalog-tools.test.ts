/**
 * `errata lint | diff | docs | explain` through the CLI's own entry point (CONTRACT §2): exit
 * codes 0/1/2, `--help`, `--json`, the exact output lines, one-line errors on stderr naming the
 * file and the reason, never a stack.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineCatalog } from "../../catalog/define.js";
import { exportCatalogs } from "../../catalog/export.js";
import type { ErrorSpec } from "../../catalog/types.js";
import type { CliIO } from "../io.js";
import { main, registerCommand } from "../main.js";
import diff from "./diff.js";
import docs from "./docs.js";
import explain from "./explain.js";
import lint from "./lint.js";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));

for (const c of [lint, diff, docs, explain]) registerCommand(c.name, async () => c);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let dir: string;

async function run(args: string[], cwd = dir): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => Buffer.alloc(0),
    cwd,
    env: {},
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

function writeCatalog(file: string, id: string, entries: Record<string, ErrorSpec>, version?: string): void {
  const c = defineCatalog({ id, ...(version ? { version } : {}), formats: ["problem+json"] }, entries);
  writeFileSync(join(dir, file), JSON.stringify(exportCatalogs([c])));
}

const fix = ["Fix it."];
const v1: Record<string, ErrorSpec> = {
  notFound: { code: 3001, name: "entity_not_found", status: 404, message: "entity not found", fixes: fix },
  token: { code: 4003, status: 401, message: "token {token} is invalid", fixes: fix },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "errata-cli-"));
  writeCatalog("clean.json", "shop", v1, "1");
  writeCatalog(
    "v2-text.json",
    "shop",
    { ...v1, notFound: { ...v1.notFound, message: "The entity was not found." } } as Record<
      string,
      ErrorSpec
    >,
    "2",
  );
  writeCatalog(
    "v2-status.json",
    "shop",
    { ...v1, notFound: { ...v1.notFound, status: 410 } } as Record<string, ErrorSpec>,
    "2",
  );
  writeCatalog("defects.json", "ic", {
    unknownApplication: {
      code: 221,
      name: "unknown_application",
      status: 400,
      message: "no such application",
      fixes: fix,
    },
    passwordReused: {
      code: 352,
      name: "unknown_application",
      status: 400,
      message: "password reused",
      fixes: fix,
      defect: "Seed 001 reuses the name.",
    },
    invalidCode: { code: 9, status: 500, message: "Invalid authorization code" },
  });
  writeFileSync(join(dir, "not-a-dir"), "x");
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function oneLineError(r: Run): void {
  expect(r.stdout).toBe("");
  expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe("errata lint", () => {
  it("prints one line per finding and exits 1", async () => {
    const r = await run(["lint", "defects.json"]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")).toEqual([
      'defects.json: 352 unknown_application: duplicate-name: name "unknown_application" is already used by 221 unknown_application (known defect)',
      'defects.json: 9 invalidCode: client-error-as-5xx: status 500 for a client mistake (authentication: "authorization code"); use a 4xx (400 invalid, 401/403 authentication, 404 not found)',
      'defects.json: 9 invalidCode: missing-fix: no fix text (add fixes: ["…"] saying what the client should do)',
      "",
    ]);
    expect(r.stderr).toBe("errata lint: 3 findings (1 on known defects) in 1 catalog\n");
  });

  it("exits 0 on a clean catalog, with nothing on stdout", async () => {
    const r = await run(["lint", "clean.json"]);
    expect(r).toEqual({ code: 0, stdout: "", stderr: "errata lint: no findings in 1 catalog\n" });
  });

  it("--json prints the findings as an array", async () => {
    const r = await run(["lint", "--json", "defects.json", "clean.json"]);
    expect(r.code).toBe(1);
    const found = JSON.parse(r.stdout) as {
      rule: string;
      file: string;
      code: number;
      knownDefect: string | null;
    }[];
    expect(found.map((f) => [f.file, f.code, f.rule])).toEqual([
      ["defects.json", 352, "duplicate-name"],
      ["defects.json", 9, "client-error-as-5xx"],
      ["defects.json", 9, "missing-fix"],
    ]);
    expect(found[0]?.knownDefect).toBe("Seed 001 reuses the name.");
    expect(JSON.parse((await run(["lint", "--json", "clean.json"])).stdout)).toEqual([]);
  });

  it("finds the real defects of a shipped seed catalog", async () => {
    const r = await run(["lint", "examples/identity-cloud/catalog.ts"], REPO);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'examples/identity-cloud/catalog.ts: 352 unknown_application: duplicate-name: name "unknown_application" is already used by 221 unknown_application (known defect)\n',
    );
  });

  it("--help, --rules, and bad usage", async () => {
    const help = await run(["lint", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: errata lint CATALOG… [--json]");
    const rules = await run(["lint", "--rules"]);
    expect(rules.code).toBe(0);
    expect(
      rules.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(/\s+/)[0]),
    ).toContain("leaks-internals");
    const none = await run(["lint"]);
    expect(none.code).toBe(2);
    oneLineError(none);
    expect(none.stderr).toBe("errata lint: no CATALOG given (usage: errata lint CATALOG… [--json])\n");
    const unknown = await run(["lint", "--fast", "clean.json"]);
    expect(unknown.code).toBe(2);
    oneLineError(unknown);
    expect(unknown.stderr).toMatch(/^errata lint: Unknown option '--fast'/);
  });

  it("names the file and the reason when a catalog cannot be read", async () => {
    const missing = await run(["lint", "clean.json", "nope.ts"]);
    expect(missing.code).toBe(2);
    oneLineError(missing);
    expect(missing.stderr).toBe("errata lint: nope.ts: no such file\n");
    writeFileSync(join(dir, "broken.json"), "{");
    const broken = await run(["lint", "broken.json"]);
    expect(broken.code).toBe(2);
    oneLineError(broken);
    expect(broken.stderr).toMatch(/^errata lint: broken\.json: not valid JSON \(/);
  });
});

describe("errata diff", () => {
  it("text changes are compatible: exit 0", async () => {
    const r = await run(["diff", "clean.json", "v2-text.json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'compatible: shop 3001 entity_not_found: message-changed: message "entity not found" → "The entity was not found."\n',
    );
    expect(r.stderr).toBe("errata diff: 0 breaking, 1 compatible change\n");
  });

  it("a status change is breaking: exit 1; --json gives the counts and changes", async () => {
    const r = await run(["diff", "clean.json", "v2-status.json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("breaking: shop 3001 entity_not_found: status-changed: status 404 → 410\n");
    const j = await run(["diff", "--json", "clean.json", "v2-status.json"]);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toEqual({
      breaking: 1,
      compatible: 0,
      changes: [
        {
          breaking: true,
          kind: "status-changed",
          catalog: "shop",
          code: 3001,
          name: "entity_not_found",
          key: "notFound",
          message: "status 404 → 410",
        },
      ],
    });
  });

  it("the same file: nothing, exit 0", async () => {
    expect(await run(["diff", "clean.json", "clean.json"])).toEqual({
      code: 0,
      stdout: "",
      stderr: "errata diff: 0 breaking, 0 compatible changes\n",
    });
  });

  it("bad usage and unreadable input exit 2 with one line", async () => {
    const one = await run(["diff", "clean.json"]);
    expect(one.code).toBe(2);
    oneLineError(one);
    expect(one.stderr).toBe("errata diff: expected two catalogs (usage: errata diff OLD NEW [--json])\n");
    const missing = await run(["diff", "clean.json", "gone.json"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("errata diff: gone.json: no such file\n");
    expect((await run(["diff", "--help"])).stdout).toContain("Usage: errata diff OLD NEW [--json]");
  });
});

describe("errata docs", () => {
  it("writes the site to --out", async () => {
    const r = await run([
      "docs",
      "defects.json",
      "clean.json",
      "--out",
      "site",
      "--base-url",
      "https://api.shop.test/errors",
    ]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe("wrote 10 files (5 code pages) to site\n");
    for (const f of [
      "index.html",
      "catalog.json",
      "catalog.schema.json",
      "openapi.json",
      "errors.md",
      "ic/352.html",
      "shop/3001.html",
    ]) {
      expect(existsSync(join(dir, "site", f)), f).toBe(true);
    }
    const page = parse(readFileSync(join(dir, "site", "shop", "3001.html"), "utf8"), {
      blockTextElements: { style: true },
    });
    const example = page.querySelector("section[aria-labelledby=examples] pre code")?.text ?? "";
    expect(example).toContain('"type": "https://api.shop.test/errors/shop/3001"');
  });

  it("needs --out and a catalog; an unwritable directory is one line", async () => {
    const noOut = await run(["docs", "clean.json"]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toBe("errata docs: --out DIR is required\n");
    const noCat = await run(["docs", "--out", "x"]);
    expect(noCat.code).toBe(2);
    const badBase = await run(["docs", "clean.json", "--out", "x", "--base-url", "ftp://x"]);
    expect(badBase.stderr).toBe('errata docs: --base-url "ftp://x": expected an http(s) URL\n');
    const unwritable = await run(["docs", "clean.json", "--out", "not-a-dir"]);
    expect(unwritable.code).toBe(2);
    oneLineError(unwritable);
    expect(unwritable.stderr).toMatch(/^errata docs: not-a-dir: cannot write \(/);
  });
});

describe("errata explain", () => {
  it("explains a code from --catalog: meaning, status, causes, fixes", async () => {
    const r = await run(["explain", "352", "--catalog", "defects.json"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")).toEqual([
      "ic 352 unknown_application — Bad Request",
      "  Status:   400 Bad Request",
      "  Catalog:  ic (defects.json)",
      "  Message:  password reused",
      "  Fixes:",
      "    - Fix it.",
      "  Defect:   Seed 001 reuses the name.",
      "",
    ]);
  });

  it("finds names, CATALOG:CODE, families and statuses; exit 1 when nothing matches", async () => {
    const byName = await run([
      "explain",
      "entity_not_found",
      "--catalog",
      "clean.json",
      "--catalog",
      "defects.json",
    ]);
    expect(byName.stdout.split("\n")[0]).toBe("shop 3001 entity_not_found — Not Found");
    const scoped = await run(["explain", "ic:221", "--catalog", "clean.json", "defects.json"]);
    expect(scoped.stdout.split("\n")[0]).toBe("ic 221 unknown_application — Bad Request");
    const status = await run(["explain", "401", "--catalog", "clean.json"]);
    expect(status.stdout.split("\n")).toEqual([
      "No code 401; entries sent with HTTP status 401:",
      "  shop 4003 token — token {token} is invalid",
      "Run errata explain CATALOG:CODE for one of them.",
      "",
    ]);
    const json = await run(["explain", "4003", "--json", "--catalog", "clean.json"]);
    expect(JSON.parse(json.stdout)).toMatchObject([
      { catalog: "shop", match: "exact", entry: { code: 4003, params: ["token"] } },
    ]);
    const none = await run(["explain", "nothing_like_it", "--catalog", "clean.json"]);
    expect(none).toEqual({
      code: 1,
      stdout: "",
      stderr: 'errata explain: no code or name "nothing_like_it" in shop\n',
    });
  });

  it("searches the shipped example catalogs by default (and the http catalog)", async () => {
    const r = await run(["explain", "unknown_application"], REPO);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^identity-cloud 221 unknown_application — /);
    const http = await run(["explain", "http:not_found"], REPO);
    expect(http.stdout.split("\n")[0]).toBe("http not_found — Not Found");
  });

  it("bad usage exits 2", async () => {
    const r = await run(["explain"]);
    expect(r.code).toBe(2);
    oneLineError(r);
    const two = await run(["explain", "a", "b"]);
    expect(two.code).toBe(2);
    expect(two.stderr).toBe('errata explain: unexpected argument "b" (give one CODE_OR_NAME)\n');
  });
});
