import { connect } from "node:net";
import Fastify, { type FastifyServerOptions } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { createErrata, defineCatalog, isRequestToken } from "../../index.js";
import { ajvFields, errataClientErrorHandler, errataFastify, fastifyGuard } from "./index.js";

const errors = defineCatalog(
  { id: "shop" },
  {
    orderNotFound: { code: 3001, status: 404, message: "Order {id} not found" },
    slowDown: {
      code: "slow_down",
      status: 429,
      message: "Slow down",
      retryAfter: 30,
      headers: { "Cache-Control": "no-store" },
    },
  },
);

const apps: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

function app(opts?: FastifyServerOptions) {
  const a = Fastify(opts);
  apps.push(a);
  return a;
}

describe("interop: a catalog error in Fastify's own error handler (no errata plugin)", () => {
  it("gets the entry's status, headers and message", async () => {
    const a = app();
    a.get("/orders/:id", async (req) => {
      throw errors.orderNotFound({ id: (req.params as { id: string }).id });
    });
    a.get("/slow", async () => {
      throw errors.slowDown();
    });
    const nf = await a.inject({ url: "/orders/5" });
    expect(nf.statusCode).toBe(404);
    expect(nf.json()).toMatchObject({ statusCode: 404, error: "Not Found", message: "Order 5 not found" });
    const slow = await a.inject({ url: "/slow" });
    expect(slow.statusCode).toBe(429);
    expect(slow.headers["retry-after"]).toBe("30");
    expect(slow.headers["cache-control"]).toBe("no-store");
    expect(slow.json()).toMatchObject({ statusCode: 429, code: "slow_down", message: "Slow down" });
  });
});

describe("errataFastify: encapsulation", () => {
  it("applies only to the context that registers it (and its children)", async () => {
    const a = app();
    const inner = createErrata({ catalogs: [errors], docsBaseUrl: "https://inner.example.com/errors" });
    await a.register(
      async (api) => {
        await api.register(errataFastify, { errata: inner });
        api.get("/orders/:id", async (req) => {
          throw errors.orderNotFound({ id: (req.params as { id: string }).id });
        });
        await api.register(async (deeper) => {
          deeper.get("/deep", async () => {
            throw errors.orderNotFound({ id: "d" });
          });
        });
      },
      { prefix: "/api" },
    );
    await a.register(
      async (other) => {
        other.get("/orders/:id", async () => {
          throw errors.orderNotFound({ id: "o" });
        });
      },
      { prefix: "/other" },
    );
    const inApi = await a.inject({ url: "/api/orders/5" });
    expect(inApi.statusCode).toBe(404);
    expect(inApi.headers["content-type"]).toBe("application/problem+json");
    expect(isRequestToken(inApi.headers["x-request-id"])).toBe(true);
    expect(inApi.json()).toMatchObject({
      type: "https://inner.example.com/errors/shop/3001",
      instance: "/api/orders/5",
    });
    // A child of the errata context inherits it.
    expect((await a.inject({ url: "/api/deep" })).json()).toMatchObject({ detail: "Order d not found" });
    // Unknown paths under the prefix: errata's 404 (and 405 for a known path).
    const unknown = await a.inject({ url: "/api/nothing" });
    expect(unknown.json()).toMatchObject({ code: "not_found", instance: "/api/nothing" });
    const wrongMethod = await a.inject({ method: "DELETE", url: "/api/orders/5" });
    expect([wrongMethod.statusCode, wrongMethod.headers.allow]).toEqual([405, "GET, HEAD"]);
    // A sibling context and the root keep Fastify's own behaviour.
    const sibling = await a.inject({ url: "/other/orders/5" });
    expect(sibling.headers["x-request-id"]).toBeUndefined();
    expect(sibling.headers["content-type"]).toContain("application/json");
    expect(sibling.json()).toMatchObject({ statusCode: 404, message: "Order o not found" });
    const rootUnknown = await a.inject({ url: "/nothing" });
    expect(rootUnknown.headers["x-request-id"]).toBeUndefined();
    expect(rootUnknown.json()).toMatchObject({ statusCode: 404, error: "Not Found" });
    // The sibling's known path with another method is Fastify's 404, not errata's 405.
    expect((await a.inject({ method: "DELETE", url: "/other/orders/5" })).headers.allow).toBeUndefined();
  });

  it("names itself errata and is not encapsulated (skip-override)", () => {
    const fn = errataFastify as unknown as Record<symbol, unknown>;
    expect(fn[Symbol.for("skip-override")]).toBe(true);
    expect(fn[Symbol.for("fastify.display-name")]).toBe("errata");
  });

  it("refuses to register without an errata instance", async () => {
    const a = app();
    await expect(a.register(errataFastify, {} as never)).rejects.toThrow(/needs the errata instance/);
  });
});

describe("errataFastify: Fastify's own errors", () => {
  const errata = createErrata({ catalogs: [errors] });

  it("maps schema validation (Ajv) to one field error per issue", async () => {
    const a = app({ ajv: { customOptions: { allErrors: true } } });
    await a.register(errataFastify, { errata });
    a.post(
      "/things",
      {
        schema: {
          body: {
            type: "object",
            required: ["name"],
            properties: {
              name: { type: "string" },
              size: { type: "integer" },
              tag: { type: "object", properties: { id: { type: "integer" } } },
            },
          },
          querystring: { type: "object", properties: { rows: { type: "integer", maximum: 1000 } } },
        },
      },
      async () => "ok",
    );
    const body = await a.inject({ method: "POST", url: "/things", payload: { size: "x", tag: { id: "y" } } });
    expect(body.statusCode).toBe(400);
    expect(body.json().errors).toEqual([
      { detail: "must have required property 'name'", pointer: "#/name" },
      { detail: "must be integer", pointer: "#/size" },
      { detail: "must be integer", pointer: "#/tag/id" },
    ]);
    const query = await a.inject({ method: "POST", url: "/things?rows=5000", payload: { name: "n" } });
    expect(query.json()).toMatchObject({
      code: "validation_failed",
      errors: [{ detail: "must be <= 1000", parameter: "rows" }],
    });
  });

  it("maps an empty JSON body and an unknown media type", async () => {
    const a = app();
    await a.register(errataFastify, { errata });
    a.post("/x", async () => "ok");
    const empty = await a.inject({
      method: "POST",
      url: "/x",
      headers: { "content-type": "application/json" },
      payload: "",
    });
    expect([empty.statusCode, empty.json().code]).toEqual([400, "malformed_body"]);
    const media = await a.inject({
      method: "POST",
      url: "/x",
      headers: { "content-type": "application/x-nope" },
      payload: "z",
    });
    expect([media.statusCode, media.json().code]).toEqual([415, "unsupported_media_type"]);
  });

  it("a sync throw of null is the generic 500", async () => {
    const a = app();
    await a.register(errataFastify, { errata });
    a.get("/null", () => {
      throw null;
    });
    const r = await a.inject({ url: "/null" });
    expect([r.statusCode, r.json().code]).toEqual([500, "internal_error"]);
  });

  it("exposes the token to handlers as request.errataToken", async () => {
    const a = app();
    await a.register(errataFastify, { errata });
    a.get("/t", async (req) => ({ token: req.errataToken }));
    const r = await a.inject({ url: "/t" });
    expect(r.json().token).toBe(r.headers["x-request-id"]);
  });

  it("errataClientErrorHandler answers a header section past Node's limit with errata's 431", async () => {
    const a = app({ clientErrorHandler: errataClientErrorHandler(errata) });
    await a.register(errataFastify, { errata });
    a.get("/", async () => "ok");
    await a.listen({ port: 0, host: "127.0.0.1" });
    const port = (a.server.address() as { port: number }).port;
    const raw = await new Promise<string>((resolve, reject) => {
      const s = connect(port, "127.0.0.1", () => {
        s.write(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(20 * 1024)}\r\n\r\n`);
      });
      let out = "";
      s.on("data", (d) => {
        out += d.toString("latin1");
      });
      s.on("end", () => resolve(out));
      s.on("error", reject);
    });
    expect(raw.startsWith("HTTP/1.1 431 ")).toBe(true);
    expect(raw).toContain("Content-Type: application/problem+json");
    const token = /X-Request-Id: ([A-Za-z0-9]{16})/.exec(raw)?.[1];
    expect(raw).toContain(`"requestId":"${token}"`);
  });
});

describe("ajvFields and fastifyGuard", () => {
  it("names fields as errata/validate does", () => {
    expect(
      ajvFields(
        [
          { instancePath: "", keyword: "required", params: { missingProperty: "a/b" }, message: "m" },
          { instancePath: "/list/0", keyword: "type", message: "must be string" },
          { instancePath: "/x~1y", keyword: "type" },
        ],
        "body",
      ),
    ).toEqual([
      { name: "a~1b", message: "m", in: "body" },
      { name: "/list/0", message: "must be string", in: "body" },
      { name: "x~1y", message: "is invalid", in: "body" },
    ]);
    expect(ajvFields([{ instancePath: "/filter/since", message: "bad" }], "querystring")).toEqual([
      { name: "filter.since", message: "bad", in: "query" },
    ]);
    expect(ajvFields([{ instancePath: "/id", message: "bad" }], "params")[0]?.in).toBe("path");
    expect(ajvFields([{ instancePath: "/x-key", message: "bad" }], "headers")[0]).toEqual({
      name: "x-key",
      message: "bad",
      in: "header",
    });
  });

  it("maps Fastify's error codes", () => {
    expect(fastifyGuard({ code: "FST_ERR_CTP_BODY_TOO_LARGE" })).toBe("payloadTooLarge");
    expect(fastifyGuard({ code: "FST_ERR_CTP_INVALID_MEDIA_TYPE" })).toBe("unsupportedMediaType");
    expect(fastifyGuard({ code: "FST_ERR_CTP_INVALID_JSON_BODY" })).toBe("malformedBody");
    expect(fastifyGuard({ code: "FST_ERR_CTP_EMPTY_JSON_BODY" })).toBe("malformedBody");
    expect(fastifyGuard({ code: "OTHER" })).toBeNull();
    expect(fastifyGuard(undefined)).toBeNull();
  });
});
