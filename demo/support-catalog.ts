/**
 * The errors of the demo's support console (CONTRACT §3.6): the admin look-up of a request token
 * in the error store. Rendered as problem+json by the root surface, like every path outside the
 * seed prefixes, and documented with the demo's other catalogs.
 *
 * The two 401s carry RFC 6750 §3 challenges: no credentials → `Bearer realm="errata-support"`
 * with no error attribute (§3.1: the client may not know it needs one); a wrong token → the same
 * realm with `error="invalid_token"`.
 * @module
 */
import { defineCatalog } from "../src/catalog/define.js";

/** The realm of the support console's bearer challenge (RFC 6750 §3). */
export const SUPPORT_REALM = "errata-support";

export const supportErrors = defineCatalog(
  {
    id: "support",
    title: "Support console",
    description:
      "Errors of the support look-up (`GET /support/requests/{token}`): an operator, holding the admin " +
      "token, reads the stored error event of a request id a client quoted.",
  },
  {
    adminTokenRequired: {
      code: "admin_token_required",
      status: 401,
      title: "Unauthorized",
      message: "The support look-up needs the admin bearer token.",
      description:
        "The request carried no bearer token. Support look-ups return internal details of failed requests, " +
        "so they are open only to holders of the admin token (`ERRATA_ADMIN_TOKEN`, printed at start when generated).",
      causes: ["No Authorization header", "An Authorization scheme other than Bearer"],
      fixes: ["Send `Authorization: Bearer <admin token>`."],
      headers: { "WWW-Authenticate": `Bearer realm="${SUPPORT_REALM}"` },
    },
    adminTokenInvalid: {
      code: "admin_token_invalid",
      status: 401,
      title: "Unauthorized",
      message: "The admin bearer token is not valid.",
      description: "The bearer token sent is not the server's admin token.",
      causes: ["A mistyped or outdated token", "The server generated a new token at its last start"],
      fixes: ["Use the token the server printed at start, or the value of `ERRATA_ADMIN_TOKEN`."],
      headers: { "WWW-Authenticate": `Bearer realm="${SUPPORT_REALM}", error="invalid_token"` },
    },
    requestNotFound: {
      code: "request_not_found",
      status: 404,
      title: "Not Found",
      message: "No error event is stored for this request id.",
      description:
        "The error store holds no event for the token. Only failed requests are stored, and events older than " +
        "the retention limit are deleted.",
      causes: [
        "A mistyped request id",
        "The request succeeded (only errors are stored)",
        "The event was deleted by retention",
      ],
      fixes: ["Copy the request id from the response's `X-Request-Id` header or its body."],
    },
    storeUnavailable: {
      code: "store_unavailable",
      status: 503,
      title: "Service Unavailable",
      message: "The error store is unavailable. Try again shortly.",
      description:
        "The error store could not be read. Events of failed requests are still kept: they are spilled to the " +
        "log and written once the store is back.",
      causes: ["The store's database is down or locked"],
      fixes: ["Retry after the time given in Retry-After."],
      retryAfter: 5,
    },
  },
);
