/**
 * Standards' own examples: RFC 9457/7807 problem details (JSON and XML), RFC 6749 and RFC 6750
 * OAuth errors, JSON:API error objects, GraphQL errors.
 * @module
 */
import { type CorpusCase, corpusCase, json } from "./case.js";

export const standardCases: CorpusCase[] = [
  corpusCase({
    name: "rfc9457-out-of-credit",
    api: "RFC 9457 problem details",
    // RFC 9457 §3 (first example), with its headers
    source: "https://www.rfc-editor.org/rfc/rfc9457#section-3",
    status: 403,
    headers: { "Content-Type": "application/problem+json", "Content-Language": "en" },
    body: json({
      type: "https://example.com/probs/out-of-credit",
      title: "You do not have enough credit.",
      detail: "Your current balance is 30, but that costs 50.",
      instance: "/account/12345/msgs/abc",
      balance: 30,
      accounts: ["/account/12345", "/account/67890"],
    }),
    expect: {
      format: "problem+json",
      code: "https://example.com/probs/out-of-credit",
      message: "You do not have enough credit.",
      detail: "Your current balance is 30, but that costs 50.",
    },
  }),
  corpusCase({
    name: "rfc9457-validation-errors",
    api: "RFC 9457 problem details",
    // RFC 9457 §3 (multiple problems: "errors" with "detail" and a JSON "pointer")
    source: "https://www.rfc-editor.org/rfc/rfc9457#section-3",
    status: 422,
    headers: { "Content-Type": "application/problem+json", "Content-Language": "en" },
    body: json({
      type: "https://example.net/validation-error",
      title: "Your request is not valid.",
      errors: [
        { detail: "must be a positive integer", pointer: "#/age" },
        { detail: "must be 'green', 'red' or 'blue'", pointer: "#/profile/color" },
      ],
    }),
    expect: {
      format: "problem+json",
      code: "https://example.net/validation-error",
      message: "Your request is not valid.",
      fields: [
        { name: "age", message: "must be a positive integer", code: null },
        { name: "profile/color", message: "must be 'green', 'red' or 'blue'", code: null },
      ],
    },
  }),
  corpusCase({
    name: "rfc7807-invalid-params",
    api: "RFC 7807 problem details",
    // RFC 7807 §3 (the "invalid-params" extension example)
    source: "https://www.rfc-editor.org/rfc/rfc7807#section-3",
    status: 400,
    headers: { "Content-Type": "application/problem+json", "Content-Language": "en" },
    body: json({
      type: "https://example.net/validation-error",
      title: "Your request parameters didn't validate.",
      "invalid-params": [
        { name: "age", reason: "must be a positive integer" },
        { name: "color", reason: "must be 'green', 'red' or 'blue'" },
      ],
    }),
    expect: {
      format: "problem+json",
      code: "https://example.net/validation-error",
      message: "Your request parameters didn't validate.",
      fields: [
        { name: "age", message: "must be a positive integer", code: null },
        { name: "color", message: "must be 'green', 'red' or 'blue'", code: null },
      ],
    },
  }),
  corpusCase({
    name: "rfc9457-xml",
    api: "RFC 9457 problem details (XML)",
    // RFC 9457 Appendix B
    source: "https://www.rfc-editor.org/rfc/rfc9457#appendix-B",
    status: 403,
    headers: { "Content-Type": "application/problem+xml", "Content-Language": "en" },
    body: `<?xml version="1.0" encoding="UTF-8"?>
<problem xmlns="urn:ietf:rfc:7807">
  <type>https://example.com/probs/out-of-credit</type>
  <title>You do not have enough credit.</title>
  <detail>Your current balance is 30, but that costs 50.</detail>
  <instance>https://example.net/account/12345/msgs/abc</instance>
  <balance>30</balance>
  <accounts>
    <i>https://example.net/account/12345</i>
    <i>https://example.net/account/67890</i>
  </accounts>
</problem>`,
    expect: {
      format: "problem+xml",
      code: "https://example.com/probs/out-of-credit",
      message: "You do not have enough credit.",
      detail: "Your current balance is 30, but that costs 50.",
    },
  }),
  corpusCase({
    name: "rfc6749-invalid-request",
    api: "OAuth 2.0 token endpoint",
    // RFC 6749 §5.2 example
    source: "https://www.rfc-editor.org/rfc/rfc6749#section-5.2",
    status: 400,
    headers: {
      "Content-Type": "application/json;charset=UTF-8",
      "Cache-Control": "no-store",
      Pragma: "no-cache",
    },
    body: '{\n  "error":"invalid_request"\n}',
    expect: { format: "oauth2", code: "invalid_request", message: null },
  }),
  corpusCase({
    name: "rfc6750-invalid-token",
    api: "OAuth 2.0 protected resource (Bearer)",
    // RFC 6750 §3 second example (expired token), folded header joined on one line
    source: "https://www.rfc-editor.org/rfc/rfc6750#section-3",
    status: 401,
    headers: {
      "WWW-Authenticate":
        'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
    },
    body: "",
    expect: { format: "bearer-challenge", code: "invalid_token", message: "The access token expired" },
  }),
  corpusCase({
    name: "rfc6750-no-credentials",
    api: "OAuth 2.0 protected resource (Bearer)",
    // RFC 6750 §3 first example: no credentials, so no error attribute (§3.1)
    source: "https://www.rfc-editor.org/rfc/rfc6750#section-3",
    status: 401,
    headers: { "WWW-Authenticate": 'Bearer realm="example"' },
    body: "",
    expect: { format: "bearer-challenge", code: null, message: null },
  }),
  corpusCase({
    name: "jsonapi-keygen-email",
    api: "Keygen API (JSON:API)",
    // keygen.sh/docs/api/errors ("Example error")
    source: "https://keygen.sh/docs/api/errors",
    status: 422,
    headers: { "content-type": "application/vnd.api+json" },
    body: json({
      errors: [
        {
          title: "Unprocessable entity",
          detail: "must be a valid email",
          code: "EMAIL_INVALID",
          source: { pointer: "/data/attributes/email" },
        },
      ],
    }),
    expect: {
      format: "jsonapi",
      code: "EMAIL_INVALID",
      message: "Unprocessable entity",
      detail: "must be a valid email",
      fields: [{ name: "email", message: "must be a valid email", code: "EMAIL_INVALID" }],
    },
  }),
  corpusCase({
    name: "jsonapi-zapier-bad-request",
    api: "Zapier Partner API (JSON:API)",
    // docs.zapier.com/powered-by-zapier/api-reference/common-types/errors
    source: "https://docs.zapier.com/powered-by-zapier/api-reference/common-types/errors",
    status: 400,
    headers: { "content-type": "application/vnd.api+json" },
    body: json({
      errors: [
        {
          status: "400",
          title: "Bad Request",
          detail: "The request could not be understood by the server due to malformed syntax.",
          source: { pointer: "/data/attributes/first-name" },
        },
      ],
    }),
    expect: {
      format: "jsonapi",
      code: null,
      message: "Bad Request",
      detail: "The request could not be understood by the server due to malformed syntax.",
      fields: [
        {
          name: "first-name",
          message: "The request could not be understood by the server due to malformed syntax.",
          code: null,
        },
      ],
    },
  }),
  corpusCase({
    name: "graphql-field-error",
    api: "GraphQL over HTTP",
    // GraphQL specification (October 2021) §7.1.2 "Errors", example with path
    source: "https://spec.graphql.org/October2021/#sec-Errors",
    status: 200,
    headers: { "content-type": "application/json" },
    body: json({
      errors: [
        {
          message: "Name for character with ID 1002 could not be fetched.",
          locations: [{ line: 6, column: 7 }],
          path: ["hero", "heroFriends", 1, "name"],
        },
      ],
      data: {
        hero: {
          name: "R2-D2",
          heroFriends: [
            { id: "1000", name: "Luke Skywalker" },
            { id: "1002", name: null },
            { id: "1003", name: "Leia Organa" },
          ],
        },
      },
    }),
    expect: {
      format: "graphql",
      code: null,
      message: "Name for character with ID 1002 could not be fetched.",
      fields: [
        {
          name: "hero.heroFriends.1.name",
          message: "Name for character with ID 1002 could not be fetched.",
          code: null,
        },
      ],
    },
  }),
];
