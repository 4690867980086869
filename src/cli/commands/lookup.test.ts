import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPostgresBin, type PostgresServer, startPostgres } from "../../../test/support/postgres.js";
import { freePort } from "../../../test/support/require-program.js";
import type { ErrorEvent } from "../../core/event.js";
import { openStore } from "../../store/index.js";
import type { CliIO } from "../io.js";
import { main, registerCommand } from "../main.js";
import lookup from "./lookup.js";

registerCommand("lookup", async () => lookup);

const dir = mkdtempSync(join(tmpdir(), "errata-lookup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const event: ErrorEvent = {
  token: "AbCdEfGh12345678",
  time: Date.UTC(2026, 10, 21, 12, 0, 0, 5),
  method: "GET",
  path: "/demo/unexpected",
  route: "/demo/unexpected",
  status: 500,
  catalog: "http",
  code: "internal_error",
  name: "internal_error",
  message: "An unexpected error occurred.",
  clientId: null,
  durationMs: 1.5,
  cause: { class: "SQLException", message: "SELECT * FROM t", stack: "SQLException: x\n    at y" },
};

const expected = `${JSON.stringify({ ...event, time: "2026-11-21T12:00:00.005Z" }, null, 2)}\n`;

async function seed(where: string, env: Record<string, string> = {}): Promise<void> {
  const s = await openStore(where, { env, spillPath: false });
  s.enqueue(event);
  await s.close();
}

async function run(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
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
    cwd: opts.cwd ?? dir,
    env: opts.env ?? {},
  };
  const code = await main(["lookup", ...args], io);
  return { code, stdout, stderr };
}

describe("errata lookup", () => {
  const db = join(dir, "a", "errors.db");
  beforeAll(() => seed(db));

  it("prints the stored event as pretty JSON and exits 0", async () => {
    expect(await run([event.token, "--db", db])).toEqual({ code: 0, stdout: expected, stderr: "" });
    expect(await run([`--db=sqlite:${db}`, event.token])).toEqual({ code: 0, stdout: expected, stderr: "" });
  });

  it("exits 1 with a message on stderr when the token is unknown", async () => {
    expect(await run(["ZZZZZZZZZZZZZZZZ", "--db", db])).toEqual({
      code: 1,
      stdout: "",
      stderr: `errata lookup: ${db}: no event for token ZZZZZZZZZZZZZZZZ\n`,
    });
  });

  it("defaults to ./.errata/errors.db, or ERRATA_DATA_DIR", async () => {
    const cwd = join(dir, "proj");
    await seed(join(cwd, ".errata", "errors.db"));
    expect((await run([event.token], { cwd })).code).toBe(0);
    const dataDir = join(dir, "data");
    await seed(join(dataDir, "errors.db"));
    expect(await run([event.token], { cwd: dir, env: { ERRATA_DATA_DIR: dataDir } })).toEqual({
      code: 0,
      stdout: expected,
      stderr: "",
    });
    expect(await run([event.token], { cwd: dir, env: { ERRATA_DATA_DIR: "data" } })).toMatchObject({
      code: 0,
    });
  });

  it("exits 2 for a missing or unreadable database, without creating one", async () => {
    const missing = join(dir, "nope", "errors.db");
    expect(await run([event.token, "--db", missing])).toEqual({
      code: 2,
      stdout: "",
      stderr: `errata lookup: ${missing}: no such database file\n`,
    });
    expect(existsSync(missing)).toBe(false);
    const notDb = join(dir, "lookup.test.txt");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(notDb, "hello, this is not a database at all".repeat(50));
    const r = await run([event.token, "--db", notDb]);
    expect(r).toEqual({ code: 2, stdout: "", stderr: `errata lookup: ${notDb}: not a SQLite database\n` });
  });

  it("exits 2 on bad usage", async () => {
    const usage = async (args: string[], message: string) =>
      expect(await run(args)).toEqual({ code: 2, stdout: "", stderr: `errata lookup: ${message}\n` });
    await usage([], "missing TOKEN (usage: errata lookup TOKEN [--db URL])");
    await usage(["a", "b"], "expected one TOKEN, got 2");
    await usage(["not a token"], "TOKEN must be a request token (letters and digits)");
    await usage([event.token, "--db"], "--db needs a path or URL");
    await usage([event.token, "--verbose"], "unknown option --verbose");
    await usage(
      [event.token, "--db", "mysql://x/y"],
      "mysql://x/y: unsupported error store URL scheme: mysql (use a file path, sqlite:, postgres:// or memory:)",
    );
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: errata lookup TOKEN [--db PATH_OR_URL]");
  });

  it("exits 2 when PostgreSQL cannot be reached, without printing the password", async () => {
    const port = await freePort();
    const url = `postgres://app:hunter2@127.0.0.1:${port}/errata`;
    expect(await run([event.token, "--db", url])).toEqual({
      code: 2,
      stdout: "",
      stderr: `errata lookup: postgres://app:***@127.0.0.1:${port}/errata: connection refused\n`,
    });
  });

  describe("on PostgreSQL", () => {
    const bin = findPostgresBin();
    let server: PostgresServer | undefined;
    beforeAll(async () => {
      if (bin) server = await startPostgres(bin);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it.skipIf(!bin)("looks the token up in a postgres:// store", async () => {
      const url = await (server as PostgresServer).createDatabase();
      await seed(url);
      expect(await run([event.token, "--db", url])).toEqual({ code: 0, stdout: expected, stderr: "" });
      expect((await run(["ZZZZZZZZZZZZZZZZ", "--db", url])).code).toBe(1);
      const empty = await (server as PostgresServer).createDatabase();
      expect(await run([event.token, "--db", empty])).toEqual({
        code: 2,
        stdout: "",
        stderr: `errata lookup: ${empty}: not an errata error store (no schema version table)\n`,
      });
    });
  });
});
