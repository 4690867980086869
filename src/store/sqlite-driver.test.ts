/**
 * The SQLite driver interface, on each driver this Node can load: the same rows, change counts,
 * transactions and error codes from better-sqlite3 and `node:sqlite`.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  availableSqliteDrivers,
  loadSqliteDriver,
  type SqliteConnection,
  type SqliteDriverName,
  sqliteCodeName,
  sqliteErrorCode,
} from "./sqlite-driver.js";

const dir = mkdtempSync(join(tmpdir(), "errata-sqlite-driver-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;

const drivers = await availableSqliteDrivers();
const all: SqliteDriverName[] = ["better-sqlite3", "node:sqlite"];
for (const d of all) {
  if (!drivers.includes(d))
    process.stdout.write(`skipping: the ${d} SQLite driver does not load in Node ${process.version}\n`);
}

describe("SQLite result code names", () => {
  it("names primary and extended codes as better-sqlite3 does", () => {
    expect(sqliteCodeName(5)).toBe("SQLITE_BUSY");
    expect(sqliteCodeName(6)).toBe("SQLITE_LOCKED");
    expect(sqliteCodeName(14)).toBe("SQLITE_CANTOPEN");
    expect(sqliteCodeName(26)).toBe("SQLITE_NOTADB");
    expect(sqliteCodeName(1299)).toBe("SQLITE_CONSTRAINT_NOTNULL");
    expect(sqliteCodeName(517)).toBe("SQLITE_BUSY_SNAPSHOT");
    // An extended code not in the table falls back to its primary code (low byte).
    expect(sqliteCodeName(19 | (99 << 8))).toBe("SQLITE_CONSTRAINT");
    expect(sqliteCodeName(255)).toBe("SQLITE_UNKNOWN_255");
  });

  it("reads the code from either driver's error shape", () => {
    expect(sqliteErrorCode({ code: "SQLITE_BUSY" })).toBe("SQLITE_BUSY");
    expect(sqliteErrorCode({ code: "ERR_SQLITE_ERROR", errcode: 5 })).toBe("SQLITE_BUSY");
    expect(sqliteErrorCode(new Error("x"))).toBeUndefined();
    expect(sqliteErrorCode(null)).toBeUndefined();
    expect(sqliteErrorCode("SQLITE_BUSY")).toBeUndefined();
  });

  it("rejects an unknown driver load with a hint naming the reason", async () => {
    if (drivers.includes("node:sqlite")) return;
    await expect(loadSqliteDriver("node:sqlite")).rejects.toThrow(
      `the SQLite error store needs better-sqlite3 (npm install better-sqlite3) or Node ≥ 22.13 for node:sqlite (node:sqlite: node:sqlite is not available in Node ${process.version})`,
    );
  });
});

describe.each(all)("SQLite driver %s", (name) => {
  const skip = !drivers.includes(name);
  const open: SqliteConnection[] = [];
  afterAll(() => {
    for (const c of open) c.close();
  });

  async function fresh(): Promise<{ db: SqliteConnection; path: string }> {
    const path = join(dir, `${++seq}.db`);
    const db = (await loadSqliteDriver(name)).open(path, { busyTimeoutMs: 0 });
    open.push(db);
    db.exec("CREATE TABLE t (k TEXT PRIMARY KEY NOT NULL, n INTEGER NOT NULL, x REAL, b TEXT)");
    return { db, path };
  }

  it.skipIf(skip)("binds positional parameters and returns plain rows and change counts", async () => {
    const { db } = await fresh();
    expect(db.driver).toBe(name);
    const ins = db.prepare("INSERT INTO t (k, n, x, b) VALUES (?, ?, ?, ?) ON CONFLICT (k) DO NOTHING");
    expect(ins.run("a", 1_795_307_562_009, 0.25, null)).toBe(1);
    expect(ins.run("a", 2, null, null)).toBe(0);
    expect(ins.run("b", 2, null, "ü ☃ \u0000 x")).toBe(1);
    const row = db.prepare("SELECT * FROM t WHERE k = ?").get("a");
    expect(row).toEqual({ k: "a", n: 1_795_307_562_009, x: 0.25, b: null });
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(db.prepare("SELECT * FROM t WHERE k = ?").get("zz")).toBeUndefined();
    expect(db.prepare("SELECT b FROM t ORDER BY k").all()).toEqual([{ b: null }, { b: "ü ☃ \u0000 x" }]);
  });

  it.skipIf(skip)("commits a transaction, rolls one back when it throws", async () => {
    const { db } = await fresh();
    const ins = db.prepare("INSERT INTO t (k, n) VALUES (?, ?)");
    expect(db.immediate(() => ins.run("a", 1) + ins.run("b", 2))).toBe(2);
    expect(() =>
      db.immediate(() => {
        ins.run("c", 3);
        ins.run("d", null); // NOT NULL: the whole transaction goes
      }),
    ).toThrow(expect.objectContaining({ code: "SQLITE_CONSTRAINT_NOTNULL" }));
    expect(db.prepare("SELECT k FROM t ORDER BY k").all()).toEqual([{ k: "a" }, { k: "b" }]);
    // The connection is usable again afterwards (no transaction left open).
    expect(db.immediate(() => ins.run("e", 5))).toBe(1);
  });

  it.skipIf(skip)("reports a lock held by another connection as SQLITE_BUSY", async () => {
    const { db, path } = await fresh();
    db.exec("PRAGMA journal_mode = WAL");
    const other = (await loadSqliteDriver(name)).open(path, { busyTimeoutMs: 0 });
    open.push(other);
    other.exec("BEGIN EXCLUSIVE");
    try {
      let caught: unknown;
      try {
        db.immediate(() => 0);
      } catch (err) {
        caught = err;
      }
      expect(sqliteErrorCode(caught)).toBe("SQLITE_BUSY");
      expect((caught as { code?: string }).code).toBe("SQLITE_BUSY");
    } finally {
      other.exec("COMMIT");
    }
    expect(db.immediate(() => db.prepare("INSERT INTO t (k, n) VALUES ('z', 0)").run())).toBe(1);
  });

  it.skipIf(skip)("opens read-only: no file is created, writes are refused", async () => {
    const driver = await loadSqliteDriver(name);
    const missing = join(dir, `missing-${name}.db`);
    expect(() => driver.open(missing, { readOnly: true })).toThrow(
      expect.objectContaining({ code: "SQLITE_CANTOPEN" }),
    );
    expect(existsSync(missing)).toBe(false);
    const { path } = await fresh();
    const ro = driver.open(path, { readOnly: true });
    open.push(ro);
    expect(() => ro.prepare("INSERT INTO t (k, n) VALUES ('a', 1)").run()).toThrow(
      expect.objectContaining({ code: "SQLITE_READONLY" }),
    );
    expect(ro.isOpen).toBe(true);
    ro.close();
    ro.close();
    expect(ro.isOpen).toBe(false);
  });
});
