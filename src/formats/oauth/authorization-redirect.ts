/**
 * Authorization-endpoint responses by redirect (RFC 6749 §4.1.2, §4.1.2.1, §4.2.2.1): the
 * parameters go into the query (or, for the implicit flow, the fragment) of the client's
 * redirection URI, `application/x-www-form-urlencoded` (Appendix B).
 *
 * - The redirection URI "MUST be an absolute URI", its query "MUST be retained when adding
 *   additional query parameters", and it "MUST NOT include a fragment component" (§3.1.2).
 * - `state` is echoed exactly as received (§4.1.2.1: "REQUIRED if a state parameter was present
 *   in the client authorization request. The exact value received from the client.").
 * - The caller must have checked the URI against the client's registration first: "If the
 *   request fails due to a missing, invalid, or mismatching redirection URI, or if the client
 *   identifier is missing or invalid, the authorization server … MUST NOT automatically redirect
 *   the user-agent to the invalid redirection URI" (§4.1.2.1).
 *
 * The `Location` value is always one header-safe line of URI characters (RFC 3986 §2): the URL is
 * serialised by the WHATWG URL parser, and anything it leaves outside the URI character set
 * (spaces in opaque paths, `<`, `"`, …) is percent-encoded.
 * @module
 */
import type { CatalogEntry } from "../../catalog/types.js";
import type { ErrataError } from "../../errors/errata-error.js";
import { oauthText } from "../www-authenticate.js";
import { oauthErrorCode, oauthErrorUri } from "./error-code.js";

/** Where the response parameters go: the query (code flow, §4.1.2) or the fragment (implicit, §4.2.2). */
export type ResponseMode = "query" | "fragment";

/** A response parameter; null/undefined values are left out. */
export type ResponseParam = readonly [name: string, value: string | null | undefined];

// Schemes a browser would execute or read locally rather than navigate to: never a redirection endpoint.
const UNSAFE_SCHEMES = new Set(["javascript:", "data:", "vbscript:", "file:", "blob:"]);

// RFC 3986 §2: unreserved / reserved / "%" — everything else in a URI is percent-encoded.
const NOT_URI_CHAR = /[^!#$%&'()*+,\-./0-9:;=?@A-Z[\]_a-z~]/g;

/**
 * `redirectUri` with `params` added to its query (or fragment), form-urlencoded.
 * @throws TypeError when `redirectUri` is not an absolute URI, has a fragment, or uses a scheme
 *   that is never a redirection endpoint (`javascript:`, `data:`, …).
 */
export function authorizationResponseLocation(
  redirectUri: string,
  params: readonly ResponseParam[],
  mode: ResponseMode = "query",
): string {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    throw new TypeError("the redirection URI must be an absolute URI (RFC 6749 §3.1.2)");
  }
  if (redirectUri.includes("#") || url.hash !== "") {
    throw new TypeError("the redirection URI must not include a fragment (RFC 6749 §3.1.2)");
  }
  if (UNSAFE_SCHEMES.has(url.protocol)) {
    throw new TypeError(`the ${url.protocol} scheme cannot be a redirection URI`);
  }
  const form = new URLSearchParams();
  for (const [name, value] of params) if (value !== null && value !== undefined) form.append(name, value);
  const encoded = form.toString();
  let base = url.href;
  // Any character the serialiser let through that is not a URI character (opaque paths keep spaces).
  base = base.replace(NOT_URI_CHAR, (c) => encodeURIComponent(c));
  if (encoded === "") return base;
  if (mode === "fragment") return `${base}#${encoded}`;
  // WHATWG serialises an empty query as a bare "?": reuse it rather than adding a second one.
  const sep = base.endsWith("?") ? "" : url.search !== "" ? "&" : "?";
  return `${base}${sep}${encoded}`;
}

/** Options of {@link authorizationErrorRedirect}. */
export interface AuthorizationRedirectOptions {
  /** The client's redirection URI, already checked against its registration (§4.1.2.1). */
  readonly redirectUri: string;
  /** The `state` of the authorization request, echoed exactly; omitted when null/undefined. */
  readonly state?: string | null;
  /** 302 as RFC 6749's examples (default), or 303 (RFC 9700 §4.12: after a POST). */
  readonly status?: 302 | 303;
  /** `query` (default, §4.1.2.1) or `fragment` (implicit grant, §4.2.2.1). */
  readonly responseMode?: ResponseMode;
  /** The code's documentation page, for `error_uri` (pass `errata.docsUrl`). */
  readonly docsUrl?: (entry: CatalogEntry) => string | null;
  /** The description instead of the error's message (already localised, say). */
  readonly description?: string;
}

/** A redirect: status and headers (a node adapter `Reply` without a body). */
export interface AuthorizationRedirect {
  readonly status: 302 | 303;
  readonly headers: Readonly<Record<string, string>>;
}

/** The response parameters of an authorization error (§4.1.2.1), in the RFC's order. */
export function authorizationErrorParams(
  error: string,
  description: string | null,
  errorUri: string | null,
  state: string | null | undefined,
): ResponseParam[] {
  const d = description === null ? "" : oauthText(description);
  return [
    ["error", error],
    ["error_description", d === "" ? null : d],
    ["error_uri", oauthErrorUri(errorUri)],
    ["state", state],
  ];
}

/**
 * The redirect that reports `error` to the client (RFC 6749 §4.1.2.1): `Location` carries `error`,
 * `error_description`, `error_uri` and `state`. `Cache-Control: no-store`, since the URI carries
 * the request's `state`.
 * @example
 * ```ts
 * return authorizationErrorRedirect(errors.accessDenied(), { redirectUri, state, docsUrl: errata.docsUrl });
 * // { status: 302, headers: { Location: "https://client.example.org/cb?error=access_denied&…&state=xyz", … } }
 * ```
 * @throws TypeError for a redirection URI that cannot be redirected to (see {@link authorizationResponseLocation}).
 */
export function authorizationErrorRedirect(
  error: ErrataError,
  options: AuthorizationRedirectOptions,
): AuthorizationRedirect {
  const entry = error.entry;
  const params = authorizationErrorParams(
    oauthErrorCode(entry),
    options.description ?? error.message,
    options.docsUrl?.(entry) ?? null,
    options.state,
  );
  return {
    status: options.status ?? 302,
    headers: {
      Location: authorizationResponseLocation(options.redirectUri, params, options.responseMode),
      "Cache-Control": "no-store",
    },
  };
}
