/**
 * CONTRACT §3.3 over a real socket: every bullet of the Identity Cloud–style API with its status,
 * headers (Content-Type, Cache-Control, Vary, X-Request-Id = request_token, Retry-After) and exact
 * body; the check order (authentication, rate limit, arguments); the guards in this format; the
 * sliding-window limit on an injected clock.
 * @module
 */
import { type IncomingHttpHeaders, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DemoContext } from "../../demo/app.js";
import { createServer, type Router } from "../../src/adapters/node/index.js";
import type { ErrorEvent } from "../../src/core/event.js";
import { createErrata } from "../../src/index.js";
import { createIdentityCloudRouter, EXISTING_RECORD, type IdentityCloudRouterOptions } from "./routes.js";

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

interface Harness {
  readonly server: Server;
  readonly events: ErrorEvent[];
  readonly clock: { now: number };
  readonly router: Router;
  send(method: string, path: string, body?: string, headers?: Record<string, string>): Promise<Answer>;
  close(): Promise<void>;
}

const START = Date.parse("2026-03-01T12:00:00.000Z");
const FORM = { "content-type": "application/x-www-form-urlencoded" };
const CREDS = "client_id=demo-client&client_secret=demo-secret";

async function start(
  options: IdentityCloudRouterOptions = {},
  extra?: (r: Router) => void,
): Promise<Harness> {
  const events: ErrorEvent[] = [];
  const clock = { now: START };
  const ctx: DemoContext = {
    docsBaseUrl: () => "http://127.0.0.1/errors",
    observers: [(e) => events.push(e)],
    now: () => clock.now,
  };
  const router = createIdentityCloudRouter(ctx, options);
  extra?.(router);
  const server = createServer({ errata: createErrata({}), routers: [router] });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const send = (
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const h: Record<string, string | number> = { ...headers };
      if (body !== undefined) h["content-length"] = Buffer.byteLength(body);
      const req = request({ host: "127.0.0.1", port, method, path, headers: h, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      });
      req.on("error", reject);
      req.end(body);
    });
  return {
    server,
    events,
    clock,
    router,
    send,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A form POST with the demo credentials first. */
const form = (fields: string): string => (fields === "" ? CREDS : `${CREDS}&${fields}`);

/** Asserts an Identity Cloud error answer and returns its parsed body. */
function expectError(a: Answer, status: number, body: Record<string, unknown>): void {
  expect(a.status).toBe(status);
  expect(a.headers["content-type"]).toBe("application/json");
  expect(a.headers["cache-control"]).toBe("no-store");
  expect(a.headers.vary).toBe("Accept");
  const token = a.headers["x-request-id"];
  expect(token).toMatch(/^[A-Za-z0-9]{16}$/);
  expect(a.headers["content-length"]).toBe(String(Buffer.byteLength(a.text)));
  const parsed = JSON.parse(a.text);
  expect(Object.keys(parsed).slice(0, 5)).toEqual([
    "stat",
    "code",
    "error",
    "error_description",
    "request_token",
  ]);
  expect(parsed).toEqual({ stat: "error", ...body, request_token: token });
}

describe("Identity Cloud demo API (CONTRACT §3.3)", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await start();
    return () => h.close();
  });

  it("missing argument → 100 missing_argument with argument_name, HTTP 200", async () => {
    const a = await h.send("POST", "/identity/entity.create", form("attributes=%7B%7D"), FORM);
    expectError(a, 200, {
      code: 100,
      error: "missing_argument",
      error_description: "missing required argument: type_name",
      argument_name: "type_name",
    });
    expect(a.text).toBe(
      `{"stat":"error","code":100,"error":"missing_argument","error_description":"missing required argument: type_name","request_token":"${a.headers["x-request-id"]}","argument_name":"type_name"}`,
    );
    const b = await h.send("POST", "/identity/entity.create", form("type_name=user"), FORM);
    expectError(b, 200, {
      code: 100,
      error: "missing_argument",
      error_description: "missing required argument: attributes",
      argument_name: "attributes",
    });
    const c = await h.send("POST", "/identity/entity", form("type_name=user"), FORM);
    expectError(c, 200, {
      code: 100,
      error: "missing_argument",
      error_description: "missing required argument: uuid",
      argument_name: "uuid",
    });
  });

  it("both uuid and id → 201 duplicate_argument", async () => {
    const a = await h.send(
      "POST",
      "/identity/entity",
      form(`type_name=user&uuid=${EXISTING_RECORD.uuid}&id=1`),
      FORM,
    );
    expectError(a, 200, {
      code: 201,
      error: "duplicate_argument",
      error_description: "conflicting arguments: id and uuid may not be used together",
    });
    const twice = await h.send("POST", "/identity/entity", form("type_name=user&id=1&id=2"), FORM);
    expectError(twice, 200, {
      code: 201,
      error: "duplicate_argument",
      error_description: "conflicting arguments: id (given 2 times) may not be used together",
      argument_name: "id",
    });
  });

  it("unknown type → 222 unknown_entity_type", async () => {
    const a = await h.send(
      "POST",
      "/identity/entity.create",
      form("type_name=robot&attributes=%7B%7D"),
      FORM,
    );
    expectError(a, 200, {
      code: 222,
      error: "unknown_entity_type",
      error_description: "unknown entity type: robot",
    });
    const b = await h.send("POST", "/identity/entity", form("type_name=robot&id=1"), FORM);
    expectError(b, 200, {
      code: 222,
      error: "unknown_entity_type",
      error_description: "unknown entity type: robot",
    });
  });

  it("bad JSON in attributes → 340 invalid_data_format", async () => {
    const a = await h.send(
      "POST",
      "/identity/entity.create",
      form(`type_name=user&attributes=${encodeURIComponent('{"email":')}`),
      FORM,
    );
    expectError(a, 200, {
      code: 340,
      error: "invalid_data_format",
      error_description: "attributes was not valid: the JSON is not syntactically valid",
      argument_name: "attributes",
    });
    const notObject = await h.send(
      "POST",
      "/identity/entity.create",
      form("type_name=user&attributes=%5B%5D"),
      FORM,
    );
    expectError(notObject, 200, {
      code: 341,
      error: "invalid_json_type",
      error_description: "attributes was not valid: expected a JSON object",
      argument_name: "attributes",
    });
  });

  it("an email already registered → 380 email_address_in_use (case-insensitive)", async () => {
    const attrs = (email: string) =>
      `type_name=user&attributes=${encodeURIComponent(JSON.stringify({ email }))}`;
    const existing = await h.send(
      "POST",
      "/identity/entity.create",
      form(attrs("Existing@Example.com")),
      FORM,
    );
    expectError(existing, 200, {
      code: 380,
      error: "email_address_in_use",
      error_description: "email address is already in use",
    });
    const created = await h.send("POST", "/identity/entity.create", form(attrs("new@example.com")), FORM);
    expect(created.status).toBe(200);
    expect(created.headers["cache-control"]).toBe("no-store");
    const body = JSON.parse(created.text);
    expect(body).toEqual({ id: 2, uuid: expect.stringMatching(/^[0-9a-f-]{36}$/), stat: "ok" });
    const again = await h.send("POST", "/identity/entity.create", form(attrs("NEW@example.com")), FORM);
    expectError(again, 200, {
      code: 380,
      error: "email_address_in_use",
      error_description: "email address is already in use",
    });
    const fetched = await h.send("POST", "/identity/entity", form(`type_name=user&uuid=${body.uuid}`), FORM);
    expect(JSON.parse(fetched.text)).toEqual({
      result: {
        id: 2,
        uuid: body.uuid,
        email: "new@example.com",
        givenName: null,
        familyName: null,
        created: "2026-03-01T12:00:00.000Z",
        lastUpdated: "2026-03-01T12:00:00.000Z",
      },
      stat: "ok",
    });
  });

  it("checks attributes against the schema", async () => {
    const create = (attrs: unknown) =>
      h.send(
        "POST",
        "/identity/entity.create",
        form(`type_name=user&attributes=${encodeURIComponent(JSON.stringify(attrs))}`),
        FORM,
      );
    expectError(await create({ shoeSize: "9" }), 200, {
      code: 223,
      error: "unknown_attribute",
      error_description: "unknown attribute: shoeSize",
    });
    expectError(await create({ id: 5 }), 200, {
      code: 320,
      error: "id_in_new_record",
      error_description: "A new entity or plural element cannot be given an id.",
    });
    expectError(await create({ uuid: "x" }), 200, {
      code: 234,
      error: "reserved_attribute",
      error_description: "reserved attribute cannot be modified: uuid",
    });
    expectError(await create({ givenName: 7 }), 200, {
      code: 341,
      error: "invalid_json_type",
      error_description: "givenName was not valid: expected a string or null",
      argument_name: "givenName",
    });
    expectError(await create({ familyName: "x".repeat(257) }), 200, {
      code: 363,
      error: "length_violation",
      error_description: "familyName is longer than its length constraint of 256",
    });
  });

  it("unknown record → 310 record_not_found; an existing one is returned", async () => {
    expectError(await h.send("POST", "/identity/entity", form("type_name=user&id=99"), FORM), 200, {
      code: 310,
      error: "record_not_found",
      error_description: "record not found",
    });
    expectError(await h.send("POST", "/identity/entity", form("type_name=user&uuid=nope"), FORM), 200, {
      code: 310,
      error: "record_not_found",
      error_description: "record not found",
    });
    expectError(await h.send("POST", "/identity/entity", form("type_name=user&id=abc"), FORM), 200, {
      code: 200,
      error: "invalid_argument",
      error_description: "The argument was malformed or its value was invalid.",
      argument_name: "id",
    });
    const ok = await h.send("POST", "/identity/entity", form("type_name=user&id=1"), FORM);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text).result.email).toBe(EXISTING_RECORD.email);
    expect(ok.headers["x-request-id"]).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it("wrong client credentials → 402; missing ones → 100", async () => {
    const bad = (creds: string) => h.send("POST", "/identity/entity", `${creds}&type_name=user&id=1`, FORM);
    const expected = {
      code: 402,
      error: "invalid_client_credentials",
      error_description: "The client ID doesn't exist or the client secret is wrong.",
    };
    expectError(await bad("client_id=demo-client&client_secret=wrong"), 200, expected);
    expectError(await bad("client_id=someone&client_secret=demo-secret"), 200, expected);
    expectError(await bad("client_secret=demo-secret"), 200, {
      code: 100,
      error: "missing_argument",
      error_description: "missing required argument: client_id",
      argument_name: "client_id",
    });
    expectError(await bad("client_id=demo-client"), 200, {
      code: 100,
      error: "missing_argument",
      error_description: "missing required argument: client_secret",
      argument_name: "client_secret",
    });
  });

  it("the 11th authenticated call in a minute → 510 with Retry-After (sliding window); auth first, arguments last", async () => {
    // Unauthenticated calls count for nothing.
    for (let i = 0; i < 15; i++) {
      const a = await h.send("POST", "/identity/entity", "client_id=demo-client&client_secret=x", FORM);
      expect(JSON.parse(a.text).code).toBe(402);
    }
    // Ten authenticated calls, whatever their outcome (success or argument error), 5 s apart.
    for (let i = 0; i < 10; i++) {
      const a = await h.send(
        "POST",
        "/identity/entity",
        form(i % 2 === 0 ? "type_name=user&id=1" : ""),
        FORM,
      );
      expect(a.status).toBe(200);
      if (i % 2 === 0) expect(JSON.parse(a.text).stat).toBe("ok");
      else expect(JSON.parse(a.text).code).toBe(100);
      h.clock.now += 5_000;
    }
    // t = 50 s: the 11th, with missing arguments → the limit answers, not the arguments.
    const limited = await h.send("POST", "/identity/entity", form(""), FORM);
    expectError(limited, 200, {
      code: 510,
      error: "api_limit_error",
      error_description: "rate limit exceeded: at most 10 requests a minute per client; retry in 10 seconds",
    });
    expect(limited.headers["retry-after"]).toBe("10");
    expect(limited.headers["ratelimit-policy"]).toBe('"identity-per-minute";q=10;w=60');
    expect(limited.headers.ratelimit).toBe('"identity-per-minute";r=0;t=10');
    // Authentication still comes first while limited.
    const wrong = await h.send(
      "POST",
      "/identity/entity",
      "client_id=demo-client&client_secret=x&type_name=user&id=1",
      FORM,
    );
    expect(JSON.parse(wrong.text).code).toBe(402);
    expect(wrong.headers["retry-after"]).toBeUndefined();
    // Sliding: at t = 59.999 s still refused; at t = 60 s the first call has left the window.
    h.clock.now = START + 59_999;
    expect(
      JSON.parse((await h.send("POST", "/identity/entity", form("type_name=user&id=1"), FORM)).text).code,
    ).toBe(510);
    h.clock.now = START + 60_000;
    const again = await h.send("POST", "/identity/entity", form("type_name=user&id=1"), FORM);
    expect(JSON.parse(again.text).stat).toBe("ok");
    const limitedEvent = h.events.find((e) => e.code === "510");
    expect(limitedEvent).toMatchObject({
      token: limited.headers["x-request-id"],
      status: 200,
      catalog: "identity-cloud",
      name: "api_limit_error",
      clientId: "demo-client",
    });
  });

  it("sends the mapped HTTP status when configured", async () => {
    const m = await start({ httpStatus: "mapped" });
    try {
      expect((await m.send("POST", "/identity/entity", form("type_name=user"), FORM)).status).toBe(400);
      expect((await m.send("POST", "/identity/entity", form("type_name=user&id=99"), FORM)).status).toBe(404);
      expect(
        (await m.send("POST", "/identity/entity", "client_id=demo-client&client_secret=x", FORM)).status,
      ).toBe(401);
      const attrs = encodeURIComponent(JSON.stringify({ email: EXISTING_RECORD.email }));
      expect(
        (await m.send("POST", "/identity/entity.create", form(`type_name=user&attributes=${attrs}`), FORM))
          .status,
      ).toBe(409);
    } finally {
      await m.close();
    }
  });
});

describe("Identity Cloud guards and failures", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({}, (r) => {
      r.post("/boom", () => {
        throw new Error(
          "org.hibernate.exception.SQLGrammarException: SELECT secret FROM clients at /srv/app/Repo.java:42",
        );
      });
    });
  });
  afterAll(() => h.close());

  it("another method → 405 with Allow, code 202; HEAD gets the same without a body", async () => {
    const a = await h.send("GET", "/identity/entity.create");
    expectError(a, 405, {
      code: 202,
      error: "method_not_allowed",
      error_description: "The HTTP method is not supported by this operation.",
    });
    expect(a.headers.allow).toBe("POST");
    const head = await h.send("HEAD", "/identity/entity");
    expect(head.status).toBe(405);
    expect(head.text).toBe("");
    expect(head.headers.allow).toBe("POST");
    expect(head.headers["content-type"]).toBe("application/json");
    expect(Number(head.headers["content-length"])).toBeGreaterThan(0);
  });

  it("a JSON body → 415, code 204", async () => {
    const a = await h.send("POST", "/identity/entity", JSON.stringify({ type_name: "user" }), {
      "content-type": "application/json",
    });
    expectError(a, 415, {
      code: 204,
      error: "unsupported_media_type",
      error_description: "The request body must be application/x-www-form-urlencoded.",
    });
  });

  it("an Accept without JSON → 406, code 203, still JSON", async () => {
    const a = await h.send("POST", "/identity/entity", form("type_name=user&id=1"), {
      ...FORM,
      accept: "text/html",
    });
    expectError(a, 406, {
      code: 203,
      error: "not_acceptable",
      error_description: "The API answers in application/json only.",
    });
  });

  it("a body over 1 MiB → 413, code 206, without reading it", async () => {
    const a = await h.send("POST", "/identity/entity", "x".repeat(1024 * 1024 + 1), FORM).catch(() => null);
    // The server answers before the upload ends and closes the connection.
    if (a !== null) {
      expectError(a, 413, {
        code: 206,
        error: "content_too_large",
        error_description: "The request body is larger than the API accepts.",
      });
    }
    const event = h.events.find((e) => e.code === "206");
    expect(event?.status).toBe(413);
  });

  it("a body that is not UTF-8 → 200 invalid_argument", async () => {
    const a = await new Promise<Answer>((resolve, reject) => {
      const { port } = h.server.address() as AddressInfo;
      const body = Buffer.from([0x63, 0x3d, 0xff, 0xfe]);
      const req = request(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/identity/entity",
          headers: { ...FORM, "content-length": body.length },
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString(),
            }),
          );
        },
      );
      req.on("error", reject);
      req.end(body);
    });
    expectError(a, 200, {
      code: 200,
      error: "invalid_argument",
      error_description: "The argument was malformed or its value was invalid.",
    });
  });

  it("an unexpected throwable → 500 unexpected_error, generic, cause kept for the store only", async () => {
    const a = await h.send("POST", "/identity/boom", "", FORM);
    expectError(a, 500, {
      code: 500,
      error: "unexpected_error",
      error_description: "An unexpected internal error occurred.",
    });
    expect(a.text).not.toMatch(/hibernate|SELECT|srv|Repo|Error/);
    const event = h.events.find((e) => e.token === a.headers["x-request-id"]);
    expect(event?.cause?.message).toContain("SQLGrammarException");
    expect(event?.status).toBe(500);
  });
});
