/** ErrataClientError carries the decoding; the type guard works across module copies. */
import { describe, expect, it } from "vitest";
import { ERRATA_CLIENT_ERROR, ErrataClientError, isErrataClientError } from "./errata-client-error.js";

describe("ErrataClientError", () => {
  it("decodes a response and says what failed in its message", async () => {
    const res = new Response('{"errors":[{"errorCode":3001,"message":"entity not found"}]}', {
      status: 404,
      headers: { "content-type": "application/json", "x-request-id": "AbCdEfGh12345678" },
    });
    const err = await ErrataClientError.fromResponse(res);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("ErrataClientError");
    expect(err.code).toBe(ERRATA_CLIENT_ERROR);
    expect(err.status).toBe(404);
    expect(err.error).toMatchObject({ format: "entity-api", code: "3001", requestId: "AbCdEfGh12345678" });
    expect(err.message).toBe("HTTP 404 3001: entity not found (entity-api)");
  });

  it("isErrataClientError: instances, look-alikes from another copy, and not others", () => {
    const real = new ErrataClientError({
      status: 500,
      code: null,
      name: null,
      message: null,
      detail: null,
      requestId: null,
      retryAfterSeconds: null,
      fields: [],
      format: "unknown",
      retryable: true,
    });
    expect(real.message).toBe("HTTP 500 (unknown)");
    expect(isErrataClientError(real)).toBe(true);
    const copy = Object.assign(new Error("x"), { code: ERRATA_CLIENT_ERROR, error: real.error });
    expect(isErrataClientError(copy)).toBe(true);
    expect(isErrataClientError(new Error("x"))).toBe(false);
    expect(isErrataClientError({ code: ERRATA_CLIENT_ERROR, error: {} })).toBe(false);
    expect(isErrataClientError(null)).toBe(false);
  });
});
