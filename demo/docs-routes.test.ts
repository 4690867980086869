/**
 * The demo's /errors routes over a real socket: every code's page at exactly the URL error bodies
 * link to, the machine-readable files, the security headers, HEAD, 404 and 405.
 */
import type { AddressInfo } from "node:net";
import { parse } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oauthErrors } from "../examples/oauth/catalog.js";
import { oclcErrors } from "../examples/oclc/catalog.js";
import { createRouter, createServer } from "../src/adapters/node/index.js";
import type { AnyCatalog } from "../src/catalog/define.js";
import { catalogsFromDocument } from "../src/catalog/export.js";
import { createErrata } from "../src/core/errata.js";
import { problemJson } from "../src/formats/problem-json/index.js";
import { wire } from "../test/support/http.js";
import { mountDocs } from "./docs-routes.js";

let url = "";
const docsBaseUrl = () => `${url}/errors`;
const errata = createErrata({ formats: [problemJson()], docsBaseUrl });
const catalogs: AnyCatalog[] = [oclcErrors, oauthErrors];
const server = createServer({
  errata,
  routers: [
    mountDocs({ catalogs, errata, docsBaseUrl }),
    createRouter({ errata }).get("/ok", () => ({ body: "ok" })),
  ],
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
});

describe("GET /errors", () => {
  it("serves the index with its CSP, nosniff and a utf-8 Content-Type", async () => {
    const r = await wire(`${url}/errors`);
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    const doc = parse(r.body);
    const meta = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content");
    expect(r.headers["content-security-policy"]).toBe(`${meta}; frame-ancestors 'none'`);
    const rows = doc.querySelectorAll("#codes tbody tr");
    // The demo catalogs plus the root errata's own (the http guards).
    const expected =
      oclcErrors.$.entries.length +
      oauthErrors.$.entries.length +
      errata.catalogs.reduce((n, c) => n + c.$.entries.length, 0);
    expect(rows).toHaveLength(expected);
    expect(rows[0]?.querySelector("a")?.getAttribute("href")).toBe(
      `/errors/oclc/${oclcErrors.$.entries[0]?.slug}`,
    );
    expect((await wire(`${url}/errors/`)).status).toBe(200);
    expect((await wire(`${url}/errors/index.html`)).body).toBe(r.body);
  });

  it("every code's page is at errata.docsUrl(entry), with and without .html", async () => {
    const docs = createErrata({ catalogs, docsBaseUrl });
    for (const c of [...catalogs, ...errata.catalogs]) {
      for (const e of c.$.entries) {
        const page = docs.docsUrl(e) as string;
        expect(page).toBe(`${url}/errors/${c.$.id}/${encodeURIComponent(e.slug)}`);
        const r = await wire(page);
        expect(r.status, page).toBe(200);
        expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
        expect(r.headers["content-security-policy"]).toContain("script-src 'none'");
        if (c.$.entries.find((x) => x.slug === e.slug) !== e) continue; // a duplicate code links to the first
        const h1 = parse(r.body).querySelector("h1")?.text ?? "";
        expect(h1.startsWith(e.code !== null ? String(e.code) : (e.name ?? e.key))).toBe(true);
      }
    }
    const first = oclcErrors.$.entries[0];
    const html = await wire(`${url}/errors/oclc/${first?.slug}.html`);
    expect(html.status).toBe(200);
  });

  it("an error body's `type` resolves to its page", async () => {
    const r = await wire(`${url}/nowhere`);
    expect(r.status).toBe(404);
    const type = (JSON.parse(r.body) as { type: string }).type;
    expect(type).toBe(`${url}/errors/http/not_found`);
    const page = await wire(type);
    expect(page.status).toBe(200);
    expect(parse(page.body).querySelector("h1")?.text).toBe("not_found");
  });

  it("serves catalog.json, openapi.json and errors.md with their types", async () => {
    const cat = await wire(`${url}/errors/catalog.json`);
    expect(cat.status).toBe(200);
    expect(cat.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(cat.headers["x-content-type-options"]).toBe("nosniff");
    expect(cat.headers["content-security-policy"]).toBe(
      "default-src 'none'; frame-ancestors 'none'; sandbox",
    );
    expect(catalogsFromDocument(JSON.parse(cat.body)).map((c) => c.$.id)).toEqual(["oclc", "oauth", "http"]);
    const oas = await wire(`${url}/errors/openapi.json`);
    expect(oas.headers["content-type"]).toBe("application/json; charset=utf-8");
    const doc = JSON.parse(oas.body) as {
      openapi: string;
      servers: { url: string }[];
      components: { responses: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([{ url }]);
    expect(Object.keys(doc.components.responses)).toContain("http.not_found");
    const md = await wire(`${url}/errors/errors.md`);
    expect(md.headers["content-type"]).toBe("text/markdown; charset=utf-8");
    expect(md.body.split("\n")[0]).toBe("# Error reference");
    expect((await wire(`${url}/errors/catalog.schema.json`)).status).toBe(200);
  });

  it("unknown pages are 404 problem+json; other methods 405 with Allow; HEAD has no body", async () => {
    const missing = await wire(`${url}/errors/oclc/no-such-code`);
    expect(missing.status).toBe(404);
    expect(missing.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(missing.body)).toMatchObject({ status: 404, code: "not_found" });
    const post = await wire(`${url}/errors`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
    const head = await wire(`${url}/errors`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(head.body).toBe("");
  });
});
