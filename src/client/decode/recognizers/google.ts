/**
 * Google APIs (AIP-193, google.rpc.Status over HTTP/JSON): `{"error": {"code": 429, "message":
 * "…", "status": "RESOURCE_EXHAUSTED", "details": [{"@type":
 * "type.googleapis.com/google.rpc.ErrorInfo", "reason": "…", "domain": "…"}, …]}}`, plus the
 * legacy `error.errors[]` (`{domain, reason, message, location, locationType}`).
 *
 * Mapping: `code` ← ErrorInfo `reason` (AIP-193: "the most specific identifier"), else the legacy
 * `errors[0].reason`, else `status`, else the numeric `code`; `name` ← `status` when `code` came
 * from a reason (RATE_LIMIT_EXCEEDED / RESOURCE_EXHAUSTED), else null; `message` ← `message`;
 * `detail` ← LocalizedMessage `message` when present; `retryAfterSeconds` ← RetryInfo
 * `retryDelay` ("30s"); `requestId` ← RequestInfo `requestId`; `fields` ← BadRequest
 * `fieldViolations` (`field`, `description`, `reason`) and legacy errors with
 * `locationType: "parameter"`.
 * @module
 */
import type { NormalizedFieldError } from "../../normalized-error.js";
import type { JsonRecognizer } from "../registry.js";
import { parseDuration } from "../retry-hints.js";
import { codeStr, firstObject, isObject, MAX_FIELDS, str } from "../values.js";

function typeName(t: unknown): string {
  if (typeof t !== "string") return "";
  const slash = t.lastIndexOf("/");
  return slash < 0 ? t : t.slice(slash + 1);
}

/** The `google` recogniser. */
export const google: JsonRecognizer = {
  kind: "json",
  format: "google",
  recognize(o) {
    const e = o.error;
    if (!isObject(e)) return undefined;
    // google.rpc.Status: a numeric code and/or a canonical status name; Azure's code is a string.
    if (typeof e.code !== "number" && !(typeof e.status === "string" && /^[A-Z_]+$/.test(e.status)))
      return undefined;
    let reason: string | null = null;
    let detail: string | null = null;
    let requestId: string | null = null;
    let retryAfterSeconds: number | null = null;
    const fields: NormalizedFieldError[] = [];
    if (Array.isArray(e.details)) {
      for (const d of e.details) {
        if (!isObject(d)) continue;
        switch (typeName(d["@type"])) {
          case "google.rpc.ErrorInfo":
            reason ??= str(d.reason);
            break;
          case "google.rpc.RetryInfo":
            retryAfterSeconds ??= parseDuration(d.retryDelay);
            break;
          case "google.rpc.RequestInfo":
            requestId ??= str(d.requestId);
            break;
          case "google.rpc.LocalizedMessage":
            detail ??= str(d.message);
            break;
          case "google.rpc.BadRequest":
            if (Array.isArray(d.fieldViolations)) {
              for (const v of d.fieldViolations) {
                if (fields.length >= MAX_FIELDS) break;
                if (!isObject(v)) continue;
                const field = str(v.field);
                if (field) fields.push({ name: field, message: str(v.description), code: str(v.reason) });
              }
            }
            break;
        }
      }
    }
    const legacy = firstObject(e.errors);
    if (Array.isArray(e.errors)) {
      for (const le of e.errors) {
        if (fields.length >= MAX_FIELDS) break;
        if (!isObject(le) || le.locationType !== "parameter") continue;
        const loc = str(le.location);
        if (loc) fields.push({ name: loc, message: str(le.message), code: str(le.reason) });
      }
    }
    reason ??= legacy ? str(legacy.reason) : null;
    const status = str(e.status);
    const code = reason ?? status ?? codeStr(e.code);
    // Google returns 429 RESOURCE_EXHAUSTED for quota, and sometimes 403 with a rate-limit reason.
    const retryable =
      status === "UNAVAILABLE" ||
      status === "RESOURCE_EXHAUSTED" ||
      (reason !== null && /RATE_LIMIT|rateLimitExceeded|userRateLimitExceeded|backendError/.test(reason));
    return {
      code,
      name: reason !== null ? status : null,
      message: str(e.message),
      detail,
      requestId,
      retryAfterSeconds,
      fields,
      retryable,
    };
  },
};
