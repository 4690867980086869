/**
 * The error catalog of an OAuth 2.0 / OpenID Connect provider, from seed 004: every row of its
 * HTTP status table (400–503), of its OAuth 2.0 & OpenID Connect table (RFC 6749 §4.1.2.1, §5.2)
 * and of its token errors (RFC 6750 §3.1), with their descriptions, causes and fixes.
 *
 * Codes are the strings that go on the wire as OAuth's `error` (RFC 6749 §5.2: a single ASCII
 * code): the RFC's own names for the OAuth rows, and the snake_case reason phrase for the HTTP
 * status rows (the seed's code column there is the status itself). Messages are NQSCHAR (no `"`
 * or `\`), as RFC 6749 §5.2 requires of `error_description`.
 *
 * errata's additions, each marked in its description:
 * - `too_many_attempts` (429): the lockout after 5 failed client authentications a minute from
 *   one address (CONTRACT §3.5). OAuth defines no rate-limit code; this one is distinct from the
 *   generic 429 `too_many_requests` because the cause and the fix differ (a client retrying with
 *   wrong credentials, not a client calling too often), and Auth0 uses the same name for the same
 *   brute-force lockout, so it reads as familiar. RFC 8628's `slow_down` was not reused: it means
 *   "poll less often" to a device-flow client and is sent with status 400.
 * - `unsupported_response_type` (RFC 6749 §4.1.2.1), for the authorization endpoint; the seed's
 *   table leaves it out.
 * @module
 */
import { defineCatalog } from "../../src/catalog/define.js";

export const oauthErrors = defineCatalog(
  {
    id: "oauth",
    title: "OAuth 2.0 provider",
    description:
      "Errors of an OAuth 2.0 / OpenID Connect provider (seed 004): token-endpoint errors (RFC 6749 §5.2), " +
      "authorization-endpoint redirects (RFC 6749 §4.1.2.1), protected-resource challenges (RFC 6750 §3) " +
      "and the HTTP statuses around them.",
    version: "1",
    formats: ["oauth2", "bearer-challenge"],
  },
  {
    // ── HTTP status codes (seed 004, first table) ─────────────────────────────────────────────
    badRequest: {
      code: "bad_request",
      status: 400,
      title: "Bad Request",
      message: "The request could not be understood or was missing required parameters.",
      description: "The request could not be understood or was missing required parameters.",
      causes: [
        "Incorrect or missing parameters (e.g., client_id, client_secret, grant_type, etc.).",
        "Invalid request format or content type.",
      ],
      fixes: ["Verify the request body and parameters. Make sure all required fields are present and valid."],
      tags: ["http"],
    },
    unauthorized: {
      code: "unauthorized",
      status: 401,
      title: "Unauthorized",
      message: "The request lacks valid authentication credentials.",
      description:
        "The request lacks valid authentication credentials. On a protected resource this is the answer to a " +
        "request without any credentials: the challenge is `Bearer realm=…` with no error (RFC 6750 §3.1).",
      causes: [
        "Missing or invalid Access Token in the request.",
        "Incorrect client_id or client_secret.",
        "The token has expired or been revoked.",
      ],
      fixes: [
        "Ensure the Access Token is valid and not expired.",
        "Re-generate an Access Token if necessary.",
        "Double-check client_id and client_secret.",
      ],
      tags: ["http", "authentication"],
    },
    forbidden: {
      code: "forbidden",
      status: 403,
      title: "Forbidden",
      message: "The authenticated user does not have permission to access the requested resource.",
      description: "The authenticated user does not have permission to access the requested resource.",
      causes: [
        "Insufficient permissions or scopes associated with the Access Token.",
        "The user or client app is not authorized for this specific action.",
      ],
      fixes: [
        "Ensure that the correct scopes are requested during the authorization process.",
        "Check if the resource requires additional permissions.",
      ],
      tags: ["http", "authorization"],
    },
    notFound: {
      code: "not_found",
      status: 404,
      title: "Not Found",
      message: "The requested resource could not be found.",
      description: "The requested resource could not be found.",
      causes: ["Incorrect API endpoint or resource URL.", "The resource has been deleted or does not exist."],
      fixes: ["Verify the API endpoint URL and ensure it is correct."],
      tags: ["http"],
    },
    methodNotAllowed: {
      code: "method_not_allowed",
      status: 405,
      title: "Method Not Allowed",
      message: "The HTTP method used in the request is not supported for this endpoint.",
      description:
        "The HTTP method used in the request is not supported for this endpoint. The `Allow` header lists the methods it supports.",
      causes: [
        "Using GET instead of POST for token requests.",
        "Using an unsupported method for an API resource.",
      ],
      fixes: ["Check the documentation to ensure the correct HTTP method is used."],
      tags: ["http"],
    },
    notAcceptable: {
      code: "not_acceptable",
      status: 406,
      title: "Not Acceptable",
      message:
        "The server cannot provide a response in the requested format due to an invalid Accept header.",
      description:
        "The server cannot provide a response in the requested format due to an invalid Accept header.",
      causes: ["The request specifies an unsupported media type in the Accept header."],
      fixes: [
        "Ensure the Accept header is set to a supported format, such as application/json.",
        "Check API documentation for valid response types.",
      ],
      tags: ["http"],
    },
    payloadTooLarge: {
      code: "payload_too_large",
      status: 413,
      title: "Payload Too Large",
      message: "The request body exceeds the maximum allowed size by the server.",
      description: "The request body exceeds the maximum allowed size by the server (1 MiB on the demo).",
      causes: ["Sending large file uploads, oversized JSON payloads, or improperly compressed data."],
      fixes: [
        "Reduce the payload size, use pagination if applicable, or check for API-specific limits in the documentation.",
      ],
      tags: ["http"],
    },
    uriTooLong: {
      code: "request_uri_too_long",
      status: 414,
      title: "Request URI Too Long",
      message: "The requested URL is too long for the server to process.",
      description: "The requested URL is too long for the server to process (more than 8 KiB on the demo).",
      causes: ["Sending excessively long query parameters or improperly encoded URLs."],
      fixes: [
        "Shorten the request URI by reducing query parameters or using a POST request with a request body.",
      ],
      tags: ["http"],
    },
    unprocessableEntity: {
      code: "unprocessable_entity",
      status: 422,
      title: "Unprocessable Entity",
      message: "The request is well-formed but contains semantic errors that prevent processing.",
      description: "The request is well-formed but contains semantic errors that prevent processing.",
      causes: ["Missing or incorrect field values, violating API validation rules."],
      fixes: [
        "Validate request parameters, check required fields, and correct any formatting issues based on API documentation.",
      ],
      tags: ["http"],
    },
    tooManyRequests: {
      code: "too_many_requests",
      status: 429,
      title: "Too Many Requests",
      message: "The client has sent too many requests within a given timeframe, exceeding rate limits.",
      description:
        "The client has sent too many requests within a given timeframe, exceeding rate limits. `Retry-After` says when to try again.",
      causes: ["Exceeding API rate limits or quota restrictions."],
      fixes: [
        "Implement exponential backoff or retry logic, monitor usage limits, and consider upgrading to a higher quota plan if available.",
      ],
      tags: ["http", "rate-limit"],
    },
    headersTooLarge: {
      code: "request_header_fields_too_large",
      status: 431,
      title: "Request Header Fields Too Large",
      message: "The request headers exceed the size limits set by the server.",
      description: "The request headers exceed the size limits set by the server (16 KiB on the demo).",
      causes: ["Sending too many headers or overly large individual headers."],
      fixes: [
        "Reduce the number or size of headers in the request, remove unnecessary metadata, and optimize cookie usage.",
      ],
      tags: ["http"],
    },
    internalServerError: {
      code: "internal_server_error",
      status: 500,
      title: "Internal Server Error",
      message: "An unexpected server error occurred.",
      description: "An unexpected server error occurred.",
      causes: ["A problem on the API provider's server side.", "Temporary service downtime."],
      fixes: ["Retry the request later or contact support if the issue persists."],
      tags: ["http"],
    },
    serviceUnavailable: {
      code: "service_unavailable",
      status: 503,
      title: "Service Unavailable",
      message: "The server is temporarily unable to handle the request.",
      description: "The server is temporarily unable to handle the request.",
      causes: ["Server overload or maintenance.", "Rate-limiting or throttling issues."],
      fixes: ["Wait for some time and retry the request."],
      tags: ["http"],
    },

    // ── OAuth 2.0 & OpenID Connect error codes (seed 004, second table) ───────────────────────
    invalidRequest: {
      code: "invalid_request",
      status: 400,
      title: "Invalid Request",
      message: "The request is missing a required parameter or includes an invalid parameter: {problem}.",
      description:
        "The request is missing a required parameter or includes an invalid parameter; the description names " +
        "the problem (RFC 6749 §5.2: also a " +
        "repeated parameter, more than one client authentication method, or otherwise malformed; RFC 6750 §3.1: " +
        "more than one method of sending the access token).",
      causes: [
        "Required parameters like client_id, grant_type, or scope are missing or invalid.",
        "Malformed request or incorrect encoding.",
      ],
      fixes: ["Review the request and add the missing or correct parameters."],
      parent: "bad_request",
      tags: ["oauth", "token-endpoint", "authorization-endpoint", "resource"],
    },
    invalidClient: {
      code: "invalid_client",
      status: 401,
      title: "Invalid Client",
      message: "The client authentication failed (e.g., incorrect client_id or client_secret).",
      description:
        "The client authentication failed (e.g., incorrect client_id or client_secret). errata answers 401 with " +
        "`WWW-Authenticate: Basic realm=…` however the client authenticated: RFC 6749 §5.2 requires it when the " +
        "client used HTTP Basic and allows it otherwise, and RFC 9110 §15.5.2 requires a challenge on every 401.",
      causes: ["Wrong client_id or client_secret.", "Client credentials are invalid, revoked, or missing."],
      fixes: [
        "Double-check the client credentials and make sure they are correct and properly included in the request.",
      ],
      parent: "unauthorized",
      tags: ["oauth", "token-endpoint", "authentication"],
    },
    invalidGrant: {
      code: "invalid_grant",
      status: 400,
      title: "Invalid Grant",
      message: "The provided authorization grant or refresh token is invalid, expired, or revoked.",
      description: "The provided authorization grant or refresh token is invalid, expired, or revoked.",
      causes: [
        "Incorrect or expired authorization code.",
        "Invalid refresh token.",
        "Mismatched redirect URI.",
      ],
      fixes: ["Re-authenticate the user and request a new authorization grant or refresh token."],
      parent: "bad_request",
      tags: ["oauth", "token-endpoint"],
    },
    unauthorizedClient: {
      code: "unauthorized_client",
      status: 400,
      title: "Unauthorized Client",
      message: "The client is not authorized to use this grant type.",
      description: "The client is not authorized to use this grant type.",
      causes: [
        "The client is not allowed to use a specific grant type (e.g., password, client_credentials).",
        "The client is not authorized to request certain scopes.",
      ],
      fixes: ["Verify that the client is registered to use the grant type and requested scopes."],
      parent: "bad_request",
      tags: ["oauth", "token-endpoint", "authorization-endpoint"],
    },
    unsupportedGrantType: {
      code: "unsupported_grant_type",
      status: 400,
      title: "Unsupported Grant Type",
      message: "The authorization server does not support the requested grant type.",
      description: "The authorization server does not support the requested grant type.",
      causes: ["The grant_type parameter in the request is unsupported or misspelled."],
      fixes: [
        "Check if the grant type is supported by the server and correct any misspellings in the request.",
      ],
      parent: "bad_request",
      tags: ["oauth", "token-endpoint"],
    },
    invalidScope: {
      code: "invalid_scope",
      status: 400,
      title: "Invalid Scope",
      message: "The requested scope is invalid, unknown, or malformed.",
      description: "The requested scope is invalid, unknown, or malformed.",
      causes: [
        "The requested scope does not exist or is misspelled.",
        "The client is not allowed to request certain scopes.",
      ],
      fixes: ["Verify the scope names and ensure they match the allowed scopes."],
      parent: "bad_request",
      tags: ["oauth", "token-endpoint", "authorization-endpoint"],
    },
    accessDenied: {
      code: "access_denied",
      status: 403,
      title: "Access Denied",
      message: "The resource owner or authorization server denied the request.",
      description:
        "The resource owner or authorization server denied the request. Sent by redirect from the authorization " +
        "endpoint (RFC 6749 §4.1.2.1).",
      causes: [
        "The user declined to grant permission to the application.",
        "The authorization server is denying access to the requested resource.",
      ],
      fixes: [
        "Check the authorization flow and ensure that the user has granted permission.",
        "If the issue persists, contact the authorization provider.",
      ],
      parent: "forbidden",
      tags: ["oauth", "authorization-endpoint"],
    },
    serverError: {
      code: "server_error",
      status: 500,
      title: "Server Error",
      message: "The authorization server encountered an unexpected condition.",
      description:
        "The authorization server encountered an unexpected condition. Every unexpected failure becomes this " +
        "error, with a generic message; the details go only to the log and the error store.",
      causes: ["Internal server error on the provider's side."],
      fixes: ["Retry the request later, and if the problem persists, contact the service provider."],
      parent: "internal_server_error",
      tags: ["oauth", "authorization-endpoint", "token-endpoint"],
    },
    temporarilyUnavailable: {
      code: "temporarily_unavailable",
      status: 503,
      title: "Temporarily Unavailable",
      message: "The authorization server is temporarily unable to handle the request.",
      description:
        "The authorization server is temporarily unable to handle the request. `Retry-After` says when to try again " +
        "(120 seconds by default).",
      causes: ["Server maintenance or service outage."],
      fixes: ["Retry the request later."],
      retryAfter: 120,
      parent: "service_unavailable",
      tags: ["oauth", "authorization-endpoint"],
    },
    unsupportedResponseType: {
      code: "unsupported_response_type",
      status: 400,
      title: "Unsupported Response Type",
      message: "The authorization server does not support obtaining an authorization code using this method.",
      description:
        "The authorization server does not support obtaining an authorization code using this method " +
        "(RFC 6749 §4.1.2.1). Added by errata: seed 004's table leaves this standard code out.",
      causes: ["A response_type other than code (the demo supports the authorization code flow only)."],
      fixes: ["Send response_type=code."],
      parent: "bad_request",
      tags: ["oauth", "authorization-endpoint"],
    },
    tooManyAttempts: {
      code: "too_many_attempts",
      status: 429,
      title: "Too Many Attempts",
      message:
        "Too many failed client authentications from this address. Retry after the time in Retry-After.",
      description:
        "After 5 failed client authentications within a minute from one address, every token request from that " +
        "address is refused until the window frees (RFC 6749 §10.10 asks servers to guard credentials against " +
        "guessing). Added by errata: OAuth defines no code for it. Distinct from `too_many_requests` because the " +
        "cause and the fix differ, and named as Auth0 names the same lockout.",
      causes: [
        "Repeated requests with a wrong client_id or client_secret.",
        "A misconfigured client retrying without backing off.",
      ],
      fixes: [
        "Fix the client credentials before retrying.",
        "Wait the number of seconds in Retry-After; requests made meanwhile are refused without being checked.",
      ],
      parent: "too_many_requests",
      tags: ["oauth", "token-endpoint", "rate-limit"],
    },

    // ── Token-related errors (seed 004, third table; RFC 6750 §3.1) ───────────────────────────
    invalidToken: {
      code: "invalid_token",
      status: 401,
      title: "Invalid Token",
      message: "The provided token is invalid or expired.",
      description:
        "The provided token is invalid or expired. Sent in the challenge: `WWW-Authenticate: Bearer realm=…, " +
        'error="invalid_token", error_description=…` (RFC 6750 §3.1).',
      causes: [
        "Access Token or Refresh Token is malformed, expired, or revoked.",
        "The token was issued for a different client or resource.",
      ],
      fixes: ["Request a new token and ensure it is used within its validity period."],
      parent: "unauthorized",
      tags: ["oauth", "resource", "authentication"],
    },
    insufficientScope: {
      code: "insufficient_scope",
      status: 403,
      title: "Insufficient Scope",
      message: "The token does not have sufficient scope to access the requested resource.",
      description:
        "The token does not have sufficient scope to access the requested resource. The challenge's `scope` " +
        "attribute names the scope the resource needs (RFC 6750 §3.1).",
      causes: [
        "The access token was issued without the scope the resource needs (e.g. a token with only openid calling an endpoint that needs profile).",
      ],
      fixes: ["Re-authenticate with the correct scope or request a new token with the required permissions."],
      defect:
        "Seed 004's row repeats its fix text in the Possible Causes column ('Re-authenticate with the correct scope or " +
        "request a new token with the required permissions.'); errata states the cause instead.",
      parent: "forbidden",
      tags: ["oauth", "resource", "authorization"],
    },
  },
);

/** The catalog's type, for code that takes it as a parameter. */
export type OAuthErrors = typeof oauthErrors;
