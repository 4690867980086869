/**
 * The entity API of seed 003: `{"errors":[{"errorCode":3001,"message":"entity not found"}]}`,
 * validation entries adding `"subject":"firstName","subjectType":"parameter"`; the seed's
 * per-method table also shows the bare object `{"errorCode": 3001, "message": "…"}`.
 *
 * Mapping: `code` ← the first entry's `errorCode` ("3001"; "the codes stay the same" while the
 * text may change); `message` ← its `message`; `fields` ← every entry with a `subject`
 * (`name` ← subject, `code` ← its errorCode).
 * @module
 */
import type { NormalizedFieldError } from "../../normalized-error.js";
import type { JsonRecognizer } from "../registry.js";
import {
  codeStr,
  firstObject,
  isObject,
  type JsonObject,
  MAX_FIELDS,
  requestIdFrom,
  str,
} from "../values.js";

/** The `entity-api` recogniser. */
export const entityApi: JsonRecognizer = {
  kind: "json",
  format: "entity-api",
  recognize(o) {
    let first: JsonObject | null = firstObject(o.errors);
    let entries: readonly unknown[] = [];
    if (first !== null && first.errorCode !== undefined) entries = o.errors as readonly unknown[];
    else if (o.errorCode !== undefined && (typeof o.message === "string" || o.errors === undefined)) {
      first = o;
      entries = [o];
    } else return undefined;
    const fields: NormalizedFieldError[] = [];
    for (const e of entries) {
      if (fields.length >= MAX_FIELDS) break;
      if (!isObject(e)) continue;
      const subject = str(e.subject);
      if (subject) fields.push({ name: subject, message: str(e.message), code: codeStr(e.errorCode) });
    }
    return {
      code: codeStr(first.errorCode),
      name: null,
      message: str(first.message),
      detail: null,
      requestId: requestIdFrom(o),
      fields,
    };
  },
};
