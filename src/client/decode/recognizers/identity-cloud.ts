/**
 * Identity Cloud (Registration/Capture) errors, seed 001: `{"stat":"error","code":510,
 * "error":"api_limit_error","error_description":"…","request_token":"…"}` — usually with HTTP 200,
 * clients read `stat`. Per-error members: `argument_name` (code 100, missing_argument) and
 * `invalid_fields` (code 390, `{"form": ["message"]}` or `{"field": "message"}`).
 *
 * Mapping: `code` ← `code` (numeric, as a string: "510"); `name` ← `error` ("api_limit_error");
 * `message` ← `error_description`; `requestId` ← `request_token`. `retryable` when the code is
 * 510 (api_limit_error) or 480 (api_feature_disabled: "temporarily disabled for maintenance"),
 * whatever the HTTP status says.
 * @module
 */
import type { NormalizedFieldError } from "../../normalized-error.js";
import type { JsonRecognizer } from "../registry.js";
import { codeStr, isObject, MAX_FIELDS, str } from "../values.js";

/** The `identity-cloud` recogniser. */
export const identityCloud: JsonRecognizer = {
  kind: "json",
  format: "identity-cloud",
  recognize(o) {
    if (o.stat !== "error" && !(typeof o.stat === "string" && o.stat !== "ok" && o.code !== undefined))
      return undefined;
    const code = codeStr(o.code);
    const name = str(o.error);
    const message = str(o.error_description);
    const fields: NormalizedFieldError[] = [];
    const arg = str(o.argument_name);
    if (arg) fields.push({ name: arg, message, code });
    const inv = o.invalid_fields;
    if (isObject(inv)) {
      for (const key of Object.keys(inv)) {
        if (fields.length >= MAX_FIELDS) break;
        const v = inv[key];
        if (typeof v === "string") fields.push({ name: key, message: v, code: null });
        else if (Array.isArray(v)) {
          for (const m of v)
            if (typeof m === "string" && fields.length < MAX_FIELDS)
              fields.push({ name: key, message: m, code: null });
        }
      }
    }
    return {
      code,
      name,
      message,
      detail: null,
      requestId: str(o.request_token),
      fields,
      retryable: code === "510" || code === "480",
    };
  },
};
