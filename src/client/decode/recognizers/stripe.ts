/**
 * Stripe API errors (docs.stripe.com/api/errors): `{"error": {"type": "card_error", "code":
 * "card_declined", "decline_code": "generic_decline", "message": "…", "param": "…", "doc_url":
 * "…", "request_log_url": "https://dashboard.stripe.com/…/logs/req_…"}}`; `Request-Id` header.
 *
 * Mapping: `code` ← `code` (the programmatic error code), else `type`; `name` ← `type` (the
 * error category: api_error, card_error, idempotency_error, invalid_request_error) when `code`
 * is present; `message` ← `message`; `detail` ← null; `fields` ← `param`; `requestId` ← the
 * `req_…` id in `request_log_url` (the `Request-Id` header otherwise).
 * @module
 */
import type { JsonRecognizer } from "../registry.js";
import { isObject, str } from "../values.js";

/** The `stripe` recogniser. */
export const stripe: JsonRecognizer = {
  kind: "json",
  format: "stripe",
  recognize(o) {
    const e = o.error;
    if (!isObject(e) || typeof e.type !== "string" || !/_error$/.test(e.type)) return undefined;
    const type = str(e.type);
    const code = str(e.code);
    const message = str(e.message);
    const param = str(e.param);
    const log = str(e.request_log_url);
    const m = log ? /\breq_[A-Za-z0-9]+/.exec(log) : null;
    return {
      code: code ?? type,
      name: code !== null ? type : null,
      message,
      detail: null,
      requestId: m ? m[0] : null,
      fields: param ? [{ name: param, message, code }] : [],
      retryable: type === "api_error" || code === "rate_limit" || code === "lock_timeout",
    };
  },
};
