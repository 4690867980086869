/**
 * Validation for errata's node:http adapter: reads the route's body (bounded; 413 past the limit,
 * 400 when broken, 415 when of an unknown type) only when a body schema asks for it.
 *
 * @example
 * ```ts
 * router.post("/entities", async (ctx) => {
 *   const { body } = await validateContext(ctx, { body: EntityInput });
 *   return { status: 201, body: create(body) };
 * }, { accepts: ["application/json"] });
 * ```
 * @module
 */
import type { RouteContext } from "../adapters/node/context.js";
import { announcesBody } from "../guards/request.js";
import { parseBodyText, queryObject } from "./input.js";
import { type RequestSchemas, type Validated, type ValidateOptions, validate } from "./standard.js";

/** Validates a node route's params, query, headers and body against their schemas. */
export async function validateContext<S extends RequestSchemas>(
  ctx: RouteContext,
  schemas: S,
  options?: ValidateOptions,
): Promise<Validated<S>> {
  const headers = ctx.req.headers;
  let body: unknown;
  if (schemas.body !== undefined && announcesBody(headers)) {
    body = parseBodyText(await ctx.text(), headers["content-type"], ctx.errata);
  }
  return validate(
    ctx.errata,
    schemas,
    {
      params: ctx.params,
      query: schemas.query !== undefined ? queryObject(ctx.query) : undefined,
      headers,
      body,
    },
    options,
  );
}
