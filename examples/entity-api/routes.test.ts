/**
 * CONTRACT §3.1 over a real socket: the entity API mounted on the demo server.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Demo, startDemo, systems } from "../../demo/app.js";
import type { ErrorEvent } from "../../src/core/event.js";
import { mountEntityApi } from "./routes.js";

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let demo: Demo;
/** The demo's data directory (its embedded store), kept out of the checkout. */
const dataDir = mkdtempSync(join(tmpdir(), "errata-demo-"));
const events: ErrorEvent[] = [];
const A = "/entity-api/v1";
const AUTH = { authorization: "Bearer demo-token" };
const JSON_BODY = { ...AUTH, "content-type": "application/json" };
const TOKEN = /^[A-Za-z0-9]{16}$/;

function call(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${demo.url}${path}`, { method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        text += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Asserts an entity-API error response: status, JSON Content-Type, Vary, token, exact body. */
function expectError(r: Res, status: number, body: string): void {
  expect(r.status).toBe(status);
  expect(r.headers["content-type"]).toBe("application/json");
  expect(r.headers.vary).toBe("Accept");
  expect(r.headers["x-request-id"]).toMatch(TOKEN);
  expect(r.body).toBe(body);
  expect(r.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
}

function err(code: number, message: string): string {
  return JSON.stringify({ errors: [{ errorCode: code, message }] });
}

function fieldErr(...subjects: string[]): string {
  return JSON.stringify({
    errors: subjects.map((s) => ({
      errorCode: 5000,
      message: "validation error",
      subject: s,
      subjectType: "parameter",
    })),
  });
}

beforeAll(async () => {
  systems.push(mountEntityApi);
  demo = await startDemo({ port: 0, dataDir, logLevel: "silent", observers: [(e) => events.push(e)] });
});

afterAll(async () => {
  await demo.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("entity API (CONTRACT §3.1)", () => {
  it("GET /entities/1 → 200 JSON; every response carries a fresh X-Request-Id", async () => {
    const a = await call("GET", `${A}/entities/1`, AUTH);
    const b = await call("GET", `${A}/entities/1`, AUTH);
    expect(a.status).toBe(200);
    expect(a.headers["content-type"]).toBe("application/json");
    expect(a.body).toBe('{"id":1,"firstName":"Ada","lastName":"Lovelace"}');
    expect(a.headers["x-request-id"]).toMatch(TOKEN);
    expect(b.headers["x-request-id"]).toMatch(TOKEN);
    expect(a.headers["x-request-id"]).not.toBe(b.headers["x-request-id"]);
  });

  it("GET /entities/{unknown} → 404 with 3001, and the token reaches the error store", async () => {
    const r = await call("GET", `${A}/entities/999`, AUTH);
    expectError(r, 404, '{"errors":[{"errorCode":3001,"message":"entity not found"}]}');
    const event = events.find((e) => e.token === r.headers["x-request-id"]);
    expect(event).toMatchObject({
      status: 404,
      catalog: "entity-api",
      code: "3001",
      route: `${A}/entities/:id`,
    });
    expectError(await call("GET", `${A}/entities/abc`, AUTH), 404, err(3001, "entity not found"));
  });

  it("authenticates first: missing → 401 4004; any token but demo-token → 401 4003", async () => {
    expectError(await call("GET", `${A}/entities/1`), 401, err(4004, "authentication error"));
    expectError(await call("GET", `${A}/entities/999`), 401, err(4004, "authentication error"));
    for (const authorization of [
      "Bearer wrong",
      "Bearer readonly-token",
      "Basic ZGVtbzpkZW1v",
      "Bearer",
      "demo-token",
    ]) {
      expectError(
        await call("GET", `${A}/entities/1`, { authorization }),
        401,
        err(4003, "authentication token is invalid"),
      );
    }
    // Before the body is even looked at.
    expectError(
      await call("POST", `${A}/entities`, { "content-type": "application/json" }, "{"),
      401,
      err(4004, "authentication error"),
    );
  });

  it("POST /entities → 201 with the entity and its Location", async () => {
    const r = await call(
      "POST",
      `${A}/entities`,
      JSON_BODY,
      JSON.stringify({ firstName: "Grace", lastName: "Hopper", usptaNumber: "U-100" }),
    );
    expect(r.status).toBe(201);
    expect(r.headers["content-type"]).toBe("application/json");
    const created = JSON.parse(r.body) as { id: number };
    expect(r.body).toBe(
      JSON.stringify({ id: created.id, firstName: "Grace", lastName: "Hopper", usptaNumber: "U-100" }),
    );
    expect(r.headers.location).toBe(`${A}/entities/${created.id}`);
    const got = await call("GET", `${A}/entities/${created.id}`, AUTH);
    expect(got.body).toBe(r.body);
  });

  it("POST with missing and invalid fields → one 400 with a 5000 entry per field", async () => {
    expectError(await call("POST", `${A}/entities`, JSON_BODY, "{}"), 400, fieldErr("firstName", "lastName"));
    expectError(
      await call(
        "POST",
        `${A}/entities`,
        JSON_BODY,
        JSON.stringify({ firstName: "  ", lastName: 7, usptaNumber: "", ptrNumber: { a: 1 } }),
      ),
      400,
      fieldErr("firstName", "lastName", "usptaNumber", "ptrNumber"),
    );
    expectError(
      await call(
        "POST",
        `${A}/entities`,
        JSON_BODY,
        JSON.stringify({ firstName: "A", lastName: "B", ptrNumber: "x y" }),
      ),
      400,
      fieldErr("ptrNumber"),
    );
  });

  it("POST with a usptaNumber or ptrNumber already used → 409 with 200601 / 200602, both when both", async () => {
    const first = await call(
      "POST",
      `${A}/entities`,
      JSON_BODY,
      JSON.stringify({ firstName: "A", lastName: "B", usptaNumber: "U-1", ptrNumber: "P-1" }),
    );
    expect(first.status).toBe(201);
    const uspta = err(200601, "entity saving error: USPTA number must be unique");
    const ptr = err(200602, "entity saving error: PTR number must be unique");
    expectError(
      await call(
        "POST",
        `${A}/entities`,
        JSON_BODY,
        JSON.stringify({ firstName: "C", lastName: "D", usptaNumber: "U-1" }),
      ),
      409,
      uspta,
    );
    expectError(
      await call(
        "POST",
        `${A}/entities`,
        JSON_BODY,
        JSON.stringify({ firstName: "C", lastName: "D", ptrNumber: "P-1" }),
      ),
      409,
      ptr,
    );
    expectError(
      await call(
        "POST",
        `${A}/entities`,
        JSON_BODY,
        JSON.stringify({ firstName: "C", lastName: "D", usptaNumber: "U-1", ptrNumber: "P-1" }),
      ),
      409,
      '{"errors":[{"errorCode":200601,"message":"entity saving error: USPTA number must be unique"},' +
        '{"errorCode":200602,"message":"entity saving error: PTR number must be unique"}]}',
    );
  });

  it("POST with a body that is not JSON (or not a JSON object, or no body) → 400 with 9002", async () => {
    const e = err(9002, "HTTP message not readable error");
    expectError(await call("POST", `${A}/entities`, JSON_BODY, '{"firstName":'), 400, e);
    expectError(await call("POST", `${A}/entities`, JSON_BODY, "[1,2]"), 400, e);
    expectError(await call("POST", `${A}/entities`, JSON_BODY, "null"), 400, e);
    expectError(await call("POST", `${A}/entities`, JSON_BODY), 400, e);
    expectError(await call("POST", `${A}/entities`, JSON_BODY, Buffer.from([0x7b, 0xff, 0x7d])), 400, e);
  });

  it("POST with another Content-Type → 415 in the entity format", async () => {
    const e = err(9415, "unsupported media type");
    expectError(
      await call("POST", `${A}/entities`, { ...AUTH, "content-type": "text/plain" }, '{"firstName":"A"}'),
      415,
      e,
    );
    expectError(
      await call(
        "POST",
        `${A}/entities`,
        { ...AUTH, "content-type": "application/x-www-form-urlencoded" },
        "a=b",
      ),
      415,
      e,
    );
  });

  it("PUT/PATCH /entities/{id} → 200 with an empty body, or 404 with 3001", async () => {
    for (const method of ["PUT", "PATCH"]) {
      const r = await call(
        method,
        `${A}/entities/1`,
        JSON_BODY,
        JSON.stringify({ lastName: `King-${method}` }),
      );
      expect(r.status).toBe(200);
      expect(r.body).toBe("");
      expect(r.headers["content-length"]).toBe("0");
      expect(r.headers["content-type"]).toBeUndefined();
      expect(r.headers["x-request-id"]).toMatch(TOKEN);
      expect(JSON.parse((await call("GET", `${A}/entities/1`, AUTH)).body).lastName).toBe(`King-${method}`);
      expectError(
        await call(method, `${A}/entities/424242`, JSON_BODY, JSON.stringify({ lastName: "X" })),
        404,
        err(3001, "entity not found"),
      );
      expectError(await call(method, `${A}/entities/424242`, AUTH), 404, err(3001, "entity not found"));
      expectError(
        await call(method, `${A}/entities/1`, JSON_BODY, JSON.stringify({ firstName: "" })),
        400,
        fieldErr("firstName"),
      );
    }
  });

  it("DELETE → 405 with Allow, in the entity format", async () => {
    const r = await call("DELETE", `${A}/entities/1`, AUTH);
    expectError(r, 405, err(9405, "method not allowed"));
    expect(r.headers.allow).toBe("GET, PUT, PATCH, HEAD");
    const p = await call("GET", `${A}/entities`, AUTH);
    expectError(p, 405, err(9405, "method not allowed"));
    expect(p.headers.allow).toBe("POST");
  });

  it("an Accept the API cannot satisfy → 406 in the entity format", async () => {
    expectError(
      await call("GET", `${A}/entities/1`, { ...AUTH, accept: "text/html" }),
      406,
      err(9406, "not acceptable"),
    );
    expect(
      (await call("GET", `${A}/entities/1`, { ...AUTH, accept: "text/html, application/*;q=0.1" })).status,
    ).toBe(200);
  });

  it("a declared body over 1 MiB → 413 in the entity format, without reading it", async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const { port } = new URL(demo.url);
      const s = connect(Number(port), "127.0.0.1", () => {
        s.write(
          `POST ${A}/entities HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer demo-token\r\nContent-Type: application/json\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n{`,
        );
      });
      let out = "";
      s.setEncoding("utf8");
      s.on("data", (c: string) => {
        out += c;
      });
      s.on("close", () => resolve(out));
      s.on("error", reject);
    });
    const [head = "", body] = raw.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 413 /);
    expect(head).toMatch(/\r\nContent-Type: application\/json\r\n/);
    expect(head).toMatch(/\r\nX-Request-Id: [A-Za-z0-9]{16}\r\n/);
    expect(body).toBe(err(9413, "request entity too large"));
  });

  it("HEAD gets the same status and headers and no body", async () => {
    const get = await call("GET", `${A}/entities/999`, AUTH);
    const head = await call("HEAD", `${A}/entities/999`, AUTH);
    expect(head.status).toBe(404);
    expect(head.body).toBe("");
    expect(head.headers["content-type"]).toBe("application/json");
    expect(head.headers["content-length"]).toBe(get.headers["content-length"]);
    expect(head.headers.vary).toBe("Accept");
    expect(head.headers["x-request-id"]).toMatch(TOKEN);
    const ok = await call("HEAD", `${A}/entities/1`, AUTH);
    expect(ok.status).toBe(200);
    expect(ok.body).toBe("");
  });

  it("an unknown path under the prefix is a 404 before any route: problem+json", async () => {
    const r = await call("GET", `${A}/nothing`, AUTH);
    expect(r.status).toBe(404);
    expect(r.headers["content-type"]).toBe("application/problem+json");
  });

  it("an unexpected throwable becomes 9001 with a generic message, never the thrown text", () => {
    const router = mountEntityApi({ docsBaseUrl: () => "http://x/errors", observers: [], now: Date.now });
    const r = router.errata.handle(new Error("org.hibernate.Foo: SELECT * FROM entities at /srv/app.js:1"), {
      method: "GET",
      path: `${A}/entities/1`,
      headers: {},
      token: "AbCdEfGh12345678",
    });
    expect(r.status).toBe(500);
    expect(r.body).toBe(err(9001, "unexpected system error"));
  });
});

describe("outside the seed prefixes (CONTRACT §3)", () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    parseTagValue: false,
    processEntities: true,
  });

  it("an unknown path with Accept: application/xml → problem+xml 404", async () => {
    const r = await call("GET", "/nope", { accept: "application/xml" });
    expect(r.status).toBe(404);
    expect(r.headers["content-type"]).toBe("application/problem+xml");
    expect(r.headers.vary).toBe("Accept");
    const token = r.headers["x-request-id"] as string;
    expect(token).toMatch(TOKEN);
    expect(r.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(parser.parse(r.body)).toEqual({
      "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
      problem: {
        "@_xmlns": "urn:ietf:rfc:7807",
        type: `${demo.url}/errors/http/not_found`,
        title: "Not Found",
        status: "404",
        detail: "No resource matches the request path.",
        instance: "/nope",
        code: "not_found",
        requestId: token,
      },
    });
  });

  it("problem+json stays the default", async () => {
    for (const accept of [
      undefined,
      "*/*",
      "application/json",
      "application/problem+json, application/problem+xml",
    ]) {
      const r = await call("GET", "/nope", accept ? { accept } : {});
      expect(r.headers["content-type"]).toBe("application/problem+json");
      expect(JSON.parse(r.body)).toMatchObject({
        status: 404,
        code: "not_found",
        requestId: r.headers["x-request-id"],
      });
    }
  });
});
