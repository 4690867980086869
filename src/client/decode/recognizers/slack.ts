/**
 * Slack Web API errors: `{"ok": false, "error": "channel_not_found"}` — usually with HTTP 200;
 * `response_metadata.messages` may explain (`["[ERROR] missing required field: channel"]`),
 * `needed`/`provided` name scopes for `missing_scope`.
 *
 * Mapping: `code` ← `error`; `message` ← the first `response_metadata.messages` entry, else null;
 * `detail` ← all messages joined with "; " when there are several. `ratelimited` is retryable
 * (Slack sends it with 429 and Retry-After).
 * @module
 */
import type { JsonRecognizer } from "../registry.js";
import { isObject, str } from "../values.js";

/** The `slack` recogniser. */
export const slack: JsonRecognizer = {
  kind: "json",
  format: "slack",
  recognize(o) {
    if (o.ok !== false) return undefined;
    const error = str(o.error);
    const messages: string[] = [];
    const meta = o.response_metadata;
    if (isObject(meta) && Array.isArray(meta.messages)) {
      for (const m of meta.messages) if (typeof m === "string" && messages.length < 100) messages.push(m);
    }
    return {
      code: error,
      name: null,
      message: messages[0] ?? null,
      detail: messages.length > 1 ? messages.join("; ") : null,
      retryable: error === "ratelimited" || error === "service_unavailable",
    };
  },
};
