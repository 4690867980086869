/**
 * Debian's Chromium driven by playwright-core, for browser tests (CONTRACT §1): found on PATH with
 * `requireProgram("chromium")` (absent → the suite skips with a printed reason, or fails under
 * ERRATA_REQUIRE_SERVICES=1), launched headless with ENVIRONMENT.md's flags on a fresh profile
 * (the user data dir: a new temp dir that `close()` removes). No browser download: `npx playwright install` cannot work here.
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { requireProgram } from "./require-program.js";

/** A running browser and how to stop it. */
export interface TestBrowser {
  /** The browser's (only) context, on the fresh profile. */
  readonly context: BrowserContext;
  /** Closes the browser and removes its profile directory. Safe to call twice. */
  close(): Promise<void>;
}

/** Flags from ENVIRONMENT.md: headless, no sandbox (CI runs as root), no background traffic. */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** The chromium executable, or undefined after printing why the caller should skip. */
export function findChromium(): string | undefined {
  return requireProgram("chromium");
}

/** Launches chromium with a fresh profile. */
export async function launchChromium(executablePath: string): Promise<TestBrowser> {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "errata-chromium-"));
  // playwright refuses --user-data-dir in `args`: a fresh profile is a persistent context on a new temp dir.
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: ARGS,
      timeout: 30_000,
      viewport: { width: 1200, height: 800 },
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  let closed = false;
  return {
    context,
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
