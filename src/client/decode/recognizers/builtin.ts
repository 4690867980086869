/**
 * The built-in recognisers, in the order they are tried. Order matters only where shapes
 * overlap: specific markers first (`stat`, `ok:false`, problem members, ORCID's hyphenated keys,
 * `errorCode`), then the `error`-object families told apart by the type of `error.code` (Google:
 * number; Stripe: `type` ending in `_error`; Azure/OData: string), then the `errors[]` families
 * (Twilio `infoUrl`, GraphQL `message`, JSON:API `title/detail/source`), then framework
 * defaults, and the loosest shape, OAuth 2.0's bare `error` string, last.
 * @module
 */
import { setBuiltinRecognizers } from "../registry.js";
import { awsJson, awsXml } from "./aws.js";
import { azure } from "./azure.js";
import { bearerChallengeRecognizer } from "./bearer-challenge.js";
import { boom } from "./boom.js";
import { entityApi } from "./entity-api.js";
import { fastify } from "./fastify.js";
import { github } from "./github.js";
import { google } from "./google.js";
import { graphql } from "./graphql.js";
import { identityCloud } from "./identity-cloud.js";
import { jsonapi } from "./jsonapi.js";
import { laravel } from "./laravel.js";
import { nestjs } from "./nestjs.js";
import { oauth2 } from "./oauth2.js";
import { oclc } from "./oclc.js";
import { orcidJson, orcidXml } from "./orcid.js";
import { problemJson } from "./problem-json.js";
import { problemXml } from "./problem-xml.js";
import { rails } from "./rails.js";
import { slack } from "./slack.js";
import { spring } from "./spring.js";
import { stripe } from "./stripe.js";
import { twilio } from "./twilio.js";

export { problemJson };

setBuiltinRecognizers([
  problemJson,
  identityCloud,
  slack,
  orcidJson,
  entityApi,
  google,
  stripe,
  azure,
  awsJson,
  twilio,
  graphql,
  jsonapi,
  github,
  fastify,
  boom,
  nestjs,
  spring,
  laravel,
  rails,
  oauth2,
  problemXml,
  orcidXml,
  oclc,
  awsXml,
  bearerChallengeRecognizer,
]);
