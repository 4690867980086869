import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { defineCatalog } from "../../catalog/define.js";
import { decodeError } from "../../client/decode/index.js";
import { createErrata } from "../../core/errata.js";
import type { RequestView } from "../types.js";
import { parseXmlSafe, xmlSafe } from "../xml.js";
import { ORCID_ERROR_NS, ORCID_XML_DECLARATION, orcid } from "./index.js";

const orcidLike = defineCatalog(
  { id: "orcid" },
  {
    notFound: {
      code: 9016,
      status: 404,
      message: "404 Not Found: The resource was not found.",
      userMessage: "The resource was not found.",
    },
    locked: {
      code: 9018,
      status: 409,
      message: "409 Conflict: The ORCID record is locked and cannot be edited. ORCID {orcidUri}",
      userMessage: "The ORCID record is locked.",
    },
    unexpectedElement: {
      code: 9001,
      status: 400,
      message:
        'Full validation error: unexpected element (uri:"{uri}", local:"{local}"). Expected elements are {expected}',
    },
    deprecated: {
      code: 9007,
      status: 301,
      message:
        "301 Moved Permanently: This account is deprecated. Please refer to account: {primary}. ORCID {id}",
      userMessage: "This account is deprecated. Please refer to account: {primary}.",
    },
    invalid: {
      code: 9020,
      status: 400,
      message: "400 Bad Request: Invalid incoming message.",
      userMessage: "Invalid incoming message.",
    },
    legacy: { status: 400, message: "User with this email already exists" },
  },
);

const errata = createErrata({
  formats: [orcid()],
  catalogs: [orcidLike],
  docsBaseUrl: "https://api.example.org/errors",
});

function view(accept?: string): RequestView {
  return {
    method: "GET",
    path: "/v3.0/0000-0002-1825-0098/record",
    headers: accept ? { accept } : {},
    token: "AbCdEfGh12345678",
  };
}

/** A parser for the tests: entities decoded, whitespace kept, so text compares exactly. */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: false,
});

describe("orcid", () => {
  it("renders ORCID's JSON byte for byte: Jackson's indented output, members in OrcidError's order", () => {
    for (const accept of ["application/json", "application/vnd.orcid+json"]) {
      const r = errata.handle(orcidLike.notFound(), view(accept));
      expect(r.status).toBe(404);
      expect(r.headers).toEqual(["Content-Type", accept, "Vary", "Accept"]);
      expect(r.body).toBe(
        "{\n" +
          '  "response-code" : 404,\n' +
          '  "developer-message" : "404 Not Found: The resource was not found.",\n' +
          '  "user-message" : "The resource was not found.",\n' +
          '  "error-code" : 9016,\n' +
          '  "more-info" : "https://api.example.org/errors/orcid/9016"\n' +
          "}",
      );
    }
  });

  it("renders ORCID's XML: JAXB's standalone declaration, the error namespace, 4-space indentation", () => {
    for (const accept of ["application/xml", "application/vnd.orcid+xml", undefined, "*/*"]) {
      const r = errata.handle(orcidLike.notFound(), view(accept));
      expect(r.headers).toEqual([
        "Content-Type",
        accept === "application/xml" ? "application/xml" : "application/vnd.orcid+xml",
        "Vary",
        "Accept",
      ]);
      expect(r.body).toBe(
        `${ORCID_XML_DECLARATION}\n` +
          '<error xmlns="http://www.orcid.org/ns/error">\n' +
          "    <response-code>404</response-code>\n" +
          "    <developer-message>404 Not Found: The resource was not found.</developer-message>\n" +
          "    <user-message>The resource was not found.</user-message>\n" +
          "    <error-code>9016</error-code>\n" +
          "    <more-info>https://api.example.org/errors/orcid/9016</more-info>\n" +
          "</error>\n",
      );
    }
  });

  it("can default to JSON", () => {
    const json = createErrata({ formats: [orcid({ defaultRepresentation: "json" })], catalogs: [orcidLike] });
    const r = json.handle(orcidLike.notFound(), view());
    expect(r.headers[1]).toBe("application/vnd.orcid+json");
    expect(r.body).not.toContain("more-info");
  });

  it("fills both audiences' templates: developer-message and user-message", () => {
    const r = errata.handle(
      orcidLike.deprecated({
        primary: "https://orcid.org/0000-0002-1825-0097",
        id: "https://orcid.org/0000-0001-5109-3700",
      }),
      view("application/json"),
    );
    expect(r.status).toBe(301);
    expect(JSON.parse(r.body)).toEqual({
      "response-code": 301,
      "developer-message":
        "301 Moved Permanently: This account is deprecated. Please refer to account: https://orcid.org/0000-0002-1825-0097. ORCID https://orcid.org/0000-0001-5109-3700",
      "user-message":
        "This account is deprecated. Please refer to account: https://orcid.org/0000-0002-1825-0097.",
      "error-code": 9007,
      "more-info": "https://api.example.org/errors/orcid/9007",
    });
  });

  it("escapes only what JAXB escapes in text (& < >), so quotes read as ORCID sends them", () => {
    const r = errata.handle(
      orcidLike.unexpectedElement({
        uri: "",
        local: "works",
        expected: "<{http://www.orcid.org/ns/work}work>",
      }),
      view("application/xml"),
    );
    expect(r.body).toContain(
      '<developer-message>Full validation error: unexpected element (uri:"", local:"works"). Expected elements are &lt;{http://www.orcid.org/ns/work}work&gt;</developer-message>',
    );
    // Without a user template, the user message repeats the developer one.
    expect(r.body).toContain(
      '<user-message>Full validation error: unexpected element (uri:"", local:"works").',
    );
  });

  it("leaves error-code out for an entry without a code, and puts field errors after 'Full validation error:'", () => {
    const legacy = errata.handle(orcidLike.legacy(), view("application/json"));
    expect(JSON.parse(legacy.body)).toEqual({
      "response-code": 400,
      "developer-message": "User with this email already exists",
      "user-message": "User with this email already exists",
      "more-info": "https://api.example.org/errors/orcid/legacy",
    });
    const e = orcidLike.invalid({
      fields: [
        { name: "title", message: "is required" },
        { name: "type", message: "unknown" },
      ],
    });
    for (const accept of ["application/json", "application/xml"]) {
      const body = errata.handle(e, view(accept)).body;
      const dev = accept.endsWith("json")
        ? JSON.parse(body)["developer-message"]
        : parser.parse(body).error["developer-message"];
      expect(dev).toBe(
        "400 Bad Request: Invalid incoming message. Full validation error: title: is required; type: unknown",
      );
    }
  });

  it("round-trips in both representations: code, status and both messages survive any text", () => {
    const unit = fc.oneof(
      fc.constantFrom("]]>", "</developer-message>", '"', "'", "&", "<", "\u0001", "\uD800", "\r\n", " "),
      fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
      fc.integer({ min: 0x10000, max: 0x10ffff }).map((n) => String.fromCodePoint(n)),
    );
    const str = fc.string({ unit, maxLength: 16 });
    fc.assert(
      fc.property(str, (id) => {
        const e = orcidLike.locked({ orcidUri: id });
        const dev = `409 Conflict: The ORCID record is locked and cannot be edited. ORCID ${id}`;
        const json = JSON.parse(errata.handle(e, view("application/vnd.orcid+json")).body);
        expect(json).toEqual({
          "response-code": 409,
          "developer-message": dev,
          "user-message": "The ORCID record is locked.",
          "error-code": 9018,
          "more-info": "https://api.example.org/errors/orcid/9018",
        });
        const body = errata.handle(e, view("application/vnd.orcid+xml")).body;
        expect(() => parseXmlSafe(body)).not.toThrow();
        const x = parser.parse(body).error;
        expect(x["@_xmlns"]).toBe(ORCID_ERROR_NS);
        expect(x["response-code"]).toBe("409");
        expect(x["error-code"]).toBe("9018");
        expect(x["developer-message"]).toBe(xmlSafe(dev).replace(/\r\n?/g, "\n"));
        expect(x["user-message"]).toBe("The ORCID record is locked.");
      }),
      { numRuns: 200 },
    );
  });
  it("round-trips through errata's client decoder in both representations, the token from X-Request-Id", () => {
    const unit = fc.oneof(
      fc.constantFrom("]]>", "</developer-message>", '"', "&amp;", "<", "\u0001", "\uD800"),
      fc.integer({ min: 0x20, max: 0xffff }).map((n) => String.fromCharCode(n)),
    );
    const str = fc.string({ unit, maxLength: 12 }).map((s) => `x${s}x`);
    fc.assert(
      fc.property(
        str,
        fc.constantFrom("application/vnd.orcid+json", "application/vnd.orcid+xml"),
        (id, accept) => {
          const r = errata.handle(orcidLike.locked({ orcidUri: id }), view(accept));
          const n = decodeError({
            status: r.status,
            headers: [
              ["Content-Type", accept],
              ["X-Request-Id", "AbCdEfGh12345678"],
            ],
            body: r.body,
          });
          const dev = `409 Conflict: The ORCID record is locked and cannot be edited. ORCID ${id}`;
          expect(n.format).toBe("orcid");
          expect(n.code).toBe("9018");
          expect(n.message).toBe("The ORCID record is locked.");
          expect(n.detail).toBe(accept.endsWith("json") ? dev : xmlSafe(dev));
          expect(n.requestId).toBe("AbCdEfGh12345678");
          expect(n.fields).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
