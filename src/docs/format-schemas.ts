/**
 * JSON Schemas (OpenAPI 3.1 dialect) of the error bodies of each built-in format, for
 * `openapi.json`'s `components.schemas`. One schema per format and syntax: ORCID answers in JSON
 * and XML. A format without a schema here gets a generic one named after its id.
 * @module
 */
import type { Syntax } from "./examples.js";

/** A JSON Schema object (as plain JSON). */
export type JsonSchema = { readonly [k: string]: unknown };

interface FormatSchemas {
  readonly json?: { readonly name: string; readonly schema: JsonSchema };
  readonly xml?: { readonly name: string; readonly schema: JsonSchema };
}

const str = { type: "string" } as const;
const int = { type: "integer" } as const;
const codeType = { type: ["integer", "string"] } as const;

const problemProps = {
  type: {
    type: "string",
    format: "uri-reference",
    description: "The code's documentation page (RFC 9457 §3.1.1).",
  },
  title: { ...str, description: "Short summary of the problem type (RFC 9457 §3.1.3)." },
  status: { ...int, description: "The HTTP status (RFC 9457 §3.1.2)." },
  detail: { ...str, description: "Explanation of this occurrence (RFC 9457 §3.1.4)." },
  instance: { type: "string", format: "uri-reference", description: "The request path (RFC 9457 §3.1.5)." },
  code: { ...codeType, description: "The catalog code (extension member)." },
  name: { ...str, description: "The catalog's symbolic name (extension member)." },
  requestId: { ...str, description: "The request token, also in X-Request-Id; quote it to support." },
};

const SCHEMAS: Readonly<Record<string, FormatSchemas>> = {
  "problem+json": {
    json: {
      name: "ProblemDetails",
      schema: {
        type: "object",
        description: "RFC 9457 problem details (application/problem+json) with errata's extension members.",
        properties: {
          ...problemProps,
          errors: {
            type: "array",
            description: "Field errors (RFC 9457 §3 example shape).",
            items: {
              type: "object",
              properties: { detail: str, pointer: str, parameter: str, header: str, code: codeType },
              required: ["detail"],
            },
          },
        },
        required: ["title", "status"],
      },
    },
  },
  "problem+xml": {
    xml: {
      name: "ProblemDetailsXml",
      schema: {
        type: "object",
        description: "RFC 9457 Appendix B problem details in XML (application/problem+xml).",
        xml: { name: "problem", namespace: "urn:ietf:rfc:7807" },
        properties: problemProps,
      },
    },
  },
  oauth2: {
    json: {
      name: "OAuth2Error",
      schema: {
        type: "object",
        description: "OAuth 2.0 error response (RFC 6749 §5.2).",
        properties: {
          error: { ...str, description: "Error code (invalid_request, invalid_client, invalid_grant, …)." },
          error_description: str,
          error_uri: { type: "string", format: "uri", description: "The code's documentation page." },
        },
        required: ["error"],
      },
    },
  },
  "bearer-challenge": {
    json: {
      name: "BearerChallengeError",
      schema: {
        type: "object",
        description:
          "RFC 6750 §3: the error is in the WWW-Authenticate Bearer challenge; the body repeats it.",
        properties: { error: str, error_description: str, error_uri: { type: "string", format: "uri" } },
      },
    },
  },
  orcid: {
    json: {
      name: "OrcidError",
      schema: {
        type: "object",
        description: "ORCID API error (seed 000).",
        properties: {
          "response-code": int,
          "developer-message": str,
          "user-message": str,
          "error-code": codeType,
          "more-info": { type: "string", format: "uri" },
        },
      },
    },
    xml: {
      name: "OrcidErrorXml",
      schema: {
        type: "object",
        description: "ORCID API error in XML (seed 000).",
        xml: { name: "error" },
        properties: {
          "response-code": int,
          "developer-message": str,
          "user-message": str,
          "error-code": codeType,
          "more-info": str,
        },
      },
    },
  },
  "identity-cloud": {
    json: {
      name: "IdentityCloudError",
      schema: {
        type: "object",
        description: "Identity Cloud Registration error (seed 001): read `stat`, not the HTTP status.",
        properties: {
          stat: { type: "string", const: "error" },
          code: int,
          error: str,
          error_description: str,
          request_token: str,
        },
        required: ["stat", "code", "error"],
      },
    },
  },
  oclc: {
    xml: {
      name: "OclcError",
      schema: {
        type: "object",
        description:
          "OCLC WorldCat error (seed 002): an oclc:error element, inside an Atom entry on POST/PUT.",
        xml: { name: "error", prefix: "oclc" },
        properties: {
          code: { type: "object", properties: { type: { ...str, xml: { attribute: true } } } },
          message: str,
        },
      },
    },
  },
  "entity-api": {
    json: {
      name: "EntityApiErrors",
      schema: {
        type: "object",
        description: "Entity API errors (seed 003): the codes stay the same, the text may change.",
        properties: {
          errors: {
            type: "array",
            items: {
              type: "object",
              properties: { errorCode: codeType, message: str, subject: str, subjectType: str },
              required: ["errorCode", "message"],
            },
          },
        },
        required: ["errors"],
      },
    },
  },
};

function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => (w[0] as string).toUpperCase() + w.slice(1))
    .join("");
}

/** The component name and schema of a format's bodies in one syntax. */
export function formatSchema(formatId: string, syntax: Syntax): { name: string; schema: JsonSchema } {
  const known = SCHEMAS[formatId];
  const k = syntax === "xml" ? known?.xml : known?.json;
  if (k !== undefined) return k;
  const base = pascal(formatId) || "Format";
  if (syntax === "xml")
    return { name: `${base}Xml`, schema: { type: "object", description: `${formatId} error (XML).` } };
  if (syntax === "text")
    return { name: `${base}Text`, schema: { type: "string", description: `${formatId} error (text).` } };
  return { name: `${base}Error`, schema: { type: "object", description: `${formatId} error.` } };
}
