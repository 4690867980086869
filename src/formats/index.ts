/**
 * `errata/formats`: every wire format, one module each (`src/formats/<id>/`), and the registry
 * that finds one by id or media type.
 * @module
 */
export {
  BEARER_ERROR_CODES,
  type BearerChallengeOptions,
  bearerChallenge,
} from "./bearer-challenge/index.js";
export { ENTITY_API_JSON, entityApi } from "./entity-api/index.js";
export {
  IDENTITY_CLOUD_JSON,
  type IdentityCloudHttpStatus,
  type IdentityCloudOptions,
  identityCloud,
  identityCloudCode,
  identityCloudName,
} from "./identity-cloud/index.js";
export {
  authorizationErrorRedirect,
  OAUTH_JSON,
  type OAuth2FormatOptions,
  oauth2,
  oauthErrorCode,
  oauthErrorUri,
} from "./oauth/index.js";
export { OCLC_NS, type OclcOptions, oclc } from "./oclc/index.js";
export { ORCID_ERROR_NS, ORCID_JSON, ORCID_XML, type OrcidFormatOptions, orcid } from "./orcid/index.js";
export { PROBLEM_JSON, problemJson } from "./problem-json/index.js";
export { PROBLEM_XML, PROBLEM_XML_NS, problemXml } from "./problem-xml/index.js";
export { type FormatFactory, formatFactories, formatFor, formatIds } from "./registry.js";
export type { AnyFormat, Format, FormatEnv, RenderContext, RenderedError, RequestView } from "./types.js";
