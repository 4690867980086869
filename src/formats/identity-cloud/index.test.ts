/**
 * The Identity Cloud format: exact bodies (member order), the HTTP status modes, extras and field
 * errors, foreign and unexpected errors, and a render → parse → decode round trip over arbitrary
 * parameter values.
 * @module
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonParseEscapedKeyBug } from "../../../test/support/runtime-bugs.js";
import { defineCatalog } from "../../catalog/define.js";
import { createErrata } from "../../core/errata.js";
import { wellFormed } from "../json-escape.js";
import type { RequestView } from "../types.js";
import {
  IDENTITY_CLOUD_JSON,
  identityCloud,
  identityCloudCode,
  identityCloudName,
  PROTOCOL_STATUSES,
} from "./index.js";

const errors = defineCatalog(
  { id: "ic-test", families: { catchAll: true, prefix: false } },
  {
    missingArgument: {
      code: 100,
      name: "missing_argument",
      status: 400,
      message: "missing required argument: {argumentName}",
    },
    recordNotFound: { code: 310, name: "record_not_found", status: 404, message: "record not found" },
    methodNotAllowed: { code: 202, name: "method_not_allowed", status: 405, message: "method not allowed" },
    invalidFormFields: {
      code: 390,
      name: "invalid_form_fields",
      status: 400,
      message: "The data submitted did not pass form validation.",
    },
    apiLimit: { code: 510, name: "api_limit_error", status: 429, message: "too many", retryAfter: 30 },
    localised: {
      code: 222,
      name: "unknown_entity_type",
      status: 400,
      message: "unknown entity type",
      messages: { fr: "type d'entité inconnu" },
    },
    withSpecExtra: {
      code: 403,
      name: "client_permission_error",
      status: 403,
      message: "no",
      extra: { feature: "direct_access" },
    },
    unexpected: {
      code: 500,
      name: "unexpected_error",
      status: 500,
      message: "An unexpected internal error occurred.",
    },
    stringCode: { code: "flow_broken", status: 400, message: "flow" },
  },
);

/** The client decoder (CONTRACT §6), loaded lazily so only the cross-check tests depend on it. */
const decoder = () => import("../../client/decode/index.js");

const TOKEN = "AbCdEfGh12345678";
const view = (over: Partial<RequestView> = {}): RequestView => ({
  method: "POST",
  path: "/identity/entity",
  headers: {},
  token: TOKEN,
  ...over,
});

function errataWith(options: Parameters<typeof identityCloud>[0] = {}) {
  return createErrata({
    formats: [identityCloud(options)],
    catalogs: [errors],
    guards: { unexpected: errors.unexpected, methodNotAllowed: errors.methodNotAllowed },
  });
}

describe("identityCloud format", () => {
  it("renders the real API's members in order, with HTTP 200, no-store and Vary", () => {
    const r = errataWith().handle(errors.recordNotFound(), view());
    expect(r.status).toBe(200);
    expect(r.headers).toEqual([
      "Content-Type",
      IDENTITY_CLOUD_JSON,
      "Cache-Control",
      "no-store",
      "Vary",
      "Accept",
    ]);
    expect(r.body).toBe(
      `{"stat":"error","code":310,"error":"record_not_found","error_description":"record not found","request_token":"${TOKEN}"}`,
    );
  });

  it("adds per-error members after the five, in the order given (argument_name for 100)", () => {
    const e = errors.missingArgument(
      { argumentName: "uuid" },
      { extra: { argument_name: "uuid", hint: [1, true, null] } },
    );
    const r = errataWith().handle(e, view());
    expect(r.body).toBe(
      `{"stat":"error","code":100,"error":"missing_argument","error_description":"missing required argument: uuid","request_token":"${TOKEN}","argument_name":"uuid","hint":[1,true,null]}`,
    );
    expect(Object.keys(JSON.parse(r.body))).toEqual([
      "stat",
      "code",
      "error",
      "error_description",
      "request_token",
      "argument_name",
      "hint",
    ]);
  });

  it("never lets an extra overwrite its own members", () => {
    const e = errors.recordNotFound({
      extra: { stat: "ok", code: 1, error: "x", error_description: "y", request_token: "z", ok: 1 },
    });
    const parsed = JSON.parse(errataWith().handle(e, view()).body);
    expect(parsed).toEqual({
      stat: "error",
      code: 310,
      error: "record_not_found",
      error_description: "record not found",
      request_token: TOKEN,
      ok: 1,
    });
  });

  it("takes extras declared on the entry", () => {
    const parsed = JSON.parse(errataWith().handle(errors.withSpecExtra(), view()).body);
    expect(parsed.feature).toBe("direct_access");
  });

  it("renders field errors as invalid_fields, a repeated name as an array", () => {
    const e = errors.invalidFormFields({
      fields: [
        { name: "emailAddress", message: "required" },
        { name: "password", message: "too short" },
        { name: "password", message: "needs a digit" },
      ],
    });
    const parsed = JSON.parse(errataWith().handle(e, view()).body);
    expect(parsed.invalid_fields).toEqual({
      emailAddress: "required",
      password: ["too short", "needs a digit"],
    });
    expect(Object.keys(parsed).at(-1)).toBe("invalid_fields");
  });

  it("sends the mapped status in mapped mode", () => {
    const e = errataWith({ httpStatus: "mapped" });
    expect(e.handle(errors.recordNotFound(), view()).status).toBe(404);
    expect(e.handle(errors.apiLimit(), view()).status).toBe(429);
  });

  it("keeps protocol statuses and 500 in always-200 mode, unless told otherwise", () => {
    expect(PROTOCOL_STATUSES).toEqual([405, 406, 408, 413, 414, 415, 431, 500]);
    const e = errataWith();
    expect(e.handle(errors.methodNotAllowed({ headers: { Allow: "POST" } }), view()).status).toBe(405);
    expect(e.handle(errors.unexpected(), view()).status).toBe(500);
    expect(e.handle(errors.apiLimit(), view()).status).toBe(200);
    const strict = errataWith({ keepStatuses: [] });
    expect(strict.handle(errors.methodNotAllowed(), view()).status).toBe(200);
  });

  it("sends Retry-After from the error and no Cache-Control when disabled", () => {
    const r = errataWith({ cacheControl: null }).handle(errors.apiLimit(), view());
    expect(r.headers).toEqual(["Content-Type", IDENTITY_CLOUD_JSON, "Retry-After", "30", "Vary", "Accept"]);
  });

  it("localises error_description and says so in Content-Language", () => {
    const r = errataWith().handle(
      errors.localised(),
      view({ headers: { "accept-language": "fr-CH, en;q=0.5" } }),
    );
    expect(JSON.parse(r.body).error_description).toBe("type d'entité inconnu");
    expect(r.headers).toContain("Content-Language");
    expect(r.headers[r.headers.indexOf("Content-Language") + 1]).toBe("fr");
  });

  it("turns a thrown internal error into a generic 500 unexpected_error without leaking it", () => {
    const r = errataWith().handle(
      new TypeError("SELECT * FROM users at /srv/app/db.ts:12 java.lang.NullPointerException"),
      view(),
    );
    expect(r.status).toBe(500);
    expect(r.body).toBe(
      `{"stat":"error","code":500,"error":"unexpected_error","error_description":"An unexpected internal error occurred.","request_token":"${TOKEN}"}`,
    );
  });

  it("gives foreign and non-numeric entries an integer code, never the HTTP status", () => {
    const r = errataWith().handle({ status: 415, message: "unsupported" }, view());
    const parsed = JSON.parse(r.body);
    expect(parsed.code).toBe(200); // not 415: Identity Cloud's 415 is authorization_code_expired
    expect(parsed.error).toBe("unsupported_media_type");
    expect(identityCloudCode(errors.stringCode.entry)).toBe(200);
    expect(identityCloudName(errors.stringCode.entry)).toBe("flow_broken");
    expect(identityCloudCode(errors.unexpected.entry)).toBe(500);
  });

  it("reuses the compiled form: the static part is serialised once per entry", () => {
    const f = identityCloud();
    const c = f.compile(errors.recordNotFound.entry, { docsUrl: () => null });
    expect(c).toEqual({
      head: '{"stat":"error","code":310,"error":"record_not_found","error_description":',
      staticDetail: '"record not found"',
      status: 200,
      headers: ["Content-Type", IDENTITY_CLOUD_JSON, "Cache-Control", "no-store"],
    });
  });
});

/** Strings built to break JSON or headers: controls, quotes, backslashes, `]]>`, `</x>`, lone surrogates. */
const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    '"',
    "\\",
    "\u0000",
    "\r\n",
    "\u2028\u2029",
    "]]>",
    "</x>",
    "\uD800",
    "\uDC00x",
    "\u{1F600}",
    "$" + "{x}",
    "{x}",
  ),
);

describe("identityCloud round trip", () => {
  it("render → JSON.parse → decode gives back code, name, message, fields and token", async () => {
    const { decodeError } = await decoder();
    const errata = errataWith();
    fc.assert(
      fc.property(nasty, nasty, (argument, extraValue) => {
        const e = errors.missingArgument(
          { argumentName: argument },
          { extra: { argument_name: argument, note: extraValue } },
        );
        const r = errata.handle(e, view());
        const parsed = JSON.parse(r.body);
        expect(parsed.stat).toBe("error");
        expect(parsed.code).toBe(100);
        expect(parsed.error).toBe("missing_argument");
        expect(parsed.error_description).toBe(`missing required argument: ${argument}`);
        expect(parsed.argument_name).toBe(argument);
        expect(parsed.note).toBe(extraValue);
        expect(parsed.request_token).toBe(TOKEN);
        for (let i = 1; i < r.headers.length; i += 2) expect(r.headers[i]).not.toMatch(/[\r\n]/);
        const decoded = decodeError({
          status: r.status,
          headers: [["content-type", IDENTITY_CLOUD_JSON]],
          body: r.body,
        });
        expect(decoded.format).toBe("identity-cloud");
        expect(decoded.code).toBe("100");
        expect(decoded.name).toBe("missing_argument");
        expect(decoded.message).toBe(`missing required argument: ${argument}`);
        expect(decoded.requestId).toBe(TOKEN);
        expect(decoded.status).toBe(200);
        if (argument !== "") expect(decoded.fields.map((f) => f.name)).toEqual([argument]);
      }),
      { numRuns: 300 },
    );
  });

  it("round-trips field errors through invalid_fields", () => {
    const errata = errataWith();
    fc.assert(
      fc.property(
        // Names are made well-formed (RFC 8259 §8.2), so uniqueness is over the well-formed names.
        fc.uniqueArray(
          fc.tuple(jsonParseEscapedKeyBug ? nasty.filter((n) => !/["\\]/.test(n)) : nasty, nasty),
          {
            selector: (t) => wellFormed(t[0]),
            maxLength: 5,
          },
        ),
        (pairs) => {
          const fields = pairs.map(([name, message]) => ({ name, message }));
          const r = errata.handle(errors.invalidFormFields({ fields }), view());
          const parsed = JSON.parse(r.body);
          if (fields.length === 0) expect(parsed.invalid_fields).toBeUndefined();
          else
            expect(parsed.invalid_fields).toEqual(
              Object.fromEntries(pairs.map(([k, v]) => [wellFormed(k), v])),
            );
        },
      ),
      { numRuns: 200 },
    );
  });
});
