/**
 * The OCLC WorldCat web-services error catalog, seed 002 — every row of the seed: its HTTP status,
 * cause (description), message template and the authentication methods it applies to.
 *
 * OCLC's wire code is the HTTP status (`<oclc:code type="http">401</oclc:code>`), shared by many
 * rows, so each entry's catalog `code` is a symbolic one (`wskey_invalid`) that keeps rows apart
 * in the docs, the store and `errata lint`; the wire still says 401.
 *
 * Template parameters are spelled as the seed's, in camelCase: the seed's `{WSKey}` is `{wskey}`,
 * `{Access Token}` / `{Access_Token}` are `{accessToken}`, `{registryID}` is `{registryId}`.
 * `vendorIdNotFound` comes from the seed's example rather than its tables; `authorizationHeaderInvalid`
 * is errata's own (an Authorization header it cannot read), and says so. The server's generic 413
 * and 500 come from errata's `http` catalog, rendered in this format.
 * @module
 */
import { defineCatalog } from "../../src/catalog/define.js";

/** Seed 002's authentication methods. */
export const WSKEY_LITE = "WSKeyLite";
export const HMAC = "HMAC";
export const ACCESS_TOKEN = "Access Token";

export const oclcErrors = defineCatalog(
  {
    id: "oclc",
    title: "OCLC WorldCat web-service errors",
    description:
      "Errors of OCLC's WorldCat web services: HTTP status plus an XML error (namespace http://worldcat.org/xmlschemas/response); on POST and PUT an Atom entry echoes the posted content.",
    // Symbolic codes: neither catch-alls nor prefixes apply.
    families: { catchAll: false, prefix: false },
    formats: ["oclc"],
  },
  {
    badParameters: {
      code: "bad_parameters",
      status: 400,
      title: "Bad parameters",
      message: "The request has invalid or missing parameters",
      description:
        "The parameters sent in the request are invalid or the request is missing a required parameter; `oclc:detail` lists which.",
      causes: ["A required parameter is missing", "A parameter value is out of range or of the wrong form"],
      fixes: ["Correct each parameter listed in oclc:detail, following the web service's documentation."],
    },
    vendorIdNotFound: {
      code: "vendor_id_not_found",
      status: 400,
      title: "Bad parameters",
      message: "vendorId {vendorId} not found",
      description:
        "A purchase order names a vendor that does not exist (the error of seed 002's example, returned with the posted order echoed).",
      causes: [
        "A vendorId of a vendor that was deleted or belongs to another institution",
        "A mistyped vendorId",
      ],
      fixes: ["Look the vendor up first and send its vendorId."],
    },
    invalidBodyContent: {
      code: "invalid_body_content",
      status: 400,
      title: "Invalid HTTP body content",
      message: "The content sent in the request does not conform to the schema of the web service",
      description:
        "The XML or JSON sent in the request does not conform to the schema that is used by the web service.",
      causes: ["A body that is not well-formed XML", "A document of another type than the operation takes"],
      fixes: ["Send a document that validates against the web service's schema."],
    },
    authorizationHeaderMissing: {
      code: "authorization_header_missing",
      status: 401,
      title: "Authorization header missing",
      message: "Authorization Header missing",
      description:
        "No authentication information was sent: neither a wskey parameter nor an Authorization header.",
      causes: ["No authentication information sent"],
      fixes: [
        "Send the WSKey as the wskey query parameter (WSKeyLite), or an HMAC signature or access token in Authorization.",
      ],
      authMethods: [WSKEY_LITE, HMAC, ACCESS_TOKEN],
    },
    wskeyInvalid: {
      code: "wskey_invalid",
      status: 401,
      title: "WSKey invalid",
      message: 'WSKey "{wskey}" is invalid',
      description: "The WSKey is not one OCLC issued.",
      causes: ["WSKey invalid", "A mistyped or truncated key"],
      fixes: ["Copy the key again from the service configuration (demo: demo-wskey)."],
      authMethods: [WSKEY_LITE, HMAC],
    },
    wskeyExpired: {
      code: "wskey_expired",
      status: 401,
      title: "WSKey expired",
      message: "WSKey is expired",
      description: "The WSKey was valid but has expired.",
      causes: ["Expired WSKey"],
      fixes: ["Request a new WSKey, or have the key's expiry extended."],
      authMethods: [WSKEY_LITE, HMAC],
    },
    wskeyCancelled: {
      code: "wskey_cancelled",
      status: 401,
      title: "WSKey cancelled",
      message: "WSKey has been cancelled",
      description: "The WSKey was cancelled.",
      causes: ["Cancelled WSKey"],
      fixes: ["Request a new WSKey."],
      authMethods: [WSKEY_LITE, HMAC],
    },
    badSignature: {
      code: "bad_signature",
      status: 401,
      title: "Bad signature",
      message: "Request has an invalid signature",
      description: "The HMAC signature does not match the request.",
      causes: [
        "Bad signature",
        "A wrong secret",
        "A normalized request string built differently from the documented recipe",
      ],
      fixes: [
        "Sign the normalized request string of the README with the key's secret (HMAC-SHA256, base64).",
      ],
      authMethods: [HMAC],
    },
    wrongTimestamp: {
      code: "wrong_timestamp",
      status: 401,
      title: "Wrong timestamp",
      message: "timestamp in request({timestamp}) is not valid; current time on server is {currentTimestamp}",
      description:
        "The HMAC timestamp (Unix seconds) is more than five minutes away from the server's clock, or is not a number.",
      causes: ["Wrong timestamp", "A client clock that drifted", "Milliseconds sent instead of seconds"],
      fixes: ["Synchronise the client's clock (NTP) and send the current Unix time in seconds."],
      authMethods: [HMAC],
    },
    repeatedNonce: {
      code: "repeated_nonce",
      status: 401,
      title: "Repeated nonce",
      message: "nonce in request is not unique",
      description: "The HMAC nonce was already used with this key: a replayed or re-sent request.",
      causes: ["Repeated nonce", "A request retried with its original Authorization header"],
      fixes: ["Generate a new random nonce (and signature) for every request, retries included."],
      authMethods: [HMAC],
    },
    invalidAccessToken: {
      code: "invalid_access_token",
      status: 401,
      title: "Invalid access token",
      message: "invalid_token",
      description: "The access token is not valid.",
      causes: ["Invalid Access Token", "A token of another environment"],
      fixes: ["Get a new access token from the authorization server."],
      authMethods: [ACCESS_TOKEN],
    },
    expiredAccessToken: {
      code: "expired_access_token",
      status: 401,
      title: "Expired access token",
      message: "{accessToken} has expired",
      description:
        "The access token has expired (the seed writes the template as `{Access Token} has expired`).",
      causes: ["Expired Access Token"],
      fixes: ["Refresh the access token, or request a new one."],
      authMethods: [ACCESS_TOKEN],
    },
    authorizationHeaderInvalid: {
      code: "authorization_header_invalid",
      status: 401,
      title: "Authorization header invalid",
      message: "Authorization header is not valid: {reason}",
      description:
        "The Authorization header cannot be read: an unknown scheme, a parameter that is not RFC 9110 §11 syntax, or an HMAC parameter missing (errata addition, not in seed 002).",
      causes: [
        "A missing clientId, timestamp, nonce or signature",
        "An unterminated quoted string",
        "An unknown scheme",
      ],
      fixes: [
        "Send the WSKey v2 HMAC scheme with quoted clientId, timestamp, nonce and signature parameters (see the README).",
      ],
      authMethods: [HMAC, ACCESS_TOKEN],
    },
    serviceNotOnWskey: {
      code: "service_not_on_wskey",
      status: 403,
      title: "Web service not associated with WSKey",
      message: 'Service "{serviceDisplayName}" {serviceName} not found on WSKey',
      description:
        "The WSKey is valid but not for this web service, as when a WorldCat Search API key is used for the WorldCat knowledge base API.",
      causes: ["Web Service Not Associated with WSKey"],
      fixes: ["Request the service for the key in the service configuration, or use a key that has it."],
      authMethods: [WSKEY_LITE, HMAC],
    },
    serviceExpiredOnWskey: {
      code: "service_expired_on_wskey",
      status: 403,
      title: "Web service expired on WSKey",
      message: 'Service "{serviceDisplayName}" {serviceName} on WSKey has expired',
      description: "The key's access to this web service has expired.",
      causes: ["Web Service Expired on WSKey"],
      fixes: ["Renew the service on the key."],
      authMethods: [WSKEY_LITE, HMAC],
    },
    serviceCancelledOnWskey: {
      code: "service_cancelled_on_wskey",
      status: 403,
      title: "Web service cancelled on WSKey",
      message: 'Service "{serviceDisplayName}" {serviceName} on WSKey has been cancelled',
      description: "The key's access to this web service was cancelled.",
      causes: ["Web Service Cancelled on WSKey"],
      fixes: ["Request the service for the key again."],
      authMethods: [WSKEY_LITE, HMAC],
    },
    accessTokenServiceDenied: {
      code: "access_token_service_denied",
      status: 403,
      title: "Web service not associated with access token",
      message: "Access Token {accessToken} does not have access to service {serviceName}",
      description:
        "The access token's scope does not include this web service (the seed writes `{Access_Token}`).",
      causes: ["Web Service Not Associated with Access Token"],
      fixes: ["Request a token whose scope includes the service."],
      authMethods: [ACCESS_TOKEN],
    },
    institutionNotOnAccessToken: {
      code: "institution_not_on_access_token",
      status: 403,
      title: "Institution not associated with access token",
      message: "Institution {institutionId} is not associated with the access token",
      description:
        "The access token was issued for another institution. The real service's message varies (seed 002: 'Error message Varies'); errata's is this template.",
      causes: ["Institution Not Associated with Access Token"],
      fixes: ["Request a token for the institution whose data the request reads."],
      authMethods: [ACCESS_TOKEN],
    },
    userPermissionsBadRequest: {
      code: "user_permissions_bad_request",
      status: 403,
      title: "User identifier not valid",
      message: "Unable to retrieve user permissions due to bad request",
      description: "The user identifier pair (principalID and principalIDNS) passed was not valid.",
      causes: ["A principalID or principalIDNS that does not exist or does not match"],
      fixes: ["Send the principalID and principalIDNS of an existing user of the institution."],
    },
    userMissingPermission: {
      code: "user_missing_permission",
      status: 403,
      title: "Missing permission",
      message:
        "Missing permission : Authorization failed for user at Institution {registryId} in the context of authority id {registryId} and authority type INSTITUTION",
      description:
        "The user identifier does not have the roles and permissions to perform the requested action (the seed writes `{registryID}`).",
      causes: ["The user lacks the role the operation needs"],
      fixes: ["Grant the user the role in the institution's settings, or act as a user who has it."],
    },
    overLimit: {
      code: "over_limit",
      status: 403,
      title: "Over limit",
      message:
        "Daily limit of {limit} requests exceeded for this WSKey and service; retry in {retryAfter} seconds",
      description:
        "The requester reached the maximum number of requests a day to the web service with this WSKey. WorldCat Search API and WorldCat knowledge base API enforce it (demo: 50 a day per key and service, reset at 00:00 UTC).",
      causes: ["Overlimit: more requests in one day than the key's quota for the service"],
      fixes: ["Wait for the daily reset (Retry-After), cache results, or ask OCLC for a higher quota."],
      authMethods: [WSKEY_LITE, HMAC],
    },
    notFound: {
      code: "not_found",
      status: 404,
      title: "Not found",
      message: "The requested URL was not found",
      description: "The URL being requested is not found.",
      causes: ["A URL not constructed as the web service's documentation says"],
      fixes: ["Check the documentation of the web service to construct the URL correctly."],
    },
    methodNotSupported: {
      code: "method_not_supported",
      status: 405,
      title: "Method not supported",
      message: "The HTTP method of the request is not supported by the web service",
      description:
        "The HTTP method of the request is not supported by the web service. Some web services are read-only; some objects cannot be deleted.",
      causes: ["A write to a read-only service", "DELETE of an object that cannot be deleted"],
      fixes: ["Use a method listed in the Allow header."],
    },
    notSupported: {
      code: "not_supported",
      status: 406,
      title: "Not supported",
      message: "The value of the HTTP Accept header is not supported by the web service",
      description:
        "The value that has been sent in the HTTP Accept header is not supported by the web service.",
      causes: [
        "An Accept header naming only media types the service does not produce (JSON for an XML service)",
      ],
      fixes: ["Accept one of the media types of the web service's documentation (application/xml)."],
    },
    unsupportedMediaType: {
      code: "unsupported_media_type",
      status: 415,
      title: "Unsupported media type",
      message: "The value of the HTTP Content-Type header is not supported by the web service",
      description:
        "The value that has been sent in the HTTP Content-Type header is not supported by the web service.",
      causes: ["A body sent with a Content-Type the operation does not read"],
      fixes: ["Send the body as application/xml."],
    },
  },
);
