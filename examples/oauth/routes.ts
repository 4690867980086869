/**
 * The OAuth 2.0 provider of the demo (seed 004, CONTRACT §3.5), under `/oauth`:
 *
 * - `POST /token` — RFC 6749 token endpoint: `client_credentials`, `authorization_code` and
 *   `refresh_token` grants for client `demo-client`/`demo-secret` (HTTP Basic or form body).
 *   Errors are RFC 6749 §5.2 JSON (`oauth2` format). After 5 failed client authentications in a
 *   minute from one address, every request from it gets 429 `too_many_attempts` with
 *   `Retry-After` until the window frees.
 * - `GET /authorize` — RFC 6749 §4.1 authorization endpoint with automatic consent (there is no
 *   login page in a demo): redirects with a one-time `code`, or with the error (§4.1.2.1).
 * - `GET /userinfo` — an OpenID Connect UserInfo endpoint, a protected resource needing scope
 *   `profile`: errors are RFC 6750 §3 challenges (`bearer-challenge` format).
 * - `GET /maintenance` — always 503 `temporarily_unavailable` with `Retry-After: 120`.
 *
 * Order of checks on `/token`, as real APIs do: the lockout (a request from a locked-out address
 * is refused before its credentials are even read, so the lockout cannot be used to test
 * guesses), client authentication, then the arguments.
 * @module
 */
import { randomBytes } from "node:crypto";
import type { DemoContext } from "../../demo/app.js";
import type { RouteContext, Router } from "../../src/adapters/node/index.js";
import { createRouter } from "../../src/adapters/node/index.js";
import type { GuardEntries } from "../../src/core/errata.js";
import { bearerChallenge } from "../../src/formats/bearer-challenge/index.js";
import { authorizationResponseLocation, OAUTH_JSON, oauth2 } from "../../src/formats/oauth/index.js";
import { createErrata, type Errata, type ErrorObserver } from "../../src/index.js";
import { clientAddress, createRateLimiter, type RateLimiter } from "../../src/rate-limit/index.js";
import { oauthErrors as errors } from "./catalog.js";
import {
  type ClientCredentials,
  readBearerToken,
  readClientCredentials,
  secretsEqual,
} from "./credentials.js";

/** Realm of every challenge the demo provider sends. */
export const REALM = "errata-demo";

/** The registered demo client (CONTRACT §3.5). */
export const DEMO_CLIENT = {
  id: "demo-client",
  secret: "demo-secret",
  grants: ["client_credentials", "authorization_code", "refresh_token"],
  scopes: ["openid", "profile"],
  redirectUris: ["https://client.example.org/callback"],
} as const;

/** The grant types this server implements; `password` exists but no demo client may use it. */
const SERVER_GRANTS = new Set(["client_credentials", "authorization_code", "refresh_token", "password"]);

/** The demo user the bearer tokens act for (OpenID Connect standard claims, scope `profile`). */
export const DEMO_USER = {
  sub: "248289761001",
  name: "Jane Doe",
  given_name: "Jane",
  family_name: "Doe",
  preferred_username: "j.doe",
} as const;

/** Failed client authentications allowed per address and window (CONTRACT §3.5: 5 a minute). */
export const FAILED_AUTH_POLICY = {
  name: "oauth-client-auth",
  limit: 5,
  windowMs: 60_000,
  algorithm: "sliding-window",
} as const;

/** Lifetime of issued access tokens, seconds. */
const ACCESS_TOKEN_SECONDS = 3600;
/** Lifetime of authorization codes (RFC 6749 §4.1.2: "a maximum … of 10 minutes is RECOMMENDED"). */
const CODE_MS = 60_000;
/** Bound on what the demo keeps in memory. */
const MAX_ISSUED = 10_000;
/** A scope-token (RFC 6749 §3.3). */
const SCOPE_TOKEN = /^[\u0021\u0023-\u005b\u005d-\u007e]+$/;

interface AccessToken {
  readonly scopes: readonly string[];
  readonly expiresAt: number;
  /** Whether the token acts for the demo user (false: a client's own token, client_credentials). */
  readonly user: boolean;
  readonly clientId: string;
}

interface AuthorizationCode {
  readonly clientId: string;
  readonly redirectUri: string;
  /** Whether the authorization request named the redirect URI (then the token request must repeat it, §4.1.3). */
  readonly redirectUriSent: boolean;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
}

interface RefreshToken {
  readonly clientId: string;
  readonly scopes: readonly string[];
}

/** Options of {@link createOauthProvider}. */
export interface OAuthProviderOptions {
  readonly prefix?: string;
  readonly docsBaseUrl?: string | null | (() => string | null);
  readonly observers?: readonly ErrorObserver[];
  /** Clock in epoch ms (tests inject one): token expiry and the lockout window. */
  readonly now?: () => number;
}

/** The provider: its router and the two error surfaces. */
export interface OAuthProvider {
  readonly router: Router;
  /** RFC 6749 §5.2 surface: `/token`, `/authorize`, `/maintenance`, and the guards under the prefix. */
  readonly tokenErrata: Errata;
  /** RFC 6750 §3 surface: `/userinfo`. */
  readonly resourceErrata: Errata;
  readonly limiter: RateLimiter<unknown>;
}

/** Insert-ordered map with a size bound: the oldest entries go first. */
function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.set(key, value);
  if (map.size > MAX_ISSUED) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}

/** A random credential: 32 base64url characters (a valid b64token, RFC 6750 §2.1). */
function newSecret(): string {
  return randomBytes(24).toString("base64url");
}

/** The single value of a parameter: undefined when absent; repeated parameters are checked before. */
function param(form: URLSearchParams, name: string): string | undefined {
  return form.get(name) ?? undefined;
}

/** The first repeated parameter (RFC 6749 §3.1, §3.2: parameters "MUST NOT be included more than once"). */
function repeatedParam(params: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const k of params.keys()) {
    if (seen.has(k)) return k;
    seen.add(k);
  }
  return undefined;
}

/** The client address the lockout counts under; a socket already gone has none, and shares one key. */
function addressOf(ctx: RouteContext): string {
  try {
    return clientAddress(ctx.req);
  } catch {
    return "unknown";
  }
}

function invalidRequest(problem: string) {
  return errors.invalidRequest({ problem });
}

/**
 * Scopes requested (RFC 6749 §3.3), checked against what may be granted; the default when absent.
 * A malformed or unknown scope is `invalid_scope`.
 */
function grantedScopes(
  requested: string | undefined,
  allowed: readonly string[],
  fallback: readonly string[],
): string[] {
  if (requested === undefined) return [...fallback];
  const tokens = requested.split(" ");
  const out: string[] = [];
  for (const t of tokens) {
    if (!SCOPE_TOKEN.test(t) || !allowed.includes(t)) throw errors.invalidScope();
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

/** Builds the provider; the demo mounts its router (see {@link mountOauth}). */
export function createOauthProvider(options: OAuthProviderOptions = {}): OAuthProvider {
  const now = options.now ?? Date.now;
  const guards: Partial<GuardEntries> = {
    badRequest: errors.badRequest,
    malformedBody: errors.badRequest,
    validationFailed: errors.unprocessableEntity,
    notFound: errors.notFound,
    methodNotAllowed: errors.methodNotAllowed,
    notAcceptable: errors.notAcceptable,
    payloadTooLarge: errors.payloadTooLarge,
    uriTooLong: errors.uriTooLong,
    headersTooLarge: errors.headersTooLarge,
    tooManyRequests: errors.tooManyRequests,
    unexpected: errors.serverError,
  };
  const shared = {
    catalogs: [errors],
    guards,
    docsBaseUrl: options.docsBaseUrl ?? null,
    observers: options.observers ?? [],
  };
  const tokenErrata = createErrata({ ...shared, formats: [oauth2({ realm: REALM })] });
  const resourceErrata = createErrata({ ...shared, formats: [bearerChallenge({ realm: REALM })] });
  const limiter = createRateLimiter({ policies: [FAILED_AUTH_POLICY], memory: { now } });

  const accessTokens = new Map<string, AccessToken>([
    [
      "demo-token",
      {
        scopes: ["openid", "profile"],
        expiresAt: Number.POSITIVE_INFINITY,
        user: true,
        clientId: DEMO_CLIENT.id,
      },
    ],
    [
      "readonly-token",
      { scopes: ["openid"], expiresAt: Number.POSITIVE_INFINITY, user: true, clientId: DEMO_CLIENT.id },
    ],
    // Known but expired: the RFC 6750 §3 "The access token expired" case.
    ["expired-token", { scopes: ["openid", "profile"], expiresAt: 0, user: true, clientId: DEMO_CLIENT.id }],
  ]);
  const codes = new Map<string, AuthorizationCode>();
  const refreshTokens = new Map<string, RefreshToken>();

  function issue(clientId: string, scopes: readonly string[], user: boolean, withRefresh: boolean) {
    const accessToken = newSecret();
    remember(accessTokens, accessToken, {
      scopes,
      expiresAt: now() + ACCESS_TOKEN_SECONDS * 1000,
      user,
      clientId,
    });
    const body: Record<string, string | number> = {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: ACCESS_TOKEN_SECONDS,
      scope: scopes.join(" "),
    };
    if (withRefresh) {
      const refresh = newSecret();
      remember(refreshTokens, refresh, { clientId, scopes });
      body.refresh_token = refresh;
    }
    // RFC 6749 §5.1: Cache-Control: no-store and Pragma: no-cache on every response with tokens.
    return {
      status: 200,
      headers: { "Content-Type": OAUTH_JSON, "Cache-Control": "no-store", Pragma: "no-cache" },
      body: JSON.stringify(body),
    };
  }

  /** Client authentication; a failure counts toward the address's lockout. */
  async function authenticateClient(
    ctx: RouteContext,
    address: string,
    creds: ClientCredentials,
  ): Promise<string> {
    if (creds.kind === "invalid") throw invalidRequest(creds.problem);
    // RFC 6749 §5.2: a client that used HTTP Basic gets a 401 with a Basic challenge.
    if (creds.kind === "basic" || (creds.kind === "unusable" && creds.basic)) ctx.locals.authScheme = "basic";
    ctx.locals.realm = REALM;
    const ok =
      (creds.kind === "basic" || creds.kind === "post") &&
      creds.clientId === DEMO_CLIENT.id &&
      creds.secret !== null &&
      secretsEqual(creds.secret, DEMO_CLIENT.secret);
    if (!ok) {
      await limiter.consume(address, FAILED_AUTH_POLICY.name);
      throw errors.invalidClient();
    }
    ctx.clientId = DEMO_CLIENT.id;
    return DEMO_CLIENT.id;
  }

  async function token(ctx: RouteContext) {
    const address = addressOf(ctx);
    const lock = await limiter.peek(address, FAILED_AUTH_POLICY.name);
    if (!lock.allowed) throw errors.tooManyAttempts({ headers: limiter.headers(lock) });
    const form = await ctx.form();
    const clientId = await authenticateClient(
      ctx,
      address,
      readClientCredentials(ctx.req.headers.authorization, form),
    );
    const repeated = repeatedParam(form);
    if (repeated !== undefined) throw invalidRequest(`the ${repeated.slice(0, 64)} parameter is repeated`);
    const grantType = param(form, "grant_type");
    if (grantType === undefined || grantType === "") throw invalidRequest("grant_type is missing");
    if (!SERVER_GRANTS.has(grantType)) throw errors.unsupportedGrantType();
    if (!(DEMO_CLIENT.grants as readonly string[]).includes(grantType)) throw errors.unauthorizedClient();
    switch (grantType) {
      case "client_credentials": {
        // RFC 6749 §4.4.3: no refresh token for client credentials.
        const scopes = grantedScopes(param(form, "scope"), DEMO_CLIENT.scopes, DEMO_CLIENT.scopes);
        return issue(clientId, scopes, false, false);
      }
      case "authorization_code": {
        const code = param(form, "code");
        if (code === undefined || code === "") throw invalidRequest("code is missing");
        const grant = codes.get(code);
        // One use only (RFC 6749 §4.1.2: "The client MUST NOT use the authorization code more than once").
        codes.delete(code);
        if (grant === undefined || grant.expiresAt <= now() || grant.clientId !== clientId)
          throw errors.invalidGrant();
        const redirectUri = param(form, "redirect_uri");
        // RFC 6749 §4.1.3: redirect_uri must be repeated, identically, when the authorization request had it.
        if ((grant.redirectUriSent || redirectUri !== undefined) && redirectUri !== grant.redirectUri)
          throw errors.invalidGrant();
        return issue(clientId, grant.scopes, true, true);
      }
      default: {
        // refresh_token (RFC 6749 §6): a narrower scope may be asked for, never a wider one.
        const refresh = param(form, "refresh_token");
        if (refresh === undefined || refresh === "") throw invalidRequest("refresh_token is missing");
        const grant = refreshTokens.get(refresh);
        if (grant === undefined || grant.clientId !== clientId) throw errors.invalidGrant();
        const scopes = grantedScopes(param(form, "scope"), grant.scopes, grant.scopes);
        return issue(clientId, scopes, true, false);
      }
    }
  }

  function authorize(ctx: RouteContext) {
    const q = ctx.query;
    // §4.1.2.1: without a valid client and redirect URI, the error is shown here, never redirected.
    for (const name of ["client_id", "redirect_uri"]) {
      if (q.getAll(name).length > 1) throw invalidRequest(`the ${name} parameter is repeated`);
    }
    const clientId = q.get("client_id");
    if (clientId === null || clientId === "") throw invalidRequest("client_id is missing");
    if (clientId !== DEMO_CLIENT.id) throw invalidRequest("client_id is unknown");
    const sent = q.get("redirect_uri");
    const registered: readonly string[] = DEMO_CLIENT.redirectUris;
    // RFC 6749 §3.1.2.3: simple string comparison; optional when exactly one URI is registered.
    if (sent !== null && !registered.includes(sent))
      throw invalidRequest("redirect_uri is not registered for this client");
    const redirectUri = sent ?? (registered[0] as string);
    // From here on every error, unexpected ones included, is reported by redirect.
    ctx.locals.redirectUri = redirectUri;
    const state = q.get("state");
    if (state !== null) ctx.locals.state = state;
    const repeated = repeatedParam(q);
    if (repeated !== undefined) throw invalidRequest(`the ${repeated.slice(0, 64)} parameter is repeated`);
    const responseType = q.get("response_type");
    if (responseType === null || responseType === "") throw invalidRequest("response_type is missing");
    if (responseType !== "code") throw errors.unsupportedResponseType();
    const scopes = grantedScopes(q.get("scope") ?? undefined, DEMO_CLIENT.scopes, DEMO_CLIENT.scopes);
    const code = newSecret();
    remember(codes, code, {
      clientId,
      redirectUri,
      redirectUriSent: sent !== null,
      scopes,
      expiresAt: now() + CODE_MS,
    });
    return {
      status: 302,
      headers: {
        Location: authorizationResponseLocation(redirectUri, [
          ["code", code],
          ["state", state],
        ]),
        "Cache-Control": "no-store",
      },
    };
  }

  function userinfo(ctx: RouteContext) {
    const creds = readBearerToken(ctx.req.headers.authorization, ctx.query);
    if (creds.kind === "invalid") throw invalidRequest(creds.problem);
    if (creds.kind === "none") throw errors.unauthorized();
    if (creds.kind === "malformed") throw errors.invalidToken();
    const t = accessTokens.get(creds.token);
    if (t === undefined || t.expiresAt <= now()) throw errors.invalidToken();
    ctx.clientId = t.clientId;
    if (!t.scopes.includes("profile")) {
      ctx.locals.scope = "profile";
      throw errors.insufficientScope();
    }
    const claims = t.user ? DEMO_USER : { sub: t.clientId };
    return {
      status: 200,
      // Personal data, answered per token: never stored by a cache.
      headers: { "Content-Type": OAUTH_JSON, "Cache-Control": "no-store" },
      body: JSON.stringify(claims),
    };
  }

  const router = createRouter({ prefix: options.prefix ?? "/oauth", errata: tokenErrata })
    .post("/token", token, { accepts: ["application/x-www-form-urlencoded"] })
    .get("/authorize", authorize)
    .get("/userinfo", userinfo, { errata: resourceErrata })
    .get("/maintenance", () => {
      throw errors.temporarilyUnavailable();
    });
  return { router, tokenErrata, resourceErrata, limiter };
}

/** Mounts the OAuth provider on the demo server under `/oauth`. */
export function mountOauth(ctx: DemoContext): Router {
  return createOauthProvider({ docsBaseUrl: ctx.docsBaseUrl, observers: ctx.observers, now: ctx.now }).router;
}
