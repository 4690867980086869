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
      if (e === te) return true;
    } else if (String(e.code ?? "") === String(target) || e.name === target || e.key === target) {
      return true;
    }
    e = e.parent;
  }
  return false;
}

/**
 * True when `err` is the catalog error `family` or belongs to its family.
 * Also accepts anything with a `code` (a decoded client error): the code is resolved in the
 * family's catalog, falling back to the nearest catch-all for codes the catalog does not know.
 */
export function is(err: unknown, family: FamilyRef): boolean {
  if (err instanceof ErrataError) return descends(err.entry, family);
  if (err && typeof err === "object" && "code" in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code !== "string" && typeof code !== "number") return false;
    const te = entryOf(family);
    if (te) {
      const e = te.catalog.resolve(code);
      return e ? descends(e, te) : false;
    }
    return String(code) === String(family);
  }
  return false;
}
