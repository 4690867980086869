/**
 * openapi.json: validated by a real OpenAPI 3.1 validator (@redocly/openapi-core), over every
 * shipped example catalog and every built-in format, so the schemas must match what the formats
 * really send (JSON examples are checked against them).
 */
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import { entityApiErrors } from "../../examples/entity-api/catalog.js";
import { identityCloudErrors } from "../../examples/identity-cloud/catalog.js";
import { oauthErrors } from "../../examples/oauth/catalog.js";
import { oclcErrors } from "../../examples/oclc/catalog.js";
import { orcidErrors } from "../../examples/orcid/catalog.js";
import type { AnyCatalog } from "../catalog/define.js";
import { defineCatalog } from "../catalog/define.js";
import { httpErrors } from "../catalog/http.js";
import { formatFor, formatIds } from "../formats/registry.js";
import { buildSite } from "./site.js";

/** Every built-in format, so each format's schema meets a real example. */
const allFormats = defineCatalog(
  { id: "all-formats", formats: formatIds() },
  {
    invalidToken: {
      code: "invalid_token",
      name: "invalid_token",
      status: 401,
      message: "The access token {reason}",
      fixes: ["Refresh it."],
    },
    notFound: { code: 3001, status: 404, message: "entity not found", fixes: ["Check the id."] },
    busy: { code: 9003, status: 503, message: "busy", retryAfter: 120, fixes: ["Retry later."] },
  },
);

const catalogs: AnyCatalog[] = [
  orcidErrors,
  identityCloudErrors,
  oclcErrors,
  entityApiErrors,
  oauthErrors,
  httpErrors,
  allFormats,
];

type Json = Record<string, unknown>;

function openapi(): { text: string; doc: Json } {
  const files = buildSite(catalogs, { docsBaseUrl: "https://api.shop.test/errors" });
  const text = files.find((f) => f.path === "openapi.json")?.body ?? "";
  return { text, doc: JSON.parse(text) as Json };
}

async function problems(source: string, ruleset: string) {
  const config = await createConfig({ extends: [ruleset] });
  return lintFromString({ source, absoluteRef: "openapi.json", config });
}

describe("openapi.json", () => {
  const { text, doc } = openapi();
  const components = doc.components as { schemas: Json; responses: Record<string, Json> };

  it("passes the OpenAPI 3.1 validator (spec rules: structure, refs, types)", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const found = await problems(text, "spec");
    expect(found.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  }, 30_000);

  it("passes the recommended rules too, but for what a components-only document must do", async () => {
    const found = await problems(text, "recommended");
    const unexpected = found.filter((p) => {
      if (p.ruleId === "no-unused-components" || p.ruleId === "info-license") return false;
      // OAS 3.1 §4.8.19.1: examples of XML media types are strings; the rule checks them against the object schema.
      const ptr = p.location[0]?.pointer ?? "";
      if (p.ruleId === "no-invalid-media-type-examples" && /\/content\/[^/]*xml\//.test(ptr)) return false;
      return true;
    });
    expect(
      unexpected.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`),
    ).toEqual([]);
  }, 30_000);

  it("has one reusable response per code, named <catalog>.<slug>, each linking to its page", () => {
    const total = catalogs.reduce((n, c) => n + c.$.entries.length, 0);
    expect(Object.keys(components.responses)).toHaveLength(total);
    for (const c of catalogs) {
      expect(Object.keys(components.responses).filter((k) => k.startsWith(`${c.$.id}.`))).toHaveLength(
        c.$.entries.length,
      );
    }
    const r = components.responses["all-formats.3001"] as Json;
    expect(r["x-errata"]).toEqual({
      catalog: "all-formats",
      key: "notFound",
      code: 3001,
      name: null,
      status: 404,
      docs: "https://api.shop.test/errors/all-formats/3001",
    });
    const content = r.content as Record<
      string,
      { schema: Json; examples: Record<string, { value: unknown }> }
    >;
    const mediaTypes = new Set(formatIds().flatMap((id) => formatFor(id)?.mediaTypes ?? []));
    expect(new Set(Object.keys(content))).toEqual(mediaTypes);
    expect(content["application/problem+json"]?.schema).toEqual({
      $ref: "#/components/schemas/ProblemDetails",
    });
    expect(content["application/problem+json"]?.examples.problem_json?.value).toMatchObject({
      type: "https://api.shop.test/errors/all-formats/3001",
      status: 404,
      code: 3001,
      requestId: "EXAMPLE000000001",
    });
    // Formats that share a media type: a schema each (anyOf) and an example each.
    const json = content["application/json"];
    const jsonFormats = formatIds().filter((id) => formatFor(id)?.mediaTypes.includes("application/json"));
    expect(Object.keys(json?.examples ?? {})).toEqual(jsonFormats);
    expect((json?.schema.anyOf as Json[] | undefined)?.length).toBe(jsonFormats.length);
    expect(json?.schema.anyOf).toContainEqual({ $ref: "#/components/schemas/OAuth2Error" });
    expect(json?.schema.anyOf).toContainEqual({ $ref: "#/components/schemas/BearerChallengeError" });
    expect(content["application/xml"]?.schema).toEqual({
      anyOf: [{ $ref: "#/components/schemas/OrcidErrorXml" }, { $ref: "#/components/schemas/OclcError" }],
    });
    expect(typeof content["application/xml"]?.examples.oclc?.value).toBe("string");
  });

  it("every $ref points at a schema that exists", () => {
    const refs = [...text.matchAll(/"\$ref": "#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of new Set(refs)) expect(components.schemas[r], r).toBeDefined();
  });

  it("carries the headers a format sends (Retry-After, WWW-Authenticate), never Content-Type", () => {
    const busy = components.responses["all-formats.9003"] as { headers: Record<string, { example: string }> };
    expect(busy.headers["Retry-After"]?.example).toBe("120");
    const token = components.responses["all-formats.invalid_token"] as {
      headers: Record<string, { example: string; description: string }>;
    };
    // oauth2 comes first (a Basic challenge on a 401); the description names what bearer-challenge sends.
    expect(token.headers["WWW-Authenticate"]?.example).toBe('Basic realm="oauth"');
    expect(token.headers["WWW-Authenticate"]?.description).toMatch(
      /bearer-challenge: `Bearer realm="api", error="invalid_token"/,
    );
    for (const r of Object.values(components.responses)) {
      for (const h of Object.keys((r.headers as Json | undefined) ?? {}))
        expect(h.toLowerCase()).not.toBe("content-type");
    }
  });
});
