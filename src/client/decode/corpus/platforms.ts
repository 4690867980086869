/**
 * Developer platforms: GitHub, Stripe, Slack, Twilio, Shopify.
 * @module
 */
import { type CorpusCase, corpusCase, json } from "./case.js";

export const platformCases: CorpusCase[] = [
  corpusCase({
    name: "github-validation-failed",
    api: "GitHub REST API",
    // docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api ("Validation failed"); schema
    // in github/rest-api-description components/schemas/validation-error
    source: "https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api",
    status: 422,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: json({
      message: "Validation Failed",
      errors: [{ resource: "Issue", field: "title", code: "missing_field" }],
    }),
    expect: {
      format: "github",
      code: "missing_field",
      message: "Validation Failed",
      fields: [{ name: "title", message: null, code: "missing_field" }],
    },
  }),
  corpusCase({
    name: "github-not-found",
    api: "GitHub REST API",
    // docs.github.com, "Troubleshooting the REST API" (404 body); X-GitHub-Request-Id value illustrative
    source: "https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api",
    status: 404,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-github-request-id": "CDFE:D5B2:7E4E98:8D61FA:5EEC1A86",
    },
    body: json({ message: "Not Found", documentation_url: "https://docs.github.com/rest" }),
    expect: {
      format: "github",
      code: null,
      message: "Not Found",
      requestId: "CDFE:D5B2:7E4E98:8D61FA:5EEC1A86",
    },
  }),
  corpusCase({
    name: "github-primary-rate-limit",
    api: "GitHub REST API",
    // docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api ("Exceeding the rate limit");
    // Date header added so the wait is deterministic: reset 1377013266 = 15:41:06Z, 60 s later
    source: "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api",
    status: 403,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      Date: "Tue, 20 Aug 2013 15:40:06 GMT",
      "x-ratelimit-limit": "60",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-used": "60",
      "x-ratelimit-reset": "1377013266",
    },
    body: json({
      message:
        "API rate limit exceeded for xxx.xxx.xxx.xxx. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)",
      documentation_url: "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting",
    }),
    expect: {
      format: "github",
      code: null,
      message:
        "API rate limit exceeded for xxx.xxx.xxx.xxx. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)",
      retryAfterSeconds: 60,
      retryable: true,
    },
  }),
  corpusCase({
    name: "stripe-resource-missing",
    api: "Stripe API",
    // docs.stripe.com/api/errors (the error object: type, code, message, param, doc_url, request_log_url);
    // ids illustrative
    source: "https://docs.stripe.com/api/errors",
    status: 404,
    headers: { "content-type": "application/json", "request-id": "req_9eSwq4WaNg8pDv" },
    body: json({
      error: {
        code: "resource_missing",
        doc_url: "https://stripe.com/docs/error-codes/resource-missing",
        message: "No such customer: 'cus_123'",
        param: "id",
        request_log_url: "https://dashboard.stripe.com/test/logs/req_9eSwq4WaNg8pDv?t=1674491001",
        type: "invalid_request_error",
      },
    }),
    expect: {
      format: "stripe",
      code: "resource_missing",
      name: "invalid_request_error",
      message: "No such customer: 'cus_123'",
      requestId: "req_9eSwq4WaNg8pDv",
      fields: [{ name: "id", message: "No such customer: 'cus_123'", code: "resource_missing" }],
    },
  }),
  corpusCase({
    name: "stripe-card-declined",
    api: "Stripe API",
    // docs.stripe.com/declines/codes and docs.stripe.com/testing (generic decline with test card 4000000000000002)
    source: "https://docs.stripe.com/declines/codes",
    status: 402,
    headers: { "content-type": "application/json" },
    body: json({
      error: {
        code: "card_declined",
        decline_code: "generic_decline",
        doc_url: "https://stripe.com/docs/error-codes/card-declined",
        message: "Your card was declined.",
        type: "card_error",
      },
    }),
    expect: {
      format: "stripe",
      code: "card_declined",
      name: "card_error",
      message: "Your card was declined.",
    },
  }),
  corpusCase({
    name: "slack-not-in-channel",
    api: "Slack Web API",
    // api.slack.com/methods/chat.postMessage#errors, as quoted by the slack-api-client crate (src/error.rs);
    // Slack answers HTTP 200 with ok:false
    source: "https://docs.rs/crate/slack-api-client/latest/source/src/error.rs",
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: json({ ok: false, error: "not_in_channel" }),
    expect: { format: "slack", code: "not_in_channel", message: null },
  }),
  corpusCase({
    name: "slack-ratelimited",
    api: "Slack Web API",
    // api.slack.com/apis/rate-limits ("HTTP/1.1 429 Too Many Requests / Retry-After: 30") and the
    // `ratelimited` error ("Refer to the Retry-After header for when to retry the request")
    source: "https://api.slack.com/apis/rate-limits",
    status: 429,
    headers: { "content-type": "application/json; charset=utf-8", "retry-after": "30" },
    body: json({ ok: false, error: "ratelimited" }),
    expect: { format: "slack", code: "ratelimited", message: null, retryAfterSeconds: 30, retryable: true },
  }),
  corpusCase({
    name: "twilio-invalid-to-number",
    api: "Twilio REST API (2010-04-01)",
    // twilio.com/docs/usage/troubleshooting/debugging-your-application#debugging-calls-to-the-rest-api (as quoted)
    source: "https://www.twilio.com/docs/usage/troubleshooting/debugging-your-application",
    status: 400,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: json({
      code: 21211,
      message: "The 'To' number 5551234567 is not a valid phone number.",
      more_info: "https://www.twilio.com/docs/errors/21211",
      status: 400,
    }),
    expect: {
      format: "twilio",
      code: "21211",
      message: "The 'To' number 5551234567 is not a valid phone number.",
    },
  }),
  corpusCase({
    name: "twilio-product-api-not-found",
    api: "Twilio product APIs (errors[])",
    // twilio.com/docs/bulk-messaging/api/seek-message-resource (404 example)
    source: "https://www.twilio.com/docs/bulk-messaging/api/seek-message-resource",
    status: 404,
    headers: { "content-type": "application/json" },
    body: json({
      errors: [
        {
          code: 20404,
          message: "The resource was not found.",
          infoUrl: "https://www.twilio.com/docs/api/errors/20404",
          context: "null",
        },
      ],
    }),
    expect: { format: "twilio", code: "20404", message: "The resource was not found." },
  }),
  corpusCase({
    name: "shopify-invalid-token",
    api: "Shopify Admin REST API",
    // Shopify community thread "[API] Invalid API key or access token" (401 body), shopify.dev/api/usage/response-codes
    source:
      "https://community.shopify.com/t/errors-api-invalid-api-key-or-access-token-unrecognized-login-or-wrong-password/3332",
    status: 401,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-request-id": "4ac1d3b8-5f3a-4c26-9d7e-2f1f0b0b9a11",
    },
    body: '{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}',
    expect: {
      format: "rails",
      code: null,
      message: "[API] Invalid API key or access token (unrecognized login or wrong password)",
      requestId: "4ac1d3b8-5f3a-4c26-9d7e-2f1f0b0b9a11",
    },
  }),
  corpusCase({
    name: "shopify-order-validation",
    api: "Shopify Admin REST API",
    // Shopify community: "Order API error: Customer Email is invalid" (HTTP 422 body)
    source:
      "https://community.shopify.com/c/customers-discounts-and-orders/order-api-error-customer-email-is-invalid/m-p/274463",
    status: 422,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: json({ errors: { customer: ["Email is invalid"], order: ["Customer Email is invalid"] } }),
    expect: {
      format: "rails",
      code: null,
      message: "Email is invalid",
      fields: [
        { name: "customer", message: "Email is invalid", code: null },
        { name: "order", message: "Customer Email is invalid", code: null },
      ],
    },
  }),
];
