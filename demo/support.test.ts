/**
 * The support console, metrics and error log over real sockets (CONTRACT §3.6, issue 7): a failed
 * request's token is found at `/support/requests/{token}` with the admin token, a 500 shows its
 * internal cause there and never in the response, 401/404/503 are problem+json, `/metrics`
 * counts the errors, and each error is one structured log line. The store is a real SQLite file.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRouter, createServer } from "../src/adapters/node/index.js";
import { createErrata } from "../src/core/errata.js";
import { openStore } from "../src/store/index.js";
import type { ErrorStore } from "../src/store/types.js";
import { wire } from "../test/support/http.js";
import { createDemoObservability } from "./observability.js";
import {
  HTML_PAYLOAD,
  type ObservedServer,
  startObservedServer,
  UNEXPECTED_MESSAGE,
} from "./support-fixture.js";
import { adminTokenChecker, bearerToken, generateAdminToken, mountSupport } from "./support-routes.js";

const ADMIN = "test-admin-token-0123456789abcdef";
const tmp = mkdtempSync(join(tmpdir(), "errata-support-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Log lines written by pino into memory (synchronously, for exact assertions). */
const logLines: string[] = [];
const logStream = { write: (line: string) => void logLines.push(line) };
const logged = () => logLines.map((l) => JSON.parse(l) as Record<string, unknown>);

let s: ObservedServer;
const dataDir = join(tmp, "data");

beforeAll(async () => {
  s = await startObservedServer({
    dataDir,
    adminToken: ADMIN,
    logDestination: logStream,
    env: {},
    storeOptions: { flushBeforeExit: false },
  });
});
afterAll(async () => {
  await s?.close();
});

const admin = { authorization: `Bearer ${ADMIN}` };

async function lookup(token: string, headers: Record<string, string> = admin) {
  const r = await wire(`${s.url}/support/requests/${token}`, { headers });
  return { ...r, json: r.body ? (JSON.parse(r.body) as Record<string, unknown>) : null };
}

function problem(status: number, code: string, detail: string, instance: string, requestId: string) {
  return {
    type: "about:blank",
    title: status === 401 ? "Unauthorized" : status === 404 ? "Not Found" : "Service Unavailable",
    status,
    detail,
    instance,
    code,
    requestId,
  };
}

const INTERNALS = [
  "SELECT",
  "hibernate",
  "SQLGrammarException",
  "/srv/app",
  "UserRepository",
  ".java",
  "at ",
];

describe("GET /support/requests/{token}", () => {
  it("returns the logged event of a failed request with the admin token", async () => {
    const before = Date.now();
    const failed = await wire(`${s.url}/entities/42?q=1`, { headers: { accept: "application/json" } });
    expect(failed.status).toBe(404);
    const token = failed.headers["x-request-id"] as string;
    expect(token).toMatch(/^[A-Za-z0-9]{16}$/);

    const r = await lookup(token);
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(r.headers["cache-control"]).toBe("no-store");
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["x-frame-options"]).toBe("DENY");
    expect(r.headers["x-request-id"]).toMatch(/^[A-Za-z0-9]{16}$/);
    const { time, durationMs, ...rest } = r.json as { time: string; durationMs: number };
    expect(rest).toEqual({
      token,
      method: "GET",
      path: "/entities/42",
      route: null,
      status: 404,
      catalog: "http",
      code: "not_found",
      name: null,
      message: "No resource matches the request path.",
      clientId: null,
      cause: null,
    });
    expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(time)).toBeGreaterThanOrEqual(before - 5);
    expect(Date.parse(time)).toBeLessThanOrEqual(Date.now());
    expect(typeof durationMs).toBe("number");

    // HEAD: the same status and headers, no body (RFC 9110 §9.3.2).
    const head = await wire(`${s.url}/support/requests/${token}`, { method: "HEAD", headers: admin });
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe(r.headers["content-length"]);
    expect(head.body).toBe("");
  });

  it("shows a 500's internal cause to support, never to the client", async () => {
    const failed = await wire(`${s.url}/demo/unexpected`);
    expect(failed.status).toBe(500);
    const token = failed.headers["x-request-id"] as string;
    expect(failed.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(failed.body)).toEqual({
      type: "about:blank",
      title: "Internal Server Error",
      status: 500,
      detail: "An unexpected error occurred. Quote the request id when contacting support.",
      instance: "/demo/unexpected",
      code: "internal_error",
      requestId: token,
    });
    for (const leak of INTERNALS) expect(failed.body).not.toContain(leak);

    const r = await lookup(token);
    expect(r.status).toBe(200);
    const event = r.json as { status: number; code: string; route: string; cause: Record<string, string> };
    expect(event).toMatchObject({ token, status: 500, code: "internal_error", route: "/demo/unexpected" });
    expect(event.cause.class).toBe("Error");
    expect(event.cause.message).toBe(UNEXPECTED_MESSAGE);
    expect(event.cause.stack?.startsWith(`Error: ${UNEXPECTED_MESSAGE}\n    at `)).toBe(true);
  });

  it("401 without credentials: problem+json with the bearer challenge", async () => {
    const failed = await wire(`${s.url}/nothing-here`);
    const token = failed.headers["x-request-id"] as string;
    const basic = `Basic ${Buffer.from(`admin:${ADMIN}`).toString("base64")}`;
    const attempts: Record<string, string>[] = [{}, { authorization: basic }];
    for (const headers of attempts) {
      const r = await lookup(token, headers);
      expect(r.status).toBe(401);
      expect(r.headers["content-type"]).toBe("application/problem+json");
      expect(r.headers["www-authenticate"]).toBe('Bearer realm="errata-support"');
      expect(r.json).toEqual(
        problem(
          401,
          "admin_token_required",
          "The support look-up needs the admin bearer token.",
          `/support/requests/${token}`,
          r.headers["x-request-id"] as string,
        ),
      );
      expect(r.body).not.toContain('"method"');
    }
  });

  it("401 with a wrong admin token (shorter, longer, one character off, other case)", async () => {
    const failed = await wire(`${s.url}/nothing-here`);
    const token = failed.headers["x-request-id"] as string;
    const wrong = [
      "x",
      ADMIN.slice(0, -1),
      `${ADMIN}0`,
      `${ADMIN.slice(0, -1)}e`,
      ADMIN.toUpperCase(),
      generateAdminToken(),
    ];
    for (const w of wrong) {
      const r = await lookup(token, { authorization: `Bearer ${w}` });
      expect(r.status).toBe(401);
      expect(r.headers["www-authenticate"]).toBe('Bearer realm="errata-support", error="invalid_token"');
      expect(r.json).toEqual(
        problem(
          401,
          "admin_token_invalid",
          "The admin bearer token is not valid.",
          `/support/requests/${token}`,
          r.headers["x-request-id"] as string,
        ),
      );
    }
    // The scheme is case-insensitive (RFC 7235 §2.1).
    expect((await lookup(token, { authorization: `bearer ${ADMIN}` })).status).toBe(200);
  });

  it("404 for a token the store does not hold, or that is not a token", async () => {
    for (const unknown of ["ZZZZZZZZZZZZZZZZ", "a", "%27%20OR%201%3D1", "..%2F..%2Fetc"]) {
      const r = await lookup(unknown);
      expect(r.status).toBe(404);
      expect(r.headers["content-type"]).toBe("application/problem+json");
      expect(r.json).toEqual(
        problem(
          404,
          "request_not_found",
          "No error event is stored for this request id.",
          `/support/requests/${unknown}`,
          r.headers["x-request-id"] as string,
        ),
      );
    }
  });

  it("has no list endpoint", async () => {
    for (const path of ["/support/requests", "/support/requests/", "/support/events"]) {
      const r = await wire(`${s.url}${path}`, { headers: admin });
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('"method"');
    }
  });

  it("503 when the store cannot be read; the 503's own event keeps the driver's error", async () => {
    const broken: ErrorStore = {
      kind: "broken",
      enqueue: () => {},
      lookup: () =>
        Promise.reject(new Error("connect ECONNREFUSED 10.1.2.3:5432 (SELECT * FROM errata_events)")),
      count: async () => 0,
      flush: async () => {},
      close: async () => {},
      prune: async () => 0,
      stats: () => ({
        queueDepth: 0,
        written: 0,
        dropped: 0,
        spilled: 0,
        retried: 0,
        spillBacklog: 0,
        failedWrites: 0,
        healthy: false,
      }),
      onBatch: () => () => {},
    };
    const errata = createErrata({ observers: s.obs.observers });
    const server = createServer({
      errata,
      routers: [mountSupport({ errata, store: broken, adminToken: ADMIN })],
    });
    await new Promise<void>((res) => server.listen(0, "127.0.0.1", () => res()));
    try {
      const addr = server.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      const r = await wire(`http://127.0.0.1:${port}/support/requests/ABCDEFGH12345678`, { headers: admin });
      expect(r.status).toBe(503);
      expect(r.headers["retry-after"]).toBe("5");
      const rid = r.headers["x-request-id"] as string;
      expect(JSON.parse(r.body)).toEqual(
        problem(
          503,
          "store_unavailable",
          "The error store is unavailable. Try again shortly.",
          "/support/requests/ABCDEFGH12345678",
          rid,
        ),
      );
      for (const leak of ["ECONNREFUSED", "10.1.2.3", "SELECT"]) expect(r.body).not.toContain(leak);
      const event = await lookup(rid);
      expect((event.json as { cause: { message: string } }).cause.message).toBe(
        "connect ECONNREFUSED 10.1.2.3:5432 (SELECT * FROM errata_events)",
      );
    } finally {
      await new Promise<void>((res) => server.close(() => res()));
    }
  });
});

describe("GET /support (the page)", () => {
  it("serves the page with a strict policy and no inline script or style", async () => {
    const r = await wire(`${s.url}/support`, { headers: { accept: "text/html" } });
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(r.headers["content-security-policy"]).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; " +
        "trusted-types 'none'",
    );
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["x-frame-options"]).toBe("DENY");
    expect(r.headers["referrer-policy"]).toBe("no-referrer");
    const scripts = [...r.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts).toEqual(['<script src="/support/app.js" defer>']);
    expect(r.body).toMatch(/<script src="\/support\/app.js" defer><\/script>/);
    expect(r.body).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(r.body).toContain('<link rel="stylesheet" href="/support/app.css">');
    expect(r.body).toContain('<input id="admin-token" name="admin-token" type="password"');
  });

  it("serves its script and style; the script never writes HTML", async () => {
    const js = await wire(`${s.url}/support/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(js.headers["x-content-type-options"]).toBe("nosniff");
    expect(js.body).toContain("textContent");
    for (const sink of [
      "innerHTML",
      "outerHTML",
      "insertAdjacentHTML",
      "document.write",
      "eval(",
      "Function(",
    ]) {
      expect(js.body).not.toContain(sink);
    }
    const css = await wire(`${s.url}/support/app.css`);
    expect(css.status).toBe(200);
    expect(css.headers["content-type"]).toBe("text/css; charset=utf-8");
  });

  it("refuses methods other than GET/HEAD with 405 and Allow", async () => {
    const r = await wire(`${s.url}/support`, { method: "POST", body: "x=1" });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe("GET, HEAD");
  });
});

describe("GET /metrics", () => {
  it("counts errors by catalog, code and status, and exports the store's gauges", async () => {
    const count = async (series: string): Promise<number> => {
      const r = await wire(`${s.url}/metrics`);
      expect(r.status).toBe(200);
      expect(r.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
      const line = r.body.split("\n").find((l) => l.startsWith(`${series} `));
      return line === undefined ? 0 : Number(line.slice(series.length + 1));
    };
    const series = 'errata_errors_total{catalog="http",code="internal_error",status="500"}';
    const before = await count(series);
    for (let i = 0; i < 3; i++) expect((await wire(`${s.url}/demo/unexpected`)).status).toBe(500);
    expect(await count(series)).toBe(before + 3);
    const text = (await wire(`${s.url}/metrics`)).body;
    expect(text).toContain("# TYPE errata_errors_total counter");
    expect(text).toMatch(
      /^errata_errors_total\{catalog="support",code="admin_token_invalid",status="401"\} \d+$/m,
    );
    expect(text).toMatch(/^errata_store_queue_depth \d+$/m);
    expect(text).toContain("errata_store_up 1");
    expect(text).toContain("# TYPE errata_store_write_seconds histogram");
    expect(text).toMatch(/^errata_store_dropped_total 0$/m);
    for (const leak of INTERNALS) expect(text).not.toContain(leak);
  });
});

describe("error log and store", () => {
  it("writes one structured line per error; a 5xx line carries the cause's stack", async () => {
    const notFound = await wire(`${s.url}/log-check-404`);
    const failed = await wire(`${s.url}/demo/html-payload`);
    const t404 = notFound.headers["x-request-id"];
    const t500 = failed.headers["x-request-id"];
    const lines = logged();
    const l404 = lines.filter((l) => l.token === t404);
    const l500 = lines.filter((l) => l.token === t500);
    expect(l404).toHaveLength(1);
    expect(l500).toHaveLength(1);
    expect(l404[0]).toMatchObject({
      level: 30,
      token: t404,
      status: 404,
      code: "not_found",
      path: "/log-check-404",
      msg: "No resource matches the request path.",
    });
    expect(l404[0]).not.toHaveProperty("cause");
    const cause = (l500[0] as { cause: { class: string; message: string; stack: string } }).cause;
    expect(l500[0]).toMatchObject({ level: 50, token: t500, status: 500, code: "internal_error" });
    expect(cause.class).toBe("TypeError");
    expect(cause.message).toBe(HTML_PAYLOAD);
    expect(cause.stack).toMatch(/^TypeError: .*\n {4}at /);
  });

  it("keeps events in the SQLite file under the data directory", async () => {
    const failed = await wire(`${s.url}/persisted-404`);
    const token = failed.headers["x-request-id"] as string;
    await s.obs.store.flush();
    const file = join(dataDir, "errors.db");
    expect(existsSync(file)).toBe(true);
    const reader = await openStore(file, { readOnly: true, spillPath: false, flushBeforeExit: false });
    try {
      expect(await reader.lookup(token)).toMatchObject({ token, status: 404, path: "/persisted-404" });
    } finally {
      await reader.close();
    }
  });
});

describe("createDemoObservability", () => {
  const quiet = { write: () => {} };

  it("generates a 256-bit admin token when none is configured, and takes ERRATA_ADMIN_TOKEN", async () => {
    const a = await createDemoObservability({ store: "memory:", env: {}, logDestination: quiet });
    const b = await createDemoObservability({
      store: "memory:",
      env: { ERRATA_ADMIN_TOKEN: "" },
      logDestination: quiet,
    });
    const c = await createDemoObservability({
      store: "memory:",
      env: { ERRATA_ADMIN_TOKEN: "from-env" },
      logDestination: quiet,
    });
    const d = await createDemoObservability({
      store: "memory:",
      adminToken: "from-option",
      env: { ERRATA_ADMIN_TOKEN: "from-env" },
      logDestination: quiet,
    });
    try {
      expect(a.generated).toBe(true);
      expect(a.adminToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(b.generated).toBe(true);
      expect(b.adminToken).not.toBe(a.adminToken);
      expect(c).toMatchObject({ generated: false, adminToken: "from-env" });
      expect(d).toMatchObject({ generated: false, adminToken: "from-option" });
    } finally {
      await Promise.all([a, b, c, d].map((o) => o.close()));
    }
  });

  it("puts the default SQLite store in ERRATA_DATA_DIR", async () => {
    const dir = join(tmp, "env-data");
    const o = await createDemoObservability({ env: { ERRATA_DATA_DIR: dir }, logDestination: quiet });
    try {
      expect(o.dataDir).toBe(dir);
      expect(o.store.kind).toBe("sqlite");
      expect(existsSync(join(dir, "errors.db"))).toBe(true);
    } finally {
      await o.close();
    }
  });

  it("starts on a memory store, with a warning, when the default store cannot open", async () => {
    const blocker = join(tmp, "not-a-dir");
    writeFileSync(blocker, "x");
    const lines: string[] = [];
    const o = await createDemoObservability({
      env: { ERRATA_DATA_DIR: join(blocker, "data") },
      logDestination: { write: (l: string) => void lines.push(l) },
    });
    try {
      expect(o.store.kind).toBe("memory");
      const warn = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.level === 40);
      expect(warn?.msg).toBe("embedded error store unavailable; keeping error events in memory");
    } finally {
      await o.close();
    }
    // A store the operator named explicitly is not replaced silently.
    await expect(
      createDemoObservability({ store: join(blocker, "data", "x.db"), env: {}, logDestination: quiet }),
    ).rejects.toThrow();
  });

  it("observers never throw, even after the store is closed", async () => {
    const o = await createDemoObservability({ store: "memory:", env: {}, logDestination: quiet });
    await o.close();
    const errata = createErrata({ observers: o.observers });
    const router = createRouter({ errata }).get("/boom", () => {
      throw new Error("boom");
    });
    const server = createServer({ errata, routers: [router] });
    await new Promise<void>((res) => server.listen(0, "127.0.0.1", () => res()));
    try {
      const addr = server.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      expect((await wire(`http://127.0.0.1:${port}/boom`)).status).toBe(500);
    } finally {
      await new Promise<void>((res) => server.close(() => res()));
    }
  });
});

describe("admin token checks", () => {
  it("accepts exactly the admin token (property)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (expected, presented) => {
        const check = adminTokenChecker(expected);
        expect(check(expected)).toBe(true);
        expect(check(presented)).toBe(presented === expected);
      }),
    );
    expect(() => adminTokenChecker("")).toThrow("the admin token must not be empty");
  });

  it("reads a bearer token per RFC 6750 §2.1", () => {
    expect(bearerToken("Bearer abc.DEF-_~+/==")).toBe("abc.DEF-_~+/==");
    expect(bearerToken("bearer   xyz")).toBe("xyz");
    expect(bearerToken("  Bearer xyz  ")).toBe("xyz");
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken("Bearer")).toBeNull();
    expect(bearerToken("Bearer ")).toBeNull();
    expect(bearerToken("Bearer a b")).toBeNull();
    expect(bearerToken("Bearer a=b")).toBeNull();
    expect(bearerToken("Basic YTpi")).toBeNull();
    expect(bearerToken("Bearerabc")).toBeNull();
  });
});
