/**
 * errata — one error system for HTTP APIs.
 *
 * @example
 * ```ts
 * import { defineCatalog, createErrata, problemJson } from "errata";
 * const errors = defineCatalog({ id: "shop" }, {
 *   orderNotFound: { code: 3001, status: 404, message: "Order {id} not found", fixes: ["Check the id"] },
 * });
 * const errata = createErrata({ catalogs: [errors], formats: [problemJson()] });
 * throw errors.orderNotFound({ id: "42" });
 * ```
 * @module
 */
export {
  type AnyCatalog,
  type AnyErrorFactory,
  type Catalog,
  defineCatalog,
  type ErrorFactory,
  entriesOf,
} from "./catalog/define.js";
export { httpErrors } from "./catalog/http.js";
export { type FamilyRef, is } from "./catalog/match.js";
export {
  type CatalogStatus,
  type ClientErrorStatus,
  type ErrorStatus,
  reasonPhrase,
  type ServerErrorStatus,
} from "./catalog/status.js";
export {
  compileTemplate,
  fillTemplate,
  type ParamsOf,
  type ParamValue,
  type TemplateParams,
} from "./catalog/template.js";
export type {
  CatalogEntry,
  CatalogInfo,
  CatalogOptions,
  ErrorSpec,
  FamilyRules,
  JsonValue,
} from "./catalog/types.js";
export { describeCause } from "./core/cause.js";
export {
  createErrata,
  type Errata,
  type ErrataOptions,
  type ErrorObserver,
  type GuardEntries,
  type GuardKind,
} from "./core/errata.js";
export type { ErrorCause, ErrorEvent } from "./core/event.js";
export { ErrataError, type ErrorOptions, isErrataError } from "./errors/errata-error.js";
export type { FieldError, FieldLocation } from "./errors/field-error.js";
export { PROBLEM_JSON, problemJson } from "./formats/problem-json/index.js";
export type {
  AnyFormat,
  Format,
  FormatEnv,
  HeaderMap,
  RenderContext,
  RenderedError,
  RequestView,
} from "./formats/types.js";
export { negotiateLanguage, negotiateMediaType } from "./negotiate/index.js";
export { isRequestToken, requestToken } from "./token/index.js";
