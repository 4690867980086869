/**
 * The entity API of seed 003 on the demo server, exactly as CONTRACT §3.1 says, under
 * `/entity-api/v1`. Entities live in memory, per mount; entity 1 exists at start.
 *
 * Order of checks, as a Spring-style service does (authentication filters run before the
 * controller): 405 (routing) → authentication (4004 missing, 4003 anything but `demo-token`) →
 * 404 for PUT/PATCH of an unknown id → body media type (415) → JSON (9002) → fields (5000, every
 * invalid field one entry of one 400) → uniqueness (200601 / 200602, both when both, 409).
 *
 * `readonly-token` is not accepted here: it carries only ORCID and OAuth scopes (CONTRACT §3),
 * and §3.1 admits `demo-token` alone ("others → 401, code 4003").
 * @module
 */
import type { DemoContext } from "../../demo/app.js";
import type { Reply, RouteContext } from "../../src/adapters/node/index.js";
import { createRouter, type Router } from "../../src/adapters/node/index.js";
import type { FieldError } from "../../src/errors/field-error.js";
import { entityApi } from "../../src/formats/entity-api/index.js";
import { mediaTypeOf } from "../../src/guards/limits.js";
import { createErrata, type ErrataError } from "../../src/index.js";
import { entityApiGuards, entityApiErrors as errors } from "./catalog.js";

export const ENTITY_API_PREFIX = "/entity-api/v1";

/** The demo's one valid bearer token (CONTRACT §3). */
const DEMO_TOKEN = "demo-token";

/** An entity as stored and returned. */
export interface Entity {
  readonly id: number;
  firstName: string;
  lastName: string;
  usptaNumber?: string;
  ptrNumber?: string;
}

/** Fields of an entity as sent, validated. */
interface EntityInput {
  firstName?: string;
  lastName?: string;
  usptaNumber?: string;
  ptrNumber?: string;
}

const NAME_MAX = 100;
/** USPTA and PTR membership numbers: letters, digits and dashes. */
const MEMBER_NUMBER = /^[A-Za-z0-9-]{1,32}$/;

/** Seed 003: each invalid field is an entry with message "validation error" and subject = the field. */
function invalid(name: string): FieldError {
  return { name, message: "validation error" };
}

function validName(v: unknown): v is string {
  return typeof v === "string" && v.trim() !== "" && v.length <= NAME_MAX;
}

/**
 * Validates a body. `partial`: fields may be left out (PUT and PATCH update the fields sent);
 * otherwise firstName and lastName are required. Returns the field errors, in field order.
 */
function validate(body: Record<string, unknown>, partial: boolean, out: EntityInput): FieldError[] {
  const fieldErrors: FieldError[] = [];
  for (const name of ["firstName", "lastName"] as const) {
    const v = body[name];
    if (v === undefined && partial) continue;
    if (validName(v)) out[name] = v;
    else fieldErrors.push(invalid(name));
  }
  for (const name of ["usptaNumber", "ptrNumber"] as const) {
    const v = body[name];
    if (v === undefined || v === null) continue;
    if (typeof v === "string" && MEMBER_NUMBER.test(v)) out[name] = v;
    else fieldErrors.push(invalid(name));
  }
  return fieldErrors;
}

/** Mounts the entity API on the demo (CONTRACT §3.1). */
export function mountEntityApi(ctx: DemoContext): Router {
  const errata = createErrata({
    formats: [entityApi()],
    catalogs: [errors],
    guards: entityApiGuards,
    docsBaseUrl: ctx.docsBaseUrl,
    observers: ctx.observers,
  });
  const entities = new Map<number, Entity>([[1, { id: 1, firstName: "Ada", lastName: "Lovelace" }]]);
  let nextId = 2;

  /** Authentication first (CONTRACT §3): missing → 4004, anything but the demo token → 4003. */
  function authenticate(c: RouteContext): ErrataError | null {
    const h = c.req.headers.authorization;
    if (h === undefined || h.trim() === "") return errors.authenticationError();
    const m = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i.exec(h);
    return m !== null && m[1] === DEMO_TOKEN ? null : errors.authenticationTokenInvalid();
  }

  function entityOf(c: RouteContext): Entity | undefined {
    const id = c.params.id ?? "";
    return /^[1-9][0-9]{0,14}$/.test(id) ? entities.get(Number(id)) : undefined;
  }

  /** The uniqueness conflicts of `input` with entities other than `self`: 200601 and/or 200602. */
  function conflicts(input: EntityInput, self: number | null): ErrataError | null {
    let uspta = false;
    let ptr = false;
    for (const e of entities.values()) {
      if (e.id === self) continue;
      if (input.usptaNumber !== undefined && e.usptaNumber === input.usptaNumber) uspta = true;
      if (input.ptrNumber !== undefined && e.ptrNumber === input.ptrNumber) ptr = true;
    }
    if (uspta && ptr) return errors.usptaNumberNotUnique({ also: [errors.ptrNumberNotUnique()] });
    if (uspta) return errors.usptaNumberNotUnique();
    if (ptr) return errors.ptrNumberNotUnique();
    return null;
  }

  /**
   * Reads and validates a JSON body: 415 unless application/json, 9002 unless a JSON object,
   * 5000 with every invalid field. Without a body, POST is 9002 and PUT/PATCH change nothing.
   */
  async function readInput(c: RouteContext, partial: boolean): Promise<EntityInput | ErrataError> {
    const h = c.req.headers;
    const hasBody =
      (h["content-length"] !== undefined && h["content-length"] !== "0") ||
      h["transfer-encoding"] !== undefined;
    // POST without a body: Spring's "Required request body is missing" is an unreadable message (9002).
    let body: unknown = partial ? {} : undefined;
    if (hasBody) {
      const mt = mediaTypeOf(h["content-type"]);
      if (mt !== "application/json" && !(mt.startsWith("application/") && mt.endsWith("+json"))) {
        return errors.unsupportedMediaType();
      }
      body = await c.json();
    }
    if (body === null || typeof body !== "object" || Array.isArray(body))
      return errors.httpMessageNotReadable();
    const input: EntityInput = {};
    const fieldErrors = validate(body as Record<string, unknown>, partial, input);
    if (fieldErrors.length !== 0) return errors.validationError({ fields: fieldErrors });
    return input;
  }

  /** PUT and PATCH: the fields sent replace the stored ones. */
  async function update(c: RouteContext): Promise<Reply | ErrataError> {
    const denied = authenticate(c);
    if (denied) return denied;
    const entity = entityOf(c);
    if (entity === undefined) return errors.entityNotFound();
    const input = await readInput(c, true);
    if (input instanceof Error) return input;
    const conflict = conflicts(input, entity.id);
    if (conflict) return conflict;
    Object.assign(entity, input);
    // Seed 003, "API Responses": PUT/PATCH success is 200 with an empty body.
    return { status: 200 };
  }

  const router = createRouter({ prefix: ENTITY_API_PREFIX, errata });
  router.get("/entities/:id", (c) => {
    const denied = authenticate(c);
    if (denied) return denied;
    const entity = entityOf(c);
    return entity === undefined ? errors.entityNotFound() : { body: { ...entity } };
  });
  router.post("/entities", async (c) => {
    const denied = authenticate(c);
    if (denied) return denied;
    const input = await readInput(c, false);
    if (input instanceof Error) return input;
    const conflict = conflicts(input, null);
    if (conflict) return conflict;
    const entity: Entity = {
      id: nextId++,
      firstName: input.firstName as string,
      lastName: input.lastName as string,
      ...(input.usptaNumber !== undefined ? { usptaNumber: input.usptaNumber } : undefined),
      ...(input.ptrNumber !== undefined ? { ptrNumber: input.ptrNumber } : undefined),
    };
    entities.set(entity.id, entity);
    return {
      status: 201,
      headers: { Location: `${ENTITY_API_PREFIX}/entities/${entity.id}` },
      body: { ...entity },
    };
  });
  router.put("/entities/:id", update);
  router.patch("/entities/:id", update);
  // No DELETE route: the adapter answers 405 with Allow (seed 003 lists 405; CONTRACT §3.1).
  return router;
}
