/**
 * Microsoft: REST API Guidelines / OData errors (Azure, Microsoft Graph) and Azure Storage XML.
 * @module
 */
import { type CorpusCase, corpusCase, json } from "./case.js";

export const microsoftCases: CorpusCase[] = [
  corpusCase({
    name: "guidelines-innererror",
    api: "Microsoft REST API Guidelines (Azure services)",
    // microsoft/api-guidelines Guidelines.md §7.10.2 "Error condition responses", example of "innererror"
    source:
      "https://github.com/microsoft/api-guidelines/blob/vNext/Guidelines.md#7102-error-condition-responses",
    status: 400,
    headers: { "content-type": "application/json" },
    body: json({
      error: {
        code: "BadArgument",
        message: "Previous passwords may not be reused",
        target: "password",
        innererror: {
          code: "PasswordError",
          innererror: {
            code: "PasswordDoesNotMeetPolicy",
            minLength: "6",
            maxLength: "64",
            characterTypes: ["lowerCase", "upperCase", "number", "symbol"],
            minDistinctCharacterTypes: "2",
            innererror: { code: "PasswordReuseNotAllowed" },
          },
        },
      },
    }),
    expect: {
      format: "azure",
      code: "PasswordReuseNotAllowed",
      name: "BadArgument",
      message: "Previous passwords may not be reused",
      fields: [
        {
          name: "password",
          message: "Previous passwords may not be reused",
          code: "PasswordReuseNotAllowed",
        },
      ],
    },
  }),
  corpusCase({
    name: "guidelines-details",
    api: "Microsoft REST API Guidelines (Azure services)",
    // microsoft/api-guidelines Guidelines.md §7.10.2, example of "details"
    source:
      "https://github.com/microsoft/api-guidelines/blob/vNext/Guidelines.md#7102-error-condition-responses",
    status: 400,
    headers: { "content-type": "application/json" },
    body: json({
      error: {
        code: "BadArgument",
        message: "Multiple errors in ContactInfo data",
        target: "ContactInfo",
        details: [
          { code: "NullValue", target: "PhoneNumber", message: "Phone number must not be null" },
          { code: "NullValue", target: "LastName", message: "Last name must not be null" },
          { code: "MalformedValue", target: "Address", message: "Address is not valid" },
        ],
      },
    }),
    expect: {
      format: "azure",
      code: "BadArgument",
      message: "Multiple errors in ContactInfo data",
      fields: [
        { name: "PhoneNumber", message: "Phone number must not be null", code: "NullValue" },
        { name: "LastName", message: "Last name must not be null", code: "NullValue" },
        { name: "Address", message: "Address is not valid", code: "MalformedValue" },
      ],
    },
  }),
  corpusCase({
    name: "graph-invalid-range",
    api: "Microsoft Graph",
    // learn.microsoft.com/graph/errors, "Error resource type" example (placeholders as documented)
    source: "https://learn.microsoft.com/graph/errors",
    status: 416,
    headers: { "content-type": "application/json" },
    body: json({
      error: {
        code: "badRequest",
        message: "Uploaded fragment overlaps with existing data.",
        innerError: { code: "invalidRange", "request-id": "request-id", date: "date-time" },
      },
    }),
    expect: {
      format: "azure",
      code: "invalidRange",
      name: "badRequest",
      message: "Uploaded fragment overlaps with existing data.",
      requestId: "request-id",
    },
  }),
  corpusCase({
    name: "graph-throttled-unknown-error",
    api: "Microsoft Graph (Outlook)",
    // "Gotchas - Microsoft Graph/Outlook REST API throttling, best practices" (Microsoft blog archive): 429 body
    source:
      "https://docs.microsoft.com/en-us/archive/blogs/deva/gotchas-microsoft-graphoutlook-rest-api-throttling-best-practices",
    status: 429,
    headers: { "content-type": "application/json" },
    body: json({
      error: {
        code: "UnknownError",
        message: "",
        innerError: { "request-id": "xxxxxx-esse0-4480-90d4-xxxxxxx", date: "2018-05-05T09:12:35" },
      },
    }),
    expect: {
      format: "azure",
      code: "UnknownError",
      message: null,
      requestId: "xxxxxx-esse0-4480-90d4-xxxxxxx",
      retryable: true,
    },
  }),
  corpusCase({
    name: "storage-invalid-query-parameter",
    api: "Azure Storage (Queue service)",
    // learn.microsoft.com/rest/api/storageservices/status-and-error-codes2 (error response example);
    // every Storage response carries x-ms-request-id (value here illustrative)
    source: "https://learn.microsoft.com/rest/api/storageservices/status-and-error-codes2",
    status: 400,
    headers: {
      "content-type": "application/xml",
      "x-ms-request-id": "8c9c4e8a-0003-0031-6c2b-1c5b2f000000",
      "x-ms-version": "2021-08-06",
    },
    body: `<?xml version="1.0" encoding="utf-8"?>
<Error>
  <Code>InvalidQueryParameterValue</Code>
  <Message>Value for one of the query parameters specified in the request URI is invalid.</Message>
  <QueryParameterName>popreceipt</QueryParameterName>
  <QueryParameterValue>33537277-6a52-4a2b-b4eb-0f905051827b</QueryParameterValue>
  <Reason>invalid receipt format</Reason>
</Error>`,
    expect: {
      format: "azure",
      code: "InvalidQueryParameterValue",
      message: "Value for one of the query parameters specified in the request URI is invalid.",
      requestId: "8c9c4e8a-0003-0031-6c2b-1c5b2f000000",
      fields: [{ name: "popreceipt", message: "invalid receipt format", code: "InvalidQueryParameterValue" }],
    },
  }),
];
