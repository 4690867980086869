import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineCatalog } from "../catalog/define.js";
import { createErrata } from "../core/errata.js";
import { ErrataError } from "../errors/errata-error.js";
import { entityApi } from "../formats/entity-api/index.js";
import { identityCloud } from "../formats/identity-cloud/index.js";
import { oauth2 } from "../formats/oauth/index.js";
import { problemXml } from "../formats/problem-xml/index.js";
import type { RequestView } from "../formats/types.js";
import {
  fieldName,
  issuesToFields,
  parseBodyText,
  queryObject,
  type StandardSchemaV1,
  validate,
  validateSync,
} from "./index.js";

const errata = createErrata();
const view: RequestView = { method: "POST", path: "/x", headers: {}, token: "AAAAAAAAAAAAAAAA" };

async function failure(p: Promise<unknown>): Promise<ErrataError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ErrataError);
  return e as ErrataError;
}

const Entity = z.object({
  firstName: z.string(),
  lastName: z.string(),
  address: z.object({ zip: z.string() }),
});

describe("validate", () => {
  it("returns the typed outputs, transforms applied", async () => {
    const out = await validate(
      errata,
      { body: z.object({ n: z.string().transform(Number) }), query: v.object({ q: v.string() }) },
      { body: { n: "42" }, query: { q: "x" }, params: { ignored: "yes" } },
    );
    expect(out).toEqual({ body: { n: 42 }, query: { q: "x" } });
    const n: number = out.body.n;
    expect(n).toBe(42);
  });

  it("reports every issue of every part in one validationFailed error, request line first", async () => {
    const e = await failure(
      validate(
        errata,
        {
          params: z.object({ id: z.string().regex(/^[0-9]+$/, "id must be numeric") }),
          query: v.object({ rows: v.pipe(v.string(), v.regex(/^[0-9]+$/, "rows must be an integer")) }),
          headers: z.object({ "x-api-key": z.string({ error: "x-api-key is required" }) }),
          body: Entity,
        },
        { params: { id: "a" }, query: { rows: "x" }, headers: {}, body: { lastName: 1, address: {} } },
      ),
    );
    expect([e.status, e.code]).toEqual([400, "validation_failed"]);
    expect(e.fields).toEqual([
      { name: "id", message: "id must be numeric", in: "path" },
      { name: "rows", message: "rows must be an integer", in: "query" },
      { name: "x-api-key", message: "x-api-key is required", in: "header" },
      { name: "firstName", message: "Invalid input: expected string, received undefined", in: "body" },
      { name: "lastName", message: "Invalid input: expected string, received number", in: "body" },
      { name: "/address/zip", message: "Invalid input: expected string, received undefined", in: "body" },
    ]);
    expect(e.params).toEqual({ field: "id", message: "id must be numeric" });
  });

  it("supports async schemas; validateSync refuses them", async () => {
    const slow = z.string().refine(async (s) => s === "ok", "not ok");
    await expect(validate(errata, { body: slow }, { body: "ok" })).resolves.toEqual({ body: "ok" });
    expect((await failure(validate(errata, { body: slow }, { body: "no" }))).fields).toEqual([
      { name: "", message: "not ok", in: "body" },
    ]);
    expect(() => validateSync(errata, { body: slow }, { body: "ok" })).toThrow(/asynchronously/);
    expect(validateSync(errata, { body: z.number() }, { body: 1 })).toEqual({ body: 1 });
    expect(() => validateSync(errata, { body: z.number() }, { body: "1" })).toThrow(ErrataError);
  });

  it("lets an API spell locations its way and name its template parameters", async () => {
    const e = await failure(
      validate(
        errata,
        { body: Entity },
        { body: { firstName: "a", lastName: "b", address: { zip: 1 } } },
        {
          locations: { body: "parameter" },
          params: (fields) => ({ count: fields.length }),
        },
      ),
    );
    expect(e.fields).toEqual([
      { name: "/address/zip", message: "Invalid input: expected string, received number", in: "parameter" },
    ]);
    expect(e.params).toEqual({ count: 1 });
  });
});

describe("field names", () => {
  it("body: a member name, or a JSON pointer (RFC 6901) for nested members", () => {
    expect(fieldName(["a"], "body")).toBe("a");
    expect(fieldName(["a/b"], "body")).toBe("a~1b");
    expect(fieldName(["items", 0, { key: "sku" }], "body")).toBe("/items/0/sku");
    expect(fieldName(["m~n", "o/p"], "body")).toBe("/m~0n/o~1p");
    expect(fieldName([], "body")).toBe("");
    expect(fieldName(undefined, "query")).toBe("");
    expect(fieldName(["filter", "since"], "query")).toBe("filter.since");
    expect(fieldName([Symbol("s")], "header")).toBe("s");
  });

  it("a nested body name is a pointer that decodes back to the issue's path", () => {
    const decode = (ptr: string): string[] =>
      ptr
        .slice(1)
        .split("/")
        .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 2, maxLength: 6 }), (path) => {
        expect(decode(fieldName(path, "body"))).toEqual(path);
      }),
    );
  });

  it("issuesToFields keeps the issues' order and messages", () => {
    const issues: StandardSchemaV1.Issue[] = [{ message: "m1", path: ["a"] }, { message: "m2" }];
    expect(issuesToFields(issues, "query")).toEqual([
      { name: "a", message: "m1", in: "query" },
      { name: "", message: "m2", in: "query" },
    ]);
  });
});

describe("input parsing", () => {
  it("queryObject: a repeated name becomes an array", () => {
    expect(queryObject(new URLSearchParams("a=1&b=2&a=3&a=4"))).toEqual({ a: ["1", "3", "4"], b: "2" });
  });

  it("parseBodyText by Content-Type; broken JSON → 400, unknown type → 415", () => {
    expect(parseBodyText('{"a":1}', "application/json; charset=utf-8", errata)).toEqual({ a: 1 });
    expect(parseBodyText("[1]", "application/merge-patch+json", errata)).toEqual([1]);
    expect(parseBodyText("1", undefined, errata)).toBe(1);
    expect(parseBodyText("a=1&a=2", "application/x-www-form-urlencoded", errata)).toEqual({ a: ["1", "2"] });
    expect(parseBodyText("hi", "text/plain", errata)).toBe("hi");
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as ErrataError).code;
      }
      return null;
    };
    expect(code(() => parseBodyText("{", "application/json", errata))).toBe("malformed_body");
    expect(code(() => parseBodyText("<a/>", "application/xml", errata))).toBe("unsupported_media_type");
  });
});

describe("the route's format renders the field errors", () => {
  const Person = z.object({ firstName: z.string(), lastName: z.string() });
  const body = { lastName: 3 };

  async function render(formats: Parameters<typeof createErrata>[0]) {
    const e = createErrata(formats);
    const err = await failure(validate(e, { body: Person }, { body }));
    return e.handle(err, view);
  }

  it("problem+json: errors[] with pointers", async () => {
    const r = await render({});
    expect(JSON.parse(r.body).errors).toEqual([
      { detail: "Invalid input: expected string, received undefined", pointer: "#/firstName" },
      { detail: "Invalid input: expected string, received number", pointer: "#/lastName" },
    ]);
  });

  it("problem+xml: one element per field", async () => {
    const r = await render({ formats: [problemXml()] });
    expect(r.status).toBe(400);
    expect(r.body).toContain("firstName");
    expect(r.body).toContain("Invalid input: expected string, received number");
  });

  it("entity API: one 5000 entry per field with subject and subjectType", async () => {
    const catalog = defineCatalog(
      { id: "entity" },
      { validation: { code: 5000, status: 400, message: "validation error" } },
    );
    const e = createErrata({
      formats: [entityApi()],
      catalogs: [catalog],
      guards: { validationFailed: catalog.validation },
    });
    const err = await failure(validate(e, { body: Person }, { body }, { locations: { body: "parameter" } }));
    expect(JSON.parse(e.handle(err, view).body)).toEqual({
      errors: [
        {
          errorCode: 5000,
          message: "Invalid input: expected string, received undefined",
          subject: "firstName",
          subjectType: "parameter",
        },
        {
          errorCode: 5000,
          message: "Invalid input: expected string, received number",
          subject: "lastName",
          subjectType: "parameter",
        },
      ],
    });
  });

  it("Identity Cloud: the catalog's code and invalid_fields, HTTP 200", async () => {
    const catalog = defineCatalog(
      { id: "idc" },
      {
        invalidFormFields: { code: 390, name: "invalid_form_fields", status: 400, message: "Invalid fields" },
      },
    );
    const e = createErrata({
      formats: [identityCloud()],
      catalogs: [catalog],
      guards: { validationFailed: catalog.invalidFormFields },
    });
    const r = e.handle(await failure(validate(e, { body: Person }, { body })), view);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({
      stat: "error",
      code: 390,
      error: "invalid_form_fields",
      invalid_fields: {
        firstName: "Invalid input: expected string, received undefined",
        lastName: "Invalid input: expected string, received number",
      },
    });
  });

  it("OAuth 2.0: invalid_request (RFC 6749 §5.2 has no member for fields)", async () => {
    const catalog = defineCatalog(
      { id: "oauth" },
      {
        invalidRequest: {
          code: "invalid_request",
          status: 400,
          message: "The request is missing a parameter",
        },
      },
    );
    const e = createErrata({
      formats: [oauth2()],
      catalogs: [catalog],
      guards: { validationFailed: catalog.invalidRequest },
    });
    const r = e.handle(await failure(validate(e, { body: Person }, { body })), view);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ error: "invalid_request" });
  });
});
