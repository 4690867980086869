/**
 * Render → decode round trip through errata's real renderers, for every built-in wire format
 * (issue 3's "each format round-trips", issue 6's "round trip from every errata format"): the
 * catalog code, the message, the request token, the retry hint and (where the format has a place
 * for them) the field errors come back as they went out.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defineCatalog } from "../../catalog/define.js";
import { createErrata } from "../../core/errata.js";
import { formatFor, formatIds } from "../../formats/registry.js";
import type { RenderedError, RequestView } from "../../formats/types.js";
import { decodeError } from "./index.js";

const TOKEN = "Rt5Lq8Zx2Mn4Bv7C";

const catalog = defineCatalog(
  { id: "round-trip", families: { catchAll: false } },
  {
    notFound: { code: 3001, status: 404, message: "entity {id} not found" },
    invalid: { code: "invalid_request", status: 400, message: "validation error" },
    limited: { code: 510, status: 429, message: "rate limit exceeded", retryAfter: 30 },
    invalidToken: { code: "invalid_token", status: 401, message: "The access token expired" },
  },
);

/** Any catalog error of this test's catalog. */
type AnyError = ReturnType<
  (typeof catalog)[keyof typeof catalog & ("notFound" | "invalid" | "limited" | "invalidToken")]
>;

/**
 * What a format can carry: OCLC's only code is the HTTP status (`<oclc:code type="http">`, seed
 * 002), so the catalog code does not survive it; the bearer-challenge format answers non-auth
 * errors with an RFC 6749 body and no challenge, which decodes as `oauth2`.
 */
const expectedCode = (id: string, catalogCode: string, status: number) =>
  id === "oclc" ? String(status) : catalogCode;
const expectedFormat = (id: string, status: number) =>
  id === "bearer-challenge" && status !== 401 && status !== 403 ? "oauth2" : id;

function pairs(r: RenderedError): Array<[string, string]> {
  const out: Array<[string, string]> = [["X-Request-Id", TOKEN]]; // as every adapter adds it
  for (let i = 0; i + 1 < r.headers.length; i += 2) out.push([r.headers[i]!, r.headers[i + 1]!]);
  return out;
}

function renderIn(id: string, error: AnyError, method = "GET"): RenderedError {
  const format = formatFor(id);
  if (!format) throw new Error(`no format ${id}`);
  const errata = createErrata({ formats: [format], catalogs: [catalog] });
  const view: RequestView = {
    method,
    path: "/things/42",
    headers: {},
    token: TOKEN,
    bodyText: method === "POST" ? "<order><id>42</id></order>" : null,
    locals: { realm: "errata", scope: "profile" },
  };
  return errata.handle(error, view);
}

describe("render → decode, every built-in format", () => {
  it("covers all eight CONTRACT §6 format names", () => {
    expect(formatIds().sort()).toEqual(
      [
        "bearer-challenge",
        "entity-api",
        "identity-cloud",
        "oauth2",
        "oclc",
        "orcid",
        "problem+json",
        "problem+xml",
      ].sort(),
    );
  });

  it.each(formatIds())("%s: code, message, token and status", (id) => {
    const r = renderIn(id, catalog.notFound({ id: "42" }));
    const d = decodeError({ status: r.status, headers: pairs(r), body: r.body });
    expect(d.format).toBe(expectedFormat(id, r.status));
    expect(d.status).toBe(r.status);
    expect(d.code).toBe(expectedCode(id, "3001", r.status));
    expect([d.message, d.detail]).toContain("entity 42 not found");
    expect(d.requestId).toBe(TOKEN);
  });

  it.each(formatIds())("%s: a retry hint survives", (id) => {
    const r = renderIn(id, catalog.limited());
    const d = decodeError({ status: r.status, headers: pairs(r), body: r.body });
    expect(d.code).toBe(expectedCode(id, "510", r.status));
    expect(d.retryAfterSeconds).toBe(30);
    expect(d.retryable).toBe(true);
  });

  it("OCLC on POST: the Atom entry echoing the posted body", () => {
    const r = renderIn("oclc", catalog.notFound({ id: "42" }), "POST");
    expect(r.body).toContain("<entry");
    expect(decodeError({ status: r.status, headers: pairs(r), body: r.body })).toMatchObject({
      format: "oclc",
      code: "404",
      message: "entity 42 not found",
      requestId: TOKEN,
    });
  });

  it.each(["bearer-challenge", "oauth2"])("%s: a 401 with its challenge", (id) => {
    const r = renderIn(id, catalog.invalidToken());
    const d = decodeError({ status: r.status, headers: pairs(r), body: r.body });
    expect(d).toMatchObject({ code: "invalid_token", requestId: TOKEN, status: 401 });
    if (id === "bearer-challenge") expect(d.format).toBe("bearer-challenge");
  });

  it.each(["problem+json", "problem+xml", "entity-api"])("%s: field errors come back, any text", (id) => {
    // Names with "/" or "~" are JSON pointers to the problem renderers (they are written as is).
    const text = fc
      .string({ minLength: 1, maxLength: 30 })
      .filter((s) => s.trim() === s && s.length > 0 && !s.includes("/") && !s.includes("~"));
    fc.assert(
      fc.property(fc.uniqueArray(text, { minLength: 1, maxLength: 4 }), text, (names, message) => {
        const e = catalog.invalid({ fields: names.map((name) => ({ name, message })) });
        const r = renderIn(id, e);
        const d = decodeError({ status: r.status, headers: pairs(r), body: r.body });
        expect(d.fields.map((f) => f.name)).toEqual(names);
        for (const f of d.fields) expect(f.message).toBe(message);
      }),
      { numRuns: 60 },
    );
  });
});
