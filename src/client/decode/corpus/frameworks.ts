/**
 * Framework defaults: ASP.NET Core, NestJS, Fastify, hapi/Boom, Spring Boot.
 * @module
 */
import { type CorpusCase, corpusCase, json } from "./case.js";

export const frameworkCases: CorpusCase[] = [
  corpusCase({
    name: "aspnet-automatic-400",
    api: "ASP.NET Core ([ApiController] automatic HTTP 400)",
    // learn.microsoft.com/aspnet/core/web-api ("Automatic HTTP 400 responses"): ValidationProblemDetails
    source: "https://learn.microsoft.com/aspnet/core/web-api/#automatic-http-400-responses",
    status: 400,
    headers: { "content-type": "application/problem+json; charset=utf-8" },
    body: json({
      type: "https://tools.ietf.org/html/rfc7231#section-6.5.1",
      title: "One or more validation errors occurred.",
      status: 400,
      traceId: "|7fb5e16a-4c8f23bbfc974667.",
      errors: { "": ["A non-empty request body is required."] },
    }),
    expect: {
      format: "problem+json",
      code: null,
      message: "One or more validation errors occurred.",
      requestId: "|7fb5e16a-4c8f23bbfc974667.",
    },
  }),
  corpusCase({
    name: "aspnet-validation-problem",
    api: "ASP.NET Core (ValidationProblemDetails)",
    // learn.microsoft.com/aspnet/core/web-api/handle-errors (validation failure error response);
    // traceId in W3C form as ASP.NET Core 3+ writes it
    source: "https://learn.microsoft.com/aspnet/core/web-api/handle-errors",
    status: 400,
    headers: { "content-type": "application/problem+json; charset=utf-8" },
    body: json({
      type: "https://tools.ietf.org/html/rfc9110#section-15.5.1",
      title: "One or more validation errors occurred.",
      status: 400,
      errors: {
        Name: ["The Name field is required."],
        Price: ["The field Price must be between 0.01 and 1000."],
      },
      traceId: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
    }),
    expect: {
      format: "problem+json",
      code: null,
      message: "One or more validation errors occurred.",
      requestId: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
      fields: [
        { name: "Name", message: "The Name field is required.", code: null },
        { name: "Price", message: "The field Price must be between 0.01 and 1000.", code: null },
      ],
    },
  }),
  corpusCase({
    name: "nestjs-validation-pipe",
    api: "NestJS (ValidationPipe)",
    // zenn.dev/hid3/articles/e7beb32cae1c8d: the default ValidationPipe response for an empty body
    source: "https://zenn.dev/hid3/articles/e7beb32cae1c8d",
    status: 400,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: json({
      message: ["email must be an email", "password should not be empty"],
      error: "Bad Request",
      statusCode: 400,
    }),
    expect: { format: "nestjs", code: null, message: "email must be an email; password should not be empty" },
  }),
  corpusCase({
    name: "nestjs-internal-error",
    api: "NestJS (global exception filter)",
    // docs.nestjs.com/exception-filters: the response for an unrecognised exception
    source: "https://docs.nestjs.com/exception-filters",
    status: 500,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: json({ statusCode: 500, message: "Internal server error" }),
    expect: { format: "nestjs", code: null, message: "Internal server error", retryable: true },
  }),
  corpusCase({
    name: "fastify-route-not-found",
    api: "Fastify (default not-found handler)",
    // fastify lib/four-oh-four.js: reply.code(404).send({ message: `Route ${method}:${url} not found`, error: 'Not Found', statusCode: 404 })
    source: "https://github.com/fastify/fastify/blob/main/lib/four-oh-four.js",
    status: 404,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: '{"message":"Route GET:/nope not found","error":"Not Found","statusCode":404}',
    expect: { format: "fastify", code: null, message: "Route GET:/nope not found" },
  }),
  corpusCase({
    name: "fastify-validation",
    api: "Fastify (schema validation)",
    // fastify.dev/docs/latest/Reference/Validation-and-Serialization ("Error Handling")
    source: "https://fastify.dev/docs/latest/Reference/Validation-and-Serialization/",
    status: 400,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: '{"statusCode":400,"code":"FST_ERR_VALIDATION","error":"Bad Request","message":"body must have required property \'name\'"}',
    expect: {
      format: "fastify",
      code: "FST_ERR_VALIDATION",
      message: "body must have required property 'name'",
      fields: [{ name: "name", message: "must have required property 'name'", code: "required" }],
    },
  }),
  corpusCase({
    name: "boom-not-found",
    api: "hapi / @hapi/boom",
    // hapi.dev/module/boom/api ("Boom.notFound()": output.payload)
    source: "https://hapi.dev/module/boom/api/#notfoundmessage-data",
    status: 404,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: '{"statusCode":404,"error":"Not Found","message":"Not Found"}',
    expect: { format: "boom", code: null, message: "Not Found" },
  }),
  corpusCase({
    name: "hapi-joi-validation",
    api: "hapi (route validation failAction default)",
    // hapi.dev/api/#-routeoptionsvalidate: a failed payload validation answers 400 with Boom's
    // payload plus validation: {source, keys}
    source: "https://hapi.dev/api/#-routeoptionsvalidatefailaction",
    status: 400,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: '{"statusCode":400,"error":"Bad Request","message":"\\"name\\" is required","validation":{"source":"payload","keys":["name"]}}',
    expect: {
      format: "boom",
      code: null,
      message: '"name" is required',
      fields: [{ name: "name", message: '"name" is required', code: null }],
    },
  }),
  corpusCase({
    name: "spring-boot-whitelabel-json",
    api: "Spring Boot (BasicErrorController)",
    // docs.spring.io/spring-boot/reference/web/servlet.html#web.servlet.spring-mvc.error-handling
    // ("a JSON response with details of the error, the HTTP status, and the exception message")
    source:
      "https://docs.spring.io/spring-boot/reference/web/servlet.html#web.servlet.spring-mvc.error-handling",
    status: 404,
    headers: { "content-type": "application/json" },
    body: json({
      timestamp: "2018-05-25T10:52:22.385+0000",
      status: 404,
      error: "Not Found",
      message: "No message available",
      path: "/api/widgets/42",
    }),
    expect: { format: "spring", code: null, message: "Not Found" },
  }),
];
