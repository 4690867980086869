/**
 * `errata lookup TOKEN [--db URL]`: prints the error event stored for a request token (CONTRACT
 * §2), for support: seed 001's "include the request_token in a support ticket so support can
 * find the exact operation and error".
 *
 * The database is opened read-only (no file is created, no migration runs). Exit 0 when found,
 * 1 when the token is not in the store, 2 on bad usage or an unreadable store.
 * @module
 */
import { existsSync } from "node:fs";
import { openStore, resolveStoreLocation, safeUrl } from "../../store/index.js";
import type { ErrorStore } from "../../store/types.js";
import { type Command, UsageError } from "../io.js";

// Request tokens are 16 characters of [A-Za-z0-9]; other systems' ids may be longer or use - and _.
const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

function parse(args: string[]): { token: string; db: string | undefined } {
  let db: string | undefined;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--db") {
      const v = args[++i];
      if (v === undefined || v === "") throw new UsageError("--db needs a path or URL");
      db = v;
    } else if (a.startsWith("--db=")) {
      db = a.slice("--db=".length);
      if (!db) throw new UsageError("--db needs a path or URL");
    } else if (a.startsWith("-") && a !== "-") {
      throw new UsageError(`unknown option ${a}`);
    } else positional.push(a);
  }
  if (positional.length === 0) throw new UsageError("missing TOKEN (usage: errata lookup TOKEN [--db URL])");
  if (positional.length > 1) throw new UsageError(`expected one TOKEN, got ${positional.length}`);
  const token = positional[0] as string;
  if (!TOKEN.test(token)) throw new UsageError("TOKEN must be a request token (letters and digits)");
  return { token, db };
}

const lookup: Command = {
  name: "lookup",
  summary: "Print the stored error event for a request token.",
  usage: [
    "errata lookup TOKEN [--db PATH_OR_URL]",
    "",
    "  --db  SQLite file (or sqlite:PATH) or postgres:// URL.",
    "        Default: $ERRATA_DATA_DIR/errors.db, else ./.errata/errors.db",
    "",
    "Exit status: 0 found, 1 not found, 2 bad usage or unreadable store.",
  ].join("\n"),
  async run(args, io) {
    const { token, db } = parse(args);
    let where: string;
    let store: ErrorStore;
    try {
      const loc = resolveStoreLocation(db, { env: io.env, cwd: io.cwd });
      where = loc.kind === "postgres" ? safeUrl(loc.target) : loc.target;
      if (loc.kind === "memory")
        throw new UsageError("a memory: store cannot be looked up from the command line");
      // Read-only: never create a database just to find nothing in it.
      if (loc.kind === "sqlite" && !existsSync(loc.target))
        throw new UsageError(`${where}: no such database file`);
      store = await openStore(loc.target, {
        readOnly: true,
        env: io.env,
        cwd: io.cwd,
        spillPath: false,
        flushBeforeExit: false,
        postgres: { connectTimeoutMs: 5000 },
      });
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`${db ? safeUrl(db) : "default store"}: ${reason(err)}`);
    }
    try {
      const event = await store.lookup(token);
      if (!event) {
        io.stderr(`errata lookup: ${where}: no event for token ${token}\n`);
        return 1;
      }
      // Time as ISO 8601 (UTC) for people; everything else as stored.
      io.stdout(`${JSON.stringify({ ...event, time: new Date(event.time).toISOString() }, null, 2)}\n`);
      return 0;
    } catch (err) {
      throw new UsageError(`${where}: ${reason(err)}`);
    } finally {
      await store.close().catch(() => {});
    }
  },
};

/** A one-line reason, without driver noise (no stack, no SQL). */
function reason(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === "string" ? e.code : "";
  if (code === "ENOENT" || code === "SQLITE_CANTOPEN") return "no such database file";
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "SQLITE_NOTADB") return "not a SQLite database";
  const msg = typeof e?.message === "string" ? e.message : String(err);
  return msg.split("\n")[0] ?? "unreadable";
}

export default lookup;
