/**
 * The OAuth `error` value of a catalog entry, and the JSON members every OAuth error body shares.
 * @module
 */
import type { CatalogEntry } from "../../catalog/types.js";
import type { ErrataError } from "../../errors/errata-error.js";
import { jsonString } from "../json-escape.js";
import { oauthText } from "../www-authenticate.js";

/** `Content-Type` of OAuth JSON bodies, spelled as RFC 6749 §5.1/§5.2's examples spell it. */
export const OAUTH_JSON = "application/json;charset=UTF-8";

/**
 * The `error` value for an entry: its name, else its code, else its key, as NQSCHAR (RFC 6749
 * §5.2: "Values for the error parameter MUST NOT include characters outside the set %x20-21 /
 * %x23-5B / %x5D-7E").
 */
export function oauthErrorCode(entry: CatalogEntry): string {
  const raw = entry.name ?? (entry.code !== null ? String(entry.code) : entry.key);
  return oauthText(raw, 128) || "server_error";
}

/**
 * An `error_uri` value: RFC 6749 §5.2 allows only %x21 / %x23-5B / %x5D-7E (a URI-reference).
 * Other characters are percent-encoded; an empty value gives null.
 */
export function oauthErrorUri(uri: string | null): string | null {
  if (uri === null || uri === "") return null;
  return uri.replace(/[^\u0021\u0023-\u005b\u005d-\u007e]/gu, (c) => {
    try {
      return encodeURIComponent(c);
    } catch {
      return "%EF%BF%BD"; // a lone surrogate: U+FFFD, as a URL parser would
    }
  });
}

/** Members an OAuth body writes itself; `extra` may not overwrite them. */
const RESERVED = new Set(["error", "error_description", "error_uri", "state"]);

/** `,"name":value` for each extra member (RFC 6749 §8.2 extension parameters), reserved names skipped. */
export function oauthExtraMembers(extra: ErrataError["extra"]): string {
  if (extra === undefined) return "";
  let out = "";
  for (const k of Object.keys(extra)) {
    if (RESERVED.has(k)) continue;
    out += `,${jsonString(k)}:${JSON.stringify(extra[k])}`;
  }
  return out;
}

/** Compiled JSON parts of one entry: `{"error":…` and the trailing `,"error_uri":…`. */
export interface OAuthJsonParts {
  readonly error: string;
  readonly errorUri: string | null;
  /** `{"error":"…"` */
  readonly head: string;
  /** `,"error_description":"…"` when the message is static (no parameters, no locales), else null. */
  readonly staticDescription: string | null;
  /** `,"error_uri":"…"` or "". */
  readonly uriMember: string;
}

/** Pre-serialises what never changes for an entry. */
export function compileOAuthJson(entry: CatalogEntry, docsUrl: string | null): OAuthJsonParts {
  const error = oauthErrorCode(entry);
  const errorUri = oauthErrorUri(docsUrl);
  const isStatic = entry.message.names.length === 0 && entry.messages.size === 0;
  return {
    error,
    errorUri,
    head: `{"error":${jsonString(error)}`,
    staticDescription: isStatic ? descriptionMember(entry.message.source) : null,
    uriMember: errorUri === null ? "" : `,"error_uri":${jsonString(errorUri)}`,
  };
}

/** `,"error_description":"…"` for a message, or "" when nothing printable is left. */
export function descriptionMember(message: string): string {
  const d = oauthText(message);
  return d === "" ? "" : `,"error_description":${jsonString(d)}`;
}

/** The body `{"error":…,"error_description":…,"error_uri":…[,extras]}` for one error. */
export function oauthJsonBody(
  parts: OAuthJsonParts,
  error: ErrataError,
  detail: string,
  localized: boolean,
): string {
  const desc =
    parts.staticDescription !== null && error.detailOverride === undefined && !localized
      ? parts.staticDescription
      : descriptionMember(detail);
  return `${parts.head}${desc}${parts.uriMember}${oauthExtraMembers(error.extra)}}`;
}
