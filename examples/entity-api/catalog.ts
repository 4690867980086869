/**
 * The entity API's error catalog (seed 003), every row of its "Error Codes" table, plus the
 * entries errata needs for its request-level guards (tagged `errata`).
 *
 * Seed 003 gives codes, messages and descriptions but no HTTP status per code; the statuses here
 * follow its "HTTP Status Codes" table (400, 401, 403, 404, 405, 415, 500) by the meaning of each
 * code, and 409 for the saving conflicts (2006 and, per CONTRACT §3.1, 200601/200602). "While
 * the text for an error message may change, the codes will stay the same": clients match on
 * `errorCode`.
 *
 * Families: 200601 and 200602 belong to 2006 by prefix. The codes are not organised in catch-alls
 * (5000 is "validation error", not the family of 5001–5004), so `catchAll` is off.
 *
 * Request tokens: the seed's body has no member for one; errata sends it in `X-Request-Id` only.
 * @module
 */
import { defineCatalog } from "../../src/catalog/define.js";

const ERRATA = ["errata"] as const;
const ADDED =
  "Added by errata for its request-level guards: seed 003 lists the HTTP status but no error code for it.";

export const entityApiErrors = defineCatalog(
  {
    id: "entity-api",
    title: "Entity API",
    description:
      'Error codes of the entity API (seed 003). Bodies are {"errors":[{"errorCode":N,"message":"…"}]}, with ' +
      '"subject" and "subjectType" on validation entries. The text of a message may change; the codes stay the ' +
      "same. The body has no request token: quote the X-Request-Id response header when contacting support.",
    families: { catchAll: false },
    formats: ["entity-api"],
  },
  {
    entitySavingError: {
      code: 2006,
      status: 409,
      message: "entity saving error",
      description:
        "Error occurred while saving the entity. The family of the saving errors: 200601 and 200602 name the " +
        "conflict when it is known, so 2006 shares their status (409: the entity conflicts with what is stored). " +
        "A failure of the service itself is 9001, not 2006.",
      causes: ["The entity conflicts with stored data in a way the service does not name"],
      fixes: [
        "Fetch the stored entities the new one may conflict with, resolve the conflict, and save again.",
      ],
    },
    usptaNumberNotUnique: {
      code: 200601,
      status: 409,
      message: "entity saving error: USPTA number must be unique",
      description: "Error occurred while saving the entity. USPTA number must be unique.",
      causes: ["The usptaNumber sent is already registered for another entity"],
      fixes: [
        "Check the USPTA number; an entity that already has it exists and can be fetched and updated instead.",
      ],
    },
    ptrNumberNotUnique: {
      code: 200602,
      status: 409,
      message: "entity saving error: PTR number must be unique",
      description: "Error occurred while saving the entity. PTR number must be unique.",
      causes: ["The ptrNumber sent is already registered for another entity"],
      fixes: [
        "Check the PTR number; an entity that already has it exists and can be fetched and updated instead.",
      ],
    },
    entityNotFound: {
      code: 3001,
      status: 404,
      message: "entity not found",
      description: "Entity was not found.",
      causes: ["No entity has the id in the path", "The entity was removed"],
      fixes: ["Check the entity id; list or search for the entity to get its current id."],
    },
    entityAlreadyExists: {
      code: 3002,
      status: 409,
      message: "entity already exists",
      description: "Same entity already exists and cannot be created.",
      causes: ["A create request for an entity that is already stored (a retried POST)"],
      fixes: ["Fetch the existing entity instead of creating it again, or update it with PUT/PATCH."],
    },
    authenticationTokenInvalid: {
      code: 4003,
      status: 401,
      message: "authentication token is invalid",
      description: "Authentication token is not valid.",
      causes: ["An unknown, expired or revoked bearer token", "A malformed Authorization header"],
      fixes: ["Send a valid token as Authorization: Bearer <token>; obtain a new token if it expired."],
    },
    authenticationError: {
      code: 4004,
      status: 401,
      message: "authentication error",
      description: "Unknown authentication error occurred.",
      causes: ["No Authorization header was sent"],
      fixes: ["Authenticate with Authorization: Bearer <token>."],
    },
    backendTokenInvalid: {
      code: 4005,
      status: 401,
      message: "backend system token is invalid",
      description:
        "Authorization token for backend system call is not valid therefore request cannot be completed. " +
        "Seed 003 gives no status; 401 because its 4xxx family is authentication and the token is the caller's.",
      causes: ["The token the service forwards to a backend system was rejected by that system"],
      fixes: ["Obtain a fresh token with access to the backend system and retry."],
    },
    accessDenied: {
      code: 4006,
      status: 403,
      message: "access denied",
      description: "Access is denied.",
      causes: ["The authenticated caller is not allowed to perform the operation"],
      fixes: ["Use credentials that are granted the operation, or ask for the permission."],
    },
    validationError: {
      code: 5000,
      status: 400,
      message: "validation error",
      description:
        'Validation error. Additional attributes "subject" and "subjectType" may be present in response containing ' +
        "additional information (e.g. field name). Every invalid field is one entry of the same response.",
      causes: ["A required field is missing", "A field has the wrong type or format"],
      fixes: ["Correct each field named in a subject of the response and send the request again."],
    },
    illegalArgumentCombination: {
      code: 5001,
      status: 400,
      message: "illegal combination of method arguments",
      description: "Supplied method arguments either invalid or incomplete.",
      causes: ["Arguments that cannot be used together, or one that requires another which is missing"],
      fixes: ["Check which arguments the operation takes together in the API documentation."],
    },
    entityIdEmpty: {
      code: 5002,
      status: 400,
      message: "entity id is empty",
      description: "Entity primary key is empty, request cannot be completed.",
      causes: ["The request has no entity id where one is required"],
      fixes: ["Send the id of the entity."],
    },
    unknownIdentifierError: {
      code: 5003,
      status: 400,
      message: "unknown identifier error",
      description: "Unknown entity identifier error.",
      causes: ["The entity identifier is not in a form the service understands"],
      fixes: ["Use the identifier exactly as the API returned it."],
    },
    noRemainingAmount: {
      code: 5004,
      status: 400,
      message: "no remaining amount",
      description: "No remaining amount error.",
      causes: ["The operation needs an amount that is already used up"],
      fixes: ["Check the remaining amount before the operation, or top it up."],
    },
    emptyClientOrg: {
      code: 6001,
      status: 400,
      message: "empty client org",
      description: 'Empty "client org" attribute value.',
      causes: ["The client org attribute was sent empty or left out"],
      fixes: ["Send a non-empty client org."],
    },
    emptyPassword: {
      code: 6002,
      status: 400,
      message: "empty password",
      description: "Password cannot be empty.",
      causes: ["The password field was empty"],
      fixes: ["Send a non-empty password."],
    },
    invalidClientGrantType: {
      code: 6003,
      status: 400,
      message: "invalid client grant type",
      description: 'Invalid "client grant type" value error.',
      causes: ["A grant type the client is not registered for, or an unknown one"],
      fixes: ["Use one of the grant types registered for the client."],
    },
    invalidClientProfile: {
      code: 6004,
      status: 400,
      message: "invalid client profile",
      description: 'Invalid "client profile" value error.',
      causes: ["An unknown client profile value"],
      fixes: ["Use one of the documented client profile values."],
    },
    invalidClientScopeSet: {
      code: 6005,
      status: 400,
      message: "invalid client scope set",
      description: 'Invalid "client scope" value error.',
      causes: ["A scope the client may not request, or an unknown scope"],
      fixes: ["Request only scopes registered for the client."],
    },
    newPasswordMismatch: {
      code: 6006,
      status: 400,
      message: "new password not match",
      description: "New passwords do not match.",
      causes: ["The new password and its confirmation differ"],
      fixes: ["Type the same new password in both fields."],
    },
    wrongPassword: {
      code: 6007,
      status: 400,
      message: "wrong password",
      description: "Wrong password.",
      causes: ["The current password sent does not match the stored one"],
      fixes: ["Send the current password exactly; reset it if it is forgotten."],
    },
    unexpectedSystemError: {
      code: 9001,
      status: 500,
      message: "unexpected system error",
      description:
        "Unexpected system error. Every unexpected failure of the service is answered with this code and a generic " +
        "message; the details are logged under the request's X-Request-Id.",
      causes: ["A defect or an outage in the service"],
      fixes: ["Retry later; if it persists, contact support with the X-Request-Id of the response."],
    },
    httpMessageNotReadable: {
      code: 9002,
      status: 400,
      message: "HTTP message not readable error",
      description:
        "HTTP message not readable error: the body could not be read as JSON of the expected shape (broken JSON, " +
        "a body that is not a JSON object, text that is not UTF-8).",
      causes: [
        "Broken JSON",
        "A JSON array or value where an object is expected",
        "A body that is not UTF-8",
      ],
      fixes: [
        'Send a well-formed JSON object with Content-Type: application/json, e.g. {"firstName":"Ada","lastName":"Lovelace"}.',
      ],
    },
    mailTriggerError: {
      code: 9003,
      status: 500,
      message: "mail trigger error",
      description: "Error while triggering an email.",
      causes: ["The mail system did not accept the message"],
      fixes: [
        "The operation may have succeeded without its email; check its result, then retry or contact support.",
      ],
    },
    // ── errata's additions: the guards (CONTRACT §3) need a code in this body format ──
    badRequest: {
      code: 9400,
      status: 400,
      message: "bad request",
      description: `The request could not be understood (HTTP syntax). ${ADDED}`,
      causes: ["A malformed request line or header"],
      fixes: ["Send a well-formed HTTP request."],
      tags: ERRATA,
    },
    resourceNotFound: {
      code: 9404,
      status: 404,
      message: "resource not found",
      description: `No resource of the API matches the request path (not an entity: 3001 is for those). ${ADDED}`,
      causes: ["A mistyped path or a wrong API version"],
      fixes: ["Check the path against the API documentation (prefix /entity-api/v1)."],
      tags: ERRATA,
    },
    methodNotAllowed: {
      code: 9405,
      status: 405,
      message: "method not allowed",
      description: `The method received in the request-line is known by the origin server but not supported by the target resource; the Allow header lists the methods that are. ${ADDED}`,
      causes: ["DELETE on an entity (entities cannot be deleted)", "A method the resource does not support"],
      fixes: ["Use one of the methods in the Allow header."],
      tags: ERRATA,
    },
    notAcceptable: {
      code: 9406,
      status: 406,
      message: "not acceptable",
      description: `The Accept header allows no media type the API produces (it answers application/json). ${ADDED}`,
      causes: ["An Accept header without application/json or a wildcard"],
      fixes: ["Send Accept: application/json, or no Accept header."],
      tags: ERRATA,
    },
    requestTimeout: {
      code: 9408,
      status: 408,
      message: "request timeout",
      description: `The request was not received in time. ${ADDED}`,
      causes: ["A slow or stalled client"],
      fixes: ["Retry on a working connection."],
      tags: ERRATA,
    },
    contentTooLarge: {
      code: 9413,
      status: 413,
      message: "request entity too large",
      description: `The request body is larger than 1 MiB; the service stops reading it. ${ADDED}`,
      causes: ["An oversized body"],
      fixes: ["Send a smaller body."],
      tags: ERRATA,
    },
    uriTooLong: {
      code: 9414,
      status: 414,
      message: "URI too long",
      description: `The request target is longer than 8 KiB. ${ADDED}`,
      causes: ["Too many or too long query parameters"],
      fixes: ["Shorten the URI."],
      tags: ERRATA,
    },
    unsupportedMediaType: {
      code: 9415,
      status: 415,
      message: "unsupported media type",
      description: `Request header is missing content-type (e.g. application/json), or names a media type the API does not read. ${ADDED}`,
      causes: ["A body sent without Content-Type: application/json", "A form or XML body"],
      fixes: ["Send JSON bodies with Content-Type: application/json."],
      tags: ERRATA,
    },
    tooManyRequests: {
      code: 9429,
      status: 429,
      message: "too many requests",
      description: `The client sent too many requests; Retry-After says when to retry. ${ADDED}`,
      causes: ["A rate limit was exceeded"],
      fixes: ["Wait for the time in Retry-After, then retry with backoff."],
      tags: ERRATA,
    },
    headerFieldsTooLarge: {
      code: 9431,
      status: 431,
      message: "request header fields too large",
      description: `The request's header section is larger than 16 KiB. ${ADDED}`,
      causes: ["Oversized cookies or too many headers"],
      fixes: ["Send fewer or smaller headers."],
      tags: ERRATA,
    },
  },
);

/** The guards of the entity API's errata instance: each request-level error with its entry here. */
export const entityApiGuards = {
  badRequest: entityApiErrors.badRequest,
  notFound: entityApiErrors.resourceNotFound,
  methodNotAllowed: entityApiErrors.methodNotAllowed,
  notAcceptable: entityApiErrors.notAcceptable,
  payloadTooLarge: entityApiErrors.contentTooLarge,
  uriTooLong: entityApiErrors.uriTooLong,
  headersTooLarge: entityApiErrors.headerFieldsTooLarge,
  unsupportedMediaType: entityApiErrors.unsupportedMediaType,
  malformedBody: entityApiErrors.httpMessageNotReadable,
  validationFailed: entityApiErrors.validationError,
  tooManyRequests: entityApiErrors.tooManyRequests,
  requestTimeout: entityApiErrors.requestTimeout,
  unexpected: entityApiErrors.unexpectedSystemError,
} as const;
