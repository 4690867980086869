/**
 * The generated docs in a real browser (Debian's Chromium via playwright-core): the index served
 * by a plain static server on 127.0.0.1 (the site needs no server logic), the search box filters
 * the list as one types, the filters work, a code page opens, nothing is loaded from elsewhere,
 * the CSP blocks nothing of the site's own, and the layout fits a phone.
 *
 * Screenshots go to a temp dir; with ERRATA_UPDATE_SCREENSHOT=1 the index's is saved as
 * docs/docs-index.png for the README.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entityApiErrors } from "../../examples/entity-api/catalog.js";
import { identityCloudErrors } from "../../examples/identity-cloud/catalog.js";
import { oauthErrors } from "../../examples/oauth/catalog.js";
import { oclcErrors } from "../../examples/oclc/catalog.js";
import { orcidErrors } from "../../examples/orcid/catalog.js";
import { httpErrors } from "../../src/catalog/http.js";
import { buildSite } from "../../src/docs/site.js";
import { findChromium, launchChromium, type TestBrowser } from "../support/chromium.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const chromium = findChromium();
const catalogs = [orcidErrors, identityCloudErrors, oclcErrors, entityApiErrors, oauthErrors, httpErrors];
const total = catalogs.reduce((n, c) => n + c.$.entries.length, 0);

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
};

let dir: string;
let shots: string;
let server: Server;
let base: string;
let browser: TestBrowser | undefined;

/** A static file server: what any host of the generated site is. */
function serve(root: string): Server {
  return createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
}

async function visibleRows(page: Page): Promise<{ status: string; search: string; href: string }[]> {
  return page.$$eval("#codes tbody tr:not([hidden])", (rows) =>
    rows.map((r) => ({
      status: (r as HTMLElement).dataset.status ?? "",
      search: (r as HTMLElement).dataset.search ?? "",
      href: r.querySelector("a")?.getAttribute("href") ?? "",
    })),
  );
}

describe.skipIf(chromium === undefined)("docs site in Chromium", () => {
  const problems: string[] = [];
  const foreign: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "errata-docs-site-"));
    shots = mkdtempSync(join(tmpdir(), "errata-docs-shots-"));
    for (const f of buildSite(catalogs)) {
      const p = join(dir, ...f.path.split("/"));
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, f.body);
    }
    server = serve(dir);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium(chromium as string);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    rmSync(dir, { recursive: true, force: true });
    rmSync(shots, { recursive: true, force: true });
  });

  async function open(path: string, width = 1200): Promise<Page> {
    const page = await (browser as TestBrowser).context.newPage();
    await page.setViewportSize({ width, height: 800 });
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${path}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`${path}: ${e.message}`));
    page.on("request", (r) => {
      if (!r.url().startsWith(base)) foreign.push(r.url());
    });
    await page.goto(`${base}${path}`);
    return page;
  }

  it("types in the search box, sees the list filter, opens a code page", async () => {
    const page = await open("/index.html");
    expect(await page.isVisible("#filters")).toBe(true);
    expect(await visibleRows(page)).toHaveLength(total);
    expect(await page.textContent("#count")).toBe(`${total} codes`);
    const shot =
      process.env.ERRATA_UPDATE_SCREENSHOT === "1"
        ? join(REPO, "docs", "docs-index.png")
        : join(shots, "docs-index.png");
    mkdirSync(dirname(shot), { recursive: true });
    await page.screenshot({ path: shot });
    expect(readFileSync(shot).subarray(1, 4).toString("latin1")).toBe("PNG");

    // Keyboard: `/` focuses the search box, then type.
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("q");
    await page.keyboard.type("expired");
    const found = await visibleRows(page);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(total);
    for (const r of found) expect(r.search).toContain("expired");
    expect(await page.textContent("#count")).toBe(`${found.length} of ${total} codes`);

    // Two words: both must occur.
    await page.fill("#q", "expired token");
    const both = await visibleRows(page);
    expect(both.length).toBeGreaterThan(0);
    expect(both.length).toBeLessThanOrEqual(found.length);
    for (const r of both) expect(r.search.includes("expired") && r.search.includes("token")).toBe(true);

    // Status class filter.
    await page.fill("#q", "");
    await page.selectOption("#f-status", "5xx");
    const fives = await visibleRows(page);
    expect(fives.length).toBeGreaterThan(0);
    for (const r of fives) expect(r.status.startsWith("5")).toBe(true);

    // Nothing matches → the empty-state message shows.
    await page.selectOption("#f-status", "");
    await page.fill("#q", "zzzz-no-such-text");
    expect(await visibleRows(page)).toHaveLength(0);
    expect(await page.isVisible("#none")).toBe(true);

    // Open a code page from the filtered list.
    await page.fill("#q", "wskey");
    const [first] = await visibleRows(page);
    expect(first).toBeDefined();
    await page.click(`#codes tbody tr:not([hidden]) a[href="${first?.href}"]`);
    await page.waitForURL(`${base}/${first?.href}`);
    expect(await page.textContent("h1")).toBeTruthy();
    expect(await page.isVisible("section[aria-labelledby=examples] pre")).toBe(true);
    await page.screenshot({ path: join(shots, "code-page.png"), fullPage: true });
    // And back to the index through the breadcrumb.
    await page.click("nav.crumbs a");
    await page.waitForURL(`${base}/index.html`);
    await page.close();
  });

  it("a ?q= link opens the index pre-filtered", async () => {
    const page = await open("/index.html?q=unknown_application");
    const rows = await visibleRows(page);
    expect(rows.map((r) => r.href)).toEqual(["identity-cloud/221.html", "identity-cloud/352.html"]);
    await page.close();
  });

  it("fits a phone: no horizontal scrolling, each code as a card", async () => {
    const page = await open("/index.html", 390);
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    expect(await page.$eval("#codes tbody tr", (tr) => getComputedStyle(tr).display)).toBe("block");
    await page.screenshot({ path: join(shots, "docs-index-phone.png") });
    await page.close();
  });

  it("loaded nothing from elsewhere, and the CSP blocked nothing of the site's own", () => {
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
  });
});
