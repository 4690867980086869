/**
 * Google APIs (google.rpc.Status over HTTP/JSON, AIP-193; legacy `errors[]`).
 * @module
 */
import { type CorpusCase, corpusCase, json } from "./case.js";

export const googleCases: CorpusCase[] = [
  corpusCase({
    name: "analytics-permission-denied",
    api: "Google Analytics Data API",
    // developers.google.com/analytics/devguides/reporting/data/v1/errors ("Error format")
    source: "https://developers.google.com/analytics/devguides/reporting/data/v1/errors",
    status: 403,
    headers: { "content-type": "application/json; charset=UTF-8" },
    body: json({
      error: {
        code: 403,
        message: "User does not have sufficient permissions for this property.",
        status: "PERMISSION_DENIED",
      },
    }),
    expect: {
      format: "google",
      code: "PERMISSION_DENIED",
      message: "User does not have sufficient permissions for this property.",
    },
  }),
  corpusCase({
    name: "api-key-invalid",
    api: "Google Cloud APIs (Translation)",
    // cloud.google.com/apis/design/errors, "Error payloads": the ErrorInfo example
    source: "https://cloud.google.com/apis/design/errors",
    status: 400,
    headers: { "content-type": "application/json; charset=UTF-8" },
    body: json({
      error: {
        code: 400,
        message: "API key not valid. Please pass a valid API key.",
        status: "INVALID_ARGUMENT",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: "API_KEY_INVALID",
            domain: "googleapis.com",
            metadata: { service: "translate.googleapis.com" },
          },
        ],
      },
    }),
    expect: {
      format: "google",
      code: "API_KEY_INVALID",
      name: "INVALID_ARGUMENT",
      message: "API key not valid. Please pass a valid API key.",
    },
  }),
  corpusCase({
    name: "gemini-quota-retryinfo",
    api: "Google Gemini API",
    // Quoted in google/langextract issue #50 (a 429 from generativelanguage.googleapis.com)
    source: "https://github.com/google/langextract/issues/50",
    status: 429,
    headers: { "content-type": "application/json; charset=UTF-8" },
    body: json({
      error: {
        code: 429,
        message:
          "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
        status: "RESOURCE_EXHAUSTED",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.QuotaFailure",
            violations: [
              {
                quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                quotaDimensions: { location: "global", model: "gemini-2.5-flash" },
                quotaValue: "10",
              },
            ],
          },
          {
            "@type": "type.googleapis.com/google.rpc.Help",
            links: [
              {
                description: "Learn more about Gemini API quotas",
                url: "https://ai.google.dev/gemini-api/docs/rate-limits",
              },
            ],
          },
          { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "15s" },
        ],
      },
    }),
    expect: {
      format: "google",
      code: "RESOURCE_EXHAUSTED",
      message:
        "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
      retryAfterSeconds: 15,
      retryable: true,
    },
  }),
  corpusCase({
    name: "vertex-array-wrapped",
    api: "Google Vertex AI",
    // Quoted in tailcallhq/forgecode issue #372: Vertex AI's streaming endpoint wraps the Status in an array
    source: "https://github.com/tailcallhq/forgecode/issues/372",
    status: 429,
    headers: { "content-type": "application/json" },
    body: '[{\n  "error": {\n    "code": 429,\n    "message": "Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.",\n    "status": "RESOURCE_EXHAUSTED"\n  }\n}\n]',
    expect: {
      format: "google",
      code: "RESOURCE_EXHAUSTED",
      message:
        "Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.",
      retryable: true,
    },
  }),
  corpusCase({
    name: "drive-legacy-not-found",
    api: "Google Drive API v3",
    // Recorded by the gargle package's tests (tests/testthat/_snaps/response_process.md, "Request for non-existent resource (Drive)")
    source: "https://rdrr.io/cran/gargle/f/tests/testthat/_snaps/response_process.md",
    status: 404,
    headers: { "content-type": "application/json; charset=UTF-8" },
    body: json({
      error: {
        errors: [
          {
            domain: "global",
            reason: "notFound",
            message: "File not found: NOPE_NOT_A_GOOD_ID.",
            locationType: "parameter",
            location: "fileId",
          },
        ],
        code: 404,
        message: "File not found: NOPE_NOT_A_GOOD_ID.",
      },
    }),
    expect: {
      format: "google",
      code: "notFound",
      message: "File not found: NOPE_NOT_A_GOOD_ID.",
      fields: [{ name: "fileId", message: "File not found: NOPE_NOT_A_GOOD_ID.", code: "notFound" }],
    },
  }),
  corpusCase({
    name: "sheets-rate-limit-errorinfo",
    api: "Google Sheets API v4",
    // Recorded by the gargle package's tests ("Resource exhausted (Sheets, ReadGroup)")
    source: "https://rdrr.io/cran/gargle/f/tests/testthat/_snaps/response_process.md",
    status: 429,
    headers: { "content-type": "application/json; charset=UTF-8" },
    body: json({
      error: {
        code: 429,
        message:
          "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:603366585132'.",
        status: "RESOURCE_EXHAUSTED",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: "RATE_LIMIT_EXCEEDED",
            domain: "googleapis.com",
            metadata: {
              quota_location: "global",
              quota_metric: "sheets.googleapis.com/read_requests",
              quota_limit: "ReadRequestsPerMinutePerUser",
              quota_limit_value: "60",
              consumer: "projects/603366585132",
              service: "sheets.googleapis.com",
            },
          },
          {
            "@type": "type.googleapis.com/google.rpc.Help",
            links: [
              {
                description: "Request a higher quota limit.",
                url: "https://cloud.google.com/docs/quota#requesting_higher_quota",
              },
            ],
          },
        ],
      },
    }),
    expect: {
      format: "google",
      code: "RATE_LIMIT_EXCEEDED",
      name: "RESOURCE_EXHAUSTED",
      message:
        "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:603366585132'.",
      retryable: true,
    },
  }),
];
