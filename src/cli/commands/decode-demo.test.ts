/**
 * `errata decode` on the demo's real responses (issue 6: "errata decode on each demo route's
 * response prints the right JSON"): each request goes over a raw socket, and the raw bytes the
 * server wrote — status line, headers, chunked framing and all — are fed to the command.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Demo, startDemo } from "../../../demo/app.js";
import "../../../demo/systems.js";
import { rawExchange } from "../../../test/support/http.js";
import type { NormalizedError } from "../../client/normalized-error.js";
import type { CliIO } from "../io.js";
import decode from "./decode.js";

let demo: Demo;
let port = 0;

beforeAll(async () => {
  demo = await startDemo({ port: 0, adminToken: "admin-test-token", store: "memory:", logLevel: "silent" });
  port = Number(new URL(demo.url).port);
});
afterAll(async () => {
  await demo?.close();
});

interface Decoded {
  readonly raw: string;
  readonly token: string | null;
  readonly out: NormalizedError;
}

/** Sends one request, decodes the raw response with `errata decode` (stdin), exit 0 expected. */
async function decodeRoute(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body = "",
): Promise<Decoded> {
  const head = [`${method} ${path} HTTP/1.1`, "Host: 127.0.0.1", "Connection: close"];
  for (const [k, v] of Object.entries(headers)) head.push(`${k}: ${v}`);
  if (body) head.push(`Content-Length: ${Buffer.byteLength(body)}`);
  const raw = await rawExchange(port, `${head.join("\r\n")}\r\n\r\n${body}`);
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => Buffer.from(raw, "latin1"),
    cwd: process.cwd(),
    env: {},
  };
  const code = await decode.run([], io);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const token = /\r\nx-request-id: *([A-Za-z0-9]{16})\r\n/i.exec(raw)?.[1] ?? null;
  return { raw, token, out: JSON.parse(stdout) as NormalizedError };
}

const bearer = { Authorization: "Bearer demo-token" };

describe("errata decode on the demo's responses", () => {
  it("entity API: 404 3001, 401 4004, 400 with one 5000 entry per field", async () => {
    let d = await decodeRoute("GET", "/entity-api/v1/entities/999", bearer);
    expect(d.out).toMatchObject({ status: 404, format: "entity-api", code: "3001", requestId: d.token });
    d = await decodeRoute("GET", "/entity-api/v1/entities/1");
    expect(d.out).toMatchObject({ status: 401, format: "entity-api", code: "4004" });
    d = await decodeRoute(
      "POST",
      "/entity-api/v1/entities",
      { ...bearer, "Content-Type": "application/json" },
      JSON.stringify({ usptaNumber: "U1" }),
    );
    expect(d.out).toMatchObject({ status: 400, format: "entity-api", code: "5000" });
    expect(d.out.fields.map((f) => f.name).sort()).toEqual(["firstName", "lastName"]);
  });

  it("ORCID: JSON and XML bodies of a malformed iD", async () => {
    for (const accept of ["application/json", "application/xml"]) {
      const d = await decodeRoute("GET", "/orcid/v3.0/0000-0002-1825-0098/record", { Accept: accept });
      expect(d.out).toMatchObject({ status: 400, format: "orcid", requestId: d.token });
      expect(d.out.message).not.toBeNull();
    }
  });

  it("Identity Cloud: HTTP 200 with stat:error, code and name, token from the body", async () => {
    const d = await decodeRoute(
      "POST",
      "/identity/entity.create",
      { "Content-Type": "application/x-www-form-urlencoded" },
      "client_id=demo-client&client_secret=demo-secret",
    );
    expect(d.out).toMatchObject({
      status: 200,
      format: "identity-cloud",
      code: "100",
      name: "missing_argument",
    });
    expect(d.out.requestId).toBe(d.token);
  });

  it("OCLC: 401 Authorization Header missing", async () => {
    const d = await decodeRoute("GET", "/oclc/search");
    expect(d.out).toMatchObject({
      status: 401,
      format: "oclc",
      code: "401",
      message: "Authorization Header missing",
      requestId: d.token,
    });
  });

  it("OAuth: token endpoint, userinfo challenges, maintenance with Retry-After", async () => {
    let d = await decodeRoute(
      "POST",
      "/oauth/token",
      { "Content-Type": "application/x-www-form-urlencoded" },
      "grant_type=urn:bogus&client_id=demo-client&client_secret=demo-secret",
    );
    expect(d.out).toMatchObject({ status: 400, format: "oauth2", code: "unsupported_grant_type" });
    // No credentials: the challenge has no error attribute (RFC 6750 §3.1); the body's code stands.
    d = await decodeRoute("GET", "/oauth/userinfo");
    expect(d.out).toMatchObject({ status: 401, format: "oauth2", code: "unauthorized", requestId: d.token });
    d = await decodeRoute("GET", "/oauth/userinfo", { Authorization: "Bearer not-a-token" });
    expect(d.out).toMatchObject({ status: 401, format: "bearer-challenge", code: "invalid_token" });
    d = await decodeRoute("GET", "/oauth/userinfo", { Authorization: "Bearer readonly-token" });
    expect(d.out).toMatchObject({ status: 403, format: "bearer-challenge", code: "insufficient_scope" });
    d = await decodeRoute("GET", "/oauth/maintenance");
    expect(d.out).toMatchObject({
      status: 503,
      code: "temporarily_unavailable",
      retryAfterSeconds: 120,
      retryable: true,
    });
  });

  it("the other route families: OCLC's Atom entry, ORCID's POST errors, the Identity Cloud limit, guards, support", async () => {
    // OCLC: a POST error is an Atom entry echoing the order, the oclc:error inside it.
    const order =
      '<?xml version="1.0"?><purchaseOrder xmlns="http://worldcat.org/xmlschemas/acquisitions/PurchaseOrder"><vendor><vendorId>nope</vendorId></vendor></purchaseOrder>';
    let d = await decodeRoute(
      "POST",
      "/oclc/purchase-orders?wskey=demo-wskey",
      { "Content-Type": "application/xml" },
      order,
    );
    expect(d.raw).toMatch(/<entry [^>]*>/);
    expect(d.out).toMatchObject({
      status: 400,
      format: "oclc",
      code: "400",
      message: "vendorId nope not found",
      requestId: d.token,
    });
    d = await decodeRoute("GET", "/oclc/search?wskey=expired-wskey");
    expect(d.out).toMatchObject({ status: 401, format: "oclc", message: "WSKey is expired" });

    // ORCID: the write endpoint's 401 and 403, in XML.
    const work = { "Content-Type": "application/vnd.orcid+xml" };
    d = await decodeRoute(
      "POST",
      "/orcid/v3.0/0000-0002-1825-0097/work",
      { ...work, Authorization: "Bearer nope" },
      "<work/>",
    );
    expect(d.out).toMatchObject({ status: 401, format: "orcid", code: "9003", requestId: d.token });
    d = await decodeRoute(
      "POST",
      "/orcid/v3.0/0000-0002-1825-0097/work",
      { ...work, Authorization: "Bearer readonly-token" },
      "<work/>",
    );
    expect(d.out).toMatchObject({ status: 403, format: "orcid", code: "9004" });
    expect(d.out.detail).toContain("Insufficient or wrong scope");

    // Identity Cloud: past 10 calls a minute, 510 on HTTP 200 with Retry-After — retryable.
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    const lookup = "client_id=demo-client&client_secret=demo-secret&type_name=user&id=1";
    for (let i = 0; i < 12; i++) {
      d = await decodeRoute("POST", "/identity/entity", form, lookup);
      if (d.out.code === "510") break;
    }
    expect(d.out).toMatchObject({
      status: 200,
      format: "identity-cloud",
      code: "510",
      name: "api_limit_error",
      requestId: d.token,
      retryable: true,
    });
    expect(d.out.retryAfterSeconds).toBeGreaterThanOrEqual(50);
    expect(d.out.retryAfterSeconds).toBeLessThanOrEqual(60);

    // Server-wide guards in a system's format: the entity API's 405 and 415.
    d = await decodeRoute("DELETE", "/entity-api/v1/entities/1", bearer);
    expect(d.raw).toMatch(/\r\nallow: /i);
    expect(d.out).toMatchObject({ status: 405, format: "entity-api", code: "9405" });
    d = await decodeRoute(
      "POST",
      "/entity-api/v1/entities",
      { ...bearer, "Content-Type": "text/plain" },
      "x",
    );
    expect(d.out).toMatchObject({ status: 415, format: "entity-api" });

    // The support console: no admin token → 401 problem+json.
    d = await decodeRoute("GET", "/support/requests/AbCdEfGh12345678");
    expect(d.out).toMatchObject({ status: 401, format: "problem+json", requestId: d.token });
  });

  it("outside the prefixes: problem+json, problem+xml on request, a generic 500", async () => {
    let d = await decodeRoute("GET", "/nope");
    expect(d.out).toMatchObject({
      status: 404,
      format: "problem+json",
      requestId: d.token,
      retryable: false,
    });
    d = await decodeRoute("GET", "/nope", { Accept: "application/problem+xml" });
    expect(d.out).toMatchObject({ status: 404, format: "problem+xml", requestId: d.token });
    d = await decodeRoute("GET", "/demo/unexpected");
    expect(d.out).toMatchObject({ status: 500, format: "problem+json", requestId: d.token, retryable: true });
    expect(JSON.stringify(d.out)).not.toMatch(/hibernate|SELECT|UserRepository/);
  });
});
