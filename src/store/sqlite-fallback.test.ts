/**
 * The fallback to `node:sqlite` when better-sqlite3 is installed but its native binary was built
 * for another Node (what CI's Node 24 job meets with a Node 20 build): the add-on fails on the
 * first open, so loading must probe, then take the built-in driver — or, on a Node without
 * `node:sqlite`, fail with one message naming both reasons.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it, vi } from "vitest";

vi.mock("better-sqlite3", () => ({
  default: class {
    constructor() {
      throw Object.assign(
        new Error(
          "The module 'better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115.",
        ),
        { code: "ERR_DLOPEN_FAILED" },
      );
    }
  },
}));

const { loadSqliteDriver } = await import("./sqlite-driver.js");
const { openStore } = await import("./index.js");

const hasNodeSqlite =
  typeof (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule === "function" &&
  process.getBuiltinModule("node:sqlite") !== undefined;

const dir = mkdtempSync(join(tmpdir(), "errata-sqlite-fallback-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it.runIf(hasNodeSqlite)(
  "takes node:sqlite when better-sqlite3 does not load, and the store works on it",
  async () => {
    expect((await loadSqliteDriver()).name).toBe("node:sqlite");
    const store = await openStore(join(dir, "errors.db"), { spillPath: false, flushBeforeExit: false });
    try {
      const event = {
        token: "FALLBACK00000001",
        time: 1_795_307_562_009,
        method: "GET",
        path: "/demo/unexpected",
        route: "/demo/unexpected",
        status: 500,
        catalog: "http",
        code: "internal_error",
        name: null,
        message: "An unexpected error occurred.",
        clientId: null,
        durationMs: 1.5,
        cause: { class: "Error", message: "boom", stack: "Error: boom\n    at x" },
      };
      store.enqueue(event);
      await store.flush();
      expect(await store.count()).toBe(1);
      expect(await store.lookup(event.token)).toEqual(event);
    } finally {
      await store.close();
    }
  },
);

it.runIf(!hasNodeSqlite)("names both reasons when neither driver loads", async () => {
  await expect(loadSqliteDriver()).rejects.toThrow(
    `the SQLite error store needs better-sqlite3 (npm install better-sqlite3) or Node ≥ 22.13 for node:sqlite (better-sqlite3: The module 'better_sqlite3.node'; node:sqlite: node:sqlite is not available in Node ${process.version})`,
  );
  await expect(openStore(join(dir, "errors.db"), { spillPath: false })).rejects.toThrow(
    "the SQLite error store needs better-sqlite3",
  );
});
