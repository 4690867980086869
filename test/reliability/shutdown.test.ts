/**
 * Graceful shutdown under load (issue 8, CONTRACT §1 "stops cleanly on SIGINT/SIGTERM"): the real
 * `demo/server.ts` in its own process, with its default SQLite store, under keep-alive load on
 * several error routes, with requests whose bodies are only half sent, gets SIGTERM. The
 * half-sent requests finish after the signal (in-flight work completes), new connections are
 * refused, the process exits 0, and every error it answered has its token in the SQLite file.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EVENTS_TABLE } from "../../src/store/schema.js";
import { loadSqliteDriver } from "../../src/store/sqlite-driver.js";
import { get, type Hit } from "./fault-support.js";

const ROUTES: ReadonlyArray<readonly [string, Record<string, string>, number]> = [
  ["/nope", {}, 404],
  ["/demo/unexpected", {}, 500],
  ["/entity-api/v1/entities/1", {}, 401],
  ["/entity-api/v1/entities/42", { authorization: "Bearer demo-token" }, 404],
  ["/orcid/v3.0/0000-0002-1825-0097/record", { accept: "text/html" }, 406],
  ["/oauth/maintenance", {}, 503],
];

/** Starts `demo/server.ts` on a free port; resolves with the child and its URL. */
function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "demo/server.ts"], {
      env: {
        ...process.env,
        PORT: "0",
        HOST: "127.0.0.1",
        ERRATA_DATA_DIR: dataDir,
        ERRATA_ADMIN_TOKEN: "shutdown-test-admin",
        LOG_LEVEL: "silent",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the demo did not start in 30 s:\n${out}`));
    }, 30_000);
    const onData = (c: Buffer): void => {
      out += c.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] as string, output: () => out });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited (${code}) before listening:\n${out}`));
    });
  });
}

/**
 * Opens a connection and sends a POST's head with `Expect: 100-continue`; once the server answers
 * `100 Continue` it has parsed the request and is working on it (in flight), and the first half
 * of the body follows. (Without that handshake, a request whose bytes the server has not read yet
 * when it closes is not in flight: its connection counts as idle.)
 */
function halfSent(port: number, path: string, type: string, body: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no 100 Continue for ${path} in 10 s`)), 10_000);
    const s = connect(port, "127.0.0.1", () => {
      s.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer demo-token\r\n` +
          `Content-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
      );
    });
    let got = "";
    const onData = (c: Buffer): void => {
      got += c.toString("latin1");
      if (!got.endsWith("\r\n\r\n")) return;
      s.off("data", onData);
      clearTimeout(timer);
      if (!got.startsWith("HTTP/1.1 100 ")) {
        reject(new Error(`expected 100 Continue, got ${got}`));
        return;
      }
      s.write(body.slice(0, Math.floor(body.length / 2)), () => resolve(s));
    };
    s.on("data", onData);
    s.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Sends the rest of the body and reads the whole response (10 s at most). */
function finish(s: Socket, rest: string): Promise<{ status: number; token: string; body: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`no complete response in 10 s: ${Buffer.concat(chunks).toString().slice(0, 300)}`));
    }, 10_000);
    const parse = (): boolean => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const end = raw.indexOf("\r\n\r\n");
      if (end < 0) return false;
      const head = raw.slice(0, end);
      const len = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? -1);
      if (len < 0 || Buffer.byteLength(raw.slice(end + 4)) < len) return false;
      clearTimeout(timer);
      resolve({
        status: Number(head.split(" ")[1]),
        token: /\r\nx-request-id: (\w+)/i.exec(head)?.[1] ?? "",
        body: raw.slice(end + 4),
      });
      s.destroy();
      return true;
    };
    s.on("data", (c: Buffer) => {
      chunks.push(c);
      parse();
    });
    s.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    s.once("close", () => {
      clearTimeout(timer);
      if (!parse()) reject(new Error(`connection closed before a full response: ${Buffer.concat(chunks)}`));
    });
    s.write(rest);
  });
}

describe("graceful shutdown under load", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "errata-shutdown-"));
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("finishes in-flight requests, flushes the store, exits 0", async () => {
    const t0 = performance.now();
    const phases: string[] = [];
    const phase = (name: string): void => {
      phases.push(`${name} ${Math.round(performance.now() - t0)} ms`);
    };
    const started = await startServer(dataDir);
    phase("listening");
    child = started.child;
    const port = Number(new URL(started.url).port);
    const exited = new Promise<number | null>((resolve, reject) => {
      child?.once("exit", (code) => resolve(code));
      setTimeout(
        () => reject(new Error(`no exit 20 s after SIGTERM (${phases.join(", ")}):\n${started.output()}`)),
        20_000,
      ).unref();
    });

    // Keep-alive load on six error routes until the server goes away.
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const hits: Hit[] = [];
    let stopped = false;
    let refused = 0;
    const loops = Array.from({ length: 8 }, async (_, w) => {
      for (let i = w; !stopped; i += 8) {
        const [path, headers] = ROUTES[i % ROUTES.length] as (typeof ROUTES)[number];
        try {
          hits.push(await get(agent, port, path, headers));
        } catch {
          // After SIGTERM the server closes idle keep-alive connections and refuses new ones.
          refused++;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1000));

    // Requests in flight when the signal arrives: their bodies are half sent.
    const entity = '{"firstName":"Grace","lastName":"Hopper","usptaNumber":"not a number!"}';
    const work =
      '<work:work xmlns:work="http://www.orcid.org/ns/work"><work:title>' +
      '<common:title xmlns:common="http://www.orcid.org/ns/common">Shutdown</common:title></work:title></work:work>';
    const inflight = await Promise.all([
      halfSent(port, "/entity-api/v1/entities", "application/json", entity),
      halfSent(port, "/entity-api/v1/entities", "application/json", "{not json at all}"),
      halfSent(port, "/orcid/v3.0/0000-0002-1825-0097/work", "application/xml", work),
    ]);
    const answeredBefore = hits.length;
    phase("SIGTERM");
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    // After the signal: the rest of each body. The server must still answer them.
    const [validation, malformed, created] = await Promise.all([
      finish(inflight[0] as Socket, entity.slice(Math.floor(entity.length / 2))),
      finish(inflight[1] as Socket, "{not json at all}".slice(8)),
      finish(inflight[2] as Socket, work.slice(Math.floor(work.length / 2))),
    ]);
    phase("in-flight answered");
    const code = await exited;
    phase("exited");
    stopped = true;
    await Promise.all(loops);
    agent.destroy();

    expect(validation.status).toBe(400);
    expect(JSON.parse(validation.body)).toEqual({
      errors: [
        { errorCode: 5000, message: "validation error", subject: "usptaNumber", subjectType: "parameter" },
      ],
    });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toEqual({
      errors: [{ errorCode: 9002, message: "HTTP message not readable error" }],
    });
    expect(created.status).toBe(201);

    // Every response under load was the route's error, complete.
    for (const h of hits) {
      const want = ROUTES.find(([p]) => p === h.path)?.[2];
      expect(h.status, `${h.path}: ${h.body.slice(0, 200)}`).toBe(want);
    }
    expect(code).toBe(0);
    expect(started.output()).toContain("received SIGTERM, shutting down");

    // The store was flushed before exit: every answered error is in the SQLite file.
    const dbFile = join(dataDir, "errors.db");
    expect(existsSync(dbFile)).toBe(true);
    const db = (await loadSqliteDriver()).open(dbFile, { readOnly: true });
    let stored: Set<string>;
    try {
      stored = new Set(
        (db.prepare(`SELECT token FROM ${EVENTS_TABLE}`).all() as unknown as { token: string }[]).map(
          (r) => r.token,
        ),
      );
    } finally {
      db.close();
    }
    const answered = [
      ...hits.map((h) => String(h.headers["x-request-id"])),
      validation.token,
      malformed.token,
    ];
    const missing = answered.filter((t) => !stored.has(t));
    const spill = join(dataDir, "spill.jsonl");
    process.stdout.write(
      `shutdown: ${hits.length} errors answered under load (${answeredBefore} before SIGTERM), ` +
        `3 in-flight requests finished after it, ${refused} requests refused once closing, ` +
        `${stored.size} events in SQLite, ${missing.length} missing, exit code ${code} (${phases.join(", ")})\n`,
    );
    expect(missing).toEqual([]);
    expect(existsSync(spill)).toBe(false);
    expect(hits.length).toBeGreaterThan(50);
  }, 90_000);
});
