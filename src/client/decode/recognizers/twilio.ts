/**
 * Twilio REST API errors: the 2010 API's `{"code": 21211, "message": "…", "more_info":
 * "https://www.twilio.com/docs/errors/21211", "status": 400}`, and the newer product APIs'
 * `{"errors": [{"code": 20404, "message": "…", "infoUrl": "…", "context": "…"}]}`.
 *
 * Mapping: `code` ← `code` (Twilio's five-digit error code, as a string); `message` ← `message`;
 * `requestId` ← the `Twilio-Request-Id` header. 20429 (too many requests) is retryable.
 * @module
 */
import type { JsonRecognizer } from "../registry.js";
import { codeStr, firstObject, str } from "../values.js";

/** The `twilio` recogniser. */
export const twilio: JsonRecognizer = {
  kind: "json",
  format: "twilio",
  recognize(o) {
    let e = o;
    if (typeof o.more_info !== "string" || o.code === undefined) {
      const first = firstObject(o.errors);
      if (first === null || typeof first.infoUrl !== "string" || first.code === undefined) return undefined;
      e = first;
    }
    const code = codeStr(e.code);
    return { code, name: null, message: str(e.message), detail: null, retryable: code === "20429" };
  },
};
