/**
 * The JSON Schema (draft 2020-12) of the `catalog.json` export format written by
 * src/catalog/export.ts and described in docs/catalog-format.md. The docs site ships it as
 * `catalog.schema.json`.
 * @module
 */

const stringList = { type: "array", items: { type: "string" } } as const;
const code = {
  type: ["integer", "string", "null"],
  description: "Numeric or string code; null when the entry has none.",
} as const;

/** JSON Schema of a `catalog.json` document. */
export const catalogJsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "urn:errata:catalog:1",
  title: "errata catalog export",
  description:
    "Error catalogs exported by errata (`errata docs` writes catalog.json). Read back by every errata command.",
  type: "object",
  required: ["format", "formatVersion", "catalogs"],
  properties: {
    format: { const: "errata-catalog" },
    formatVersion: {
      type: "integer",
      minimum: 1,
      description: "1 for this schema. Readers refuse newer versions.",
    },
    catalogs: { type: "array", items: { $ref: "#/$defs/catalog" } },
  },
  $defs: {
    catalog: {
      type: "object",
      required: ["id", "entries"],
      properties: {
        id: {
          type: "string",
          pattern: "^[a-z0-9][a-z0-9-]*$",
          description: "Stable id, used in URLs, metrics and the store.",
        },
        title: { type: "string" },
        description: { type: "string" },
        version: { type: ["string", "null"] },
        defaultLocale: { type: "string", description: "Locale of `message` (BCP 47), default en." },
        families: {
          type: "object",
          properties: {
            catchAll: {
              type: "boolean",
              description: "A multiple of 10, 100, … is the catch-all of the codes below it.",
            },
            prefix: {
              type: "boolean",
              description: "A code whose digits start with another code belongs to it.",
            },
          },
        },
        formats: { ...stringList, description: "Format ids or media types the catalog is served in." },
        entries: { type: "array", items: { $ref: "#/$defs/entry" } },
      },
    },
    entry: {
      type: "object",
      required: ["key", "status", "message"],
      properties: {
        key: { type: "string", minLength: 1, not: { const: "$" }, description: "Unique within the catalog." },
        slug: {
          type: "string",
          description: "URL-safe id; the docs page is <catalog id>/<slug>. Informational.",
        },
        code,
        name: { type: ["string", "null"], description: "Symbolic name (api_limit_error)." },
        status: {
          type: "integer",
          minimum: 100,
          maximum: 599,
          description: "HTTP status (lint expects 400–599).",
        },
        title: { type: "string" },
        message: { type: "string", description: "Developer message template with {param} placeholders." },
        userMessage: { type: ["string", "null"], description: "End-user message template." },
        messages: {
          type: "object",
          additionalProperties: { type: "string" },
          description: "Templates by BCP 47 tag.",
        },
        description: { type: ["string", "null"] },
        causes: stringList,
        fixes: stringList,
        docs: { type: ["string", "null"], description: "Explicit documentation URL." },
        parent: { ...code, description: "Code or name of the entry's family (declared or derived)." },
        authMethods: stringList,
        defect: { type: ["string", "null"], description: "A documented known defect of the real catalog." },
        tags: stringList,
        deprecated: { type: "boolean" },
        params: { ...stringList, description: "Template parameter names (message, then userMessage)." },
        headers: { type: "object", additionalProperties: { type: "string" } },
        extra: { type: "object", description: "Extra body members (JSON values)." },
        expose: { type: "boolean", description: "Whether the message may be shown to clients." },
        retryAfter: { type: ["number", "null"], minimum: 0, description: "Seconds for Retry-After." },
      },
    },
  },
} as const;
