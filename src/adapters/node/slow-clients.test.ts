/**
 * Slow clients (issue 8): slow headers and slow bodies get a 408 within the configured time and do
 * not starve other requests.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRaw, TOKEN_RE, wire } from "../../../test/support/http.js";
import { createErrata } from "../../core/errata.js";
import { createRouter, createServer } from "./index.js";

const errata = createErrata();
const router = createRouter({ errata })
  .post("/upload", async (ctx) => ({ body: { bytes: (await ctx.body()).length } }))
  .get("/fast", () => ({ body: { ok: true } }));
const server = createServer({ errata, routers: [router], headersTimeoutMs: 600, requestTimeoutMs: 1200 });
let port = 0;

beforeAll(
  () =>
    new Promise<void>((r) =>
      server.listen(0, "127.0.0.1", () => {
        port = (server.address() as { port: number }).port;
        r();
      }),
    ),
);
afterAll(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
);

function slow(data: string): Promise<{ raw: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const c = connect(port, "127.0.0.1");
    let raw = "";
    c.on("data", (d) => {
      raw += d.toString("latin1");
    });
    c.on("error", () => undefined);
    c.on("close", () => resolve({ raw, ms: performance.now() - t0 }));
    c.write(data);
  });
}

describe("slow clients", () => {
  it("slow headers → 408 problem+json, other requests still served", async () => {
    const pending = slow("GET /fast HTTP/1.1\r\nHost: x\r\n");
    const other = await wire(`http://127.0.0.1:${port}/fast`);
    expect(other.status).toBe(200);
    const { raw, ms } = await pending;
    const res = parseRaw(raw);
    expect(res.status).toBe(408);
    expect(res.headers["content-type"]).toBe("application/problem+json");
    expect(res.headers["x-request-id"]).toMatch(TOKEN_RE);
    expect(JSON.parse(res.body)).toMatchObject({ status: 408, code: "request_timeout" });
    // within the configured time plus Node's checking interval, not Node's 60 s default
    expect(ms).toBeLessThan(5000);
  });

  it("slow body → 408", async () => {
    const { raw } = await slow(
      "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 100\r\n\r\nabc",
    );
    const res = parseRaw(raw);
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body).code).toBe("request_timeout");
  });
});
