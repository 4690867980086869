/**
 * The docs site's HTML pages: the index of every code (search and filters) and one page per
 * code. Every catalog text is escaped with `esc`; links to external docs must be http(s).
 * Structure is semantic (header, nav, main, table with scoped headers, labelled form controls,
 * a live region for the result count) so the pages work with a keyboard and a screen reader.
 * @module
 */

import { entryParams } from "../catalog/export.js";
import { reasonPhrase } from "../catalog/status.js";
import { INDEX_SCRIPT, SITE_STYLE } from "./assets.js";
import { responseText } from "./examples.js";
import { esc, htmlDocument, safeHref } from "./html.js";
import type { DocCatalog, DocEntry, SiteModel } from "./model.js";

/** How pages link to each other: relative files (a static site) or URL paths under a base (a server). */
export type LinkStyle =
  | { readonly kind: "relative" }
  | { readonly kind: "server"; readonly basePath: string };

/** Link builder for a page at a given depth (0: the index, 1: a code page). */
export interface Links {
  readonly index: string;
  page(e: DocEntry): string;
  asset(name: string): string;
}

/** The links of a page. */
export function linksFor(style: LinkStyle, depth: 0 | 1): Links {
  if (style.kind === "server") {
    const base = style.basePath.replace(/\/+$/, "");
    return {
      index: base === "" ? "/" : base,
      page: (e) => `${base}/${encodeURIComponent(e.catalog.dir)}/${encodeURIComponent(e.file)}`,
      asset: (n) => `${base}/${n}`,
    };
  }
  const up = depth === 1 ? "../" : "";
  return {
    index: `${up}index.html`,
    page: (e) => `${up}${encodeURIComponent(e.catalog.dir)}/${encodeURIComponent(e.file)}.html`,
    asset: (n) => `${up}${n}`,
  };
}

function statusClass(status: number): string {
  return status >= 500 && status <= 599 ? "s5" : status >= 400 && status <= 499 ? "s4" : "sx";
}

function statusBadge(status: number): string {
  return `<span class="badge ${statusClass(status)}">${status} ${esc(reasonPhrase(status))}</span>`;
}

/** The visible identifier of an entry: its code, else its name, else its key. */
function codeText(e: DocEntry): string {
  const x = e.entry;
  return x.code !== null ? String(x.code) : (x.name ?? x.key);
}

/** `352 unknown_application`, for link texts. */
function label(e: DocEntry): string {
  const x = e.entry;
  return x.code !== null && x.name !== null ? `${x.code} ${x.name}` : codeText(e);
}

/** Family ids of an entry (itself when it has children, and every ancestor): the index's family filter. */
function familyIds(e: DocEntry): string[] {
  const ids = e.ancestors.map((a) => `${a.catalog.dir}/${a.file}`);
  if (e.children.length) ids.unshift(`${e.catalog.dir}/${e.file}`);
  return ids;
}

function searchText(e: DocEntry): string {
  const x = e.entry;
  const s = x.spec;
  return [
    x.code,
    x.name,
    x.key,
    x.title,
    x.message.source,
    s.userMessage,
    s.description,
    e.catalog.info.title,
    e.catalog.info.id,
    ...(s.tags ?? []),
  ]
    .filter((v) => v !== null && v !== undefined && v !== "")
    .join(" ")
    .toLowerCase()
    .replace(/\s+/g, " ");
}

function option(value: string, text: string): string {
  return `<option value="${esc(value)}">${esc(text)}</option>`;
}

/** The index page: every code, with search and filters by status, family, format and catalog. */
export function indexPage(model: SiteModel, links: Links): string {
  const all = model.catalogs.flatMap((c) => c.entries);
  const statuses = [...new Set(all.map((e) => e.entry.status))].sort((a, b) => a - b);
  const classes = [...new Set(statuses.map((s) => `${Math.floor(s / 100)}xx`))];
  const formats = [...new Set(model.catalogs.flatMap((c) => c.formats.map((f) => f.id)))];
  const families: string[] = [];
  for (const c of model.catalogs) {
    for (const e of c.entries) {
      if (e.children.length === 0) continue;
      const indent = "\u00a0\u00a0".repeat(e.ancestors.length);
      families.push(option(`${c.dir}/${e.file}`, `${indent}${c.info.title}: ${label(e)}`));
    }
  }
  const rows = model.catalogs
    .flatMap((c) =>
      c.entries.map((e) => {
        const x = e.entry;
        const attrs = [
          `data-catalog="${esc(c.dir)}"`,
          `data-status="${x.status}"`,
          `data-families="${esc(familyIds(e).join(" "))}"`,
          `data-formats="${esc(c.formats.map((f) => f.id).join(" "))}"`,
          `data-search="${esc(searchText(e))}"`,
        ].join(" ");
        const notes = [
          x.spec.deprecated === true ? ' <span class="badge note">deprecated</span>' : "",
          x.spec.defect !== undefined ? ' <span class="badge note">known defect</span>' : "",
        ].join("");
        return [
          `<tr ${attrs}>`,
          `<td class="code" data-label="Code"><a href="${esc(links.page(e))}">${esc(codeText(e))}</a></td>`,
          `<td data-label="Name">${x.name !== null ? `<code>${esc(x.name)}</code>` : '<span class="muted">—</span>'}</td>`,
          `<td data-label="Status">${statusBadge(x.status)}</td>`,
          `<td data-label="Meaning">${esc(x.title)}${notes}<br><span class="muted">${esc(x.message.source)}</span></td>`,
          `<td data-label="Catalog">${esc(c.info.title)}</td>`,
          "</tr>",
        ].join("");
      }),
    )
    .join("\n");
  const catalogList = model.catalogs
    .map(
      (c) =>
        `<li>${esc(c.info.title)}${c.info.version ? ` <span class="muted">v${esc(c.info.version)}</span>` : ""} — ${c.entries.length} codes</li>`,
    )
    .join("");
  const body = `<a class="skip" href="#codes">Skip to the list of codes</a>
<header class="site"><div class="wrap">
<h1>${esc(model.title)}</h1>
<p class="muted">${all.length} codes in ${model.catalogs.length} ${model.catalogs.length === 1 ? "catalog" : "catalogs"}. Machine-readable: <a href="${esc(links.asset("catalog.json"))}">catalog.json</a> · <a href="${esc(links.asset("openapi.json"))}">openapi.json</a> · <a href="${esc(links.asset("errors.md"))}">errors.md</a></p>
<ul class="muted">${catalogList}</ul>
</div></header>
<main class="wrap">
<form id="filters" class="filters" role="search" aria-label="Filter error codes" hidden>
<div class="search"><label for="q">Search codes, names and messages</label><input id="q" name="q" type="search" autocomplete="off" spellcheck="false" placeholder="e.g. 404, token, expired — press / to focus" aria-controls="codes" aria-describedby="count"></div>
<div><label for="f-status">Status</label><select id="f-status" aria-controls="codes">${option("", "Any status")}${classes.map((k) => option(k, `Any ${k}`)).join("")}${statuses.map((s) => option(String(s), `${s} ${reasonPhrase(s)}`)).join("")}</select></div>
<div><label for="f-family">Family</label><select id="f-family" aria-controls="codes">${option("", "Any family")}${families.join("")}</select></div>
<div><label for="f-format">Format</label><select id="f-format" aria-controls="codes">${option("", "Any format")}${formats.map((f) => option(f, f)).join("")}</select></div>
<div><label for="f-catalog">Catalog</label><select id="f-catalog" aria-controls="codes">${option("", "Any catalog")}${model.catalogs.map((c) => option(c.dir, c.info.title)).join("")}</select></div>
</form>
<p id="count" role="status" aria-live="polite">${all.length} codes</p>
<p id="none" hidden>No code matches. Clear the search or a filter.</p>
<table id="codes">
<caption class="visually-hidden">Error codes</caption>
<thead><tr><th scope="col">Code</th><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Meaning</th><th scope="col">Catalog</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</main>`;
  return htmlDocument({
    title: model.title,
    description: `${all.length} error codes: meaning, status, causes and fixes.`,
    style: SITE_STYLE,
    script: INDEX_SCRIPT,
    body,
  });
}

/** Escaped text where `code` spans (backticks, as catalogs write them) become <code>: applied after escaping, so it adds no markup of the text's own. */
export function inline(text: string): string {
  return esc(text).replace(/`([^`\n]+)`/g, "<code>$1</code>");
}

function list(items: readonly string[] | undefined): string {
  const xs = (items ?? []).filter((s) => s.trim() !== "");
  return xs.length ? `<ul>${xs.map((s) => `<li>${inline(s)}</li>`).join("")}</ul>` : "";
}

function section(id: string, title: string, content: string): string {
  return content
    ? `<section aria-labelledby="${id}"><h2 id="${id}">${esc(title)}</h2>${content}</section>`
    : "";
}

/** The page of one code: meaning, status, family, message, causes, fixes, example responses. */
export function codePage(model: SiteModel, e: DocEntry, links: Links): string {
  const x = e.entry;
  const s = x.spec;
  const c: DocCatalog = e.catalog;
  const heading = x.code !== null && x.name !== null ? `${x.code} ${x.name}` : codeText(e);
  const facts: string[] = [];
  const fact = (dt: string, dd: string) => facts.push(`<dt>${esc(dt)}</dt><dd>${dd}</dd>`);
  fact(
    "Catalog",
    `${esc(c.info.title)} <span class="muted">(${esc(c.info.id)}${c.info.version ? ` v${esc(c.info.version)}` : ""})</span>`,
  );
  if (x.code !== null) fact("Code", `<code>${esc(x.code)}</code>`);
  if (x.name !== null) fact("Name", `<code>${esc(x.name)}</code>`);
  fact("HTTP status", statusBadge(x.status));
  fact("Title", esc(x.title));
  const parent = e.ancestors[0];
  if (parent !== undefined) {
    fact(
      "Family",
      e.ancestors
        .slice()
        .reverse()
        .map((a) => `<a href="${esc(links.page(a))}">${esc(label(a))}</a>`)
        .join(" › "),
    );
  }
  const params = entryParams(x);
  if (params.length) fact("Parameters", params.map((p) => `<code>${esc(p)}</code>`).join(", "));
  if (s.authMethods?.length) fact("Authentication methods", esc(s.authMethods.join(", ")));
  if (s.tags?.length) fact("Tags", esc(s.tags.join(", ")));
  fact("Formats", c.formats.map((f) => `<code>${esc(f.id)}</code>`).join(", "));
  if (s.docs !== undefined) {
    const href = safeHref(s.docs);
    fact(
      "Documentation",
      href !== null ? `<a href="${esc(href)}" rel="noopener noreferrer">${esc(s.docs)}</a>` : esc(s.docs),
    );
  }
  const badges = [
    statusBadge(x.status),
    s.deprecated === true ? '<span class="badge note">deprecated</span>' : "",
    s.defect !== undefined ? '<span class="badge note">known defect</span>' : "",
  ]
    .filter(Boolean)
    .join(" ");
  let message = `<p><code>${esc(x.message.source)}</code></p>`;
  if (x.userMessage !== null)
    message += `<h3>Message for end users</h3><p><code>${esc(x.userMessage.source)}</code></p>`;
  const locales = Object.entries(s.messages ?? {});
  if (locales.length) {
    message += `<h3>Translations</h3><dl class="facts">${locales.map(([l, t]) => `<dt lang="${esc(l)}">${esc(l)}</dt><dd><code>${esc(t)}</code></dd>`).join("")}</dl>`;
  }
  const fixes = list(s.fixes) || '<p class="muted">No fix documented.</p>';
  const defect = s.defect !== undefined ? `<div class="defect"><p>${inline(s.defect)}</p></div>` : "";
  const sameCode = e.sameCode.length
    ? `<p>Code ${esc(codeText(e))} is shared by ${e.sameCode.length + 1} entries of this catalog; clients cannot tell them apart by code, and look-ups return the first.</p><ul>${e.sameCode.map((o) => `<li><a href="${esc(links.page(o))}">${esc(o.entry.key)}</a> — ${esc(o.entry.message.source)}</li>`).join("")}</ul>`
    : "";
  const children = e.children.length
    ? `<ul>${e.children.map((ch) => `<li><a href="${esc(links.page(ch))}">${esc(label(ch))}</a> — ${esc(ch.entry.title)}</li>`).join("")}</ul>`
    : "";
  const notes = c.formats.filter((f) => f.note !== null).map((f) => `<p class="muted">${esc(f.note)}</p>`);
  const examples = e.examples
    .map((ex, i) => {
      const id = `ex-${i}`;
      const status =
        ex.failed === null && ex.status !== x.status
          ? `<p class="muted">The ${esc(ex.formatId)} format sends HTTP ${ex.status} for this error (the catalog maps it to ${x.status}); clients read the body.</p>`
          : "";
      const content =
        ex.failed !== null
          ? `<p class="muted">${esc(ex.failed)}.</p>`
          : `${status}<pre tabindex="0" aria-labelledby="${id}"><code>${esc(responseText(ex))}</code></pre>`;
      return `<h3 id="${id}">${esc(ex.formatId)} <span class="muted">(${esc(ex.mediaType)})</span></h3>${content}`;
    })
    .join("");
  const body = `<a class="skip" href="#main">Skip to content</a>
<header class="site"><div class="wrap">
<nav class="crumbs" aria-label="Breadcrumb"><a href="${esc(links.index)}">All error codes</a> › ${esc(c.info.title)}</nav>
<h1>${esc(heading)}</h1>
<p>${badges}</p>
</div></header>
<main id="main" class="wrap">
<p>${inline(s.description ?? x.title)}</p>
<dl class="facts">${facts.join("")}</dl>
${section("message", "Message", message)}
${section("defect", "Known defect", defect)}
${section("causes", "Causes", list(s.causes))}
${section("fixes", "Fixes", fixes)}
${section("family", "Codes in this family", children)}
${section("same-code", "Same code", sameCode)}
${section("examples", "Example responses", notes.join("") + examples)}
</main>`;
  return htmlDocument({
    title: `${heading} — ${x.title} · ${model.title}`,
    description: s.description ?? x.title,
    style: SITE_STYLE,
    body,
  });
}
