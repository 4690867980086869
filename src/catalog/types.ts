/**
 * The shapes of a catalog: what an error declares once (`ErrorSpec`), and the runtime entry
 * errata derives from it (`CatalogEntry`).
 * @module
 */
import type { CatalogStatus } from "./status.js";
import type { CompiledTemplate } from "./template.js";

/** A JSON value, for extra members a format adds to a body (Identity Cloud's `argument_name`). */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [k: string]: JsonValue };

/** One error, declared once. */
export interface ErrorSpec {
  /** Numeric or string application code: `3001`, `200601`, `415` (Identity Cloud's, not HTTP's), `"invalid_request"`. */
  readonly code?: number | string;
  /** A second, symbolic identifier: Identity Cloud's `api_limit_error`, OAuth's `invalid_grant`. */
  readonly name?: string;
  /** HTTP status this error maps to. A format may still answer differently (Identity Cloud sends 200). */
  readonly status: CatalogStatus;
  /** Short title (problem+json `title`); defaults to the status reason phrase. */
  readonly title?: string;
  /** Developer message template, with `{param}` placeholders. */
  readonly message: string;
  /** End-user message template (ORCID's `user-message`): a second audience. */
  readonly userMessage?: string;
  /** Localised developer messages, by BCP 47 tag (`fr`, `de-CH`); same parameters as `message`. */
  readonly messages?: Readonly<Record<string, string>>;
  /** What the error means, for the docs. */
  readonly description?: string;
  /** Why it happens. */
  readonly causes?: readonly string[];
  /** How the client fixes it. */
  readonly fixes?: readonly string[];
  /** Explicit documentation URL; otherwise errata links to the generated page. */
  readonly docs?: string;
  /** Explicit parent family (code or name); otherwise derived from the code (catch-alls, prefixes). */
  readonly parent?: number | string;
  /** Headers always sent with this error (`Cache-Control: no-store` for OAuth token errors). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Extra members a format adds to the body. */
  readonly extra?: Readonly<Record<string, JsonValue>>;
  /** Authentication methods the error applies to (seed 002: WSKeyLite, HMAC, Access Token). */
  readonly authMethods?: readonly string[];
  /**
   * A known defect of the real system's catalog, kept on purpose so errata can *be* that system;
   * documented here and flagged by `errata lint`.
   */
  readonly defect?: string;
  /** Whether the message may be shown to clients. Defaults to true below 500. */
  readonly expose?: boolean;
  /** Seconds for `Retry-After` when the error is raised without an explicit value. */
  readonly retryAfter?: number;
  /** Free-form tags (docs filters). */
  readonly tags?: readonly string[];
  /** The entry is deprecated: still served, marked in the docs; `errata diff` treats its removal as breaking. */
  readonly deprecated?: boolean;
}

/** How codes form families. Seed 001: "a code that is a multiple of 100 or 10 is a catch-all for the codes below it"; seed 003: 200601 and 200602 belong to 2006. */
export interface FamilyRules {
  /** 211 → 210 → 200: a multiple of 10/100/… is the catch-all of the codes below it. Default true. */
  readonly catchAll?: boolean;
  /** 200601 → 2006: a code whose digits start with another code belongs to it. Default true. */
  readonly prefix?: boolean;
}

/** Options of a catalog. */
export interface CatalogOptions {
  /** Stable id, used in URLs, metrics and the store (`entity-api`). Lowercase, `[a-z0-9-]`. */
  readonly id: string;
  readonly title?: string;
  readonly description?: string;
  /** Version of the catalog, for `errata diff` reports. */
  readonly version?: string;
  readonly families?: FamilyRules;
  /** Locale of `message` (default `en`). */
  readonly defaultLocale?: string;
  /** Media types / format ids this catalog is served in, for the docs' example responses. */
  readonly formats?: readonly string[];
}

/** The runtime form of one catalog entry. */
export interface CatalogEntry {
  /** Property name in the catalog definition (`entityNotFound`). */
  readonly key: string;
  readonly catalog: CatalogInfo;
  readonly code: number | string | null;
  readonly name: string | null;
  readonly status: number;
  readonly title: string;
  readonly message: CompiledTemplate;
  readonly userMessage: CompiledTemplate | null;
  readonly messages: ReadonlyMap<string, CompiledTemplate>;
  readonly spec: ErrorSpec;
  /** URL-safe identifier of the entry within its catalog (its code, else name, else key). */
  readonly slug: string;
  /** True when the message may be shown (default: status < 500). */
  readonly expose: boolean;
  /** `code` as a string, or the name, or the key: what the store and metrics record. */
  readonly codeString: string;
  /** The family this entry belongs to, or null. */
  parent: CatalogEntry | null;
}

/** A catalog's metadata and look-ups, reached as `catalog.$`. */
export interface CatalogInfo {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly version: string | null;
  readonly defaultLocale: string;
  readonly formats: readonly string[];
  readonly families: Required<FamilyRules>;
  readonly entries: readonly CatalogEntry[];
  /** Entry by key, code (number or string) or name. */
  get(keyCodeOrName: string | number): CatalogEntry | undefined;
  /** Entry by code or name, else its nearest family (catch-all or prefix), else undefined. */
  resolve(codeOrName: string | number): CatalogEntry | undefined;
}
