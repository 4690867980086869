import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { createErrata, defineCatalog } from "../../index.js";
import { allowedMethods, bodyParserGuard, errataExpress } from "./index.js";

const errors = defineCatalog(
  { id: "shop" },
  {
    orderNotFound: { code: 3001, status: 404, message: "Order {id} not found" },
    slowDown: {
      code: 4290,
      status: 429,
      message: "Slow down",
      retryAfter: 30,
      headers: { "Cache-Control": "no-store" },
    },
    broken: { code: 5000, status: 500, message: "Internal failure" },
  },
);

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function listen(app: express.Express): Promise<string> {
  server = createServer(app);
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("interop: a catalog error in Express's own final handler (no errata adapter)", () => {
  it("gets the entry's status and headers (status, expose, headers)", async () => {
    const prev = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      const app = express();
      app.get("/orders/:id", (req) => {
        throw errors.orderNotFound({ id: req.params.id });
      });
      app.get("/slow", () => {
        throw errors.slowDown();
      });
      app.get("/broken", () => {
        throw errors.broken();
      });
      const base = await listen(app);
      const nf = await fetch(`${base}/orders/5`);
      expect(nf.status).toBe(404);
      expect(await nf.text()).toContain("Not Found");
      const slow = await fetch(`${base}/slow`);
      expect(slow.status).toBe(429);
      expect(slow.headers.get("retry-after")).toBe("30");
      expect(slow.headers.get("cache-control")).toBe("no-store");
      const broken = await fetch(`${base}/broken`);
      expect(broken.status).toBe(500);
      expect(await broken.text()).not.toContain("Internal failure");
    } finally {
      process.env.NODE_ENV = prev;
    }
  });
});

describe("errataExpress", () => {
  const errata = createErrata({ catalogs: [errors] });

  it("renders exactly what errata.handle renders, plus the token", async () => {
    const x = errataExpress(errata);
    const app = express();
    app.use(x.guards);
    app.get("/orders/:id", (req) => {
      throw errors.orderNotFound({ id: req.params.id });
    });
    app.use(x.notFound, x.errorHandler);
    const base = await listen(app);
    const res = await fetch(`${base}/orders/5`);
    const token = res.headers.get("x-request-id") ?? "";
    const expected = errata.handle(errors.orderNotFound({ id: "5" }), {
      method: "GET",
      path: "/orders/5",
      headers: {},
      token,
    });
    expect(res.status).toBe(expected.status);
    expect(await res.text()).toBe(expected.body);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("keeps middleware headers (CORS) and drops a handler's representation headers on an error", async () => {
    const x = errataExpress(errata);
    const app = express();
    app.use(x.guards, (_req, res, next) => {
      res.setHeader("Access-Control-Allow-Origin", "*");
      next();
    });
    app.get("/x", (_req, res) => {
      res.setHeader("ETag", '"abc"');
      res.setHeader("Content-Language", "fr");
      throw errors.orderNotFound({ id: "x" });
    });
    app.use(x.errorHandler);
    const res = await fetch(`${await listen(app)}/x`);
    expect(res.status).toBe(404);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("etag")).toBeNull();
    expect(res.headers.get("content-language")).toBeNull();
  });

  it("405 from app.route(...).all(x.methodNotAllowed) lists the route's methods", async () => {
    const x = errataExpress(errata);
    const app = express();
    app.use(x.guards);
    app
      .route("/items/:id")
      .get((_req, res) => {
        res.end();
      })
      .patch((_req, res) => {
        res.end();
      })
      .all(x.methodNotAllowed);
    app.use(x.errorHandler);
    const res = await fetch(`${await listen(app)}/items/1`, { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, PATCH, HEAD");
  });

  it("answers 404 rather than 405 when detection is off", async () => {
    const x = errataExpress(errata, { methodNotAllowed: false });
    const app = express();
    app.use(x.guards);
    app.get("/a", (_req, res) => {
      res.end();
    });
    app.use(x.notFound, x.errorHandler);
    expect((await fetch(`${await listen(app)}/a`, { method: "POST" })).status).toBe(404);
  });

  it("x.wrap turns a thrown null into the generic 500 (Express alone would route on to a 404)", async () => {
    const x = errataExpress(errata);
    const app = express();
    app.use(x.guards);
    app.get(
      "/null",
      x.wrap(() => {
        throw null;
      }),
    );
    app.use(x.notFound, x.errorHandler);
    const res = await fetch(`${await listen(app)}/null`);
    expect(res.status).toBe(500);
    expect(JSON.parse(await res.text()).code).toBe("internal_error");
  });

  it("a per-route bodyBytes limit answers 413 before the body is read", async () => {
    const x = errataExpress(errata);
    const app = express();
    app.use(x.guards);
    app.post("/small", x.route({ bodyBytes: 10 }), express.json(), (_req, res) => {
      res.end();
    });
    app.use(x.errorHandler);
    const res = await fetch(`${await listen(app)}/small`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ much: "too long for ten bytes" }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("connection")).toBe("close");
  });

  it("x.token gives the request's token to handlers", async () => {
    const x = errataExpress(errata);
    const app = express();
    app.use(x.guards);
    app.get("/t", (req, res) => {
      res.json({ token: x.token(req) });
    });
    const res = await fetch(`${await listen(app)}/t`);
    expect((await res.json()).token).toBe(res.headers.get("x-request-id"));
  });
});

describe("allowedMethods", () => {
  it("walks nested routers below their mount path", () => {
    const app = express();
    const r = express.Router();
    r.get("/things/:id", (_q, s) => {
      s.end();
    });
    r.delete("/things/:id", (_q, s) => {
      s.end();
    });
    app.use("/api/v1", r);
    app.post("/api/v1/things/:id", (_q, s) => {
      s.end();
    });
    const router = (app as unknown as { router: unknown }).router;
    expect(allowedMethods(router, "/api/v1/things/7")).toEqual(["GET", "HEAD", "DELETE", "POST"]);
    expect(allowedMethods(router, "/api/v1/other")).toEqual([]);
    expect(allowedMethods(router, "/api/v10/things/7")).toEqual([]);
    expect(allowedMethods(undefined, "/x")).toEqual([]);
  });
});

describe("bodyParserGuard", () => {
  it("maps body-parser's error types to errata's guards", () => {
    expect(bodyParserGuard({ type: "entity.parse.failed" })).toBe("malformedBody");
    expect(bodyParserGuard({ type: "entity.too.large" })).toBe("payloadTooLarge");
    expect(bodyParserGuard({ type: "charset.unsupported" })).toBe("unsupportedMediaType");
    expect(bodyParserGuard({ type: "something.else" })).toBeNull();
    expect(bodyParserGuard(null)).toBeNull();
    expect(bodyParserGuard("entity.parse.failed")).toBeNull();
  });
});
