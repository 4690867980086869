/**
 * Reading credentials from a request, as the OAuth provider needs them: client credentials at the
 * token endpoint (RFC 6749 §2.3.1: HTTP Basic or the `client_id`/`client_secret` body
 * parameters, never both) and the bearer token at a protected resource (RFC 6750 §2.1 header,
 * §2.3 `access_token` query parameter, never both).
 *
 * Pure functions: they classify what was sent and leave the decisions (which error, whether a
 * failure counts toward the lockout) to the routes.
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";

/** What a token request says about its client. */
export type ClientCredentials =
  /** No client authentication at all. */
  | { readonly kind: "none" }
  /** HTTP Basic (`Authorization: Basic …`), both parts form-urldecoded (RFC 6749 §2.3.1). */
  | { readonly kind: "basic"; readonly clientId: string; readonly secret: string }
  /** `client_id` (and `client_secret`) in the form body. */
  | { readonly kind: "post"; readonly clientId: string; readonly secret: string | null }
  /** An `Authorization` header errata cannot use: another scheme, or Basic that does not decode. */
  | { readonly kind: "unusable"; readonly basic: boolean }
  /** A malformed request (RFC 6749 §5.2 `invalid_request`): the problem, for the description. */
  | { readonly kind: "invalid"; readonly problem: string };

/** RFC 7617 §2 / RFC 9110 §11.4: `Basic` SP token68 (base64). */
const BASIC = /^basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i;

/** application/x-www-form-urlencoded decoding of one value (RFC 6749 Appendix B). */
function formDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

/** The auth-scheme of an `Authorization` value, lower-cased. */
export function authScheme(authorization: string): string {
  const v = authorization.trimStart();
  const end = v.search(/[ \t]/);
  return (end < 0 ? v : v.slice(0, end)).toLowerCase();
}

/** Decodes `Basic base64(urlencode(id):urlencode(secret))`, or null when it does not decode. */
export function parseBasic(authorization: string): { clientId: string; secret: string } | null {
  const m = BASIC.exec(authorization);
  if (m === null) return null;
  const raw = Buffer.from(m[1] as string, "base64").toString("utf8");
  const colon = raw.indexOf(":");
  if (colon < 0) return null;
  const clientId = formDecode(raw.slice(0, colon));
  const secret = formDecode(raw.slice(colon + 1));
  if (clientId === null || secret === null || clientId === "") return null;
  return { clientId, secret };
}

/**
 * Classifies the client authentication of a token request. Checked here, in this order:
 * repeated `client_id`/`client_secret` (RFC 6749 §3.2: parameters "MUST NOT be included more
 * than once"), Basic together with a body secret (§2.3.1: "MUST NOT use more than one
 * authentication method"), a body `client_id` that contradicts the Basic one.
 */
export function readClientCredentials(
  authorization: string | undefined,
  form: URLSearchParams,
): ClientCredentials {
  const ids = form.getAll("client_id");
  const secrets = form.getAll("client_secret");
  if (ids.length > 1) return { kind: "invalid", problem: "the client_id parameter is repeated" };
  if (secrets.length > 1) return { kind: "invalid", problem: "the client_secret parameter is repeated" };
  if (authorization !== undefined && authorization.trim() !== "") {
    if (secrets.length > 0) {
      return { kind: "invalid", problem: "the client authenticated with both HTTP Basic and client_secret" };
    }
    if (authScheme(authorization) !== "basic") return { kind: "unusable", basic: false };
    const basic = parseBasic(authorization);
    if (basic === null) return { kind: "unusable", basic: true };
    if (ids.length === 1 && ids[0] !== basic.clientId) {
      return { kind: "invalid", problem: "client_id does not match the HTTP Basic client" };
    }
    return { kind: "basic", ...basic };
  }
  if (ids.length === 0)
    return secrets.length > 0 ? { kind: "invalid", problem: "client_id is missing" } : { kind: "none" };
  return { kind: "post", clientId: ids[0] as string, secret: secrets[0] ?? null };
}

/** Compares two secrets in time independent of where they differ (and of their lengths). */
export function secretsEqual(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

/** What a protected-resource request says about its access token. */
export type BearerCredentials =
  /** No credentials, or credentials of a scheme the resource does not take (RFC 6750 §3.1). */
  | { readonly kind: "none" }
  | { readonly kind: "token"; readonly token: string; readonly via: "header" | "query" }
  /** A token that is not a b64token (RFC 6750 §2.1): `invalid_token`. */
  | { readonly kind: "malformed" }
  /** RFC 6750 §3.1 `invalid_request`: the problem, for the description. */
  | { readonly kind: "invalid"; readonly problem: string };

/** RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Classifies the access token of a protected-resource request: the `Authorization: Bearer`
 * header or the `access_token` query parameter. Both at once, or the parameter twice, is
 * `invalid_request` ("uses more than one method for including an access token", RFC 6750 §3.1).
 */
export function readBearerToken(
  authorization: string | undefined,
  query: URLSearchParams,
): BearerCredentials {
  const inQuery = query.getAll("access_token");
  const hasHeader = authorization !== undefined && authorization.trim() !== "";
  if (inQuery.length > 1) return { kind: "invalid", problem: "the access_token parameter is repeated" };
  if (hasHeader && inQuery.length === 1) {
    return {
      kind: "invalid",
      problem: "the access token was sent both in the Authorization header and in the query",
    };
  }
  if (hasHeader) {
    const v = (authorization as string).trim();
    if (authScheme(v) !== "bearer") return { kind: "none" };
    const token = v.slice(6).trim();
    if (token === "") return { kind: "invalid", problem: "the Bearer credentials are empty" };
    return B64TOKEN.test(token) ? { kind: "token", token, via: "header" } : { kind: "malformed" };
  }
  if (inQuery.length === 1) {
    const token = inQuery[0] as string;
    if (token === "") return { kind: "invalid", problem: "the access_token parameter is empty" };
    return B64TOKEN.test(token) ? { kind: "token", token, via: "query" } : { kind: "malformed" };
  }
  return { kind: "none" };
}
