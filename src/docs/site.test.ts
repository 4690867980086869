/**
 * The docs site, checked structurally (parsed HTML, never string-contains on markup): the index
 * and its filters' data, code pages, links that resolve, the CSP that matches the inline code,
 * example responses from the real formats, XSS payloads rendered inert, errors.md escaping.
 */
import { createHash } from "node:crypto";
import { posix } from "node:path";
import fc from "fast-check";
import { type HTMLElement, parse } from "node-html-parser";
import { describe, expect, it } from "vitest";
import { defineCatalog } from "../catalog/define.js";
import { catalogsFromDocument, exportCatalogs } from "../catalog/export.js";
import { INDEX_SCRIPT, SITE_STYLE } from "./assets.js";
import { catalogJsonSchema } from "./catalog-schema.js";
import { esc, safeHref } from "./html.js";
import { mdCode, mdText } from "./markdown.js";
import { buildSite, type SiteFile } from "./site.js";

const XSS = `<script>alert(1)</script>"onerror=alert(2) '><img src=x onerror=alert(3)>`;

const shop = defineCatalog(
  { id: "shop", title: "Shop API", version: "3", formats: ["problem+json", "problem+xml"] },
  {
    saving: {
      code: 2006,
      status: 409,
      message: "entity saving error",
      fixes: ["Retry."],
      description: "Saving failed.",
    },
    uspta: {
      code: 200601,
      name: "uspta_taken",
      status: 409,
      message: "USPTA number {number} must be unique",
      description: "Another entity has this `usptaNumber`.",
      causes: ["A duplicate number", "A retried create"],
      fixes: ["Send a different number."],
      tags: ["validation"],
    },
    notFound: {
      code: 3001,
      status: 404,
      message: "entity not found",
      fixes: ["Check the id."],
      deprecated: true,
    },
    dupA: { code: 9001, status: 400, message: "first 9001", fixes: ["a"] },
    dupB: { code: 9001, status: 400, message: "second 9001", fixes: ["b"] },
    unexpected: { code: 9999, status: 500, message: "unexpected", fixes: ["Retry later."] },
  },
);

const evil = defineCatalog(
  { id: "evil", title: `Evil ${XSS}`, description: XSS, formats: ["no-such-format"] },
  {
    payload: {
      code: `x${XSS}`,
      name: `n${XSS}`,
      status: 400,
      title: `t${XSS}`,
      message: `m${XSS}`,
      userMessage: `u${XSS}`,
      messages: { fr: `f${XSS}` },
      description: `d${XSS}`,
      causes: [`c${XSS}`],
      fixes: [`fix${XSS}`],
      defect: `k${XSS}`,
      tags: [`tag${XSS}`],
      authMethods: [`auth${XSS}`],
      docs: "javascript:alert(4)",
    },
  },
);

function byPath(files: readonly SiteFile[]): Map<string, SiteFile> {
  return new Map(files.map((f) => [f.path, f]));
}

/** Parses a page; `pre` is parsed as markup (node-html-parser keeps it raw by default). */
function html(f: SiteFile | undefined): HTMLElement {
  expect(f).toBeDefined();
  return parse((f as SiteFile).body, { blockTextElements: { script: true, style: true } });
}

function sha(text: string): string {
  return `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
}

/** Every attribute of every element. */
function allAttributes(root: HTMLElement): [string, string, string][] {
  return root
    .querySelectorAll("*")
    .flatMap((el) =>
      Object.entries(el.attributes).map(([k, v]) => [el.tagName, k, v] as [string, string, string]),
    );
}

describe("buildSite", () => {
  const files = buildSite([shop], { docsBaseUrl: "https://api.example.com/errors/" });
  const site = byPath(files);

  it("writes the index, one page per code, catalog.json, its schema, openapi.json and errors.md", () => {
    expect(files.map((f) => f.path)).toEqual([
      "index.html",
      "shop/2006.html",
      "shop/200601.html",
      "shop/3001.html",
      "shop/9001.html",
      "shop/9001-dupB.html",
      "shop/9999.html",
      "catalog.json",
      "catalog.schema.json",
      "openapi.json",
      "errors.md",
    ]);
    expect(files.map((f) => f.contentType)).toEqual([
      ...Array(7).fill("text/html; charset=utf-8"),
      "application/json; charset=utf-8",
      "application/json; charset=utf-8",
      "application/json; charset=utf-8",
      "text/markdown; charset=utf-8",
    ]);
  });

  it("index: one row per code with the data the filters read, and the filter controls", () => {
    const doc = html(site.get("index.html"));
    const rows = doc.querySelectorAll("#codes tbody tr");
    expect(rows.map((r) => r.querySelector("td.code a")?.text)).toEqual([
      "2006",
      "200601",
      "3001",
      "9001",
      "9001",
      "9999",
    ]);
    expect(rows.map((r) => r.querySelector("td.code a")?.getAttribute("href"))).toEqual([
      "shop/2006.html",
      "shop/200601.html",
      "shop/3001.html",
      "shop/9001.html",
      "shop/9001-dupB.html",
      "shop/9999.html",
    ]);
    const uspta = rows[1] as HTMLElement;
    expect(uspta.getAttribute("data-status")).toBe("409");
    expect(uspta.getAttribute("data-catalog")).toBe("shop");
    expect(uspta.getAttribute("data-families")).toBe("shop/2006");
    expect(rows[0]?.getAttribute("data-families")).toBe("shop/2006");
    expect(rows[2]?.getAttribute("data-families")).toBe("");
    expect(uspta.getAttribute("data-formats")).toBe("problem+json problem+xml");
    expect(uspta.getAttribute("data-search")).toContain("uspta_taken");
    expect(uspta.getAttribute("data-search")).toContain("usptanumber");
    expect(rows[2]?.querySelectorAll(".badge").map((b) => b.text)).toEqual(["404 Not Found", "deprecated"]);
    // Labelled controls (keyboard and screen readers), hidden until the script runs.
    const form = doc.querySelector("form#filters");
    expect(form?.getAttribute("role")).toBe("search");
    expect(form?.hasAttribute("hidden")).toBe(true);
    for (const id of ["q", "f-status", "f-family", "f-format", "f-catalog"]) {
      expect(doc.querySelector(`label[for="${id}"]`)?.text.length).toBeGreaterThan(3);
      expect(doc.querySelector(`#${id}`)).not.toBeNull();
    }
    expect(doc.querySelectorAll("#f-status option").map((o) => o.getAttribute("value"))).toEqual([
      "",
      "4xx",
      "5xx",
      "400",
      "404",
      "409",
      "500",
    ]);
    expect(doc.querySelectorAll("#f-family option").map((o) => [o.getAttribute("value"), o.text])).toEqual([
      ["", "Any family"],
      ["shop/2006", "Shop API: 2006"],
    ]);
    expect(doc.querySelector("#count")?.getAttribute("aria-live")).toBe("polite");
    expect(doc.querySelector('meta[name="viewport"]')?.getAttribute("content")).toBe(
      "width=device-width, initial-scale=1",
    );
  });

  it("every page has a CSP meta tag that allows exactly its own inline style and script", () => {
    for (const f of files.filter((x) => x.path.endsWith(".html"))) {
      const doc = html(f);
      const csp =
        doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? "";
      expect(f.csp).toBe(csp);
      const styles = doc.querySelectorAll("style");
      const scripts = doc.querySelectorAll("script");
      expect(styles.map((s) => s.rawText)).toEqual([SITE_STYLE]);
      expect(csp).toContain(`style-src ${sha(SITE_STYLE)}`);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      if (f.path === "index.html") {
        expect(scripts.map((s) => s.rawText)).toEqual([INDEX_SCRIPT]);
        expect(csp).toContain(`script-src ${sha(INDEX_SCRIPT)}`);
      } else {
        expect(scripts).toHaveLength(0);
        expect(csp).toContain("script-src 'none'");
      }
      // Nothing is loaded from anywhere: no src, no stylesheet links.
      expect(doc.querySelectorAll("[src], link[rel=stylesheet], iframe, img")).toHaveLength(0);
    }
  });

  it("every relative link resolves to a generated file", () => {
    const paths = new Set(files.map((f) => f.path));
    for (const f of files.filter((x) => x.path.endsWith(".html"))) {
      for (const a of html(f).querySelectorAll("a[href]")) {
        const href = a.getAttribute("href") as string;
        if (href.startsWith("#")) {
          expect(html(f).querySelector(href)).not.toBeNull();
          continue;
        }
        expect(href).not.toMatch(/^[a-z]+:/i);
        const target = posix.normalize(posix.join(posix.dirname(f.path), decodeURIComponent(href)));
        expect(paths.has(target), `${f.path} → ${href}`).toBe(true);
      }
    }
  });

  it("a code page: meaning, facts, family, causes, fixes and an example per format", () => {
    const doc = html(site.get("shop/200601.html"));
    expect(doc.querySelector("h1")?.text).toBe("200601 uspta_taken");
    expect(doc.querySelector("nav a")?.getAttribute("href")).toBe("../index.html");
    expect(doc.querySelector("main > p")?.innerHTML).toBe(
      "Another entity has this <code>usptaNumber</code>.",
    );
    const facts = Object.fromEntries(
      doc
        .querySelectorAll("main dl.facts dt")
        .map((dt) => [dt.text, (dt.nextElementSibling as HTMLElement).text]),
    );
    expect(facts).toMatchObject({
      Code: "200601",
      Name: "uspta_taken",
      "HTTP status": "409 Conflict",
      Title: "Conflict",
      Family: "2006",
      Parameters: "number",
      Tags: "validation",
      Formats: "problem+json, problem+xml",
    });
    expect(
      doc.querySelectorAll("#causes ~ ul li, section[aria-labelledby=causes] li").map((li) => li.text),
    ).toEqual(["A duplicate number", "A retried create"]);
    expect(doc.querySelectorAll("section[aria-labelledby=fixes] li").map((li) => li.text)).toEqual([
      "Send a different number.",
    ]);
    const examples = doc.querySelectorAll("section[aria-labelledby=examples] h3").map((h) => h.text);
    expect(examples).toEqual([
      "problem+json (application/problem+json)",
      "problem+xml (application/problem+xml)",
    ]);
    const [json, xml] = doc.querySelectorAll("section[aria-labelledby=examples] pre code").map((c) => c.text);
    const [head, body] = (json as string).split("\n\n");
    expect(head).toBe("HTTP/1.1 409 Conflict\nContent-Type: application/problem+json");
    expect(JSON.parse(body as string)).toEqual({
      type: "https://api.example.com/errors/shop/200601",
      title: "Conflict",
      status: 409,
      detail: "USPTA number {number} must be unique",
      instance: "/example",
      code: 200601,
      name: "uspta_taken",
      requestId: "EXAMPLE000000001",
    });
    expect(xml).toMatch(/^HTTP\/1\.1 409 Conflict\nContent-Type: application\/problem\+xml/);
    expect(xml).toContain("<type>https://api.example.com/errors/shop/200601</type>");
    // The family page lists its children.
    const family = html(site.get("shop/2006.html"));
    expect(
      family.querySelectorAll("section[aria-labelledby=family] li a").map((a) => a.getAttribute("href")),
    ).toEqual(["../shop/200601.html"]);
  });

  it("entries sharing a code get their own pages that point at each other", () => {
    const a = html(site.get("shop/9001.html"));
    const b = html(site.get("shop/9001-dupB.html"));
    expect(a.querySelectorAll("section[aria-labelledby=same-code] li a").map((x) => x.text)).toEqual([
      "dupB",
    ]);
    expect(
      b.querySelectorAll("section[aria-labelledby=same-code] li a").map((x) => x.getAttribute("href")),
    ).toEqual(["../shop/9001.html"]);
  });

  it("catalog.json is the export format and reads back; the schema is shipped beside it", () => {
    const doc = JSON.parse(site.get("catalog.json")?.body ?? "");
    expect(doc).toEqual(JSON.parse(JSON.stringify(exportCatalogs([shop]))));
    expect(catalogsFromDocument(doc).map((c) => c.$.entries.length)).toEqual([6]);
    expect(JSON.parse(site.get("catalog.schema.json")?.body ?? "")).toEqual(catalogJsonSchema);
  });

  it("errors.md: a table per catalog and a section per code, with working anchors", () => {
    const md = site.get("errors.md")?.body ?? "";
    const lines = md.split("\n");
    expect(lines[0]).toBe("# Error reference");
    expect(lines).toContain("## Shop API");
    expect(lines).toContain("| [200601](#shop-200601) | `uspta_taken` | 409 | Conflict |");
    expect(lines).toContain('<a id="shop-200601"></a>');
    expect(lines).toContain("### 200601 uspta\\_taken");
    expect(lines).toContain(
      "**Status:** 409 Conflict · **Title:** Conflict · **Family:** [2006](#shop-2006)",
    );
    expect(lines).toContain("[Page](https://api.example.com/errors/shop/200601)");
  });

  it("links to server paths when served (the demo's /errors)", () => {
    const served = byPath(
      buildSite([shop], {
        docsBaseUrl: "http://127.0.0.1:3000/errors",
        links: { kind: "server", basePath: "/errors" },
      }),
    );
    const idx = html(served.get("index.html"));
    expect(idx.querySelector("td.code a")?.getAttribute("href")).toBe("/errors/shop/2006");
    const page = html(served.get("shop/200601.html"));
    expect(page.querySelector("nav a")?.getAttribute("href")).toBe("/errors");
  });
});

describe("XSS: catalog text is inert everywhere", () => {
  const files = buildSite([evil]);
  const site = byPath(files);

  it("HTML pages contain no element, attribute or URL from catalog text, but show the text", () => {
    for (const f of files.filter((x) => x.path.endsWith(".html"))) {
      const doc = html(f);
      expect(doc.querySelectorAll("img")).toHaveLength(0);
      expect(doc.querySelectorAll("script").length).toBe(f.path === "index.html" ? 1 : 0);
      for (const [tag, name, value] of allAttributes(doc)) {
        expect(name.startsWith("on"), `${f.path}: <${tag} ${name}>`).toBe(false);
        if (name === "href") expect(value).not.toMatch(/^\s*javascript:/i);
      }
    }
    const page = html(files.find((f) => f.entry?.entry.key === "payload"));
    expect(page.querySelector("h1")?.text).toBe(`x${XSS} n${XSS}`);
    expect(page.querySelectorAll("section[aria-labelledby=causes] li").map((l) => l.text)).toEqual([
      `c${XSS}`,
    ]);
    expect(page.querySelector("section[aria-labelledby=defect] p")?.text).toBe(`k${XSS}`);
    // The javascript: docs URL is shown as text, never as a link.
    const docs = page.querySelectorAll("dl.facts dt").find((dt) => dt.text === "Documentation");
    expect(docs?.nextElementSibling?.querySelector("a")).toBeNull();
    expect(docs?.nextElementSibling?.text).toBe("javascript:alert(4)");
    // Unknown format: shown as problem+json, with a note.
    expect(page.querySelectorAll("section[aria-labelledby=examples] h3").map((h) => h.text)).toEqual([
      "problem+json (application/problem+json)",
    ]);
    expect(page.querySelector("section[aria-labelledby=examples] p.muted")?.text).toBe(
      '"no-such-format" is not a built-in format; shown as problem+json',
    );
    const idx = html(site.get("index.html"));
    expect(idx.querySelector("title")?.text).toBe("Error reference");
    expect(idx.querySelector("header ul li")?.text).toContain(`Evil ${XSS}`);
  });

  it("errors.md escapes HTML and Markdown", () => {
    const md = site.get("errors.md")?.body ?? "";
    // Outside code spans (literal text in CommonMark) no markup survives.
    // (The anchors and the defect's blockquote are errata's own markup.)
    const prose = md
      .replace(/(`+)[^`\n]*?\1/g, "")
      .replace(/^<a id="[a-z0-9_-]+"><\/a>$/gm, "")
      .replace(/^> /gm, "");
    expect(prose).not.toMatch(/[<>]/);
    expect(prose).toContain("&lt;script&gt;alert\\(1\\)&lt;/script&gt;");
    const codeSpans = md.match(/(`+)[^`\n]*?\1/g) ?? [];
    expect(codeSpans).toContain(`\`n${XSS}\``);
  });

  it("esc, mdText and safeHref hold for any input (property)", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(esc(s)).not.toMatch(/[<>"']/);
        expect(parse(`<p title="${esc(s)}">${esc(s)}</p>`).querySelector("p")?.text).toBe(s);
        expect(mdText(s)).not.toMatch(/[<>\n]/);
        expect(mdCode(s)).not.toContain("\n");
        // What a browser would follow (WHATWG URL parsing) is http(s) on the page's own origin or a named one.
        const h = safeHref(s);
        if (h !== null) {
          const u = new URL(h, "https://docs.example/errors/");
          expect(["http:", "https:"]).toContain(u.protocol);
          if (!/^https?:/i.test(h)) expect(u.host).toBe("docs.example");
        }
      }),
      { numRuns: 500 },
    );
    for (const bad of [
      "java\nscript:alert(1)",
      " javascript:x",
      "//evil.example",
      "/\\evil.example",
      "data:text/html,x",
    ]) {
      expect(safeHref(bad)).toBeNull();
    }
    expect(safeHref("https://example.com/a?b#c")).toBe("https://example.com/a?b#c");
    expect(safeHref("../shop/1.html")).toBe("../shop/1.html");
  });
});
