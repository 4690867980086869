/**
 * `errata/validate`: request validation with any Standard Schema validator (zod, valibot,
 * arktype, …). Every issue of every part (path parameters, query, headers, body) becomes one
 * field error, all in one `validationFailed` error that the route's format renders. Broken JSON is
 * the 400 malformed-body guard and an unknown body type the 415 guard — never a 500.
 *
 * - `validate(errata, schemas, input)`: any framework; Express's `req` and Fastify's `request`
 *   are valid inputs as they are.
 * - `validateContext(ctx, schemas)`: errata's node:http adapter (reads the bounded body).
 * - The fetch and Hono adapters have `ctx.validate(schemas)` and `x.validate(c, schemas)`.
 *
 * @example
 * ```ts
 * const { body } = await validate(errata, { body: z.object({ firstName: z.string() }) }, req);
 * ```
 * @module
 */
export { isJsonMediaType, parseBodyText, queryObject } from "./input.js";
export { validateContext } from "./node.js";
export {
  fieldName,
  issuesToFields,
  type RequestSchemas,
  type StandardSchemaV1,
  type Validated,
  type ValidateOptions,
  type ValidationInput,
  validate,
  validateSync,
  validationError,
} from "./standard.js";
