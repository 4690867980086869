/**
 * The support console in a real browser (issue 7: "a browser test logs in to /support, looks up
 * a token produced by a failing demo request, and sees the event"): Debian's Chromium through
 * playwright-core, skipped with a printed reason when chromium is absent (fails instead under
 * ERRATA_REQUIRE_SERVICES=1). Logged request data carrying HTML and script must render as text.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HTML_PAYLOAD,
  type ObservedServer,
  startObservedServer,
  UNEXPECTED_MESSAGE,
} from "../../demo/support-fixture.js";
import { findChromium, launchChromium, type TestBrowser } from "../support/chromium.js";
import { wire } from "../support/http.js";

const ADMIN = "browser-admin-token-5f0c2d9e8b7a";
const chromium = findChromium();

describe.skipIf(!chromium)("support console in Chromium", () => {
  const tmp = mkdtempSync(join(tmpdir(), "errata-support-browser-"));
  let s: ObservedServer;
  let browser: TestBrowser;
  /** Console messages and page errors: a CSP violation or a script error shows up here. */
  const problems: string[] = [];

  beforeAll(async () => {
    s = await startObservedServer({
      dataDir: tmp,
      adminToken: ADMIN,
      env: {},
      logDestination: { write: () => {} },
      storeOptions: { flushBeforeExit: false },
    });
    browser = await launchChromium(chromium as string);
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function openConsole(): Promise<Page> {
    const page = await browser.context.newPage();
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      // The favicon request is the browser's own, not the page's.
      if (m.type() === "error" && !m.location().url.endsWith("/favicon.ico")) {
        problems.push(`console: ${m.text()} (${m.location().url})`);
      }
    });
    const res = await page.goto(`${s.url}/support`);
    expect(res?.status()).toBe(200);
    await page.waitForSelector('form[data-ready="true"]');
    return page;
  }

  async function lookUp(page: Page, admin: string, token: string): Promise<string> {
    await page.fill("#admin-token", admin);
    await page.fill("#request-token", token);
    await page.click("#lookup-button");
    await page.waitForFunction(() => {
      const kind = document.getElementById("status")?.getAttribute("data-kind");
      return kind === "ok" || kind === "error";
    });
    return (await page.textContent("#status")) ?? "";
  }

  const field = (page: Page, name: string) => page.textContent(`#field-${name}`);

  it("logs in, looks up the token of a failed request and sees the event with its cause", async () => {
    const failed = await wire(`${s.url}/demo/unexpected`);
    expect(failed.status).toBe(500);
    const token = failed.headers["x-request-id"] as string;
    const page = await openConsole();
    try {
      expect(await lookUp(page, ADMIN, token)).toBe(`Found the event for ${token}.`);
      expect(await page.isVisible("#event")).toBe(true);
      expect(await field(page, "token")).toBe(token);
      expect(await field(page, "status")).toBe("500");
      expect(await field(page, "method")).toBe("GET");
      expect(await field(page, "path")).toBe("/demo/unexpected");
      expect(await field(page, "code")).toBe("internal_error");
      expect(await field(page, "message")).toBe(
        "An unexpected error occurred. Quote the request id when contacting support.",
      );
      expect(await field(page, "time")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(await page.isVisible("#cause")).toBe(true);
      const cause = (await page.textContent("#cause-text")) ?? "";
      expect(cause.startsWith(`Error: ${UNEXPECTED_MESSAGE}\n\nError: ${UNEXPECTED_MESSAGE}\n    at `)).toBe(
        true,
      );
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("renders logged HTML and script as inert text", async () => {
    const thrown = await wire(`${s.url}/demo/html-payload`);
    const name = `<img src=x onerror="window.__pwned=5"><script>window.__pwned=6</script>`;
    const echoed = await wire(`${s.url}/demo/widget?name=${encodeURIComponent(name)}`);
    expect(thrown.status).toBe(500);
    expect(echoed.status).toBe(404);
    const page = await openConsole();
    try {
      expect(await lookUp(page, ADMIN, thrown.headers["x-request-id"] as string)).toMatch(/^Found/);
      const cause = (await page.textContent("#cause-text")) ?? "";
      expect(cause.startsWith(`TypeError: ${HTML_PAYLOAD}\n\n`)).toBe(true);

      expect(await lookUp(page, ADMIN, echoed.headers["x-request-id"] as string)).toMatch(/^Found/);
      expect(await field(page, "message")).toBe(`Widget "${name}" does not exist.`);
      expect(await page.isVisible("#cause")).toBe(false);

      // Nothing was parsed as markup, nothing ran.
      expect(await page.locator("#event img, #event script, #event svg").count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("says so for a wrong admin token and for an unknown request id", async () => {
    const failed = await wire(`${s.url}/no-such-page`);
    const token = failed.headers["x-request-id"] as string;
    const page = await openConsole();
    try {
      expect(await lookUp(page, "not-the-admin-token", token)).toBe("The admin token was not accepted.");
      expect(await page.isVisible("#event")).toBe(false);
      expect(await lookUp(page, ADMIN, "ZZZZZZZZZZZZZZZZ")).toBe(
        "No error event is stored for this request id.",
      );
      expect(await page.isVisible("#event")).toBe(false);
      expect(await lookUp(page, ADMIN, token)).toBe(`Found the event for ${token}.`);
      expect(await field(page, "status")).toBe("404");
      expect(await page.isVisible("#cause")).toBe(false);
    } finally {
      await page.close();
    }
    // The 401 and 404 seen in the browser are the console's own console messages: filter them.
    expect(problems.filter((p) => !/status of (401|404)/.test(p))).toEqual([]);
  });
});
