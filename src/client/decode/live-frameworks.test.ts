/**
 * Bodies produced by the real frameworks installed here (not transcribed): Fastify's error and
 * not-found handlers, @hapi/boom payloads, Express 5's default handler, http-errors.
 */
import type { AddressInfo } from "node:net";
import Boom from "@hapi/boom";
import express from "express";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { decodeError, decodeResponse } from "./index.js";

describe("Fastify", () => {
  it("validation errors and unknown routes", async () => {
    const app = Fastify();
    app.post(
      "/users",
      {
        schema: {
          body: {
            type: "object",
            required: ["name"],
            properties: { name: { type: "string" }, age: { type: "integer" } },
          },
        },
      },
      async () => ({ ok: true }),
    );
    app.get("/teapot", async () => {
      const err = Object.assign(new Error("short and stout"), { statusCode: 418, code: "E_TEAPOT" });
      throw err;
    });
    await app.ready();
    try {
      let res = await app.inject({ method: "POST", url: "/users", payload: { age: "x" } });
      expect(decodeError({ status: res.statusCode, headers: res.headers, body: res.body })).toMatchObject({
        format: "fastify",
        code: "FST_ERR_VALIDATION",
        message: "body must have required property 'name'",
        fields: [{ name: "name", message: "must have required property 'name'", code: "required" }],
      });
      res = await app.inject({ method: "GET", url: "/nope" });
      expect(decodeError({ status: res.statusCode, headers: res.headers, body: res.body })).toMatchObject({
        status: 404,
        format: "fastify",
        code: null,
        message: "Route GET:/nope not found",
      });
      res = await app.inject({ method: "GET", url: "/teapot" });
      expect(decodeError({ status: res.statusCode, headers: res.headers, body: res.body })).toMatchObject({
        status: 418,
        format: "fastify",
        code: "E_TEAPOT",
        message: "short and stout",
      });
    } finally {
      await app.close();
    }
  });
});

describe("@hapi/boom", () => {
  it("payloads of notFound, badRequest with data, unauthorized with a Bearer challenge, tooManyRequests", () => {
    const nf = Boom.notFound();
    expect(
      decodeError({
        status: nf.output.statusCode,
        headers: nf.output.headers as never,
        body: JSON.stringify(nf.output.payload),
      }),
    ).toEqual({
      status: 404,
      code: null,
      name: null,
      message: "Not Found",
      detail: null,
      requestId: null,
      retryAfterSeconds: null,
      fields: [],
      format: "boom",
      retryable: false,
    });
    const un = Boom.unauthorized("token expired", "Bearer", { realm: "api", error: "invalid_token" });
    expect(
      decodeError({
        status: un.output.statusCode,
        headers: un.output.headers as never,
        body: JSON.stringify(un.output.payload),
      }),
    ).toMatchObject({ format: "boom", code: "invalid_token", message: "token expired" });
    const tm = Boom.tooManyRequests("slow down");
    tm.output.headers["Retry-After"] = "5";
    expect(
      decodeError({
        status: tm.output.statusCode,
        headers: tm.output.headers as never,
        body: JSON.stringify(tm.output.payload),
      }),
    ).toMatchObject({ format: "boom", message: "slow down", retryAfterSeconds: 5, retryable: true });
  });
});

describe("Express 5", () => {
  it("the default handler's HTML pages become a readable excerpt", async () => {
    const app = express();
    app.get("/boom", () => {
      throw Object.assign(new Error("secret internals"), { status: 503, expose: false });
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const notFound = await decodeResponse(await fetch(`${base}/nope`));
      expect(notFound).toMatchObject({
        status: 404,
        format: "unknown",
        message: "Cannot GET /nope",
        retryable: false,
      });
      const unavailable = await decodeResponse(await fetch(`${base}/boom`));
      expect(unavailable).toMatchObject({ status: 503, format: "unknown", retryable: true });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
