/**
 * Request validation with any Standard Schema validator (zod, valibot,
 * arktype — anything with a `~standard` property, https://standardschema.dev). Every issue of
 * every part (path parameters, query, headers, body) becomes one field error, and all of them
 * travel in one `validationFailed` guard error, which the route's format renders (problem+json
 * `errors`, the entity API's 5000 entries with `subject`/`subjectType`, Identity Cloud's codes,
 * OAuth's `invalid_request`).
 *
 * The input shape `{ body, query, params, headers }` is the shape of Express's `req` and
 * Fastify's `request`, so both can be passed as they are.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * const { body } = await validate(errata, { body: z.object({ firstName: z.string() }) }, req);
 * // body: { firstName: string }; otherwise throws errata.guard("validationFailed", …, { fields })
 * ```
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Errata } from "../core/errata.js";
import type { ErrataError } from "../errors/errata-error.js";
import type { FieldError, FieldLocation } from "../errors/field-error.js";

export type { StandardSchemaV1 } from "@standard-schema/spec";

/** The schemas of a request, one per part; each is optional. */
export interface RequestSchemas {
  /** Path parameters (`/entities/:id` → `{ id }`). */
  readonly params?: StandardSchemaV1;
  /** The parsed query string. */
  readonly query?: StandardSchemaV1;
  /** Request headers (lowercase names, as Node gives them). */
  readonly headers?: StandardSchemaV1;
  /** The parsed body. */
  readonly body?: StandardSchemaV1;
}

/** The request parts to validate: Express's `req` and Fastify's `request` have this shape. */
export interface ValidationInput {
  readonly params?: unknown;
  readonly query?: unknown;
  readonly headers?: unknown;
  readonly body?: unknown;
}

/** The typed output: one member per part that had a schema. */
export type Validated<S extends RequestSchemas> = {
  -readonly [K in keyof S as S[K] extends StandardSchemaV1 ? K : never]-?: S[K] extends StandardSchemaV1
    ? StandardSchemaV1.InferOutput<S[K]>
    : never;
};

/** Options of {@link validate}. */
export interface ValidateOptions {
  /**
   * Template parameters for the `validationFailed` entry, from the field errors. Default: the first
   * field's `field` (name) and `message`, for templates such as Identity Cloud's "{field} is invalid".
   */
  readonly params?: (fields: readonly FieldError[]) => Readonly<Record<string, unknown>>;
  /**
   * The `in` of each part's field errors, when an API spells locations its own way. Default
   * `{ params: "path", query: "query", headers: "header", body: "body" }`; seed 003's entity API
   * calls every field a "parameter": `{ locations: { body: "parameter" } }`.
   */
  readonly locations?: Partial<Readonly<Record<(typeof PARTS)[number], FieldLocation>>>;
}

/** The parts in the order their issues are reported: the request line first, then headers, then the body. */
const PARTS = ["params", "query", "headers", "body"] as const;

/** Where each part is, in FieldError's terms. */
const LOCATION: Readonly<Record<(typeof PARTS)[number], FieldLocation>> = {
  params: "path",
  query: "query",
  headers: "header",
  body: "body",
};

function segmentKey(s: PropertyKey | StandardSchemaV1.PathSegment): string {
  const k = typeof s === "object" && s !== null ? s.key : s;
  return typeof k === "symbol" ? (k.description ?? "") : String(k);
}

/** RFC 6901 §3: `~` → `~0`, `/` → `~1` in a reference token. */
function pointerToken(s: string): string {
  return s.indexOf("~") < 0 && s.indexOf("/") < 0 ? s : s.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * The field name of an issue's path. Body fields: the member name for a top-level member
 * (`firstName`), else a JSON pointer (RFC 6901: `/address/zip`, `/items/0/sku`) — both read
 * right where formats expect a pointer (problem+json writes `#/firstName`). Path parameters,
 * query and headers: the name, dotted when nested (`filter.since`).
 */
export function fieldName(
  path: StandardSchemaV1.Issue["path"],
  location: FieldLocation,
  pointer: boolean = location === "body",
): string {
  if (path === undefined || path.length === 0) return "";
  if (pointer) {
    if (path.length === 1) return pointerToken(segmentKey(path[0] as PropertyKey));
    let out = "";
    for (const s of path) out += `/${pointerToken(segmentKey(s))}`;
    return out;
  }
  let out = "";
  for (let i = 0; i < path.length; i++) out += (i === 0 ? "" : ".") + segmentKey(path[i] as PropertyKey);
  return out;
}

/**
 * Standard Schema issues → field errors at one location. `pointer`: name nested fields by JSON
 * pointer (a body's members) rather than dotted (default: for the `body` location).
 */
export function issuesToFields(
  issues: readonly StandardSchemaV1.Issue[],
  location: FieldLocation,
  pointer: boolean = location === "body",
): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    out.push({ name: fieldName(issue.path, location, pointer), message: issue.message, in: location });
  }
  return out;
}

const defaultParams = (fields: readonly FieldError[]): Readonly<Record<string, unknown>> => {
  const f = fields[0];
  return f === undefined ? {} : { field: f.name, message: f.message };
};

/** The `validationFailed` guard error carrying every field error. */
export function validationError(
  errata: Errata,
  fields: readonly FieldError[],
  options?: ValidateOptions,
): ErrataError {
  return errata.guard("validationFailed", (options?.params ?? defaultParams)(fields), { fields });
}

function isThenable<T>(v: T | Promise<T>): v is Promise<T> {
  return typeof (v as { then?: unknown } | null)?.then === "function";
}

/**
 * Validates the parts of a request that have a schema. Resolves with the typed outputs (the
 * schemas' transforms applied); rejects with one `validationFailed` error holding every issue of
 * every part. Async schemas (refinements that await) are supported.
 */
export async function validate<S extends RequestSchemas>(
  errata: Errata,
  schemas: S,
  input: ValidationInput,
  options?: ValidateOptions,
): Promise<Validated<S>> {
  const out: Record<string, unknown> = {};
  let fields: FieldError[] | undefined;
  for (const part of PARTS) {
    const schema = schemas[part];
    if (schema === undefined) continue;
    const r0 = schema["~standard"].validate(input[part]);
    const r = isThenable(r0) ? await r0 : r0;
    if (r.issues !== undefined) {
      fields ??= [];
      const loc = options?.locations?.[part] ?? LOCATION[part];
      for (const f of issuesToFields(r.issues, loc, part === "body")) fields.push(f);
    } else {
      out[part] = r.value;
    }
  }
  if (fields !== undefined) throw validationError(errata, fields, options);
  return out as Validated<S>;
}

/**
 * Synchronous {@link validate}, for schemas that validate synchronously (most do).
 * @throws TypeError when a schema validates asynchronously (use `validate`).
 */
export function validateSync<S extends RequestSchemas>(
  errata: Errata,
  schemas: S,
  input: ValidationInput,
  options?: ValidateOptions,
): Validated<S> {
  const out: Record<string, unknown> = {};
  let fields: FieldError[] | undefined;
  for (const part of PARTS) {
    const schema = schemas[part];
    if (schema === undefined) continue;
    const r = schema["~standard"].validate(input[part]);
    if (isThenable(r)) {
      // Settle the promise so an async failure is not reported as unhandled.
      r.then(undefined, () => undefined);
      throw new TypeError(`the ${part} schema validates asynchronously: use validate()`);
    }
    if (r.issues !== undefined) {
      fields ??= [];
      const loc = options?.locations?.[part] ?? LOCATION[part];
      for (const f of issuesToFields(r.issues, loc, part === "body")) fields.push(f);
    } else {
      out[part] = r.value;
    }
  }
  if (fields !== undefined) throw validationError(errata, fields, options);
  return out as Validated<S>;
}
