/**
 * Microsoft REST API Guidelines / OData v4 JSON errors, as sent by Azure Resource Manager, Azure
 * data-plane services and Microsoft Graph: `{"error": {"code", "message", "target", "details":
 * [...], "innererror": {"code", "innererror": {...}}}}` (Graph spells it `innerError` and puts
 * `request-id`, `client-request-id` and `date` there). Also the OData v2/v3 verbose form
 * `{"odata.error": {"code", "message": {"lang", "value"}}}` (SharePoint).
 *
 * Mapping: `code` ← the innermost non-numeric `innererror.code` (the guidelines: innererror
 * holds "more specific" codes, e.g. PasswordReuseNotAllowed under BadArgument), else
 * `error.code`; `name` ← `error.code` when a more specific inner code was used, else null;
 * `message` ← `error.message`; `fields` ← `details[]` entries with a `target` (`name` ← target),
 * else the error's own `target`;
 * `requestId` ← innererror `request-id`, else `client-request-id`.
 * @module
 */
import type { NormalizedFieldError } from "../../normalized-error.js";
import type { JsonRecognizer } from "../registry.js";
import { isObject, type JsonObject, MAX_FIELDS, str } from "../values.js";

function messageOf(m: unknown): string | null {
  if (isObject(m)) return str(m.value); // OData verbose: {"lang": "en-US", "value": "…"}
  return str(m);
}

function inner(e: JsonObject): JsonObject | null {
  const i = e.innererror ?? e.innerError;
  return isObject(i) ? i : null;
}

/** The `azure` recogniser. */
export const azure: JsonRecognizer = {
  kind: "json",
  format: "azure",
  recognize(o) {
    const e = isObject(o.error) ? o.error : isObject(o["odata.error"]) ? o["odata.error"] : null;
    if (e === null || typeof e.code !== "string") return undefined;
    const top = str(e.code);
    let innerCode: string | null = null;
    let requestId: string | null = null;
    let clientRequestId: string | null = null;
    let cur = inner(e);
    for (let depth = 0; cur !== null && depth < 16; depth++) {
      const c = str(cur.code);
      if (c !== null && !/^\d+$/.test(c)) innerCode = c;
      requestId ??= str(cur["request-id"]) ?? str(cur.requestId);
      clientRequestId ??= str(cur["client-request-id"]);
      cur = inner(cur);
    }
    const fields: NormalizedFieldError[] = [];
    if (Array.isArray(e.details)) {
      for (const d of e.details) {
        if (fields.length >= MAX_FIELDS) break;
        if (!isObject(d)) continue;
        const target = str(d.target);
        if (target) fields.push({ name: target, message: messageOf(d.message), code: str(d.code) });
      }
    }
    const code = innerCode ?? top;
    // No per-field details, but the error itself names its target (a property, a parameter).
    const target = str(e.target);
    if (fields.length === 0 && target !== null)
      fields.push({ name: target, message: messageOf(e.message), code });
    return {
      code,
      name: innerCode !== null && innerCode !== top ? top : null,
      message: messageOf(e.message),
      detail: null,
      requestId: requestId ?? clientRequestId,
      fields,
    };
  },
};
