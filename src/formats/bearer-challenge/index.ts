/**
 * Protected-resource errors, RFC 6750 §3 (format id `bearer-challenge`): the error is told in the
 * `WWW-Authenticate` challenge.
 *
 * ```http
 * HTTP/1.1 401 Unauthorized
 * WWW-Authenticate: Bearer realm="example", error="invalid_token", error_description="The access token expired", error_uri="…"
 * Cache-Control: no-store
 * ```
 *
 * - Errors whose code is one of RFC 6750 §3.1's — `invalid_request` (400), `invalid_token` (401),
 *   `insufficient_scope` (403) — carry `error`, `error_description` and `error_uri` attributes;
 *   `insufficient_scope` also `scope`, the scope the resource needs (`ctx.locals.scope`).
 * - Any other 401 means the request had no usable credentials: the challenge is `Bearer
 *   realm="…"` alone. RFC 6750 §3.1: "If the request lacks any authentication information …, the
 *   resource server SHOULD NOT include an error code or other error information."
 * - Other errors (405, 406, 500, 503 …) carry no challenge.
 * - Body (errata's choice; RFC 6750 defines none): by default the same JSON object as the token
 *   endpoint, `{"error","error_description","error_uri"}` from the catalog entry, so clients that
 *   read bodies and logs get the code and its docs link; the challenge stays the normative
 *   signal. With `body: "empty"` a response that carries a challenge has no body at all, as in
 *   RFC 6750 §3's and OpenID Connect Core §5.3.3's examples; other errors keep the JSON body.
 * - `Cache-Control: no-store`: the answer depends on the credentials sent.
 * - Attribute values are quoted and escaped per RFC 9110 §11 (../www-authenticate.ts); texts are
 *   NQSCHAR as RFC 6750 §3 requires for `error_description`.
 *
 * @example
 * ```ts
 * const resource = createErrata({ formats: [bearerChallenge({ realm: "example" })], catalogs: [oauthErrors] });
 * router.get("/userinfo", userinfo, { errata: resource });
 * // in the handler, before raising insufficient_scope:
 * ctx.locals.scope = "profile";
 * ```
 * @module
 */
import type { CatalogEntry } from "../../catalog/types.js";
import type { ErrataError } from "../../errors/errata-error.js";
import { compileOAuthJson, OAUTH_JSON, type OAuthJsonParts, oauthJsonBody } from "../oauth/error-code.js";
import type { Format, FormatEnv, RenderContext, RenderedError } from "../types.js";
import { oauthText, quotedString, scopeValue } from "../www-authenticate.js";

/** RFC 6750 §3.1's error codes: the ones a Bearer challenge names. */
export const BEARER_ERROR_CODES: ReadonlySet<string> = new Set([
  "invalid_request",
  "invalid_token",
  "insufficient_scope",
]);

/** Options of the `bearer-challenge` format. */
export interface BearerChallengeOptions {
  /** `realm` of every challenge (default `"api"`); `ctx.locals.realm` overrides it. */
  readonly realm?: string;
  /** `"json"` (default): a JSON body on every error; `"empty"`: no body when the challenge tells the error. */
  readonly body?: "json" | "empty";
}

interface Compiled extends OAuthJsonParts {
  /** 0: no challenge; 1: `Bearer realm` alone (no credentials); 2: challenge with the error. */
  readonly challengeKind: 0 | 1 | 2;
  readonly withScope: boolean;
  /** `, error="…"` (pre-serialised). */
  readonly errorParam: string;
  /** `, error_description="…"` when the message is static, else null. */
  readonly staticDescriptionParam: string | null;
  /** `, error_uri="…"` or "". */
  readonly uriParam: string;
}

const NO_CHALLENGE = 0;
const BARE = 1;
const WITH_ERROR = 2;

/** `, error_description="…"`, or "" when nothing printable is left. */
function descriptionParam(message: string): string {
  const d = oauthText(message);
  return d === "" ? "" : `, error_description=${quotedString(d)}`;
}

/** The `bearer-challenge` format: RFC 6750 §3 challenges for protected resources. */
export function bearerChallenge(options: BearerChallengeOptions = {}): Format<Compiled> {
  const defaultRealm = quotedString(options.realm ?? "api");
  const emptyBody = options.body === "empty";
  return {
    id: "bearer-challenge",
    mediaTypes: ["application/json"],
    compile(entry: CatalogEntry, env: FormatEnv): Compiled {
      const parts = compileOAuthJson(entry, env.docsUrl(entry));
      const named = BEARER_ERROR_CODES.has(parts.error);
      const challengeKind = named ? WITH_ERROR : entry.status === 401 ? BARE : NO_CHALLENGE;
      // The static attributes are serialised once, in RFC 6750 §3's order: error, error_description, error_uri.
      return {
        ...parts,
        challengeKind,
        withScope: parts.error === "insufficient_scope",
        errorParam: `, error=${quotedString(parts.error)}`,
        staticDescriptionParam:
          parts.staticDescription !== null ? descriptionParam(entry.message.source) : null,
        uriParam: parts.errorUri === null ? "" : `, error_uri=${quotedString(parts.errorUri)}`,
      };
    },
    render(error: ErrataError, ctx: RenderContext, c: Compiled): RenderedError {
      const headers = ["Cache-Control", "no-store"];
      if (c.challengeKind !== NO_CHALLENGE) {
        const locals = ctx.request.locals;
        const realm = typeof locals?.realm === "string" ? quotedString(locals.realm) : defaultRealm;
        let h = `Bearer realm=${realm}`;
        if (c.challengeKind === WITH_ERROR) {
          const description =
            c.staticDescriptionParam !== null &&
            error.detailOverride === undefined &&
            ctx.locale === undefined
              ? c.staticDescriptionParam
              : descriptionParam(ctx.detail);
          h += c.errorParam + description + c.uriParam;
          const scope = locals?.scope;
          if (c.withScope && (typeof scope === "string" || Array.isArray(scope))) {
            const v = scopeValue(
              typeof scope === "string" ? scope : scope.filter((x): x is string => typeof x === "string"),
            );
            if (v !== "") h += `, scope=${quotedString(v)}`;
          }
        }
        headers.push("WWW-Authenticate", h);
        if (emptyBody) return { status: error.status, headers, body: "" };
      }
      headers.unshift("Content-Type", OAUTH_JSON);
      return {
        status: error.status,
        headers,
        body: oauthJsonBody(c, error, ctx.detail, ctx.locale !== undefined),
      };
    },
  };
}
