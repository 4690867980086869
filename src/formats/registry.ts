/**
 * The wire formats errata ships, by id, so tools that only have a catalog (the docs generator,
 * `errata explain`) can render example responses in the formats a catalog declares
 * (`CatalogOptions.formats`: format ids or media types).
 * @module
 */
import { bearerChallenge } from "./bearer-challenge/index.js";
import { entityApi } from "./entity-api/index.js";
import { identityCloud } from "./identity-cloud/index.js";
import { oauth2 } from "./oauth/index.js";
import { oclc } from "./oclc/index.js";
import { orcid } from "./orcid/index.js";
import { problemJson } from "./problem-json/index.js";
import { problemXml } from "./problem-xml/index.js";
import type { AnyFormat } from "./types.js";

/** Creates a format with its default options. */
export type FormatFactory = () => AnyFormat;

/** The built-in formats by id (CONTRACT §6 names them the same way). */
export const formatFactories: Readonly<Record<string, FormatFactory>> = {
  "problem+json": problemJson,
  "problem+xml": problemXml,
  oauth2: () => oauth2(),
  "bearer-challenge": () => bearerChallenge(),
  orcid: () => orcid(),
  "identity-cloud": () => identityCloud(),
  oclc: () => oclc(),
  "entity-api": entityApi,
};

/** Other spellings people use for the same ids. */
const ALIASES: Readonly<Record<string, string>> = {
  "problem-json": "problem+json",
  "problem-xml": "problem+xml",
  oauth: "oauth2",
  bearer: "bearer-challenge",
};

const instances = new Map<string, AnyFormat>();

function instance(id: string): AnyFormat | undefined {
  let f = instances.get(id);
  if (f === undefined) {
    const make = formatFactories[id];
    if (make === undefined) return undefined;
    f = make();
    instances.set(id, f);
  }
  return f;
}

/**
 * The built-in format for an id (`problem+json`) or a media type only one format answers with
 * (`application/problem+json`; `application/json` is oauth2's and bearer-challenge's, so it is the
 * first of them), or undefined. Instances are shared: formats keep no per-request state.
 */
export function formatFor(idOrMediaType: string): AnyFormat | undefined {
  const key = idOrMediaType.trim().toLowerCase();
  const byId = instance(ALIASES[key] ?? key);
  if (byId) return byId;
  for (const id of Object.keys(formatFactories)) {
    const f = instance(id);
    if (f?.mediaTypes.some((m) => m.toLowerCase() === key)) return f;
  }
  return undefined;
}

/** The ids of the built-in formats. */
export function formatIds(): string[] {
  return Object.keys(formatFactories);
}
