/**
 * Family matching: `is(err, family)` is true when the error's entry is the family or one of its
 * descendants (seed 001's catch-alls: 211 is a 210 is a 200; seed 003: 200601 is a 2006).
 * @module
 */
import { ErrataError } from "../errors/errata-error.js";
import type { AnyErrorFactory } from "./define.js";
import type { CatalogEntry } from "./types.js";

/** What a family may be given as: a factory, an entry, or a code/name. */
export type FamilyRef = AnyErrorFactory | CatalogEntry | number | string;

function entryOf(ref: FamilyRef): CatalogEntry | undefined {
  if (typeof ref === "function") return ref.entry;
  if (typeof ref === "object") return ref;
  return undefined;
}

/** Walks up from an entry; true when `target` matches it or an ancestor. */
function descends(entry: CatalogEntry, target: FamilyRef): boolean {
  const te = entryOf(target);
  let e: CatalogEntry | null = entry;
  let guard = 0;
  while (e && guard++ < 64) {
    if (te) {
      // The same entry of the same catalog, also when that catalog was built twice (rebuilt from
      // its catalog.json on a client, or a second copy of the module).
      if (e === te || (e.key === te.key && e.catalog.id === te.catalog.id)) return true;
    } else if (String(e.code ?? "") === String(target) || e.name === target || e.key === target) {
      return true;
    }
    e = e.parent;
  }
  return false;
}

/**
 * errata/client's `ErrataClientError`, recognised by shape so the catalog does not depend on the
 * client: its own `code` is a class constant, the API's error is in `catalogError` / `error`.
 */
function clientErrorTarget(err: object): unknown {
  const e = err as { code?: unknown; error?: unknown; catalogError?: unknown };
  if (e.code !== "ERRATA_CLIENT_ERROR" || !(err instanceof Error)) return err;
  return e.catalogError instanceof ErrataError ? e.catalogError : e.error;
}

/**
 * True when `err` is the catalog error `family` or belongs to its family.
 * Also accepts anything with a `code` (a decoded client error): the code is resolved in the
 * family's catalog, falling back to the nearest catch-all for codes the catalog does not know;
 * given a code or name instead of an entry, the decoded `code` or `name` must equal it (use
 * `matches` from errata/client to resolve families of decoded codes). An `ErrataClientError` is
 * matched by its catalog error, else by its decoding.
 */
export function is(err: unknown, family: FamilyRef): boolean {
  if (err instanceof ErrataError) return descends(err.entry, family);
  if (!err || typeof err !== "object") return false;
  const target = clientErrorTarget(err);
  if (target instanceof ErrataError) return descends(target.entry, family);
  if (target && typeof target === "object" && "code" in target) {
    const { code, name } = target as { code: unknown; name?: unknown };
    if (typeof code !== "string" && typeof code !== "number") return false;
    const te = entryOf(family);
    if (te) {
      const e = te.catalog.resolve(code);
      return e ? descends(e, te) : false;
    }
    return String(code) === String(family) || (typeof name === "string" && name === String(family));
  }
  return false;
}
