/**
 * ORCID's API error catalog (seed 000): every row of ORCID's "API Error Codes" table, with its
 * "possible solution" as the fix, plus the entries errata needs to *be* ORCID's v3.0 API on the
 * demo (tagged `errata`).
 *
 * What the rows are keyed by. The seed's "Error Code" column is the HTTP status; the body's
 * `error-code` is ORCID's own code (9001–9053), which ORCID-Source assigns per exception class
 * (`OrcidCoreExceptionMapper` in orcid-core: `JsonParseException`/JAX-RS errors → 9001,
 * `IllegalArgumentException` → 9006, `OrcidDeprecatedException` → 9007, any other throwable →
 * 9008, `OrcidBadRequestException` → 9012, `NoResultException` → 9016, `LockedException` → 9018,
 * `SecurityException` → 9004, `AuthenticationException` → 9002, `OAuth2Exception` → 9003…).
 * An entry has a code when that mapping (or an observed body) establishes which one ORCID's v3
 * API sends for the row; rows that only the legacy 1.2 API, the web site, the OAuth server or
 * curl produce have none.
 *
 * Message texts. The developer message is `apiError.<code>.developerMessage` followed by
 * " Full validation error: " and the exception's message (`getDeveloperMessage`); the user
 * message is `apiError.<code>.userMessage` (orcid-core/src/main/resources/i18n/api_en.properties).
 * Texts come from, in this order: bodies observed from ORCID's API (ORCID's own example in
 * orcid-api-web/tutorial/api_errors.md; a 9008 body quoted in ORCID/orcid-js issue 4; 9006 and
 * 9016 bodies in kbase/orcidlink's test mocks), ORCID-Source, and kbase/orcidlink's transcription
 * of ORCID's error-code list. Where none establishes a text, errata writes one in ORCID's
 * "{status} {reason}: …" style and says so in the description.
 *
 * Defects of the real catalog are kept on purpose and documented in `defect` (the linter finds
 * them): statuses outside 400–599, client mistakes answered with 500, internal class names in
 * messages, rows without a status, and one code (9001, 9003) reused for several problems.
 * @module
 */
import { defineCatalog } from "../../src/catalog/define.js";

/** `apiError.9001.developerMessage`: ORCID's text for every JAX-RS error (parse errors, 404, 405, 406, 415). */
const DEV_9001 =
  "400 Bad Request: There is an issue with your data or the API endpoint. 405 Method Not Allowed: Endpoint and method mismatch. 415 Unsupported Media Type: data must be in XML or JSON format.";
const USER_9001 = "ORCID could not process the data, because they were invalid.";
const USER_NOT_AUTHORIZED = "The client application is not authorized.";
const USER_FORBIDDEN = "The client application is forbidden to perform the action.";
const ERRATA = ["errata"] as const;

const SHARED_9001 =
  'ORCID answers every JAX-RS error with error-code 9001 whatever the status (400 parse errors, 404, 405, 406, 413, 415): the code does not identify the problem, only the text after "Full validation error:" does. Kept so clients written for ORCID see its codes.';
const SHARED_9003 =
  "ORCID answers every OAuth 2.0 token problem (expired, unknown, bad client credentials) with error-code 9003: the code does not identify the problem. Kept so clients written for ORCID see its codes.";
const LEGACY =
  "Text of ORCID's retired 1.2 API (its exception mapper's message); v2.0 and later answer with a 9xxx code.";

export const orcidErrors = defineCatalog(
  {
    id: "orcid",
    title: "ORCID API",
    description:
      "Error codes of ORCID's Member and Public API v3.0 (seed 000). Bodies carry response-code, developer-message " +
      "(for the developer), user-message (safe to show the end user), error-code and more-info, in XML " +
      "(application/vnd.orcid+xml, application/xml) or JSON (application/vnd.orcid+json, application/json). " +
      "The body has no request token: quote the X-Request-Id response header when contacting support.",
    // ORCID's codes are flat: 9020 is "invalid incoming message", not the family of 9022, and no
    // code is another's prefix. Neither catch-alls nor prefixes make families here.
    families: { catchAll: false, prefix: false },
    formats: ["orcid"],
  },
  {
    // ── 3xx ──
    deprecatedRecord: {
      code: 9007,
      status: 301,
      title: "Moved Permanently",
      message:
        "301 Moved Permanently: This account is deprecated. Please refer to account: {primary}. ORCID {deprecated}",
      userMessage: "This account is deprecated. Please refer to account: {primary}.",
      description:
        "The ORCID iD was deprecated into another (a duplicate record merged into its primary). The response is a 301 " +
        "whose Location is the same call on the primary record, with ORCID's error body.",
      causes: ["The iD in the URL is a deprecated duplicate of another record"],
      fixes: [
        "This ORCID iD has been deprecated into another, see the location returned for the updated ORCID iD if you are not automatically forwarded",
      ],
      defect:
        "A redirect (301) answered as an error, with an error body: a status outside 400–599, kept as ORCID sends it.",
    },
    webInterfaceRedirect: {
      status: 302,
      message: "",
      description:
        "No error body: the web site (not the API) redirects the call, usually to its sign-in page. Seed 000 lists it " +
        "without a message.",
      causes: ["A call to the web site's host instead of the API's (no 'api.' in the host)"],
      fixes: [
        "Check that you are making a call to the api url not the web interface. The URL should start http://api.sandbox.orcid.org",
      ],
      defect:
        "Not an API error: the web site's redirect, with no message and no code; a status outside 400–599.",
    },
    // ── 400 ──
    badRequestXmlHeaders: {
      code: 9001,
      status: 400,
      message: `${DEV_9001} Full validation error: HTTP 400 Bad Request`,
      userMessage: USER_9001,
      description: "Bad Request: the request could not be read as an API call (seed 000's first 400 row).",
      causes: [
        "A missing or wrong XML declaration or Content-Type header",
        "A request the API framework rejects before the API sees it",
      ],
      fixes: ["Check XML headers"],
      defect: SHARED_9001,
    },
    enumerationNotFacetValid: {
      code: 9001,
      status: 400,
      message: `${DEV_9001} Full validation error: cvc-enumeration-valid: Value '{value}' is not facet-valid with respect to enumeration '{enumeration}'. It must be a value from the enumeration.`,
      userMessage: USER_9001,
      description:
        "Bad Request / Value * is not facet-valid with respect to enumeration: the posted XML has a value its schema " +
        "version does not allow. Real ORCID wraps the XML parser's text in its Java exception " +
        '("[org.xml.sax.SAXParseException; lineNumber: N; columnNumber: M; …]"); errata sends the parser\'s message alone.',
      causes: ["XML written for another version of the schema than the URL's", "A misspelt enumerated value"],
      fixes: ["Check that the version specified in the XML header and URL match"],
      defect: SHARED_9001,
    },
    contentNotAllowedInProlog: {
      code: 9001,
      status: 400,
      message: `${DEV_9001} Full validation error: Content is not allowed in prolog.`,
      userMessage: USER_9001,
      description:
        'The body is not XML: something other than markup comes before the root element. "Content is not allowed in ' +
        "prolog.\" is the Java XML parser's (Xerces) message; real ORCID also wraps it in the parser's exception class " +
        "name, which errata leaves out.",
      causes: [
        "A body that is not XML (JSON, text, a file path sent instead of the file)",
        "A missing '@' in curl's -d @file",
      ],
      fixes: ["Ensure that you are pointing to the correct file"],
      defect: SHARED_9001,
    },
    prematureEndOfFile: {
      code: 9001,
      status: 400,
      message: `${DEV_9001} Full validation error: Premature end of file.`,
      userMessage: USER_9001,
      description:
        'The XML ends before its root element does: an empty or truncated body. "Premature end of file." is the Java ' +
        "XML parser's (Xerces) message.",
      causes: ["An empty body", "A body cut off in transit or by a wrong file path"],
      fixes: [
        "Check the URL to which you are posting",
        "Check the formatting of your XML and the file path to it",
      ],
      defect: SHARED_9001,
    },
    unexpectedElement: {
      code: 9001,
      status: 400,
      message: `${DEV_9001} Full validation error: unexpected element (uri:"{uri}", local:"{local}"). Expected elements are {expected}`,
      userMessage: USER_9001,
      description:
        "Exception: unexpected element — the root element is not the one the endpoint reads (JAXB's message names the " +
        "element found and the ones expected).",
      causes: [
        "XML for another endpoint (a bulk <works> posted to /work)",
        "A missing or wrong namespace on the root element",
      ],
      fixes: ["Ensure that your XML is valid"],
      defect: SHARED_9001,
    },
    emailAlreadyExists: {
      status: 400,
      message: "User with this email already exists",
      description: `An email in the posted profile belongs to another record. ${LEGACY}`,
      causes: ["Creating a record with an email another record has"],
      fixes: [
        "One of the email addresses included in your XML is already associated with a user in the Registry",
      ],
    },
    atLeastOneEmailRequired: {
      status: 400,
      message: "There must be a least one email in the new profile",
      description: `A new record was posted without an email. ${LEGACY}`,
      causes: ["A profile without an email element"],
      fixes: ["You must include an email address when creating a new ORCID Record."],
    },
    cannotCreateTransientObject: {
      status: 400,
      message:
        "Cannot create ORCID org.hibernate.TransientObjectException: object references an unsaved transient instance",
      description: `The posted record references iDs that do not match each other (e.g. in a work's source). ${LEGACY}`,
      causes: ["Inconsistent ORCID iDs in the XML, including sub-elements such as a work's source"],
      fixes: [
        "Ensure that you have correct and consistent ORCID iDs throughout the XML, including in sub-elements, such as works source",
      ],
      defect: "The message leaks an internal exception class name (org.hibernate.TransientObjectException).",
    },
    invalidSearchRows: {
      code: 9012,
      status: 400,
      message:
        "The client application made a bad request to the ORCID API. Full validation error: The rows parameter must be an integer between 0 and 1,000",
      userMessage: "The client application made a bad request to the ORCID API.",
      description:
        "The search's rows parameter is not an integer from 0 to 1000. (Seed 000 quotes the message with a stray " +
        "closing quote, left out here.)",
      causes: ["rows above 1000, negative, or not an integer"],
      fixes: ["Check your starting point and number of rows required."],
    },
    invalidIncomingMessage: {
      code: 9020,
      status: 400,
      message: "400 Bad Request: Invalid incoming message.",
      userMessage: "Invalid incoming message.",
      description:
        'Invalid incoming message: the posted document does not validate; the fields at fault follow "Full validation ' +
        'error:" in the developer message.',
      causes: ["A required field is missing", "A field has the wrong type or format"],
      fixes: ["Check your XML, make sure required fields are completed."],
    },
    // ── 401 ──
    unauthorized: {
      code: 9002,
      status: 401,
      message:
        "401 Unauthorized: The client application is not authorized. Full validation error: Full authentication is required to access this resource",
      userMessage: USER_NOT_AUTHORIZED,
      description:
        'Unauthorized: the call carries no credentials. The text after "Full validation error:" is Spring Security\'s; ' +
        "the part before it is errata's, in ORCID's style (ORCID-Source has no developer text for 9002).",
      causes: ["No Authorization header", "A malformed client id in the call"],
      fixes: ["Check the syntax of your call, particularly around the client-id"],
    },
    accessTokenExpired: {
      code: 9003,
      status: 401,
      message:
        "401 Unauthorized: The client application is not authorized. Full validation error: Access token expired",
      userMessage: USER_NOT_AUTHORIZED,
      description: "Access token expired: the token expired or was revoked by the user.",
      causes: ["An expired token", "A token the user revoked"],
      fixes: ["Your access token has expired or been revoked, you will need to ask for access again."],
      defect: SHARED_9003,
    },
    clientNotFound: {
      code: 9003,
      status: 401,
      message:
        "401 Unauthorized: The client application is not authorized. Full validation error: Client not found",
      userMessage: USER_NOT_AUTHORIZED,
      description: "Client not found: the client id is unknown.",
      causes: ["A mistyped client id", "Sandbox credentials used on the production API or the reverse"],
      fixes: ["Ensure that your client iD is correct"],
      defect: SHARED_9003,
    },
    badClientCredentials: {
      code: 9003,
      status: 401,
      message:
        "401 Unauthorized: The client application is not authorized. Full validation error: Bad client credentials",
      userMessage: USER_NOT_AUTHORIZED,
      description: "Bad client credentials: the client secret does not match the client id.",
      causes: ["A wrong or outdated client secret"],
      fixes: ["Ensure that your client secret is correct"],
      defect: SHARED_9003,
    },
    invalidAccessToken: {
      code: 9003,
      status: 401,
      message:
        "401 Unauthorized: The client application is not authorized. Full validation error: Invalid access token",
      userMessage: USER_NOT_AUTHORIZED,
      description:
        "Invalid access token: the bearer token is not one ORCID issued, or no longer valid. (Spring Security's text " +
        "also repeats the token; errata does not echo credentials.)",
      causes: ["A truncated or mistyped token", "A token for another API host (sandbox vs production)"],
      fixes: [
        "Ensure that the access token used for the call is complete, matched to the ORCID iD and scope of the call, and is not expired",
      ],
      defect: SHARED_9003,
    },
    // ── 403 ──
    illegalState: {
      code: 9005,
      status: 403,
      message: "403 Forbidden: Illegal state. Full validation error: {error}",
      userMessage: USER_FORBIDDEN,
      description:
        "Forbidden / Illegal state…: the posted work refers to records it may not (ORCID maps IllegalStateException to " +
        '9005). The developer text before "Full validation error:" is errata\'s.',
      causes: ["A contributor's ORCID iD in the work that cannot be used"],
      fixes: ["Check the ORCID iDs of any contributors being added with the work"],
    },
    htmlErrorPage: {
      status: 403,
      message: "HTML error message",
      description: "An HTML page instead of an API error: the call did not reach the API.",
      causes: [
        "An extra space or a missing character in the URL",
        "A call to the web site instead of the API",
      ],
      fixes: [
        "Check the syntax of your call, an extra space or missing character may be preventing the system from recognizing this as an API request.",
      ],
      defect: "Not an API error body: the web site's HTML error page; no code.",
    },
    insufficientScope: {
      code: 9004,
      status: 403,
      message:
        "403 Forbidden: Insufficient or wrong scope. Full validation error: Insufficient or wrong scope {scopes}",
      userMessage: USER_FORBIDDEN,
      description:
        "Security problem : Insufficient or wrong scope — the token is valid but lacks the scope the call needs " +
        '(/activities/update to add a work). The text after "Full validation error:" is ORCID\'s ' +
        '(OrcidSecurityManagerImpl: "Insufficient or wrong scope " + the token\'s scopes); seed 000\'s "Security ' +
        "problem : \" prefix is the retired 1.2 API's.",
      causes: ["A token granted /read-limited used to write", "A token for another endpoint's scope"],
      fixes: [
        "Check that the access token has permission for the action you are taking and that you are using the correct end-point and method.",
      ],
    },
    noRequiredPermissions: {
      status: 403,
      message: "Security problem: You do not have the required permissions.",
      description: `The token does not grant access to the requested record. ${LEGACY}`,
      causes: ["A token issued for another ORCID iD"],
      fixes: ["Ensure that you have been granted permission to access the requested ORCID iD"],
    },
    accessDenied: {
      status: 403,
      message: "Access Denied",
      description:
        "Access Denied: the URL is not one the credentials may call (Spring Security's answer, no ORCID code).",
      causes: ["A URL outside the API the credentials are for"],
      fixes: ["Check the URL of the request"],
    },
    // ── 404, 405, 406 ──
    notFound: {
      code: 9016,
      status: 404,
      message: "404 Not Found: The resource was not found.",
      userMessage: "The resource was not found.",
      description:
        "ORCID ... not found: no record has this iD (or no item has this put-code). Records created in the last 10 " +
        'days and not yet claimed are not found either. (Seed 000 quotes the older text "ORCID … not found".)',
      causes: ["A mistyped iD", "An unclaimed record younger than 10 days", "An unknown put-code"],
      fixes: [
        "Check that the ORCID iD is correct and is claimed. Records that were created in the last 10 days and are not yet claimed will return this error",
      ],
    },
    methodNotAllowed: {
      code: 9001,
      status: 405,
      message: `${DEV_9001} Full validation error: HTTP 405 Method Not Allowed`,
      userMessage: USER_9001,
      description:
        "Method Not Allowed: the endpoint does not take this method; Allow lists the ones it does.",
      causes: ["A POST to a read-only endpoint", "A call to the Public API host with a Member API method"],
      fixes: [
        "Ensure that the scope of your authorization token matches the call you are making, and that you are posting to the Member API base URL (i.e., api.sandbox.orcid.org)",
      ],
      defect: SHARED_9001,
    },
    notAcceptable: {
      code: 9001,
      status: 406,
      message: `${DEV_9001} Full validation error: HTTP 406 Not Acceptable`,
      userMessage: USER_9001,
      description:
        "Not Acceptable: the Accept header asks for neither XML nor JSON. The answer is in the default representation (XML).",
      causes: ["Accept: text/html or another type ORCID does not produce"],
      fixes: [
        "Check the header you are using. It should be either 'Accept: application/xml' or 'Accept: application/json' It also must match the content type header if provided.",
      ],
      defect: SHARED_9001,
    },
    // ── 409, 413, 415 ──
    recordLocked: {
      code: 9018,
      status: 409,
      message: "409 Conflict: The ORCID record is locked and cannot be edited. ORCID {orcidUri}",
      userMessage: "The ORCID record is locked.",
      description:
        "Access Denied; Account locked : The given account ... is locked — the record is hidden from public view. " +
        "(Seed 000 quotes the retired 1.2 text; the v3 text is ORCID's, from its api_errors tutorial.)",
      causes: ["The record was flagged as violating ORCID's Terms of Use"],
      fixes: [
        "This record was flagged as violating ORCID's Terms of Use and has been hidden from public view.",
      ],
    },
    contentTooLarge: {
      code: 9001,
      status: 413,
      message: `${DEV_9001} Full validation error: HTTP 413 Request Entity Too Large`,
      userMessage: USER_9001,
      description:
        "Request Entity Too Large: the body is over the limit (1 MiB on this server; ORCID limits bulk posts to 100 " +
        "items). Seed 000 gives no solution; the fix is from ORCID's api_errors tutorial.",
      causes: ["A bulk post with more than 100 items", "An oversized document"],
      fixes: ["Bulk work posts are limited to 100 items: check that your XML does not have too many items."],
      defect: SHARED_9001,
    },
    unsupportedMediaType: {
      code: 9001,
      status: 415,
      message: `${DEV_9001} Full validation error: HTTP 415 Unsupported Media Type`,
      userMessage: USER_9001,
      description:
        "Unsupported Media Type: the body's Content-Type is not XML (this server takes XML bodies).",
      causes: [
        "A missing Content-Type header",
        "Content-Type: application/x-www-form-urlencoded (curl -d without -H)",
      ],
      fixes: [
        "Check your call you may be missing a header or another command that is causing the file to be misinterpreted.",
      ],
      defect: SHARED_9001,
    },
    // ── 500 ──
    invalidAuthorizationCode: {
      status: 500,
      message: "Invalid authorization code",
      description:
        "The authorization code exchanged for a token is not valid (the OAuth server's answer, no ORCID code).",
      causes: ["A mistyped or expired authorization code"],
      fixes: ["Ensure that your authorization code is accurate and not expired"],
      defect:
        "A client mistake (a bad authorization code) answered with 500; RFC 6749 §5.2 says 400 invalid_grant.",
    },
    authorizationCodeMissing: {
      status: 500,
      message: "An authorization code must be supplied",
      description: "The token request has no authorization code.",
      causes: ["grant_type=authorization_code without a code parameter"],
      fixes: ["Ensure that your authorization code is included in the call"],
      defect:
        "A client mistake (a missing parameter) answered with 500; RFC 6749 §5.2 says 400 invalid_request.",
    },
    internalServerError: {
      code: 9008,
      status: 500,
      message: "500 Internal Server Error: Contact support@orcid.org for assistance.",
      userMessage: "Something went wrong in ORCID.",
      description:
        "Internal Server Error: ORCID failed unexpectedly (any throwable it does not map; 9008). Errata answers every " +
        "unexpected failure with this generic text; the cause is logged under the X-Request-Id header's token.",
      causes: [
        "A defect or an outage at ORCID",
        "Invalid XML or references to invalid records, per seed 000",
      ],
      fixes: [
        "Ensure that that your XML is valid and that any ORCID records you reference in the file are valid",
        "Retry later; if it persists, contact support with the X-Request-Id of the response.",
      ],
      defect:
        "Seed 000's solution blames the client's XML: client mistakes reach this 500 instead of a 400 with the validation error.",
    },
    redirectUriMismatch: {
      status: 500,
      message: "Redirect URI mismatch.",
      description: "The redirect_uri of the token request differs from the authorization request's.",
      causes: ["Different redirect_uri values in the two OAuth steps"],
      fixes: [
        "Check that the redirect_uri in the request for the authorization code matches the redirect_uri used when exchanging the authorization code for an access token",
      ],
      defect:
        "A client mistake (mismatched redirect_uri) answered with 500; RFC 6749 §5.2 says 400 invalid_grant.",
    },
    authorizationCodeReused: {
      status: 500,
      message: "Invalid authorization code",
      description: "The authorization code was already exchanged; codes are single-use (RFC 6749 §4.1.2).",
      causes: ["A second exchange of the same authorization code (a retried token request)"],
      fixes: [
        "Check that the authorization code has not already been exchanged for an access token, authorization codes can only be used once",
      ],
      defect:
        "A client mistake (a reused code) answered with 500, and with the same message as invalidAuthorizationCode: clients cannot tell the two apart.",
    },
    invalidWebhookScope: {
      status: 500,
      message: "Invalid scope: /webhook",
      description: "The client may not create webhooks (a premium-member feature).",
      causes: ["A non-premium client requesting the /webhook scope"],
      fixes: [
        "Your credentials are not authorized to create webhooks. Webhooks are available only to premium members, if you are a premium member contact support@orcid.org to correct this problem",
      ],
      defect: "An authorisation problem answered with 500; RFC 6749 §5.2 says 400 invalid_scope.",
    },
    dataExceptionCouldNotExecute: {
      status: 500,
      message: "org.hibernate.exception.DataException: could not execute statement",
      description: "A posted value broke a database constraint (a field too long, a malformed URL).",
      causes: ["A field over its length limit", "A malformed URL in the posted data"],
      fixes: [
        "Something that you are posting doesn't comply with field restrictions, check that fields don't exceed character limits, urls are properly formatted, etc.",
      ],
      defect:
        "Leaks an internal exception class name (org.hibernate.exception.DataException) and the database's failure; a client mistake answered with 500.",
    },
    // ── seed 000's rows without a status ──
    profileEntityNotFound: {
      status: 500,
      message: "Unable to find org.orcid.persistence.jpa.entities.ProfileEntity with id",
      description: "The posted XML refers to a record that does not exist (e.g. in a work's source).",
      causes: ["Inconsistent ORCID iDs in the XML, including sub-elements such as a work's source"],
      fixes: [
        "Ensure that you have correct and consistent ORCID iDs throughout the XML, including in sub-elements, such as works source",
      ],
      defect:
        "Seed 000 gives no HTTP status (500: what an unmapped persistence exception becomes); the message leaks an internal entity class name; a client mistake answered with 500.",
    },
    couldNotResolveHostBearer: {
      status: 400,
      message: "Could not resolve host: Bearer; nodename nor servname provided, or not known",
      description:
        "Not a response at all: curl's own error (exit code 6) when a broken -H 'Authorization: Bearer …' splits and " +
        'curl takes "Bearer" for a host name.',
      causes: ["A missing quote or a line break in curl's Authorization header argument"],
      fixes: ["Check the syntax of your request"],
      defect:
        "Not an API error: curl's message, with no HTTP status (400 here: the mistake is the client's).",
    },
    nonUniqueObject: {
      status: 500,
      message:
        "NonUniqueObjectException: a different object with the same identifier value was already associated with the session",
      description: "The posted item is already on the record.",
      causes: ["Posting the same file twice"],
      fixes: ["The file you are posting has already been added to this record."],
      defect:
        "Seed 000 gives no HTTP status (500: an unmapped Hibernate exception); leaks an internal exception class name; a duplicate post answered with 500 instead of 409.",
    },
    // ── errata's additions: the demo's calls and the guards (CONTRACT §3, §3.2) ──
    invalidOrcidId: {
      code: 9006,
      status: 400,
      message:
        "The client application sent a bad request to ORCID. Full validation error: {orcid} is not a valid ORCID iD (its ISO 7064 11,2 check digit does not match)",
      userMessage: "The client application sent a bad request to ORCID.",
      description:
        "The iD in the URL is not a well-formed ORCID iD: four groups of four digits, the last character a check " +
        "digit (0–9 or X) computed with ISO 7064 MOD 11-2. Added by errata (CONTRACT §3.2: a malformed iD is 400; " +
        "9006 is ORCID's code for an IllegalArgumentException, and its developer text is ORCID's).",
      causes: ["A mistyped digit", "A missing or extra dash", "A lowercase x as check digit"],
      fixes: [
        "Copy the iD from the record's page; check the last character against the ISO 7064 11,2 check digit.",
      ],
      tags: ERRATA,
    },
    unroutedPath: {
      code: 9001,
      status: 404,
      message: `${DEV_9001} Full validation error: HTTP 404 Not Found`,
      userMessage: USER_9001,
      description:
        "No endpoint matches the path. Added by errata for its not-found guard (ORCID sends this 9001 body).",
      causes: ["A mistyped endpoint (singular vs plural: work vs works)", "A wrong API version"],
      fixes: ["Check the endpoint and the version in the URL (/v3.0/{orcid}/record, /v3.0/{orcid}/work)."],
      tags: ERRATA,
      defect: SHARED_9001,
    },
    notWellFormed: {
      code: 9001,
      status: 400,
      message: `${DEV_9001} Full validation error: The XML document is not well-formed.`,
      userMessage: USER_9001,
      description:
        "The body is not well-formed XML (a broken tag, an undeclared entity, a byte sequence that is not UTF-8). " +
        "Added by errata: the text after \"Full validation error:\" is errata's; ORCID repeats its Java parser's message.",
      causes: ["Broken markup", "A body in another encoding than UTF-8"],
      fixes: ["Validate the XML against ORCID's schema before posting it."],
      tags: ERRATA,
      defect: SHARED_9001,
    },
    doctypeDisallowed: {
      code: 9001,
      status: 400,
      message: `${DEV_9001} Full validation error: DOCTYPE is disallowed.`,
      userMessage: USER_9001,
      description:
        "The body has a document type declaration. Added by errata: DTDs are refused (no entity expansion, no external " +
        "entities), as ORCID's parser does with its disallow-doctype-decl feature.",
      causes: ["A <!DOCTYPE …> in the posted XML"],
      fixes: ["Remove the DOCTYPE declaration; ORCID's XML needs none."],
      tags: ERRATA,
      defect: SHARED_9001,
    },
    titleRequired: {
      code: 9022,
      status: 400,
      message: "400 Bad Request: Invalid activity, a title is required.",
      userMessage: "Invalid activity:  A title is required.",
      description:
        "The posted work has no title. Added by errata from ORCID's catalog (9022, ActivityTitleValidationException; " +
        "the user text, with its double space, is api_en.properties').",
      causes: ["A <work:work> without <work:title><common:title>"],
      fixes: ["Add <work:title><common:title>…</common:title></work:title> to the work."],
      tags: ERRATA,
    },
    requestTimeout: {
      status: 408,
      message: "408 Request Timeout: The request was not received in time.",
      description:
        "The request was not received in time. Added by errata for its guard; ORCID's catalog has no code for it.",
      causes: ["A slow or stalled client"],
      fixes: ["Retry on a working connection."],
      tags: ERRATA,
    },
    uriTooLong: {
      status: 414,
      message: "414 URI Too Long: The request URI is longer than 8 KiB.",
      description: "Added by errata for its guard; ORCID's catalog has no code for it.",
      causes: ["A search query too long for a URL"],
      fixes: ["Shorten the query."],
      tags: ERRATA,
    },
    tooManyRequests: {
      status: 429,
      message: "429 Too Many Requests: Retry after the time in Retry-After.",
      description:
        "The client exceeded a rate limit. Added by errata for its guard; ORCID's catalog has no code for it.",
      causes: ["Too many calls in a short time"],
      fixes: ["Wait for the time in Retry-After, then retry with backoff."],
      tags: ERRATA,
    },
    headerFieldsTooLarge: {
      status: 431,
      message: "431 Request Header Fields Too Large: The request's headers are larger than 16 KiB.",
      description: "Added by errata for its guard; ORCID's catalog has no code for it.",
      causes: ["Oversized cookies or headers"],
      fixes: ["Send fewer or smaller headers."],
      tags: ERRATA,
    },
  },
);

/** The guards of the ORCID errata instance: each request-level error with its entry here. */
export const orcidGuards = {
  badRequest: orcidErrors.badRequestXmlHeaders,
  notFound: orcidErrors.unroutedPath,
  methodNotAllowed: orcidErrors.methodNotAllowed,
  notAcceptable: orcidErrors.notAcceptable,
  payloadTooLarge: orcidErrors.contentTooLarge,
  uriTooLong: orcidErrors.uriTooLong,
  headersTooLarge: orcidErrors.headerFieldsTooLarge,
  unsupportedMediaType: orcidErrors.unsupportedMediaType,
  malformedBody: orcidErrors.notWellFormed,
  validationFailed: orcidErrors.invalidIncomingMessage,
  tooManyRequests: orcidErrors.tooManyRequests,
  requestTimeout: orcidErrors.requestTimeout,
  unexpected: orcidErrors.internalServerError,
} as const;
