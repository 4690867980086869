/**
 * OAuth 2.0 error responses, RFC 6749 §5.2 (token endpoint: `{error, error_description?,
 * error_uri?}`) — also used by RFC 7009, RFC 8628 and most OpenID Connect providers.
 *
 * Mapping: `code` ← `error`; `name` ← null (the format has one identifier); `message` ←
 * `error_description` (or a non-standard `message`); `detail` ← null.
 * @module
 */
import type { JsonRecognizer } from "../registry.js";
import { requestIdFrom, str } from "../values.js";

/** The `oauth2` recogniser. */
export const oauth2: JsonRecognizer = {
  kind: "json",
  format: "oauth2",
  recognize(o) {
    const error = str(o.error);
    if (error === null) return undefined;
    // RFC 6749 §5.2: error is 1*NQSCHAR; real codes are snake_case tokens. A sentence ("Not
    // Found") is some framework's reason phrase, not an OAuth error code.
    if (error.length > 128 || /\s/.test(error)) return undefined;
    return {
      code: error,
      name: null,
      message: str(o.error_description) ?? str(o.message),
      detail: null,
      requestId: requestIdFrom(o),
    };
  },
};
