import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defineCatalog } from "../../catalog/define.js";
import { decodeError } from "../../client/decode/index.js";
import { createErrata } from "../../core/errata.js";
import type { RequestView } from "../types.js";
import { ENTITY_API_JSON, entityApi } from "./index.js";

const entities = defineCatalog(
  { id: "entities", families: { catchAll: false } },
  {
    saving: { code: 2006, status: 500, message: "entity saving error" },
    uspta: { code: 200601, status: 409, message: "entity saving error: USPTA number must be unique" },
    ptr: { code: 200602, status: 409, message: "entity saving error: PTR number must be unique" },
    notFound: {
      code: 3001,
      status: 404,
      message: "entity not found",
      messages: { fr: "entité introuvable" },
    },
    validation: { code: 5000, status: 400, message: "validation error" },
    named: { code: 3003, status: 404, message: "entity {id} not found" },
    symbolic: { code: "E_GONE", status: 404, message: "gone" },
  },
);

const errata = createErrata({ formats: [entityApi()], catalogs: [entities] });

function view(headers: Record<string, string> = {}): RequestView {
  return { method: "GET", path: "/entity-api/v1/entities/9", headers, token: "AbCdEfGh12345678" };
}

describe("entityApi", () => {
  it('renders seed 003\'s body: {"errors":[{"errorCode":3001,"message":"entity not found"}]}', () => {
    const r = errata.handle(entities.notFound(), view());
    expect(r.status).toBe(404);
    expect(r.headers).toEqual(["Content-Type", "application/json", "Vary", "Accept"]);
    expect(r.body).toBe('{"errors":[{"errorCode":3001,"message":"entity not found"}]}');
  });

  it("renders one entry per field error, with subject and subjectType (seed 003's validation example)", () => {
    const e = entities.validation({
      fields: [
        { name: "firstName", message: "validation error" },
        { name: "lastName", message: "validation error", code: 5001 },
        { name: "X-Org", message: "validation error", in: "header" },
      ],
    });
    expect(errata.handle(e, view()).body).toBe(
      '{"errors":[' +
        '{"errorCode":5000,"message":"validation error","subject":"firstName","subjectType":"parameter"},' +
        '{"errorCode":5001,"message":"validation error","subject":"lastName","subjectType":"parameter"},' +
        '{"errorCode":5000,"message":"validation error","subject":"X-Org","subjectType":"header"}]}',
    );
  });

  it("appends errors raised together (also): 200601 and 200602 in one 409", () => {
    const r = errata.handle(entities.uspta({ also: [entities.ptr()] }), view());
    expect(r.status).toBe(409);
    expect(r.body).toBe(
      '{"errors":[{"errorCode":200601,"message":"entity saving error: USPTA number must be unique"},' +
        '{"errorCode":200602,"message":"entity saving error: PTR number must be unique"}]}',
    );
  });

  it("fills templates, localises, keeps string codes as strings, and has no place for the token", () => {
    expect(errata.handle(entities.named({ id: 'a"b' }), view()).body).toBe(
      '{"errors":[{"errorCode":3003,"message":"entity a\\"b not found"}]}',
    );
    const fr = errata.handle(entities.notFound(), view({ "accept-language": "fr" }));
    expect(fr.body).toBe('{"errors":[{"errorCode":3001,"message":"entité introuvable"}]}');
    expect(fr.headers).toContain("Content-Language");
    const s = errata.handle(entities.symbolic(), view());
    expect(s.body).toBe('{"errors":[{"errorCode":"E_GONE","message":"gone"}]}');
    expect(s.body).not.toContain("AbCdEfGh12345678");
  });

  it("answers in application/json only: other Accept values negotiate to nothing", () => {
    expect(errata.negotiate("application/json")).toBe(0);
    expect(errata.negotiate("text/html")).toBe(-1);
    expect(entityApi().mediaTypes).toEqual([ENTITY_API_JSON]);
  });

  it("hides an unexpected error's text behind the catalog's generic entry", () => {
    const generic = createErrata({ formats: [entityApi()], guards: { unexpected: entities.saving } });
    const r = generic.handle(new Error("SELECT * FROM secrets"), view());
    expect(r.status).toBe(500);
    expect(r.body).toBe('{"errors":[{"errorCode":2006,"message":"entity saving error"}]}');
  });

  it("round-trips: render → JSON.parse gives back the code, message and fields, whatever the text", () => {
    const unit = fc.oneof(
      fc.constantFrom("]]>", "</x>", '"', "\\", "\u0000", "\uD800", "\uDC00", "\u2028", "\r\n"),
      fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
      fc.integer({ min: 0x10000, max: 0x10ffff }).map((n) => String.fromCodePoint(n)),
    );
    const str = fc.string({ unit, maxLength: 16 });
    fc.assert(
      fc.property(str, fc.array(fc.tuple(str, str), { maxLength: 4 }), (id, fl) => {
        const fields = fl.map(([name, message]) => ({ name, message }));
        const body = JSON.parse(errata.handle(entities.named({ id }, { fields }), view()).body) as {
          errors: { errorCode: number; message: string; subject?: string; subjectType?: string }[];
        };
        if (fields.length === 0) {
          expect(body.errors).toEqual([{ errorCode: 3003, message: `entity ${id} not found` }]);
        } else {
          expect(body.errors).toEqual(
            fields.map((f) => ({
              errorCode: 3003,
              message: f.message,
              subject: f.name,
              subjectType: "parameter",
            })),
          );
        }
      }),
      { numRuns: 300 },
    );
  });
  it("round-trips through errata's client decoder: code, message, fields, and the token from X-Request-Id", () => {
    const unit = fc.oneof(
      fc.constantFrom('"', "\\", "\u0000", "\uD800", "\u2028"),
      fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
    );
    const str = fc.string({ unit, maxLength: 12 }).map((s) => `x${s}x`);
    fc.assert(
      fc.property(str, fc.array(fc.tuple(str, str), { maxLength: 3 }), (id, fl) => {
        const fields = fl.map(([name, message]) => ({ name, message }));
        const r = errata.handle(entities.named({ id }, { fields }), view());
        const n = decodeError({
          status: r.status,
          headers: [
            ["Content-Type", "application/json"],
            ["X-Request-Id", "AbCdEfGh12345678"],
          ],
          body: r.body,
        });
        expect(n.format).toBe("entity-api");
        expect(n.code).toBe("3003");
        expect(n.requestId).toBe("AbCdEfGh12345678");
        expect(n.message).toBe(
          fields.length === 0 ? `entity ${id} not found` : (fields[0] as { message: string }).message,
        );
        expect(n.fields).toEqual(fields.map((f) => ({ name: f.name, message: f.message, code: "3003" })));
      }),
      { numRuns: 100 },
    );
  });
});
