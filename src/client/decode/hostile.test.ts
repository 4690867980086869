/**
 * The decoder under hostile and arbitrary input (issue 6, issue 8): it never throws, always
 * returns all ten keys with the right types, never pollutes prototypes, and stays linear —
 * 100k-level nesting, 1 MiB strings and numbers, invalid UTF-8, XML bombs and DTDs, pathological
 * header values all finish quickly.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NormalizedError } from "../normalized-error.js";
import { corpus } from "./corpus/index.js";
import { decodeError } from "./index.js";

const KEYS = [
  "code",
  "detail",
  "fields",
  "format",
  "message",
  "name",
  "requestId",
  "retryAfterSeconds",
  "retryable",
  "status",
];

function assertShape(r: NormalizedError): void {
  expect(Object.keys(r).sort()).toEqual(KEYS);
  expect(Number.isInteger(r.status)).toBe(true);
  for (const k of ["code", "name", "message", "detail", "requestId"] as const) {
    const v = r[k];
    if (v !== null) {
      expect(typeof v).toBe("string");
      expect(v.length).toBeGreaterThan(0);
    }
  }
  if (r.retryAfterSeconds !== null) {
    expect(Number.isFinite(r.retryAfterSeconds)).toBe(true);
    expect(r.retryAfterSeconds).toBeGreaterThanOrEqual(0);
  }
  expect(typeof r.format).toBe("string");
  expect(typeof r.retryable).toBe("boolean");
  expect(Array.isArray(r.fields)).toBe(true);
  for (const f of r.fields) {
    expect(Object.keys(f).sort()).toEqual(["code", "message", "name"]);
    expect(typeof f.name).toBe("string");
  }
  // The output is plain JSON: it serialises and reads back identical.
  expect(JSON.parse(JSON.stringify(r))).toEqual(r);
}

/** Runs f and returns the elapsed milliseconds. */
function timed(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

const headerNames = fc.constantFrom(
  "content-type",
  "Content-Type",
  "retry-after",
  "RateLimit",
  "ratelimit-reset",
  "ratelimit-remaining",
  "x-ratelimit-reset",
  "x-ratelimit-remaining",
  "www-authenticate",
  "date",
  "x-request-id",
  "traceparent",
  "x-cloud-trace-context",
  "x-amzn-errortype",
  "x-ms-request-id",
  "__proto__",
  "constructor",
);
const headerValue = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom(
    "application/problem+json",
    "application/json; charset=utf-16",
    "application/xml; charset=latin1",
    "text/html",
    "120",
    "Wed, 21 Oct 2015 07:28:00 GMT",
    '"default";r=0;t=30',
    "limit=10, remaining=0, reset=5",
    'Bearer realm="x", error="invalid_token", error_description="a \\"b\\""',
    "Basic abc==, Bearer error=",
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
  ),
);
const headers = fc.dictionary(headerNames, headerValue, { maxKeys: 6 });
const status = fc.oneof(fc.integer({ min: 100, max: 599 }), fc.integer(), fc.constant(Number.NaN));

describe("never throws, always the full shape", () => {
  it("arbitrary bytes, headers and status", () => {
    fc.assert(
      fc.property(status, headers, fc.uint8Array({ maxLength: 2048 }), (s, h, b) => {
        assertShape(decodeError({ status: s, headers: h, body: b }));
      }),
      { numRuns: 300 },
    );
  });

  it("arbitrary JSON documents", () => {
    fc.assert(
      fc.property(status, headers, fc.jsonValue({ maxDepth: 6 }), (s, h, v) => {
        assertShape(decodeError({ status: s, headers: h, body: JSON.stringify(v) }));
      }),
      { numRuns: 300 },
    );
  });

  it("JSON built from the recognisers' own keys", () => {
    const key = fc.constantFrom(
      "error",
      "errors",
      "code",
      "message",
      "status",
      "title",
      "detail",
      "type",
      "stat",
      "ok",
      "errorCode",
      "subject",
      "details",
      "innererror",
      "innerError",
      "@type",
      "reason",
      "retryDelay",
      "fieldViolations",
      "__type",
      "statusCode",
      "validation",
      "keys",
      "source",
      "pointer",
      "path",
      "extensions",
      "more_info",
      "infoUrl",
      "response-code",
      "developer-message",
      "request_token",
      "invalid-params",
      "__proto__",
      "constructor",
      "prototype",
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.string({ maxLength: 12 }),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.constantFrom("type.googleapis.com/google.rpc.RetryInfo", "30s", "error", "card_error", "1e999"),
        fc.array(tie("node"), { maxLength: 3 }),
        fc.dictionary(key, tie("node"), { maxKeys: 5 }),
      ),
    })).node;
    fc.assert(
      fc.property(status, headers, fc.dictionary(key, value, { maxKeys: 6 }), (s, h, v) => {
        assertShape(decodeError({ status: s, headers: h, body: JSON.stringify(v) }));
      }),
      { numRuns: 500 },
    );
  });

  it("XML-ish text built from tags, entities, DTD pieces and CDATA", () => {
    const piece = fc.constantFrom(
      "<error>",
      "</error>",
      '<error xmlns="http://www.orcid.org/ns/error">',
      '<oclc:error xmlns:oclc="http://worldcat.org/xmlschemas/response">',
      "</oclc:error>",
      "<oclc:code>",
      "</oclc:code>",
      "<Error>",
      "</Error>",
      "<Code>",
      "</Code>",
      "<Message>",
      "</Message>",
      '<problem xmlns="urn:ietf:rfc:7807">',
      "</problem>",
      "<entry>",
      "</entry>",
      "<i>",
      "</i>",
      "&amp;",
      "&#x1F600;",
      "&#0;",
      "&bogus;",
      "<!DOCTYPE x [",
      '<!ENTITY a "b">',
      "]>",
      "<![CDATA[",
      "]]>",
      "<!--",
      "-->",
      "<?xml version='1.0'?>",
      "text",
      " ",
      '"',
      "<__proto__>",
      "<constructor>",
    );
    fc.assert(
      fc.property(status, headers, fc.array(piece, { maxLength: 40 }), (s, h, parts) => {
        assertShape(decodeError({ status: s, headers: h, body: parts.join("") }));
      }),
      { numRuns: 500 },
    );
  });

  it("every corpus body, truncated or corrupted anywhere", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...corpus),
        fc.nat(),
        fc.string({ maxLength: 4 }),
        fc.boolean(),
        (c, at, insert, truncate) => {
          const i = at % (c.body.length + 1);
          const body = truncate ? c.body.slice(0, i) : c.body.slice(0, i) + insert + c.body.slice(i);
          assertShape(decodeError({ status: c.status, headers: c.headers ?? {}, body }));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("input that is not what the types say", () => {
    const weird: unknown[] = [
      null,
      undefined,
      {},
      { status: "404" },
      { status: 404, headers: 42, body: 42 },
      { status: 404, headers: [["a"], [1, 2], "x"], body: {} },
      {
        status: 404,
        get headers(): never {
          throw new Error("boom");
        },
      },
      { status: 404, headers: { "content-type": ["application/json", 7] }, body: '{"error":"x"}' },
    ];
    for (const w of weird) assertShape(decodeError(w as never));
  });
});

describe("prototype pollution", () => {
  it("__proto__ and constructor keys in JSON and XML do not reach any prototype", () => {
    const bodies = [
      '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"error":{"__proto__":{"polluted":"yes"},"code":"x","message":"m"}}',
      '{"type":"about:blank","title":"t","errors":{"__proto__":["polluted"],"constructor":["x"]}}',
      '{"errors":[{"errorCode":1,"subject":"__proto__","message":"m"}]}',
      '{"stat":"error","code":1,"invalid_fields":{"__proto__":["x"]}}',
      '<problem xmlns="urn:ietf:rfc:7807"><title>t</title><__proto__><polluted>yes</polluted></__proto__></problem>',
      '<problem xmlns="urn:ietf:rfc:7807"><title>t</title><errors><i><name>__proto__</name></i></errors></problem>',
    ];
    for (const body of bodies)
      assertShape(decodeError({ status: 400, headers: { __proto__: "x" } as never, body }));
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(Array.prototype).not.toHaveProperty("polluted");
  });
});

describe("hostile bodies finish fast (linear time)", () => {
  const MiB = 1024 * 1024;
  // Generous bounds: the machine is shared; a quadratic path would take minutes at 1 MiB.
  const LIMIT_MS = 1500;

  it("100k-level nesting", () => {
    for (const body of [
      "[".repeat(100_000),
      "[".repeat(100_000) + "]".repeat(100_000),
      '{"a":'.repeat(100_000),
    ]) {
      let r: NormalizedError | undefined;
      expect(timed(() => (r = decodeError({ status: 400, body })))).toBeLessThan(LIMIT_MS);
      expect(r?.format).toBe("unknown");
      expect(r?.message?.length).toBeLessThanOrEqual(200);
    }
  });

  it("deep nesting inside a recognisable shape is refused, not walked", () => {
    const deep = `{"error":{"code":"x","message":"m","innererror":${'{"innererror":'.repeat(50_000)}{}${"}".repeat(50_000)}}}`;
    let r: NormalizedError | undefined;
    expect(timed(() => (r = decodeError({ status: 400, body: deep })))).toBeLessThan(LIMIT_MS);
    expect(r?.format).toBe("unknown");
  });

  it("1 MiB strings, huge numbers, bodies over 1 MiB are truncated", () => {
    const longMessage = JSON.stringify({
      error: "invalid_request",
      error_description: "x".repeat(MiB - 100),
    });
    let r = decodeError({ status: 400, body: longMessage });
    expect(r.format).toBe("oauth2");
    expect(r.message?.length).toBe(64 * 1024); // fields are capped
    const huge = `{"errors":[{"errorCode":1${"0".repeat(500_000)},"message":"m"}]}`;
    r = decodeError({ status: 400, body: huge });
    expect(r).toMatchObject({ format: "entity-api", code: null, message: "m" });
    expect(
      decodeError({ status: 400, body: '{"errors":[{"errorCode":1e999,"message":"m"}]}' }).code,
    ).toBeNull();
    const over = `{"title":"t","type":"about:blank","detail":"${"y".repeat(2 * MiB)}"}`;
    let t = timed(() => (r = decodeError({ status: 400, body: over })));
    expect(t).toBeLessThan(LIMIT_MS);
    expect(r.format).toBe("unknown"); // truncated at 1 MiB: no longer valid JSON
    const bytes = new Uint8Array(3 * MiB).fill(0x61);
    t = timed(() => (r = decodeError({ status: 500, body: bytes })));
    expect(t).toBeLessThan(LIMIT_MS);
    expect(r.message).toBe("a".repeat(200));
  });

  it("invalid UTF-8 becomes U+FFFD, never an exception", () => {
    const bytes = new Uint8Array([
      0x7b, 0x22, 0x65, 0x72, 0x72, 0x6f, 0x72, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x80, 0x22, 0x7d,
    ]);
    const r = decodeError({ status: 400, body: bytes });
    expect(r.format).toBe("oauth2");
    expect(r.code).toBe("\uFFFD\uFFFD\uFFFD\uFFFD");
    // A multi-byte character cut at the 1 MiB boundary is dropped, not replaced.
    const cut = new Uint8Array(MiB + 2);
    cut.fill(0x61);
    cut.set([0xe2, 0x82, 0xac], MiB - 1); // "€" straddles the limit
    expect(decodeError({ status: 500, body: cut }).message).toBe("a".repeat(200));
  });

  it("XML bombs, external entities and DTDs are not expanded", () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? "" : i};`.repeat(10)}">`,
    ).join("")}]><Error><Code>&lol9;</Code><Message>m</Message></Error>`;
    let r: NormalizedError | undefined;
    expect(timed(() => (r = decodeError({ status: 400, body: lol })))).toBeLessThan(LIMIT_MS);
    expect(r?.format).toBe("unknown");
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Error><Code>&xxe;</Code></Error>';
    r = decodeError({ status: 400, body: xxe });
    expect(r.format).toBe("unknown");
    expect(JSON.stringify(r)).not.toContain("root:");
    // An entity reference without a DTD stays literal text.
    r = decodeError({ status: 400, body: "<Error><Code>&xxe;</Code><Message>m</Message></Error>" });
    expect(r).toMatchObject({ format: "aws", code: "&xxe;" });
  });

  it("1 MiB of XML inside a recognised root, and of unrecognised markup", () => {
    const siblings = `<Error><Code>X</Code><Message>m</Message>${"<a>x</a>".repeat(MiB / 8 - 10)}</Error>`;
    let r: NormalizedError | undefined;
    expect(timed(() => (r = decodeError({ status: 400, body: siblings })))).toBeLessThan(3 * LIMIT_MS);
    for (const body of [
      "<".repeat(MiB),
      `<html>${"<b>".repeat(MiB / 3)}`,
      `<r>${"<a b='".repeat(MiB / 6)}`,
    ]) {
      expect(timed(() => (r = decodeError({ status: 502, body })))).toBeLessThan(LIMIT_MS);
      expect(r?.format).toBe("unknown");
    }
  });

  it("pathological header values", () => {
    const h = [
      `Bearer ${"a=,".repeat(50_000)}`,
      `Bearer error="${"\\".repeat(100_000)}`,
      `${"Bearer, ".repeat(50_000)}`,
      `Bearer ${"x".repeat(100_000)}=`,
    ];
    for (const v of h) {
      let r: NormalizedError | undefined;
      expect(
        timed(() => (r = decodeError({ status: 401, headers: { "www-authenticate": v }, body: "" }))),
      ).toBeLessThan(LIMIT_MS);
      assertShape(r!);
    }
    const ratelimit = `${'"p";r=0;t=1, '.repeat(20_000)}`;
    expect(
      timed(() =>
        assertShape(
          decodeError({ status: 429, headers: { ratelimit, "retry-after": "9".repeat(100_000) }, body: "" }),
        ),
      ),
    ).toBeLessThan(LIMIT_MS);
  });

  it("a 1 MiB HTML page is reduced to a short excerpt of its first 8 KiB", () => {
    const page = `<!DOCTYPE html><html><head><title>Oops</title><script>${"x".repeat(2000)}</script></head><body><h1>502 Bad Gateway</h1>${"<p>filler</p>".repeat(80_000)}</body></html>`;
    let r: NormalizedError | undefined;
    expect(timed(() => (r = decodeError({ status: 502, body: page })))).toBeLessThan(LIMIT_MS);
    expect(r?.message?.startsWith("502 Bad Gateway filler filler")).toBe(true);
    expect(r?.message?.length).toBe(200);
    // Visible text beyond the window: the title is all there is to show.
    const scripted = `<html><head><title>Oops</title><script>${"x".repeat(MiB / 2)}</script></head><body>late</body></html>`;
    expect(timed(() => (r = decodeError({ status: 502, body: scripted })))).toBeLessThan(LIMIT_MS);
    expect(r?.message).toBe("Oops");
  });
});
