/**
 * A short, safe excerpt of a body nobody recognised (CONTRACT §6: `unknown` with a text excerpt
 * as `message`). HTML error pages (nginx, Express, load balancers) are reduced to their visible
 * text, `<head>`, `<script>` and `<style>` dropped. Control characters are replaced and
 * whitespace collapsed, so the excerpt is one printable line. Works on a bounded prefix.
 * @module
 */

/** The excerpt's length in characters. */
export const EXCERPT_LENGTH = 200;
/** How much of the body is looked at to produce it. */
const WINDOW = 8192;

function looksLikeHtml(s: string): boolean {
  const head = s.slice(0, 256).trimStart().toLowerCase();
  return (
    head.startsWith("<!doctype html") ||
    head.startsWith("<html") ||
    head.startsWith("<head") ||
    head.startsWith("<body") ||
    /^<(?:h1|p|pre|div|center|title)[\s>]/.test(head)
  );
}

/** Visible text of an HTML fragment (tags removed; head/script/style skipped). Linear. */
function htmlText(s: string): string {
  let out = "";
  let i = 0;
  const n = s.length;
  const lower = s.toLowerCase();
  while (i < n) {
    const lt = s.indexOf("<", i);
    if (lt < 0) {
      out += s.slice(i);
      break;
    }
    out += s.slice(i, lt);
    out += " ";
    // Elements whose content is not visible text.
    let skipped = false;
    for (const tag of ["head", "script", "style"]) {
      if (lower.startsWith(tag, lt + 1)) {
        const after = lower.charCodeAt(lt + 1 + tag.length);
        if (after === 0x3e || after === 0x20 || after === 0x09 || after === 0x0a || after === 0x0d) {
          const close = lower.indexOf(`</${tag}`, lt);
          if (close < 0) return out;
          const gt = s.indexOf(">", close);
          i = gt < 0 ? n : gt + 1;
          skipped = true;
          break;
        }
      }
    }
    if (skipped) continue;
    const gt = s.indexOf(">", lt);
    if (gt < 0) break;
    i = gt + 1;
  }
  return out.replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, (m) =>
    m === "&amp;"
      ? "&"
      : m === "&lt;"
        ? "<"
        : m === "&gt;"
          ? ">"
          : m === "&quot;"
            ? '"'
            : m === "&#39;"
              ? "'"
              : " ",
  );
}

function titleOf(s: string): string | null {
  const lower = s.toLowerCase();
  const open = lower.indexOf("<title");
  if (open < 0) return null;
  const gt = s.indexOf(">", open);
  if (gt < 0) return null;
  const close = lower.indexOf("</title", gt);
  return close < 0 ? null : s.slice(gt + 1, close);
}

/** Replaces C0/C1 controls (and DEL) with spaces and collapses whitespace runs. */
export function oneLine(s: string): string {
  return s
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Cuts at `max` characters without splitting a surrogate pair. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const c = s.charCodeAt(max - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max);
}

/** The excerpt of a body, or null when it has no visible text. */
export function excerpt(text: string): string | null {
  if (text.length === 0) return null;
  const win = text.length > WINDOW ? text.slice(0, WINDOW) : text;
  let visible: string;
  if (looksLikeHtml(win)) {
    visible = oneLine(htmlText(win));
    if (visible.length === 0) visible = oneLine(titleOf(win) ?? "");
  } else {
    visible = oneLine(win);
  }
  if (visible.length === 0) return null;
  return cut(visible, EXCERPT_LENGTH);
}
