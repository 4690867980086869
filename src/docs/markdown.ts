/**
 * `errors.md`: the reference as one Markdown file (for a repository's docs or a wiki), a table
 * per catalog then a section per code. Catalog text is escaped: Markdown renderers pass raw HTML
 * through, so `<`, `>` and `&` become entities and Markdown's own punctuation is backslashed.
 * @module
 */

import { entryParams } from "../catalog/export.js";
import { reasonPhrase } from "../catalog/status.js";
import type { DocEntry, SiteModel } from "./model.js";

/** Escapes text for Markdown inline content (one line). */
export function mdText(s: unknown): string {
  return String(s)
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|#~!()])/g, "\\$1")
    .replace(/^([-+=]|\d+\.)/, (m) => `\\${m}`);
}

/** An inline code span holding any text (the fence is longer than any backtick run inside). */
export function mdCode(s: unknown): string {
  const t = String(s).replace(/[\r\n]+/g, " ");
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  const pad = t.startsWith("`") || t.endsWith("`") || t === "" ? " " : "";
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** The heading anchor of an entry, stable and unique: `<catalog>-<file>`. */
export function mdAnchor(e: DocEntry): string {
  return `${e.catalog.dir}-${e.file}`.toLowerCase().replace(/[^a-z0-9_-]+/g, "-");
}

function heading(e: DocEntry): string {
  const x = e.entry;
  return [x.code, x.name].filter((v) => v !== null).join(" ") || x.key;
}

/** Builds errors.md. `pageUrl` gives an entry's page (relative or absolute), or null. */
export function buildMarkdown(model: SiteModel, pageUrl: (e: DocEntry) => string | null): string {
  const out: string[] = [`# ${mdText(model.title)}`, ""];
  for (const c of model.catalogs) {
    const info = c.info;
    out.push(`## ${mdText(info.title)}`, "");
    const meta = [`Catalog id ${mdCode(info.id)}`];
    if (info.version) meta.push(`version ${mdText(info.version)}`);
    meta.push(`formats: ${c.formats.map((f) => mdCode(f.id)).join(", ")}`);
    out.push(`${meta.join(" · ")}.`, "");
    if (info.description) out.push(mdText(info.description), "");
    out.push("| Code | Name | Status | Title |", "| --- | --- | --- | --- |");
    for (const e of c.entries) {
      const x = e.entry;
      const code = x.code !== null ? String(x.code) : "—";
      out.push(
        `| [${mdText(code)}](#${mdAnchor(e)}) | ${x.name !== null ? mdCode(x.name) : "—"} | ${x.status} | ${mdText(x.title)} |`,
      );
    }
    out.push("");
    for (const e of c.entries) {
      const x = e.entry;
      const s = x.spec;
      out.push(`<a id="${mdAnchor(e)}"></a>`, "", `### ${mdText(heading(e))}`, "");
      const facts = [
        `**Status:** ${x.status} ${mdText(reasonPhrase(x.status))}`,
        `**Title:** ${mdText(x.title)}`,
      ];
      const parent = e.ancestors[0];
      if (parent !== undefined) facts.push(`**Family:** [${mdText(heading(parent))}](#${mdAnchor(parent)})`);
      if (s.deprecated === true) facts.push("**Deprecated**");
      out.push(facts.join(" · "), "");
      out.push(`**Message:** ${mdCode(x.message.source)}`, "");
      if (x.userMessage !== null) out.push(`**Message for end users:** ${mdCode(x.userMessage.source)}`, "");
      const params = entryParams(x);
      if (params.length) out.push(`**Parameters:** ${params.map(mdCode).join(", ")}`, "");
      if (s.description) out.push(mdText(s.description), "");
      if (s.causes?.length) out.push("**Causes**", "", ...s.causes.map((t) => `- ${mdText(t)}`), "");
      if (s.fixes?.length) out.push("**Fixes**", "", ...s.fixes.map((t) => `- ${mdText(t)}`), "");
      if (s.authMethods?.length)
        out.push(`**Authentication methods:** ${mdText(s.authMethods.join(", "))}`, "");
      if (s.defect) out.push(`> **Known defect:** ${mdText(s.defect)}`, "");
      const url = pageUrl(e);
      if (url !== null) out.push(`[Page](${url.replace(/[()\s]/g, encodeURIComponent)})`, "");
    }
  }
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}
