/**
 * HTML helpers for the docs site: escaping (every catalog text goes through `esc`), safe links,
 * and the Content-Security-Policy that lets exactly the page's own inline style and script run.
 * @module
 */
import { createHash } from "node:crypto";

const ESC: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESC[c] as string);
}

/**
 * A URL safe to put in `href`: http(s), or a relative reference; anything else (javascript:,
 * data:, protocol-relative `//host`) is null. Browsers drop tabs and newlines inside URLs and read
 * `\` as `/` (WHATWG URL), so a URL holding either, or any control character, is refused too.
 */
export function safeHref(url: string): string | null {
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(url)) return null;
  if (/^https?:\/\//i.test(url)) return url;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) return null;
  return url;
}

/** `'sha256-…'` of an inline element's exact text (CSP Level 2 hash source). */
export function cspHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** The policy of a docs page: nothing loads from anywhere; only the page's own inline style and script run. */
export function contentSecurityPolicy(style: string, script: string | null): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(style)}`,
    script !== null ? `script-src ${cspHash(script)}` : "script-src 'none'",
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** A whole HTML document with the CSP meta tag, viewport and inline style (and script). */
export function htmlDocument(opts: {
  readonly title: string;
  readonly description?: string;
  readonly style: string;
  readonly script?: string | null;
  readonly body: string;
}): string {
  const script = opts.script ?? null;
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy(opts.style, script))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    opts.description ? `<meta name="description" content="${esc(opts.description)}">` : "",
    '<meta name="generator" content="errata">',
    `<title>${esc(opts.title)}</title>`,
    `<style>${opts.style}</style>`,
    "</head>",
    "<body>",
    opts.body,
    script !== null ? `<script>${script}</script>` : "",
    "</body>",
    "</html>",
    "",
  ]
    .filter((l) => l !== "")
    .join("\n");
}
