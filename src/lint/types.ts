/**
 * What a lint rule is and what it reports. CONTRACT §4 lists the rules; each lives in
 * `rules/<id>.ts` with its id and a one-line explanation.
 * @module
 */
import type { CatalogEntry, CatalogInfo } from "../catalog/types.js";

/** One problem a rule found on one entry. */
export interface RuleHit {
  readonly entry: CatalogEntry;
  readonly message: string;
}

/** A catalog lint rule. */
export interface LintRule {
  /** Stable id, printed in every finding (`duplicate-code`). */
  readonly id: string;
  /** One line: what the rule checks and why it matters. */
  readonly explanation: string;
  /** Reports every hit in a catalog, in entry order. */
  check(catalog: CatalogInfo): Iterable<RuleHit>;
}

/** A finding as `errata lint` reports it (`--json` prints an array of these). */
export interface Finding {
  /** The catalog file, or null when the catalog was linted in memory. */
  readonly file: string | null;
  /** Catalog id. */
  readonly catalog: string;
  /** Entry key in the definition. */
  readonly key: string;
  readonly code: number | string | null;
  readonly name: string | null;
  readonly status: number;
  /** Rule id. */
  readonly rule: string;
  readonly message: string;
  /** The entry's documented known defect (ErrorSpec.defect), or null: still reported, marked. */
  readonly knownDefect: string | null;
}
