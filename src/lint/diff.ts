/**
 * `errata diff`: what changed between two versions of a catalog, and whether it breaks anyone.
 * Seed 003 promises "while the text for an error message may change, the codes will stay the
 * same"; a CI runs `errata diff` to hold that promise.
 *
 * Entries are matched by code (else name, else key). Breaking, for clients or for the code that
 * raises the errors:
 * - `catalog-removed`, `catalog-id-changed` (docs URLs, metrics and stored events use the id);
 * - `removed`: a code is gone (even a deprecated one: clients may still receive or match it);
 * - `code-reused`: the same code now means something else — its name changed and either the old
 *   name moved to another code or the status class changed;
 * - `name-changed`, `status-changed`, `code-type-changed` (3001 became "3001": the JSON differs);
 * - `param-removed`: a template parameter is gone (callers that pass it no longer type-check);
 * - `param-added`: a new template parameter. errata's factories are typed, so every call site must
 *   now pass it (an untyped caller would render it empty): breaking for the code that raises the
 *   error, although HTTP clients only see different text;
 * - `extra-removed`: a body member from `extra` is gone (clients may read it).
 * Compatible: `added`, `catalog-added`, `message-changed`, `user-message-changed`,
 * `translation-changed`, `title-changed`, `docs-changed` (description, causes, fixes, docs URL,
 * tags, auth methods, known defect), `family-changed`, `deprecated`, `headers-changed`,
 * `extra-added`, `retry-after-changed`, `expose-changed`.
 * @module
 */
import type { AnyCatalog } from "../catalog/define.js";
import { entryParams } from "../catalog/export.js";
import { reasonPhrase } from "../catalog/status.js";
import type { CatalogEntry, CatalogInfo } from "../catalog/types.js";
import { entryLabel } from "./entry-label.js";

/** One difference between the two versions. */
export interface Change {
  readonly breaking: boolean;
  /** Kind of change (`removed`, `status-changed`, `message-changed`, …). */
  readonly kind: string;
  /** Catalog id (the new one when it changed). */
  readonly catalog: string;
  /** The entry's code, name and key (from the new version when present), or null for catalog-level changes. */
  readonly code: number | string | null;
  readonly name: string | null;
  readonly key: string | null;
  readonly message: string;
}

/** The result of a diff. */
export interface DiffResult {
  readonly breaking: number;
  readonly compatible: number;
  readonly changes: readonly Change[];
}

/** How an entry is recognised across versions: its code, else its name, else its key. */
function identity(e: CatalogEntry): string {
  if (e.code !== null) return `code:${String(e.code)}`;
  if (e.name !== null) return `name:${e.name}`;
  return `key:${e.key}`;
}

function index(info: CatalogInfo): Map<string, CatalogEntry> {
  const m = new Map<string, CatalogEntry>();
  // Duplicates (a lint finding) keep the first, as look-ups do.
  for (const e of info.entries) if (!m.has(identity(e))) m.set(identity(e), e);
  return m;
}

function statusClass(s: number): number {
  return Math.floor(s / 100);
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function sameRecord(
  a: Readonly<Record<string, unknown>> | undefined,
  b: Readonly<Record<string, unknown>> | undefined,
): boolean {
  return JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());
}

function parentRef(e: CatalogEntry): string | null {
  return e.parent === null ? null : String(e.parent.code ?? e.parent.name ?? e.parent.key);
}

function q(v: unknown): string {
  return JSON.stringify(v);
}

/** Compares two versions of one entry. */
function diffEntry(
  catalog: string,
  o: CatalogEntry,
  n: CatalogEntry,
  newInfo: CatalogInfo,
  oldInfo: CatalogInfo,
): Change[] {
  const out: Change[] = [];
  const add = (breaking: boolean, kind: string, message: string) =>
    out.push({ breaking, kind, catalog, code: n.code, name: n.name, key: n.key, message });

  if (o.code !== null && n.code !== null && typeof o.code !== typeof n.code) {
    add(true, "code-type-changed", `code ${q(o.code)} is now ${q(n.code)} (a ${typeof n.code} on the wire)`);
  }
  let reused = false;
  if (o.name !== n.name) {
    const movedTo = o.name !== null ? newInfo.entries.find((e) => e !== n && e.name === o.name) : undefined;
    const cameFrom = n.name !== null ? oldInfo.entries.find((e) => e !== o && e.name === n.name) : undefined;
    if (movedTo !== undefined || cameFrom !== undefined || statusClass(o.status) !== statusClass(n.status)) {
      reused = true;
      const why =
        movedTo !== undefined
          ? `; ${q(o.name)} is now code ${movedTo.code ?? movedTo.key}`
          : cameFrom !== undefined
            ? `; ${q(n.name)} was code ${cameFrom.code ?? cameFrom.key}`
            : `; status ${o.status} → ${n.status}`;
      add(
        true,
        "code-reused",
        `code ${n.code ?? n.key} now means something else: name ${q(o.name)} → ${q(n.name)}${why}`,
      );
    } else {
      add(true, "name-changed", `name ${q(o.name)} → ${q(n.name)}`);
    }
  }
  if (o.status !== n.status && !reused) add(true, "status-changed", `status ${o.status} → ${n.status}`);

  const op = entryParams(o);
  const np = entryParams(n);
  const removed = op.filter((p) => !np.includes(p));
  const added = np.filter((p) => !op.includes(p));
  if (removed.length)
    add(true, "param-removed", `template parameter ${removed.map((p) => `{${p}}`).join(", ")} removed`);
  if (added.length) {
    add(
      true,
      "param-added",
      `template parameter ${added.map((p) => `{${p}}`).join(", ")} added: every caller must pass it`,
    );
  }
  const oe = o.spec.extra ?? {};
  const ne = n.spec.extra ?? {};
  const extraGone = Object.keys(oe).filter((k) => !(k in ne));
  const extraNew = Object.keys(ne).filter((k) => !(k in oe));
  if (extraGone.length) add(true, "extra-removed", `body member ${extraGone.map(q).join(", ")} removed`);
  if (extraNew.length) add(false, "extra-added", `body member ${extraNew.map(q).join(", ")} added`);

  if (o.message.source !== n.message.source) {
    add(false, "message-changed", `message ${q(o.message.source)} → ${q(n.message.source)}`);
  }
  if ((o.userMessage?.source ?? null) !== (n.userMessage?.source ?? null)) {
    add(false, "user-message-changed", "user message changed");
  }
  if (!sameRecord(o.spec.messages, n.spec.messages)) {
    const locs = new Set([...Object.keys(o.spec.messages ?? {}), ...Object.keys(n.spec.messages ?? {})]);
    const changed = [...locs].filter((l) => o.spec.messages?.[l] !== n.spec.messages?.[l]).sort();
    add(false, "translation-changed", `translations changed: ${changed.join(", ")}`);
  }
  // Titles and `expose` default from the status: a change that only follows the status is not news.
  const defaultTitles = o.title === reasonPhrase(o.status) && n.title === reasonPhrase(n.status);
  if (o.title !== n.title && !defaultTitles)
    add(false, "title-changed", `title ${q(o.title)} → ${q(n.title)}`);
  const docFields: string[] = [];
  if ((o.spec.description ?? "") !== (n.spec.description ?? "")) docFields.push("description");
  if (!sameList(o.spec.causes, n.spec.causes)) docFields.push("causes");
  if (!sameList(o.spec.fixes, n.spec.fixes)) docFields.push("fixes");
  if ((o.spec.docs ?? "") !== (n.spec.docs ?? "")) docFields.push("docs");
  if (!sameList(o.spec.tags, n.spec.tags)) docFields.push("tags");
  if (!sameList(o.spec.authMethods, n.spec.authMethods)) docFields.push("authMethods");
  if ((o.spec.defect ?? "") !== (n.spec.defect ?? "")) docFields.push("defect");
  if (docFields.length) add(false, "docs-changed", `${docFields.join(", ")} changed`);
  if (parentRef(o) !== parentRef(n))
    add(false, "family-changed", `family ${parentRef(o) ?? "none"} → ${parentRef(n) ?? "none"}`);
  if ((o.spec.deprecated === true) !== (n.spec.deprecated === true)) {
    add(false, "deprecated", n.spec.deprecated === true ? "now deprecated" : "no longer deprecated");
  }
  if (!sameRecord(o.spec.headers, n.spec.headers)) add(false, "headers-changed", "headers changed");
  if (o.spec.retryAfter !== n.spec.retryAfter) {
    add(
      false,
      "retry-after-changed",
      `retryAfter ${o.spec.retryAfter ?? "none"} → ${n.spec.retryAfter ?? "none"}`,
    );
  }
  const defaultExpose = o.expose === o.status < 500 && n.expose === n.status < 500;
  if (o.expose !== n.expose && !defaultExpose)
    add(false, "expose-changed", `expose ${o.expose} → ${n.expose}`);
  return out;
}

/** Compares two versions of one catalog. */
export function diffCatalog(
  oldCatalog: AnyCatalog | CatalogInfo,
  newCatalog: AnyCatalog | CatalogInfo,
): Change[] {
  const o: CatalogInfo = "$" in oldCatalog ? oldCatalog.$ : oldCatalog;
  const n: CatalogInfo = "$" in newCatalog ? newCatalog.$ : newCatalog;
  const out: Change[] = [];
  const catalog = n.id;
  if (o.id !== n.id) {
    out.push({
      breaking: true,
      kind: "catalog-id-changed",
      catalog,
      code: null,
      name: null,
      key: null,
      message: `catalog id ${q(o.id)} → ${q(n.id)} (docs URLs, metrics and stored events use it)`,
    });
  }
  const oi = index(o);
  const ni = index(n);
  for (const [id, oe] of oi) {
    const ne = ni.get(id);
    if (ne === undefined) {
      out.push({
        breaking: true,
        kind: "removed",
        catalog,
        code: oe.code,
        name: oe.name,
        key: oe.key,
        message: `${entryLabel(oe)} removed${oe.spec.deprecated === true ? " (it was deprecated)" : ""}`,
      });
    } else {
      out.push(...diffEntry(catalog, oe, ne, n, o));
    }
  }
  for (const [id, ne] of ni) {
    if (!oi.has(id)) {
      out.push({
        breaking: false,
        kind: "added",
        catalog,
        code: ne.code,
        name: ne.name,
        key: ne.key,
        message: `${entryLabel(ne)} added (status ${ne.status})`,
      });
    }
  }
  return out;
}

/**
 * Compares two sets of catalogs (the OLD and NEW files), pairing them by id; when each side has
 * exactly one catalog, they are paired whatever their ids.
 */
export function diffCatalogs(
  oldCatalogs: readonly AnyCatalog[],
  newCatalogs: readonly AnyCatalog[],
): DiffResult {
  const changes: Change[] = [];
  if (oldCatalogs.length === 1 && newCatalogs.length === 1) {
    changes.push(...diffCatalog(oldCatalogs[0] as AnyCatalog, newCatalogs[0] as AnyCatalog));
  } else {
    const newById = new Map(newCatalogs.map((c) => [c.$.id, c]));
    const oldIds = new Set(oldCatalogs.map((c) => c.$.id));
    for (const oc of oldCatalogs) {
      const nc = newById.get(oc.$.id);
      if (nc === undefined) {
        changes.push({
          breaking: true,
          kind: "catalog-removed",
          catalog: oc.$.id,
          code: null,
          name: null,
          key: null,
          message: `catalog ${q(oc.$.id)} removed (${oc.$.entries.length} codes)`,
        });
      } else {
        changes.push(...diffCatalog(oc, nc));
      }
    }
    for (const nc of newCatalogs) {
      if (!oldIds.has(nc.$.id)) {
        changes.push({
          breaking: false,
          kind: "catalog-added",
          catalog: nc.$.id,
          code: null,
          name: null,
          key: null,
          message: `catalog ${q(nc.$.id)} added (${nc.$.entries.length} codes)`,
        });
      }
    }
  }
  const breaking = changes.filter((c) => c.breaking).length;
  return { breaking, compatible: changes.length - breaking, changes };
}

/** One line per change: `breaking: catalog code name: kind: message`. */
export function formatChange(c: Change): string {
  const who =
    c.key === null ? c.catalog : `${c.catalog} ${entryLabel({ code: c.code, name: c.name, key: c.key })}`;
  return `${c.breaking ? "breaking" : "compatible"}: ${who}: ${c.kind}: ${c.message}`;
}
