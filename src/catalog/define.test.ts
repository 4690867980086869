import { describe, expect, it } from "vitest";
import { ErrataError } from "../errors/errata-error.js";
import { defineCatalog } from "./define.js";
import { is } from "./match.js";

const identity = defineCatalog(
  { id: "identity" },
  {
    invalidArgument: { code: 200, name: "invalid_argument", status: 400, message: "invalid argument" },
    invalidCredentials: { code: 210, name: "invalid_credentials", status: 401, message: "bad credentials" },
    noPassword: { code: 211, name: "no_password", status: 401, message: "no password" },
    recordErrors: { code: 300, name: "error_creating_record", status: 400, message: "record error" },
    constraint: { code: 360, name: "constraint_violation", status: 400, message: "constraint {attribute}" },
    unique: { code: 361, name: "unique_violation", status: 409, message: "{attribute} must be unique" },
  },
);

const entity = defineCatalog(
  { id: "entity", families: { catchAll: false } },
  {
    saving: { code: 2006, status: 409, message: "entity saving error" },
    uspta: { code: 200601, status: 409, message: "entity saving error: USPTA number must be unique" },
    ptr: { code: 200602, status: 409, message: "entity saving error: PTR number must be unique" },
    validation: { code: 5000, status: 400, message: "validation error" },
    illegal: { code: 5001, status: 400, message: "illegal combination of method arguments" },
  },
);

const oclc = defineCatalog(
  { id: "oclc" },
  {
    wskeyInvalid: { status: 401, message: 'WSKey "{wskey}" is invalid' },
    timestamp: {
      status: 401,
      message: "timestamp in request({timestamp}) is not valid; current time on server is {currentTimestamp}",
      userMessage: "Your clock is off by {skew} seconds",
    },
  },
);

describe("defineCatalog", () => {
  it("fills templates and carries the entry", () => {
    const e = oclc.wskeyInvalid({ wskey: "abc" });
    expect(e).toBeInstanceOf(ErrataError);
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe('WSKey "abc" is invalid');
    expect(e.status).toBe(401);
    expect(e.statusCode).toBe(401);
    expect(e.expose).toBe(true);
    expect(e.key).toBe("wskeyInvalid");
    expect(e.code).toBe("wskeyInvalid");
    expect(e.name).toBe("ErrataError");
    expect(oclc.$.id).toBe("oclc");
  });

  it("requires every parameter of both audiences' templates", () => {
    const e = oclc.timestamp({ timestamp: 1, currentTimestamp: 2, skew: 1 });
    expect(e.message).toBe("timestamp in request(1) is not valid; current time on server is 2");
    expect(e.userMessage).toBe("Your clock is off by 1 seconds");
  });

  it("captures no stack for expected errors, but keeps the cause", () => {
    const cause = new Error("db down");
    const e = identity.invalidArgument({ cause });
    expect(e.stack?.split("\n").length).toBe(1);
    expect(e.cause).toBe(cause);
    const traced = identity.invalidArgument({ captureStack: true });
    expect(traced.stack?.split("\n").length).toBeGreaterThan(1);
  });

  it("carries status, expose and headers the http-errors way", () => {
    const five = defineCatalog({ id: "x" }, { down: { status: 503, message: "down", retryAfter: 120 } });
    const e = five.down();
    expect(e.expose).toBe(false);
    expect(e.headers).toEqual({ "Retry-After": "120" });
    const h = five.down({ headers: { "X-A": "1" }, retryAfter: 7.2 });
    expect(h.headers).toEqual({ "Retry-After": "8", "X-A": "1" });
  });

  it("derives catch-all families (seed 001) and prefix families (seed 003)", () => {
    expect(identity.noPassword.entry.parent?.code).toBe(210);
    expect(identity.invalidCredentials.entry.parent?.code).toBe(200);
    expect(identity.unique.entry.parent?.code).toBe(360);
    expect(identity.constraint.entry.parent?.code).toBe(300);
    expect(entity.uspta.entry.parent?.code).toBe(2006);
    // catch-alls are off for the entity API: 5001 is not a 5000.
    expect(entity.illegal.entry.parent).toBeNull();
  });

  it("is() matches the error, its families, and codes", () => {
    const e = identity.noPassword();
    expect(is(e, identity.noPassword)).toBe(true);
    expect(is(e, identity.invalidCredentials)).toBe(true);
    expect(is(e, identity.invalidArgument)).toBe(true);
    expect(is(e, 200)).toBe(true);
    expect(is(e, "invalid_credentials")).toBe(true);
    expect(is(e, identity.recordErrors)).toBe(false);
    expect(is(entity.uspta(), entity.saving)).toBe(true);
    expect(is(entity.uspta(), 2006)).toBe(true);
    expect(is(entity.saving(), entity.uspta)).toBe(false);
    expect(is(new Error("x"), 200)).toBe(false);
  });

  it("is() resolves decoded codes, falling back to the nearest catch-all", () => {
    expect(is({ code: "365" }, identity.constraint)).toBe(true);
    expect(is({ code: "219" }, identity.invalidCredentials)).toBe(true);
    expect(is({ code: "200603" }, entity.saving)).toBe(true);
    expect(is({ code: "9999" }, entity.saving)).toBe(false);
  });

  it("resolve() finds the nearest catch-all for unknown codes", () => {
    expect(identity.$.resolve(219)?.key).toBe("invalidCredentials");
    expect(identity.$.resolve(299)?.key).toBe("invalidArgument");
    expect(identity.$.resolve("no_password")?.key).toBe("noPassword");
    expect(identity.$.resolve(999)).toBeUndefined();
    expect(identity.$.get("unique")?.code).toBe(361);
  });

  it("carries field errors and related errors in one object", () => {
    const e = entity.validation({
      fields: [
        { name: "firstName", message: "required" },
        { name: "lastName", message: "required" },
      ],
      also: [entity.uspta()],
    });
    expect(e.fields).toHaveLength(2);
    expect(e.also[0]?.code).toBe(200601);
  });
});
