/**
 * Catalog matching on the client: every entry of every seed catalog, rendered by errata's own
 * formats and decoded, comes back as the same catalog error; families, message templates,
 * catalog scoping by format, `matches`, `explain`, and `is()` on client errors.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { entityApiErrors } from "../../examples/entity-api/catalog.js";
import { identityCloudErrors } from "../../examples/identity-cloud/catalog.js";
import { oauthErrors } from "../../examples/oauth/catalog.js";
import { oclcErrors } from "../../examples/oclc/catalog.js";
import { orcidErrors } from "../../examples/orcid/catalog.js";
import { type AnyCatalog, defineCatalog } from "../catalog/define.js";
import { catalogsFromDocument, exportCatalogs } from "../catalog/export.js";
import { is } from "../catalog/match.js";
import { compileTemplate, fillTemplate } from "../catalog/template.js";
import { createErrata } from "../core/errata.js";
import { ErrataError } from "../errors/errata-error.js";
import { formatFor } from "../formats/registry.js";
import { decodeError } from "./decode/index.js";
import { ErrataClientError } from "./errata-client-error.js";
import {
  catalogErrorOf,
  explain,
  findCatalogEntry,
  matches,
  matchTemplate,
  toCatalogError,
} from "./match.js";
import type { NormalizedError } from "./normalized-error.js";

const TOKEN = "Rt5Lq8Zx2Mn4Bv7C";
const SEEDS: readonly AnyCatalog[] = [
  entityApiErrors,
  orcidErrors,
  identityCloudErrors,
  oclcErrors,
  oauthErrors,
];

/** A decoded error with every key, the given ones overriding. */
function decoded(over: Partial<NormalizedError>): NormalizedError {
  return {
    status: 400,
    code: null,
    name: null,
    message: null,
    detail: null,
    requestId: null,
    retryAfterSeconds: null,
    fields: [],
    format: "unknown",
    retryable: false,
    ...over,
  };
}

/** Renders a catalog error in a format as a server would, and decodes the response. */
function roundTrip(catalog: AnyCatalog, formatId: string, err: ErrataError): NormalizedError {
  const format = formatFor(formatId);
  if (!format) throw new Error(`no format ${formatId}`);
  const errata = createErrata({ formats: [format], catalogs: [catalog] });
  const r = errata.handle(err, {
    method: "GET",
    path: "/things/42",
    headers: {},
    token: TOKEN,
    bodyText: null,
    locals: { realm: "demo", scope: "profile" },
  });
  const headers: Array<[string, string]> = [["X-Request-Id", TOKEN]];
  for (let i = 0; i + 1 < r.headers.length; i += 2) headers.push([r.headers[i]!, r.headers[i + 1]!]);
  return decodeError({ status: r.status, headers, body: r.body as string | Uint8Array | null });
}

/** Distinct, template-safe values for each parameter of an entry. */
function paramsFor(e: ErrataError["entry"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, n] of [...e.message.names, ...(e.userMessage?.names ?? [])].entries()) out[n] = `v${i}q`;
  return out;
}

/**
 * Entries the wire cannot tell apart: same status, no code, same message (ORCID's two "Invalid
 * authorization code" rows, kept as the real catalog has them).
 */
const INDISTINGUISHABLE = new Set(["orcid/authorizationCodeReused"]);

describe("toCatalogError: render → decode → catalog error, every seed entry", () => {
  for (const catalog of SEEDS) {
    for (const formatId of [catalog.$.formats[0] as string, "problem+json"]) {
      it(`${catalog.$.id} in ${formatId}`, () => {
        let checked = 0;
        for (const entry of catalog.$.entries) {
          if (entry.status < 400) continue; // ORCID's 301/302 are redirects, not errors
          const params = paramsFor(entry);
          const raised = new ErrataError(entry, params);
          const d = roundTrip(catalog, formatId, raised);
          const ce = toCatalogError(d, SEEDS);
          expect(ce, `${entry.key}: ${JSON.stringify(d)}`).not.toBeNull();
          if (!ce) continue;
          if (INDISTINGUISHABLE.has(`${catalog.$.id}/${entry.key}`)) {
            expect(ce.entry.status).toBe(entry.status);
            expect(ce.message).toBe(raised.message);
            continue;
          }
          expect(`${ce.entry.catalog.id}/${ce.entry.key}`).toBe(`${catalog.$.id}/${entry.key}`);
          expect(ce).toBeInstanceOf(ErrataError);
          expect(ce.status).toBe(entry.status);
          expect(ce.message).toBe(raised.message);
          expect(ce.requestId).toBe(TOKEN);
          expect(ce.decoded).toBe(d);
          expect(is(ce, entry.catalog.get(entry.key) as never)).toBe(true);
          // Template parameters come back wherever the format carries the developer message.
          if (entry.message.names.length > 0 && formatId !== "orcid") {
            for (const n of entry.message.names) expect(ce.params[n], `${entry.key}.${n}`).toBe(params[n]);
          }
          checked++;
        }
        expect(checked).toBeGreaterThan(10);
      });
    }
  }
});

describe("toCatalogError: families, templates, scoping", () => {
  it("entity API: 200601 is in the 2006 family; an unknown 200603 falls back to 2006 (seed 003)", () => {
    const conflict = decoded({
      status: 409,
      code: "200601",
      message: "entity saving error: USPTA number must be unique",
      format: "entity-api",
      requestId: TOKEN,
    });
    const ce = toCatalogError(conflict, SEEDS);
    expect(ce?.key).toBe("usptaNumberNotUnique");
    expect(ce?.matchedBy).toBe("code");
    expect(is(ce, entityApiErrors.usptaNumberNotUnique)).toBe(true);
    expect(is(ce, entityApiErrors.entitySavingError)).toBe(true);
    expect(is(ce, 2006)).toBe(true);
    expect(is(ce, 3001)).toBe(false);
    // The decoded error alone compares codes only; with the catalogs, families resolve.
    expect(is(conflict, 2006)).toBe(false);
    expect(is(conflict, entityApiErrors.entitySavingError)).toBe(true);
    expect(matches(conflict, SEEDS, 2006)).toBe(true);
    expect(matches(conflict, entityApiErrors, entityApiErrors.entitySavingError)).toBe(true);
    expect(matches(conflict, SEEDS, 200602)).toBe(false);

    const newer = decoded({
      status: 409,
      code: "200603",
      message: "entity saving error: EIN must be unique",
      format: "entity-api",
    });
    const fam = toCatalogError(newer, SEEDS);
    expect(fam?.key).toBe("entitySavingError");
    expect(fam?.matchedBy).toBe("family");
    expect(fam?.message).toBe("entity saving error: EIN must be unique");
    expect(is(fam, 2006)).toBe(true);
  });

  it("Identity Cloud: a 510 on HTTP 200 is the 429 api_limit_error, with its parameters and Retry-After", () => {
    const d = decodeError({
      status: 200,
      headers: { "content-type": "application/json", "retry-after": "42" },
      body: '{"stat":"error","code":510,"error":"api_limit_error","error_description":"rate limit exceeded: at most 10 requests a minute per client; retry in 42 seconds","request_token":"0Dm2vNVVvbjnUYVV"}',
    });
    const ce = toCatalogError(d, SEEDS);
    expect(ce?.entry).toBe(identityCloudErrors.apiLimitError.entry);
    expect(ce?.status).toBe(429);
    expect(ce?.decoded.status).toBe(200);
    expect(ce?.params).toEqual({ limit: "10", retryAfter: "42" });
    expect(ce?.retryAfter).toBe(42);
    expect(ce?.requestId).toBe("0Dm2vNVVvbjnUYVV");
    expect(is(ce, 500)).toBe(true); // seed 001: 510 is under the 500 catch-all
    expect(is(ce, "api_limit_error")).toBe(true);
  });

  it("Identity Cloud: an unknown sub-code is understood through its catch-all (seed 001)", () => {
    const ce = toCatalogError(
      decoded({
        status: 200,
        code: "365",
        name: "new_constraint",
        message: "a new constraint",
        format: "identity-cloud",
      }),
      SEEDS,
    );
    expect(ce?.key).toBe("constraintViolation");
    expect(ce?.matchedBy).toBe("family");
    expect(is(ce, identityCloudErrors.constraintViolation)).toBe(true);
    expect(is(ce, identityCloudErrors.errorCreatingRecord)).toBe(true);
    expect(is(ce, 300)).toBe(true);
    expect(toCatalogError(decoded({ status: 200, code: "219", format: "identity-cloud" }), SEEDS)?.key).toBe(
      "invalidCredentials",
    );
    // A known name with an unknown code: the name decides.
    expect(
      toCatalogError(
        decoded({ status: 200, code: "999", name: "record_not_found", format: "identity-cloud" }),
        SEEDS,
      )?.matchedBy,
    ).toBe("name");
  });

  it("OCLC: the code restates the status, so the message template decides and gives its parameters", () => {
    const wskey = decoded({ status: 401, code: "401", message: 'WSKey "abc" is invalid', format: "oclc" });
    const ce = toCatalogError(wskey, SEEDS);
    expect(ce?.entry).toBe(oclcErrors.wskeyInvalid.entry);
    expect(ce?.matchedBy).toBe("message");
    expect(ce?.params).toEqual({ wskey: "abc" });
    expect(is(ce, oclcErrors.wskeyInvalid)).toBe(true);
    const ts = toCatalogError(
      decoded({
        status: 401,
        code: "401",
        message: "timestamp in request(1700000000) is not valid; current time on server is 1700000400",
        format: "oclc",
      }),
      SEEDS,
    );
    expect(ts?.key).toBe("wrongTimestamp");
    expect(ts?.params).toEqual({ timestamp: "1700000000", currentTimestamp: "1700000400" });
    expect(
      toCatalogError(
        decoded({ status: 401, code: "401", message: "WSKey is expired", format: "oclc" }),
        SEEDS,
      )?.key,
    ).toBe("wskeyExpired");
    // A message no template fits, or the right message with another status: no match.
    expect(
      toCatalogError(decoded({ status: 401, code: "401", message: "something else", format: "oclc" }), SEEDS),
    ).toBeNull();
    expect(
      toCatalogError(
        decoded({ status: 403, code: "403", message: "WSKey is expired", format: "oclc" }),
        SEEDS,
      ),
    ).toBeNull();
  });

  it("a code in several catalogs: the catalogs served in the decoded format first, whatever their order", () => {
    const a = defineCatalog(
      { id: "a", formats: ["entity-api"] },
      { gone: { code: 3001, status: 404, message: "gone" } },
    );
    const b = defineCatalog(
      { id: "b", formats: ["application/problem+json"] },
      { other: { code: 3001, status: 404, message: "other" } },
    );
    const ent = decoded({ status: 404, code: "3001", format: "entity-api" });
    expect(toCatalogError(ent, [b, a])?.entry.catalog.id).toBe("a");
    // A media type in `formats` serves the format of that name.
    expect(toCatalogError({ ...ent, format: "problem+json" }, [a, b])?.entry.catalog.id).toBe("b");
    // No catalog declares the format: all compete, the message deciding, else the first.
    const c = defineCatalog({ id: "c" }, { x: { code: 3001, status: 404, message: "x" } });
    const d = defineCatalog({ id: "d" }, { y: { code: 3001, status: 404, message: "y" } });
    expect(
      toCatalogError(decoded({ status: 404, code: "3001", message: "y", format: "github" }), [c, d])?.key,
    ).toBe("y");
    expect(
      toCatalogError(decoded({ status: 404, code: "3001", message: "z", format: "github" }), [c, d])?.key,
    ).toBe("x");
  });

  it("carries the fields and the detail; null without code, name or fitting message", () => {
    const d = decodeError({
      status: 400,
      headers: { "content-type": "application/json" },
      body: '{"errors":[{"errorCode":5000,"message":"validation error","subject":"firstName","subjectType":"parameter"},{"errorCode":5000,"message":"validation error","subject":"lastName","subjectType":"parameter"}]}',
    });
    const ce = toCatalogError(d, entityApiErrors);
    expect(ce?.key).toBe("validationError");
    expect(ce?.fields).toEqual([
      { name: "firstName", message: "validation error", code: "5000" },
      { name: "lastName", message: "validation error", code: "5000" },
    ]);
    expect(toCatalogError(decoded({ status: 500, format: "unknown", message: "<html>" }), SEEDS)).toBeNull();
    expect(toCatalogError(decoded({ status: 404, code: "3001" }), [])).toBeNull();
    expect(findCatalogEntry(decoded({ status: 404, code: "nope", format: "oauth2" }), SEEDS)).toBeNull();
  });

  it("works the same with catalogs rebuilt from the API's catalog.json", () => {
    const rebuilt = catalogsFromDocument(JSON.parse(JSON.stringify(exportCatalogs(SEEDS))));
    const ce = toCatalogError(decoded({ status: 409, code: "200603", format: "entity-api" }), rebuilt);
    expect(ce?.entry.catalog.id).toBe("entity-api");
    expect(ce?.key).toBe("entitySavingError");
    expect(is(ce, 2006)).toBe(true);
    const oclc = toCatalogError(
      decoded({ status: 401, code: "401", message: 'WSKey "k" is invalid', format: "oclc" }),
      rebuilt,
    );
    expect(oclc?.params).toEqual({ wskey: "k" });
    // `is` with the imported catalog's factories: the same entry of the same catalog id.
    expect(is(ce, entityApiErrors.entitySavingError)).toBe(true);
    expect(is(oclc, oclcErrors.wskeyInvalid)).toBe(true);
    expect(is(oclc, oclcErrors.wskeyExpired)).toBe(false);
  });

  it("a hostile 64 KiB message is not tried against templates (bounded work)", () => {
    const huge = `${"a".repeat(65_536)}`;
    const t0 = performance.now();
    for (let i = 0; i < 100; i++)
      expect(
        toCatalogError(decoded({ status: 401, code: "401", message: huge, format: "oclc" }), SEEDS),
      ).toBeNull();
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe("matchTemplate", () => {
  it("reads parameters back, left to right, the last literal anchored at the end", () => {
    expect(matchTemplate(compileTemplate('WSKey "{wskey}" is invalid'), 'WSKey "a" b" is invalid')).toEqual({
      wskey: 'a" b',
    });
    expect(matchTemplate(compileTemplate("{a}-{b}"), "x-y-z")).toEqual({ a: "x", b: "y-z" });
    expect(matchTemplate(compileTemplate("{a}{b}!"), "xy!")).toEqual({ a: "", b: "xy" });
    expect(matchTemplate(compileTemplate("{a} and {a}"), "x and x")).toEqual({ a: "x" });
    expect(matchTemplate(compileTemplate("{a} and {a}"), "x and y")).toBeNull();
    expect(matchTemplate(compileTemplate("no params"), "no params")).toEqual({});
    expect(matchTemplate(compileTemplate("no params"), "no params!")).toBeNull();
    expect(matchTemplate(compileTemplate("ab{x}ba"), "aba")).toBeNull();
  });

  it("property: whatever it returns fills the template back to the same text; a filled template always fits", () => {
    const literal = fc.string({ maxLength: 6 }).map((s) => s.replace(/[{}]/g, ""));
    const template = fc
      .tuple(literal, fc.array(fc.tuple(fc.constantFrom("a", "b", "c", "d"), literal), { maxLength: 4 }))
      .map(([head, rest]) => head + rest.map(([n, lit], i) => `{${n}${i}}${lit}`).join(""));
    fc.assert(
      fc.property(
        template,
        fc.array(fc.string({ maxLength: 8 }), { minLength: 4, maxLength: 4 }),
        (src, values) => {
          const t = compileTemplate(src);
          const params = Object.fromEntries(t.names.map((n, i) => [n, values[i] ?? ""]));
          const text = fillTemplate(t, params);
          const back = matchTemplate(t, text);
          expect(back).not.toBeNull();
          expect(fillTemplate(t, back ?? {})).toBe(text);
        },
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(template, fc.string({ maxLength: 40 }), (src, text) => {
        const back = matchTemplate(compileTemplate(src), text);
        if (back !== null) expect(fillTemplate(compileTemplate(src), back)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe("is() and matches() on client errors", () => {
  const d = decoded({ status: 404, code: "3001", message: "entity not found", format: "entity-api" });

  it("an ErrataClientError matches by its catalog error, else by its decoding", () => {
    const withCatalog = new ErrataClientError(d, { catalogError: toCatalogError(d, SEEDS) });
    expect(is(withCatalog, entityApiErrors.entityNotFound)).toBe(true);
    expect(is(withCatalog, 3001)).toBe(true);
    expect(is(withCatalog, entityApiErrors.entitySavingError)).toBe(false);
    const bare = new ErrataClientError(d);
    expect(is(bare, entityApiErrors.entityNotFound)).toBe(true);
    expect(is(bare, "3001")).toBe(true);
    expect(is(bare, 2006)).toBe(false);
    const conflict = new ErrataClientError({ ...d, status: 409, code: "200602" });
    expect(is(conflict, 2006)).toBe(false);
    expect(matches(conflict, entityApiErrors, 2006)).toBe(true);
    expect(catalogErrorOf(conflict, entityApiErrors)?.key).toBe("ptrNumberNotUnique");
    expect(catalogErrorOf(conflict)).toBeNull();
  });

  it("server-side errors are unchanged; anything else is no match", () => {
    expect(matches(entityApiErrors.ptrNumberNotUnique(), SEEDS, 2006)).toBe(true);
    expect(matches(new Error("x"), SEEDS, 2006)).toBe(false);
    expect(matches(null, SEEDS, 2006)).toBe(false);
    expect(is({ code: "ERRATA_CLIENT_ERROR", error: d }, entityApiErrors.entityNotFound)).toBe(false);
  });
});

describe("explain", () => {
  it("a matched decoded error: the catalog's title, description, causes, fixes and docs", () => {
    const d = decoded({
      status: 409,
      code: "200603",
      message: "entity saving error: EIN must be unique",
      format: "entity-api",
      requestId: TOKEN,
    });
    const s = entityApiErrors.entitySavingError.entry.spec;
    expect(explain(d, SEEDS, { docsBaseUrl: "https://api.example.com/errors/" })).toEqual({
      code: "200603",
      name: null,
      status: 409,
      title: "Conflict",
      message: "entity saving error: EIN must be unique",
      description: s.description,
      causes: s.causes,
      fixes: s.fixes,
      docs: "https://api.example.com/errors/entity-api/2006",
      catalog: "entity-api",
      match: "family",
      requestId: TOKEN,
    });
  });

  it("a catalog error, a client error, or only what the response said", () => {
    const e = explain(oclcErrors.wskeyInvalid({ wskey: "k" }));
    expect(e).toMatchObject({
      code: "wskey_invalid",
      status: 401,
      message: 'WSKey "k" is invalid',
      match: "exact",
      docs: null,
    });
    expect(e?.fixes.length).toBeGreaterThan(0);
    const d = decoded({ status: 401, code: "401", message: 'WSKey "k" is invalid', format: "oclc" });
    expect(explain(new ErrataClientError(d), SEEDS)).toMatchObject({
      catalog: "oclc",
      match: "message",
      code: "401",
    });
    expect(explain(d)).toEqual({
      code: "401",
      name: null,
      status: 401,
      title: "Unauthorized",
      message: 'WSKey "k" is invalid',
      description: null,
      causes: [],
      fixes: [],
      docs: null,
      catalog: null,
      match: "none",
      requestId: null,
    });
    expect(explain(new Error("x"))).toBeNull();
    expect(explain("3001", SEEDS)).toBeNull();
  });
});
