/**
 * NestJS's built-in exception responses: `{"message": "Cannot GET /x", "error": "Not Found",
 * "statusCode": 404}`, the ValidationPipe's `{"message": ["email must be an email", …], "error":
 * "Bad Request", "statusCode": 400}`, and the 500 `{"statusCode": 500, "message": "Internal
 * server error"}` (older versions put statusCode first).
 *
 * Mapping: Nest sends no machine code: `code` and `name` are null; `message` ← `message` (an
 * array is joined with "; "); `detail` ← null. class-validator's texts are prose: no field
 * names are guessed from them.
 * @module
 */
import type { JsonRecognizer } from "../registry.js";

/** The `nestjs` recogniser. */
export const nestjs: JsonRecognizer = {
  kind: "json",
  format: "nestjs",
  recognize(o) {
    if (typeof o.statusCode !== "number") return undefined;
    let message: string | null = null;
    if (typeof o.message === "string") message = o.message.length > 0 ? o.message : null;
    else if (Array.isArray(o.message)) {
      const parts = (o.message as readonly unknown[])
        .filter((m): m is string => typeof m === "string")
        .slice(0, 100);
      message = parts.length > 0 ? parts.join("; ") : null;
    } else return undefined;
    if (o.error !== undefined && typeof o.error !== "string") return undefined;
    return { code: null, name: null, message, detail: null };
  },
};
