/**
 * ORCID API errors (seed 000), JSON `{"response-code", "developer-message", "user-message",
 * "error-code", "more-info"}` and XML `<error xmlns="http://www.orcid.org/ns/error">` with the same
 * members as elements.
 *
 * Mapping: `code` ← `error-code` (ORCID's own numeric code, e.g. 9016; more specific than the
 * HTTP status), else `response-code`; `message` ← `user-message` (the short, user-facing text),
 * else `developer-message`; `detail` ← `developer-message` (the technical one).
 * @module
 */
import type { JsonRecognizer, Recognition, XmlRecognizer } from "../registry.js";
import { codeStr, requestIdFrom, str } from "../values.js";

/** ORCID's error namespace (orcid-model `error-3.0.xsd`). */
export const ORCID_ERROR_NS = "http://www.orcid.org/ns/error";

function orcid(
  responseCode: string | null,
  developer: string | null,
  user: string | null,
  errorCode: string | null,
): Recognition {
  return {
    code: errorCode ?? responseCode,
    name: null,
    message: user ?? developer,
    detail: developer,
  };
}

/** The `orcid` JSON recogniser. */
export const orcidJson: JsonRecognizer = {
  kind: "json",
  format: "orcid",
  recognize(o) {
    if (
      o["developer-message"] === undefined &&
      o["user-message"] === undefined &&
      o["response-code"] === undefined
    ) {
      return undefined;
    }
    const r = orcid(
      codeStr(o["response-code"]),
      str(o["developer-message"]),
      str(o["user-message"]),
      codeStr(o["error-code"]),
    );
    const requestId = requestIdFrom(o) ?? str(o["request-token"]);
    return requestId ? { ...r, requestId } : r;
  },
};

/** The `orcid` XML recogniser. */
export const orcidXml: XmlRecognizer = {
  kind: "xml",
  format: "orcid",
  roots: ["error"],
  recognize(root) {
    if (root.local !== "error") return undefined;
    if (
      root.ns !== ORCID_ERROR_NS &&
      root.child("developer-message") === null &&
      root.child("response-code") === null
    ) {
      return undefined;
    }
    const r = orcid(
      root.childText("response-code"),
      root.childText("developer-message"),
      root.childText("user-message"),
      root.childText("error-code"),
    );
    const requestId = root.childText("request-token") ?? root.childText("request-id");
    return requestId ? { ...r, requestId } : r;
  },
};
