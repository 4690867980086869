/**
 * OAuth 2.0 token-endpoint errors, RFC 6749 §5.2 (format id `oauth2`):
 *
 * ```http
 * HTTP/1.1 400 Bad Request
 * Content-Type: application/json;charset=UTF-8
 * Cache-Control: no-store
 * Pragma: no-cache
 *
 * {"error":"invalid_request","error_description":"…","error_uri":"…"}
 * ```
 *
 * - `error` is the entry's name, else its code (see {@link oauthErrorCode}); `error_description`
 *   the message as NQSCHAR (%x20-21 / %x23-5B / %x5D-7E); `error_uri` the code's docs page.
 * - `Cache-Control: no-store` always; `Pragma: no-cache` by default. RFC 6749 §5.1 requires both on
 *   responses with tokens and §5.2's example error carries both. RFC 9111 §5.4 deprecates `Pragma`,
 *   but it costs 17 bytes and HTTP/1.0 caches still read it, so it stays unless `pragma: false`.
 * - `invalid_client`: "If the client attempted to authenticate via the Authorization request
 *   header field, the authorization server MUST respond with an HTTP 401 … and include the
 *   WWW-Authenticate response header field matching the authentication scheme used by the
 *   client" (§5.2). The route says which scheme the client used with `ctx.locals.authScheme`
 *   (`"basic"`) and may name the `realm`; the status then becomes 401 whatever the catalog says.
 *   Every 401 carries a challenge (RFC 9110 §15.5.2), `Basic` when the client used none.
 * - Authorization-endpoint errors: when the route has validated the client's redirection URI and
 *   put it in `ctx.locals.redirectUri` (with `state`, and optionally `responseMode` and
 *   `redirectStatus`), the error is answered by redirect (§4.1.2.1, see ./authorization-redirect.ts)
 *   — including unexpected errors, as `server_error`, which exists because "a 500 … status code
 *   cannot be returned to the client via an HTTP redirect". An unusable URI falls back to JSON.
 *
 * @example
 * ```ts
 * const errata = createErrata({ formats: [oauth2({ realm: "example" })], catalogs: [oauthErrors] });
 * ```
 * @module
 */
import type { CatalogEntry } from "../../catalog/types.js";
import type { ErrataError } from "../../errors/errata-error.js";
import type { Format, FormatEnv, RenderContext, RenderedError } from "../types.js";
import { canonicalScheme, challenge } from "../www-authenticate.js";
import { authorizationErrorParams, authorizationResponseLocation } from "./authorization-redirect.js";
import { compileOAuthJson, OAUTH_JSON, type OAuthJsonParts, oauthJsonBody } from "./error-code.js";

/** Options of the `oauth2` format. */
export interface OAuth2FormatOptions {
  /** Realm of the `WWW-Authenticate` challenge on 401s (default `"oauth"`); `ctx.locals.realm` overrides it. */
  readonly realm?: string;
  /** Also send `Pragma: no-cache` (RFC 6749 §5.1, §5.2's example). Default true. */
  readonly pragma?: boolean;
  /** Scheme challenged on a 401 when the client used none (default `"Basic"`, RFC 6749 §2.3.1). */
  readonly scheme?: string;
}

interface Compiled extends OAuthJsonParts {
  /** The entry reports a failed client authentication (`invalid_client`). */
  readonly invalidClient: boolean;
}

function localString(locals: Readonly<Record<string, unknown>> | undefined, key: string): string | undefined {
  const v = locals?.[key];
  return typeof v === "string" ? v : undefined;
}

/** The `oauth2` format: RFC 6749 §5.2 token-endpoint errors (and §4.1.2.1 redirects). */
export function oauth2(options: OAuth2FormatOptions = {}): Format<Compiled> {
  const defaultRealm = options.realm ?? "oauth";
  const fallbackScheme = canonicalScheme(options.scheme, "Basic");
  // The usual challenge, serialised once.
  const defaultChallenge = challenge(fallbackScheme, [["realm", defaultRealm]]);
  const base =
    options.pragma === false
      ? ["Cache-Control", "no-store"]
      : ["Cache-Control", "no-store", "Pragma", "no-cache"];
  return {
    id: "oauth2",
    mediaTypes: ["application/json"],
    compile(entry: CatalogEntry, env: FormatEnv): Compiled {
      const parts = compileOAuthJson(entry, env.docsUrl(entry));
      return { ...parts, invalidClient: parts.error === "invalid_client" };
    },
    render(error: ErrataError, ctx: RenderContext, c: Compiled): RenderedError {
      const locals = ctx.request.locals;
      const redirectUri = localString(locals, "redirectUri");
      if (redirectUri !== undefined) {
        const redirect = renderRedirect(redirectUri, c, ctx);
        if (redirect !== null) return redirect;
      }
      const scheme = localString(locals, "authScheme");
      let status = error.status;
      // RFC 6749 §5.2: a client that authenticated with the Authorization header gets a 401.
      if (c.invalidClient && scheme !== undefined && scheme !== "") status = 401;
      const headers = ["Content-Type", OAUTH_JSON, ...base];
      if (status === 401) {
        const realm = localString(locals, "realm") ?? defaultRealm;
        const used = canonicalScheme(scheme, fallbackScheme);
        headers.push(
          "WWW-Authenticate",
          realm === defaultRealm && used === fallbackScheme
            ? defaultChallenge
            : challenge(used, [["realm", realm]]),
        );
      }
      return { status, headers, body: oauthJsonBody(c, error, ctx.detail, ctx.locale !== undefined) };
    },
  };
}

/** The §4.1.2.1 redirect for an error, or null when the URI cannot be redirected to. */
function renderRedirect(redirectUri: string, c: Compiled, ctx: RenderContext): RenderedError | null {
  const locals = ctx.request.locals;
  const state = localString(locals, "state");
  const mode = locals?.responseMode === "fragment" ? "fragment" : "query";
  let location: string;
  try {
    location = authorizationResponseLocation(
      redirectUri,
      authorizationErrorParams(c.error, ctx.detail, c.errorUri, state),
      mode,
    );
  } catch {
    // Never redirect to a URI that is not one (§4.1.2.1): answer the error directly instead.
    return null;
  }
  const status = locals?.redirectStatus === 303 ? 303 : 302;
  return { status, headers: ["Location", location, "Cache-Control", "no-store"], body: "" };
}
