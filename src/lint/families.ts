/**
 * Family ranges, as errata's catalogs define them (src/catalog/define.ts): a code that is a
 * multiple of 10, 100, … is the catch-all of the codes below it (seed 001: 210 covers 211–219,
 * 300 covers 300–399), and a code whose digits start with another code belongs to it (seed 003:
 * 200601 and 200602 belong to 2006).
 * @module
 */
import type { FamilyRules } from "../catalog/types.js";

/** A code as a non-negative safe integer, or null when it is not numeric. */
export function numericCode(code: number | string | null): number | null {
  if (typeof code === "number") return Number.isSafeInteger(code) && code >= 0 ? code : null;
  if (typeof code === "string" && /^[0-9]{1,15}$/.test(code)) return Number(code);
  return null;
}

/** The span a catch-all covers: 210 → 10 (211–219), 300 → 100; 0 when the code is not a catch-all. */
export function catchAllSpan(code: number): number {
  if (code <= 0) return 0;
  let m = 1;
  while (code % (m * 10) === 0) m *= 10;
  return m === 1 ? 0 : m;
}

/** Whether `child` lies in the range of family `parent` under the catalog's family rules. */
export function inFamilyRange(child: number, parent: number, rules: Required<FamilyRules>): boolean {
  if (child === parent) return false;
  if (rules.catchAll) {
    const span = catchAllSpan(parent);
    if (span !== 0 && child > parent && child < parent + span) return true;
  }
  if (rules.prefix) {
    const c = String(child);
    const p = String(parent);
    if (c.length > p.length && c.startsWith(p)) return true;
  }
  return false;
}

/** A readable description of a family's range (`211–219`, `codes starting with 2006`). */
export function describeRange(parent: number, rules: Required<FamilyRules>): string {
  const parts: string[] = [];
  const span = catchAllSpan(parent);
  if (rules.catchAll && span !== 0) parts.push(`${parent + 1}–${parent + span - 1}`);
  if (rules.prefix) parts.push(`codes starting with ${parent}`);
  return parts.join(" or ");
}
