/**
 * `openapi.json`: OpenAPI 3.1 components for every code, so an API description can reference
 * them (`$ref: "openapi.json#/components/responses/oclc.401"`):
 * - `components.schemas`: the error body of each format (and syntax) the catalogs are served in;
 * - `components.responses`: one reusable response per code, named `<catalog>.<slug>`, with each
 *   media type's schema and an example per format rendered by the real format, plus the headers
 *   it sends. XML examples are strings, as OAS 3.1 §4.8.19.1 says for media types JSON cannot
 *   represent.
 * Each response carries `x-errata` (catalog, code, name, status, docs page) for tools.
 * @module
 */
import { reasonPhrase } from "../catalog/status.js";
import type { ExampleResponse } from "./examples.js";
import { formatSchema, type JsonSchema } from "./format-schemas.js";
import type { DocEntry, SiteModel } from "./model.js";

/** The OpenAPI document (plain JSON). */
export type OpenApiDocument = { readonly [k: string]: unknown };

/** OpenAPI component names: `^[a-zA-Z0-9.\-_]+$` (OAS 3.1 §4.8.7.1). */
function componentName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, "_");
}

/** The response component name of an entry: `<catalog>.<page file>`. */
export function responseName(e: DocEntry): string {
  return componentName(`${e.catalog.dir}.${e.file}`);
}

function describe(e: DocEntry): string {
  const x = e.entry;
  const head = [x.code, x.name].filter((v) => v !== null).join(" ");
  const text = x.spec.description ?? x.title;
  return `${head ? `${head}: ` : ""}${text}${x.spec.deprecated === true ? " (deprecated)" : ""}`;
}

/** Builds the OpenAPI 3.1 document. `pageUrl` gives an entry's docs page URL (or null). */
export function buildOpenApi(model: SiteModel, pageUrl: (e: DocEntry) => string | null): OpenApiDocument {
  const schemas: Record<string, JsonSchema> = {};
  const responses: Record<string, unknown> = {};
  for (const c of model.catalogs) {
    for (const e of c.entries) {
      const content: Record<string, unknown> = {};
      const headers: Record<string, { schema: JsonSchema; example: string; description: string }> = {};
      // Group by media type: oauth2 and bearer-challenge both answer application/json.
      const byType = new Map<string, ExampleResponse[]>();
      for (const ex of e.allExamples) {
        if (ex.failed !== null) continue;
        const list = byType.get(ex.mediaType);
        if (list) list.push(ex);
        else byType.set(ex.mediaType, [ex]);
      }
      for (const [mediaType, exs] of byType) {
        const refs: { $ref: string }[] = [];
        const examples: Record<string, unknown> = {};
        for (const ex of exs) {
          const { name, schema } = formatSchema(ex.formatId, ex.syntax);
          schemas[name] ??= schema;
          if (!refs.some((r) => r.$ref.endsWith(`/${name}`)))
            refs.push({ $ref: `#/components/schemas/${name}` });
          examples[componentName(ex.formatId)] = {
            summary: `${ex.formatId}, HTTP ${ex.status}`,
            value: ex.value,
          };
          for (const [h, v] of ex.headers) {
            // OAS 3.1 §4.8.17.1: a Content-Type response header is ignored; the media type says it.
            if (h.toLowerCase() === "content-type") continue;
            const prev = headers[h];
            if (prev === undefined) {
              headers[h] = {
                schema: { type: "string" },
                example: v,
                description: `Sent by the ${ex.formatId} format.`,
              };
            } else if (prev.example !== v && !prev.description.includes(`${ex.formatId}:`)) {
              // Headers are per response, not per media type: say what each other format sends.
              prev.description += ` ${ex.formatId}: \`${v}\`.`;
            }
          }
        }
        // anyOf, not oneOf: two formats' bodies may be alike (oauth2 and bearer-challenge share a shape).
        content[mediaType] = { schema: refs.length === 1 ? refs[0] : { anyOf: refs }, examples };
      }
      const x = e.entry;
      const url = pageUrl(e);
      responses[responseName(e)] = {
        description: describe(e),
        ...(Object.keys(headers).length ? { headers } : {}),
        ...(Object.keys(content).length ? { content } : {}),
        "x-errata": {
          catalog: c.info.id,
          key: x.key,
          code: x.code,
          name: x.name,
          status: x.status,
          ...(url !== null ? { docs: url } : {}),
        },
      };
    }
  }
  const titles = model.catalogs.map((c) => c.info.title);
  const versions = model.catalogs
    .map((c) => (c.info.version ? `${c.info.id}@${c.info.version}` : null))
    .filter(Boolean);
  const statuses = [...new Set(model.catalogs.flatMap((c) => c.entries.map((e) => e.entry.status)))].sort(
    (a, b) => a - b,
  );
  return {
    openapi: "3.1.0",
    info: {
      title: titles.length ? `${model.title}: ${titles.join(", ")}` : model.title,
      version: versions.length ? versions.join(" ") : "0.0.0",
      description: `Reusable error responses generated by errata. Statuses: ${statuses.map((s) => `${s} ${reasonPhrase(s)}`).join(", ")}.`,
    },
    // The API's origin, as far as the docs know it (the docs usually live on the API's host).
    servers: [{ url: model.docsBaseUrl !== null ? new URL(model.docsBaseUrl).origin : "/" }],
    paths: {},
    components: { schemas, responses },
  };
}
