import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createErrata } from "../core/errata.js";
import { problemJson } from "../formats/problem-json/index.js";
import { problemXml } from "../formats/problem-xml/index.js";
import { DEFAULT_LIMITS, headerSectionBytes } from "./limits.js";
import {
  allowList,
  announcesBody,
  checkEarly,
  checkRoute,
  closesConnection,
  declaresTooLarge,
  headerPairsBytes,
  methodNotAllowed,
  renderError,
  renderNotAcceptable,
} from "./request.js";

const JSON_ONLY = ["application/json"];

describe("checkEarly", () => {
  it("414 past the URI limit, then 431 past the header limit, else null", () => {
    expect(checkEarly(8192, 16384, DEFAULT_LIMITS)).toBeNull();
    expect(checkEarly(8193, 0, DEFAULT_LIMITS)).toBe("uriTooLong");
    expect(checkEarly(8193, 99999, DEFAULT_LIMITS)).toBe("uriTooLong");
    expect(checkEarly(1, 16385, DEFAULT_LIMITS)).toBe("headersTooLarge");
  });
});

describe("checkRoute", () => {
  const offers = ["application/problem+json", "application/problem+xml"];

  it("negotiates the index of the offered media type", () => {
    expect(checkRoute({}, 10, undefined, offers)).toBe(0);
    expect(checkRoute({ accept: "application/problem+xml" }, 10, undefined, offers)).toBe(1);
    expect(checkRoute({ accept: "application/json" }, 10, undefined, offers)).toBe(0);
  });

  it("413 for a declared size past the limit (before 415 and 406)", () => {
    const h = { "content-length": "11", "content-type": "text/plain", accept: "text/html" };
    expect(checkRoute(h, 10, JSON_ONLY, offers)).toBe("payloadTooLarge");
    expect(checkRoute({ ...h, "content-length": "10" }, 10, JSON_ONLY, offers)).toBe("unsupportedMediaType");
    expect(
      checkRoute({ ...h, "content-length": "10", "content-type": "application/json" }, 10, JSON_ONLY, offers),
    ).toBe("notAcceptable");
  });

  it("415 only when a body is announced", () => {
    expect(checkRoute({ "content-type": "text/plain" }, 10, JSON_ONLY, offers)).toBe(0);
    expect(checkRoute({ "content-length": "0", "content-type": "text/plain" }, 10, JSON_ONLY, offers)).toBe(
      0,
    );
    expect(checkRoute({ "transfer-encoding": "chunked" }, 10, JSON_ONLY, offers)).toBe(
      "unsupportedMediaType",
    );
    expect(
      checkRoute(
        { "content-length": "2", "content-type": "application/json; charset=utf-8" },
        10,
        JSON_ONLY,
        offers,
      ),
    ).toBe(0);
  });

  it("reads Node's repeated headers as one value", () => {
    expect(checkRoute({ accept: ["text/html", "application/problem+xml"] }, 10, undefined, offers)).toBe(1);
  });
});

describe("small decisions", () => {
  it("announcesBody and declaresTooLarge", () => {
    expect(announcesBody({})).toBe(false);
    expect(announcesBody({ "content-length": "0" })).toBe(false);
    expect(announcesBody({ "content-length": "1" })).toBe(true);
    expect(declaresTooLarge({ "content-length": "1048577" }, DEFAULT_LIMITS.bodyBytes)).toBe(true);
    expect(declaresTooLarge({ "content-length": "1048576" }, DEFAULT_LIMITS.bodyBytes)).toBe(false);
    expect(declaresTooLarge({}, 0)).toBe(false);
  });

  it("closesConnection for the guards that leave the request unread", () => {
    expect(
      ["uriTooLong", "headersTooLarge", "payloadTooLarge", "notAcceptable", "notFound"].map(closesConnection),
    ).toEqual([true, true, true, false, false]);
  });

  it("allowList: upper case, once each, HEAD wherever GET is", () => {
    expect(allowList(["get", "put", "GET", "_all"])).toEqual(["GET", "PUT", "HEAD"]);
    expect(allowList(["POST"])).toEqual(["POST"]);
    expect(allowList(["HEAD", "GET"])).toEqual(["HEAD", "GET"]);
  });

  it("headerPairsBytes measures as headerSectionBytes measures Node's raw headers", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 20 }), (pairs) => {
        expect(headerPairsBytes(pairs)).toBe(headerSectionBytes(pairs.flat()));
      }),
    );
  });
});

describe("rendering", () => {
  const errata = createErrata({ formats: [problemJson(), problemXml()] });
  const view = {
    method: "GET",
    path: "/x",
    headers: { accept: "application/problem+xml" },
    token: "AAAAAAAAAAAAAAAA",
  };

  it("405 carries Allow", () => {
    const r = errata.handle(methodNotAllowed(errata, ["GET", "HEAD"]), view);
    expect(r.status).toBe(405);
    expect(r.headers).toContain("Allow");
    expect(r.headers[r.headers.indexOf("Allow") + 1]).toBe("GET, HEAD");
  });

  it("406 ignores the Accept that failed; renderError does the same for a 406 a handler raised", () => {
    const a = renderNotAcceptable(errata, view);
    const b = renderError(errata, errata.guard("notAcceptable"), view);
    expect(a.status).toBe(406);
    expect(b).toEqual(a);
    // The client accepts problem+xml, but the route could not produce what it asked for: the
    // route's default format answers (CONTRACT §3), not the error format Accept would pick.
    expect(a.headers[a.headers.indexOf("Content-Type") + 1]).toBe("application/problem+json");
    expect(errata.handle(errata.guard("notAcceptable"), view).headers).toContain("application/problem+xml");
  });
});
