import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { defineCatalog } from "../../catalog/define.js";
import { decodeError } from "../../client/decode/index.js";
import { createErrata } from "../../core/errata.js";
import type { FieldError } from "../../errors/field-error.js";
import { problemJson } from "../problem-json/index.js";
import type { RequestView } from "../types.js";
import { parseXmlSafe, xmlSafe } from "../xml.js";
import { PROBLEM_XML, PROBLEM_XML_NS, problemXml } from "./index.js";

const shop = defineCatalog(
  { id: "shop" },
  {
    orderNotFound: {
      code: 3001,
      name: "order_not_found",
      status: 404,
      title: "Order not found",
      message: "Order {id} not found",
    },
    outOfCredit: {
      code: "out_of_credit",
      status: 403,
      message: "Your current balance is 30, but that costs 50.",
      extra: { balance: 30, accounts: ["/account/12345", "/account/67890"] },
    },
    invalid: { code: 5000, status: 400, message: "validation error" },
    taken: { code: 200601, status: 409, message: "USPTA number must be unique" },
    internal: { status: 500, message: "Something went wrong." },
  },
);

const errata = createErrata({
  formats: [problemJson(), problemXml()],
  catalogs: [shop],
  docsBaseUrl: "https://api.example.com/errors",
});

function view(accept: string, path = "/orders/42"): RequestView {
  return { method: "GET", path, headers: { accept }, token: "AbCdEfGh12345678" };
}

const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/**
 * What a message reads as after an XML round trip: characters XML cannot carry are U+FFFD (xmlSafe),
 * and a parser normalises CR LF and lone CR to LF (XML 1.0 §2.11).
 */
function afterXml(s: string): string {
  return xmlSafe(s).replace(/\r\n?/g, "\n");
}

/** A parser for the tests: entities decoded, whitespace kept, so text compares exactly. */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === "i",
});

describe("problemXml", () => {
  it("renders RFC 9457 Appendix B: namespace, members as elements, extension members", () => {
    const r = errata.handle(shop.orderNotFound({ id: "42" }), view("application/problem+xml"));
    expect(r.status).toBe(404);
    expect(r.headers).toEqual(["Content-Type", "application/problem+xml", "Vary", "Accept"]);
    expect(r.body).toBe(
      `${DECL}<problem xmlns="urn:ietf:rfc:7807"><type>https://api.example.com/errors/shop/3001</type>` +
        "<title>Order not found</title><status>404</status><detail>Order 42 not found</detail>" +
        "<instance>/orders/42</instance><code>3001</code><name>order_not_found</name>" +
        "<requestId>AbCdEfGh12345678</requestId></problem>",
    );
  });

  it("is chosen by Accept: application/xml (the +xml suffix), problem+json stays the default", () => {
    expect(errata.handle(shop.orderNotFound({ id: "1" }), view("application/xml")).headers[1]).toBe(
      PROBLEM_XML,
    );
    expect(errata.handle(shop.orderNotFound({ id: "1" }), view("*/*")).headers[1]).toBe(
      "application/problem+json",
    );
    expect(
      errata.handle(shop.orderNotFound({ id: "1" }), view("application/json;q=0.5, application/xml"))
        .headers[1],
    ).toBe(PROBLEM_XML);
  });

  it("writes arrays as <i> items and objects as child elements (extension members from extra)", () => {
    const r = errata.handle(shop.outOfCredit(), view("application/problem+xml", "/account/12345/msgs/abc"));
    expect(r.body).toBe(
      `${DECL}<problem xmlns="urn:ietf:rfc:7807"><type>https://api.example.com/errors/shop/out_of_credit</type>` +
        "<title>Forbidden</title><status>403</status><detail>Your current balance is 30, but that costs 50.</detail>" +
        "<instance>/account/12345/msgs/abc</instance><code>out_of_credit</code><requestId>AbCdEfGh12345678</requestId>" +
        "<balance>30</balance><accounts><i>/account/12345</i><i>/account/67890</i></accounts></problem>",
    );
  });

  it("leaves out extension members that are reserved or not XML names, and nests arrays in arrays", () => {
    const e = shop.internal({
      extra: {
        type: "x",
        "bad name": 1,
        xmlThing: 2,
        "@_attr": 3,
        grid: [[1, 2], [3]],
        meta: { ok: true, "no way": 1, none: null },
      },
    });
    const r = errata.handle(e, view("application/problem+xml", ""));
    expect(r.status).toBe(500);
    expect(r.body).toBe(
      `${DECL}<problem xmlns="urn:ietf:rfc:7807"><type>https://api.example.com/errors/shop/internal</type>` +
        "<title>Internal Server Error</title><status>500</status><detail>Something went wrong.</detail>" +
        "<requestId>AbCdEfGh12345678</requestId>" +
        "<grid><i><i>1</i><i>2</i></i><i><i>3</i></i></grid><meta><ok>true</ok><none/></meta></problem>",
    );
  });

  it("writes field errors and errors raised together as <errors><i>…</i></errors>, like problem+json's errors[]", () => {
    const fields: FieldError[] = [
      { name: "firstName", message: "is required" },
      { name: "/address/zip", message: "5 digits", code: 5001 },
      { name: "q", message: "too short", in: "query" },
      { name: "X-Api-Key", message: "missing", in: "header" },
    ];
    const r = errata.handle(
      shop.invalid({ fields, also: [shop.taken()] }),
      view("application/xml", "/entities"),
    );
    expect(r.status).toBe(400);
    expect(r.body).toBe(
      `${DECL}<problem xmlns="urn:ietf:rfc:7807"><type>https://api.example.com/errors/shop/5000</type>` +
        "<title>Bad Request</title><status>400</status><detail>validation error</detail><instance>/entities</instance>" +
        "<code>5000</code><requestId>AbCdEfGh12345678</requestId><errors>" +
        "<i><detail>is required</detail><pointer>#/firstName</pointer></i>" +
        "<i><detail>5 digits</detail><pointer>#/address/zip</pointer><code>5001</code></i>" +
        "<i><detail>too short</detail><parameter>q</parameter></i>" +
        "<i><detail>missing</detail><header>X-Api-Key</header></i>" +
        "<i><detail>USPTA number must be unique</detail><code>200601</code></i>" +
        "</errors></problem>",
    );
    // The same members as problem+json's errors[].
    const json = JSON.parse(
      errata.handle(shop.invalid({ fields, also: [shop.taken()] }), view("application/json")).body,
    );
    const xml = parser.parse(r.body).problem;
    expect(xml.errors.i.map((i: Record<string, string>) => Object.keys(i))).toEqual(
      json.errors.map((i: Record<string, unknown>) => Object.keys(i)),
    );
  });

  it("escapes markup in messages and replaces characters XML cannot carry", () => {
    const r = errata.handle(
      shop.orderNotFound({ id: '</detail><x a="1">&amp; ]]> \u0000\uD800' }),
      view("application/xml"),
    );
    expect(r.body).toContain(
      "<detail>Order &lt;/detail&gt;&lt;x a=&quot;1&quot;&gt;&amp;amp; ]]&gt; \uFFFD\uFFFD not found</detail>",
    );
    expect(() => parseXmlSafe(r.body)).not.toThrow();
  });

  it("round-trips: render → parse gives back code, name, message, fields and token, whatever the text", () => {
    const unit = fc.oneof(
      fc.constantFrom("]]>", "</x>", '"', "'", "&", "<", "\u0001", "\uD800", "\r\n", " "),
      fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
      fc.integer({ min: 0x10000, max: 0x10ffff }).map((n) => String.fromCodePoint(n)),
    );
    const str = fc.string({ unit, maxLength: 16 });
    fc.assert(
      fc.property(
        str,
        fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/), str), { maxLength: 4 }),
        (id, fl) => {
          const fields = fl.map(([name, message]) => ({ name, message }));
          const r = errata.handle(shop.orderNotFound({ id }, { fields }), {
            ...view("application/problem+xml"),
            path: `/o/${id}`,
          });
          expect(() => parseXmlSafe(r.body)).not.toThrow();
          const p = parser.parse(r.body).problem;
          expect(p["@_xmlns"]).toBe(PROBLEM_XML_NS);
          expect(p.code).toBe("3001");
          expect(p.name).toBe("order_not_found");
          expect(p.status).toBe("404");
          expect(p.detail).toBe(afterXml(`Order ${id} not found`));
          expect(p.instance).toBe(afterXml(`/o/${id}`));
          expect(p.requestId).toBe("AbCdEfGh12345678");
          const items: { detail: string; pointer: string }[] = p.errors?.i ?? [];
          expect(items.map((i) => [i.pointer, i.detail])).toEqual(
            fields.map((f) => [`#/${f.name}`, afterXml(f.message)]),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("round-trips through errata's client decoder: code, name, detail, fields and token", () => {
    const unit = fc.oneof(
      fc.constantFrom("]]>", "</detail>", '"', "&amp;", "<", "\u0001", "\uD800", " "),
      fc.integer({ min: 0x20, max: 0xffff }).map((n) => String.fromCharCode(n)),
    );
    // Wrapped in "x…x": the decoder trims text and reads an empty one as absent.
    const str = fc.string({ unit, maxLength: 12 }).map((s) => `x${s}x`);
    fc.assert(
      fc.property(
        str,
        fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/), str), { maxLength: 3 }),
        (id, fl) => {
          const fields = fl.map(([name, message]) => ({ name, message }));
          const r = errata.handle(shop.orderNotFound({ id }, { fields }), view("application/problem+xml"));
          const n = decodeError({
            status: r.status,
            headers: [["Content-Type", r.headers[1] as string]],
            body: r.body,
          });
          expect(n.format).toBe("problem+xml");
          expect(n.code).toBe("3001");
          expect(n.name).toBe("order_not_found");
          expect(n.detail).toBe(afterXml(`Order ${id} not found`));
          expect(n.requestId).toBe("AbCdEfGh12345678");
          expect(n.fields).toEqual(
            fields.map((f) => ({ name: f.name, message: afterXml(f.message), code: null })),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("compiles each entry once: static messages are not rebuilt per render", () => {
    const f = problemXml();
    const entry = shop.outOfCredit.entry;
    const c = f.compile(entry, { docsUrl: () => null });
    const e = shop.outOfCredit({ extra: {} });
    const ctx = {
      request: view("application/problem+xml", ""),
      mediaType: PROBLEM_XML,
      locale: undefined,
      detail: e.message,
    };
    expect(f.render(e, ctx, c).body).toBe(
      `${DECL}<problem xmlns="urn:ietf:rfc:7807"><type>about:blank</type><title>Forbidden</title><status>403</status>` +
        "<detail>Your current balance is 30, but that costs 50.</detail><code>out_of_credit</code>" +
        "<requestId>AbCdEfGh12345678</requestId></problem>",
    );
  });
});
