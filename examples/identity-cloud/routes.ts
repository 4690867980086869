/**
 * The Identity Cloud–style API of the demo (CONTRACT §3.3, seed 001), under `/identity`:
 *
 * - `POST /entity.create` — form fields `type_name`, `attributes` (a JSON object) → `{"stat":"ok","id":N,"uuid":"…"}`
 * - `POST /entity` — form fields `type_name` and `uuid` or `id` → `{"stat":"ok","result":{…}}`
 *
 * Every call carries the client credentials as form fields (`client_id=demo-client`,
 * `client_secret=demo-secret`), as the Capture API's entity operations take them. Checks run as
 * real APIs order them (CONTRACT §3): authentication (missing → 100, wrong → 402), then the rate
 * limit (10 authenticated calls a minute per `client_id`, sliding window → 510 with `Retry-After`),
 * then the arguments (100 missing, 201 conflicting or repeated, 222 unknown type, 340 broken JSON,
 * 380 email in use, 310 unknown record). Errors are answered with HTTP 200 and `stat:"error"`, as
 * the real API does; `createIdentityCloudRouter(ctx, { httpStatus: "mapped" })` sends the mapped
 * status instead.
 *
 * The entity type `user` has the attributes `email` (unique, case-insensitive), `givenName` and
 * `familyName`; record 1 (`existing@example.com`) exists at start.
 * @module
 */
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import type { DemoContext } from "../../demo/app.js";
import { createRouter, type Reply, type RouteContext, type Router } from "../../src/adapters/node/index.js";
import type { JsonValue } from "../../src/catalog/types.js";
import type { ErrataError } from "../../src/errors/errata-error.js";
import { type IdentityCloudHttpStatus, identityCloud } from "../../src/formats/identity-cloud/index.js";
import { rateLimitGuard } from "../../src/guards/rate-limit.js";
import { createErrata } from "../../src/index.js";
import { createRateLimiter } from "../../src/rate-limit/index.js";
import { identityCloudErrors as errors } from "./catalog.js";

/** The demo's API client (CONTRACT §3.3). */
export const DEMO_CLIENT_ID = "demo-client";
export const DEMO_CLIENT_SECRET = "demo-secret";
/** The one entity type of the demo. */
export const ENTITY_TYPE = "user";
/** The record that exists at start. */
export const EXISTING_RECORD = Object.freeze({
  id: 1,
  uuid: "7f1b3c9e-2a4d-4e8f-9b6a-0c5d1e2f3a4b",
  email: "existing@example.com",
});

/** Options of {@link createIdentityCloudRouter}. */
export interface IdentityCloudRouterOptions {
  /** HTTP status of errors: `"always-200"` (default, as the real API) or `"mapped"`. */
  readonly httpStatus?: IdentityCloudHttpStatus;
  /** Authenticated calls allowed per minute and client (default 10, CONTRACT §3.3). */
  readonly perMinute?: number;
  /** Records the demo keeps at most (default 10 000): the demo must not grow without bound. */
  readonly maxRecords?: number;
}

interface UserRecord {
  readonly id: number;
  readonly uuid: string;
  readonly email: string | null;
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly created: string;
  readonly lastUpdated: string;
}

const FORM = "application/x-www-form-urlencoded";
const SCHEMA: ReadonlySet<string> = new Set(["email", "givenName", "familyName"]);
/** Attributes the API sets itself (seed 001, 234: "such as uuid and created"). */
const RESERVED_ATTRIBUTES: ReadonlySet<string> = new Set(["uuid", "created", "lastUpdated"]);
const MAX_LENGTH = 256;
const ID = /^[1-9][0-9]{0,14}$/;
const POLICY = "identity-per-minute";
const OK_HEADERS = { "Cache-Control": "no-store" } as const;

/** Compares two secrets in constant time (hashes first, so lengths leak nothing either). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** 100 missing_argument with the real API's `argument_name` member. */
function missing(name: string): ErrataError {
  return errors.missingArgument({ argumentName: name }, { extra: { argument_name: name } });
}

/**
 * The one value of a form field, or null when absent. A field sent twice is 201 duplicate_argument:
 * which of the two was meant is not for the server to guess.
 */
function one(form: URLSearchParams, name: string): string | null {
  const all = form.getAll(name);
  if (all.length > 1) {
    throw errors.duplicateArgument(
      { arguments: `${name} (given ${all.length} times)` },
      { extra: { argument_name: name } },
    );
  }
  const v = all[0];
  return v === undefined || v === "" ? null : v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function publicRecord(r: UserRecord): Record<string, JsonValue> {
  return {
    id: r.id,
    uuid: r.uuid,
    email: r.email,
    givenName: r.givenName,
    familyName: r.familyName,
    created: r.created,
    lastUpdated: r.lastUpdated,
  };
}

/** Builds the router (and its own errata instance, limiter and records). */
export function createIdentityCloudRouter(
  ctx: DemoContext,
  options: IdentityCloudRouterOptions = {},
): Router {
  const errata = createErrata({
    formats: [identityCloud({ httpStatus: options.httpStatus ?? "always-200" })],
    catalogs: [errors],
    guards: {
      badRequest: errors.invalidArgument,
      malformedBody: errors.invalidArgument,
      validationFailed: errors.invalidArgument,
      methodNotAllowed: errors.methodNotAllowed,
      notAcceptable: errors.notAcceptable,
      unsupportedMediaType: errors.unsupportedMediaType,
      payloadTooLarge: errors.contentTooLarge,
      tooManyRequests: errors.apiLimitError,
      unexpected: errors.unexpectedError,
    },
    docsBaseUrl: ctx.docsBaseUrl,
    observers: ctx.observers,
  });
  const limiter = createRateLimiter({
    memory: { now: ctx.now },
    policies: [
      { name: POLICY, limit: options.perMinute ?? 10, windowMs: 60_000, algorithm: "sliding-window" },
    ],
  });
  const limit = rateLimitGuard<string>({
    limiter,
    policy: POLICY,
    key: (clientId) => clientId,
    error: errors.apiLimitError,
  });
  const maxRecords = options.maxRecords ?? 10_000;

  const byUuid = new Map<string, UserRecord>();
  const byId = new Map<number, UserRecord>();
  const emails = new Set<string>();
  let nextId = 1;
  function store(r: UserRecord): void {
    byUuid.set(r.uuid, r);
    byId.set(r.id, r);
    if (r.email !== null) emails.add(r.email.toLowerCase());
    nextId = Math.max(nextId, r.id + 1);
  }
  const start = new Date(ctx.now()).toISOString();
  store({
    ...EXISTING_RECORD,
    givenName: "Existing",
    familyName: "User",
    created: start,
    lastUpdated: start,
  });

  /** Authentication, then the rate limit (CONTRACT §3): returns the form for the argument checks. */
  async function authenticate(c: RouteContext): Promise<URLSearchParams> {
    const form = await c.form();
    const clientId = one(form, "client_id");
    if (clientId === null) throw missing("client_id");
    const secret = one(form, "client_secret");
    if (secret === null) throw missing("client_secret");
    if (!sameSecret(clientId, DEMO_CLIENT_ID) || !sameSecret(secret, DEMO_CLIENT_SECRET)) {
      throw errors.invalidClientCredentials();
    }
    c.clientId = clientId;
    const refused = await limit(clientId, errata);
    if (refused) throw refused;
    return form;
  }

  function checkType(typeName: string): void {
    if (typeName !== ENTITY_TYPE) throw errors.unknownEntityType({ typeName });
  }

  async function entityCreate(c: RouteContext): Promise<Reply> {
    const form = await authenticate(c);
    const typeName = one(form, "type_name");
    if (typeName === null) throw missing("type_name");
    const attributesText = one(form, "attributes");
    if (attributesText === null) throw missing("attributes");
    checkType(typeName);
    let attributes: unknown;
    try {
      attributes = JSON.parse(attributesText);
    } catch {
      throw errors.invalidDataFormat(
        { argumentName: "attributes" },
        { extra: { argument_name: "attributes" } },
      );
    }
    if (!isPlainObject(attributes)) {
      throw errors.invalidJsonType(
        { argumentName: "attributes", expected: "a JSON object" },
        { extra: { argument_name: "attributes" } },
      );
    }
    const values: Record<string, string | null> = {};
    for (const name of Object.keys(attributes)) {
      if (name === "id") throw errors.idInNewRecord();
      if (RESERVED_ATTRIBUTES.has(name)) throw errors.reservedAttribute({ attribute: name });
      if (!SCHEMA.has(name)) throw errors.unknownAttribute({ attribute: name });
      const v = attributes[name];
      if (v !== null && typeof v !== "string") {
        throw errors.invalidJsonType(
          { argumentName: name, expected: "a string or null" },
          { extra: { argument_name: name } },
        );
      }
      if (v !== null && v.length > MAX_LENGTH)
        throw errors.lengthViolation({ attribute: name, max: MAX_LENGTH });
      values[name] = v;
    }
    const email = values.email ?? null;
    if (email !== null && emails.has(email.toLowerCase())) throw errors.emailAddressInUse();
    if (byId.size >= maxRecords) throw errors.errorCreatingRecord();
    const now = new Date(ctx.now()).toISOString();
    const record: UserRecord = {
      id: nextId,
      uuid: randomUUID(),
      email,
      givenName: values.givenName ?? null,
      familyName: values.familyName ?? null,
      created: now,
      lastUpdated: now,
    };
    store(record);
    return { headers: OK_HEADERS, body: { id: record.id, uuid: record.uuid, stat: "ok" } };
  }

  async function entity(c: RouteContext): Promise<Reply> {
    const form = await authenticate(c);
    const typeName = one(form, "type_name");
    if (typeName === null) throw missing("type_name");
    const uuid = one(form, "uuid");
    const id = one(form, "id");
    // Seed 001, 201: "you typically can't use id and uuid in the same operation".
    if (uuid !== null && id !== null) throw errors.duplicateArgument({ arguments: "id and uuid" });
    if (uuid === null && id === null) throw missing("uuid");
    checkType(typeName);
    let record: UserRecord | undefined;
    if (id !== null) {
      if (!ID.test(id)) throw errors.invalidArgument({ extra: { argument_name: "id" } });
      record = byId.get(Number(id));
    } else {
      record = byUuid.get(uuid as string);
    }
    if (record === undefined) throw errors.recordNotFound();
    return { headers: OK_HEADERS, body: { result: publicRecord(record), stat: "ok" } };
  }

  return createRouter({ prefix: "/identity", errata })
    .post("/entity.create", entityCreate, { accepts: [FORM] })
    .post("/entity", entity, { accepts: [FORM] });
}

/** Mounts the Identity Cloud system on the demo (CONTRACT §3.3). */
export function mountIdentityCloud(ctx: DemoContext): Router {
  return createIdentityCloudRouter(ctx);
}
