/** RFC 9110 §11 challenge parsing: params, token68, several challenges, quoted-string escapes. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseChallenges } from "./auth-challenge.js";

function plain(h: string) {
  return parseChallenges(h).map((c) => ({
    scheme: c.scheme,
    params: Object.fromEntries(c.params),
    token68: c.token68,
  }));
}

describe("parseChallenges", () => {
  it("RFC 6750 §3 examples", () => {
    expect(plain('Bearer realm="example"')).toEqual([
      { scheme: "bearer", params: { realm: "example" }, token68: null },
    ]);
    expect(
      plain(
        'Bearer realm="example",\n error="invalid_token",\n error_description="The access token expired"'.replace(
          /\n/g,
          "",
        ),
      ),
    ).toEqual([
      {
        scheme: "bearer",
        params: { realm: "example", error: "invalid_token", error_description: "The access token expired" },
        token68: null,
      },
    ]);
  });

  it("several challenges in one field, token68, case-insensitive names, BWS around =", () => {
    expect(plain('Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"')).toEqual([
      { scheme: "newauth", params: { realm: "apps", type: "1", title: 'Login to "apps"' }, token68: null },
      { scheme: "basic", params: { realm: "simple" }, token68: null },
    ]);
    expect(plain("Negotiate abc+/9==, Bearer Error = invalid_token")).toEqual([
      { scheme: "negotiate", params: {}, token68: "abc+/9==" },
      { scheme: "bearer", params: { error: "invalid_token" }, token68: null },
    ]);
    expect(plain("Basic")).toEqual([{ scheme: "basic", params: {}, token68: null }]);
  });

  it("keeps the first of repeated parameters and survives garbage", () => {
    expect(plain('Bearer error="a", error="b"')[0]?.params).toEqual({ error: "a" });
    expect(plain('Bearer error="unterminated')[0]?.params).toEqual({ error: "unterminated" });
    expect(plain(",,, ;;; Bearer ,, realm=x")).toEqual([
      { scheme: "bearer", params: { realm: "x" }, token68: null },
    ]);
    expect(plain("")).toEqual([]);
  });

  it("round-trips any parameter value through quoted-string escaping", () => {
    const value = fc.string({ maxLength: 40 }).filter((s) => !/[\r\n]/.test(s));
    fc.assert(
      fc.property(value, value, (a, b) => {
        const q = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
        const parsed = plain(`Bearer realm=${q(a)}, error_description=${q(b)}, Basic realm="r"`);
        expect(parsed[0]?.params).toEqual({ realm: a, error_description: b });
        expect(parsed[1]?.scheme).toBe("basic");
      }),
    );
  });
});
