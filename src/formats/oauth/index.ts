/**
 * OAuth 2.0 error formats: token-endpoint JSON errors (RFC 6749 §5.2, format `oauth2`) and
 * authorization-endpoint redirects (RFC 6749 §4.1.2.1). Protected-resource challenges (RFC 6750
 * §3) are the `bearer-challenge` format, in ../bearer-challenge/.
 * @module
 */
export {
  type AuthorizationRedirect,
  type AuthorizationRedirectOptions,
  authorizationErrorParams,
  authorizationErrorRedirect,
  authorizationResponseLocation,
  type ResponseMode,
  type ResponseParam,
} from "./authorization-redirect.js";
export { OAUTH_JSON, oauthErrorCode, oauthErrorUri } from "./error-code.js";
export { type OAuth2FormatOptions, oauth2 } from "./token-error.js";
