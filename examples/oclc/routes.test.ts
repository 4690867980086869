/**
 * CONTRACT §3.4 over a real socket: every bullet of the OCLC-style API — WSKeyLite and HMAC
 * authentication in their order, the service check, the daily quota on an injected clock, the
 * purchase-order echo of seed 002's example — asserting status, headers and the parsed XML tree.
 * @module
 */
import { type IncomingHttpHeaders, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DemoContext } from "../../demo/app.js";
import { createServer } from "../../src/adapters/node/index.js";
import type { ErrorEvent } from "../../src/core/event.js";
import { createErrata } from "../../src/index.js";
import { hmacAuthorization } from "./hmac.js";
import { createOclcRouter, DEMO_SECRET, DEMO_VENDOR_ID, type OclcRouterOptions } from "./routes.js";

const OCLC_NS = "http://worldcat.org/xmlschemas/response";
const ATOM_NS = "http://www.w3.org/2005/Atom";
const XML_CT = "application/xml; charset=utf-8";
/** 2026-03-01T12:00:00Z: twelve hours before the daily quota resets. */
const START = Date.parse("2026-03-01T12:00:00.000Z");

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

interface Harness {
  readonly server: Server;
  readonly events: ErrorEvent[];
  readonly clock: { now: number };
  send(method: string, path: string, body?: string, headers?: Record<string, string>): Promise<Answer>;
  close(): Promise<void>;
}

async function start(options: OclcRouterOptions = {}): Promise<Harness> {
  const events: ErrorEvent[] = [];
  const clock = { now: START };
  const ctx: DemoContext = {
    docsBaseUrl: () => "http://127.0.0.1/errors",
    observers: [(e) => events.push(e)],
    now: () => clock.now,
  };
  const server = createServer({ errata: createErrata({}), routers: [createOclcRouter(ctx, options)] });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const send = (
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const h: Record<string, string | number> = { ...headers };
      if (body !== undefined) h["content-length"] = Buffer.byteLength(body);
      const req = request({ host: "127.0.0.1", port, method, path, headers: h, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      });
      req.on("error", reject);
      req.end(body);
    });
  return {
    server,
    events,
    clock,
    send,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A parsed element: name, attributes, children (adjacent text merged). */
interface Tree {
  readonly n: string;
  readonly a: Record<string, string>;
  readonly c: (Tree | string)[];
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  processEntities: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
});

function toTree(raw: Record<string, unknown>): Tree | string {
  for (const k of Object.keys(raw)) {
    if (k === ":@") continue;
    if (k === "#text") return String(raw[k]);
    const c: (Tree | string)[] = [];
    for (const child of raw[k] as Record<string, unknown>[]) {
      const t = toTree(child);
      const last = c.at(-1);
      if (typeof t === "string" && typeof last === "string") c[c.length - 1] = last + t;
      else c.push(t);
    }
    return { n: k, a: { ...(raw[":@"] as Record<string, string> | undefined) }, c };
  }
  throw new Error("empty node");
}

function tree(xml: string): Tree {
  expect(XMLValidator.validate(xml)).toBe(true);
  const roots = (parser.parse(xml) as Record<string, unknown>[])
    .map(toTree)
    .filter((n) => typeof n !== "string");
  expect(roots).toHaveLength(1);
  return roots[0] as Tree;
}

const el = (n: string, a: Record<string, string>, ...c: (Tree | string)[]): Tree => ({ n, a, c });

/** The `<oclc:error>` document of a GET. */
const errorDoc = (status: number, message: string, ...more: Tree[]): Tree =>
  el(
    "oclc:error",
    { "xmlns:oclc": OCLC_NS },
    el("oclc:code", { type: "http" }, String(status)),
    el("oclc:message", {}, message),
    ...more,
  );

/** The Atom entry of a POST: the echoed content, then the error. */
const entryDoc = (content: Tree, status: number, message: string, ...more: Tree[]): Tree =>
  el(
    "entry",
    { xmlns: ATOM_NS, "xmlns:oclc": OCLC_NS },
    content,
    el(
      "oclc:error",
      {},
      el("oclc:code", { type: "http" }, String(status)),
      el("oclc:message", {}, message),
      ...more,
    ),
  );

function expectXmlError(a: Answer, status: number, expected: Tree): void {
  expect(a.status).toBe(status);
  expect(a.headers["content-type"]).toBe(XML_CT);
  expect(a.headers.vary).toBe("Accept");
  expect(a.headers["x-request-id"]).toMatch(/^[A-Za-z0-9]{16}$/);
  expect(a.headers["content-length"]).toBe(String(Buffer.byteLength(a.text)));
  expect(a.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  expect(tree(a.text)).toEqual(expected);
}

// Seed 002's example order, with its vendorId that does not exist.
const SEED_ORDER = `<ns11:purchaseOrder xmlns:ns11="http://worldcat.org/xmlschemas/acquisitions/PurchaseOrder" xmlns:acq="http://purl.org/oclc/ontology/acquisitions/" xmlns:ns15="http://worldcat.org/xmlschemas/response" xmlns:common="http://worldcat.org/xmlschemas/common-types/CommonDataTypes" xmlns:schema="http://schema.org/"> <ns11:orderName> alibris Order - 1329321767 </ns11:orderName> <ns11:vendor> <ns11:vendorId> 50f0ecab-9b4e-4da3-a1c4-e0343a1897 </ns11:vendorId> </ns11:vendor> <ns11:currency> USD </ns11:currency> <ns11:totalOrderPrice> 105.75 </ns11:totalOrderPrice> <ns11:shippingAddressId> MAIN </ns11:shippingAddressId> </ns11:purchaseOrder>`;
const POSTED = `<?xml version='1.0' encoding='UTF-8'?> ${SEED_ORDER}`;
const XML = { "content-type": "application/xml" };
const echoed = (order: string): Tree => el("content", { type: "application/xml" }, tree(order));

describe("OCLC demo API: WSKeyLite (CONTRACT §3.4)", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await start();
    return () => h.close();
  });

  it("no key and no Authorization → 401 Authorization Header missing, on GET and POST", async () => {
    expectXmlError(await h.send("GET", "/oclc/search"), 401, errorDoc(401, "Authorization Header missing"));
    expectXmlError(
      await h.send("POST", "/oclc/purchase-orders", POSTED, XML),
      401,
      entryDoc(echoed(SEED_ORDER), 401, "Authorization Header missing"),
    );
    const head = await h.send("HEAD", "/oclc/search");
    expect(head.status).toBe(401);
    expect(head.text).toBe("");
    expect(head.headers["content-type"]).toBe(XML_CT);
  });

  it('an unknown key → 401 WSKey "K" is invalid', async () => {
    expectXmlError(
      await h.send("GET", "/oclc/search?wskey=nope%3C%22%3E"),
      401,
      errorDoc(401, 'WSKey "nope<">" is invalid'),
    );
    expectXmlError(
      await h.send("POST", "/oclc/purchase-orders?wskey=nope", POSTED, XML),
      401,
      entryDoc(echoed(SEED_ORDER), 401, 'WSKey "nope" is invalid'),
    );
  });

  it("expired and cancelled keys → 401 as in the seed", async () => {
    expectXmlError(
      await h.send("GET", "/oclc/search?wskey=expired-wskey"),
      401,
      errorDoc(401, "WSKey is expired"),
    );
    expectXmlError(
      await h.send("GET", "/oclc/search?wskey=cancelled-wskey"),
      401,
      errorDoc(401, "WSKey has been cancelled"),
    );
    expectXmlError(
      await h.send("POST", "/oclc/purchase-orders?wskey=expired-wskey", POSTED, XML),
      401,
      entryDoc(echoed(SEED_ORDER), 401, "WSKey is expired"),
    );
  });

  it("/knowledge-base with demo-wskey → 403 service not found on WSKey", async () => {
    expectXmlError(
      await h.send("GET", "/oclc/knowledge-base?wskey=demo-wskey"),
      403,
      errorDoc(403, 'Service "WorldCat knowledge base API" WorldCatKnowledgeBaseAPI not found on WSKey'),
    );
  });

  it("a valid key searches: 200 Atom feed", async () => {
    const a = await h.send("GET", "/oclc/search?wskey=demo-wskey&q=dune&count=5");
    expect(a.status).toBe(200);
    expect(a.headers["content-type"]).toBe("application/atom+xml; charset=utf-8");
    expect(tree(a.text)).toEqual(
      el(
        "feed",
        { xmlns: ATOM_NS, "xmlns:opensearch": "http://a9.com/-/spec/opensearch/1.1/" },
        el("title", {}, "WorldCat search: dune"),
        el("id", {}, "urn:oclc:demo:search"),
        el("updated", {}, "2026-03-01T12:00:00.000Z"),
        el("opensearch:totalResults", {}, "0"),
        el("opensearch:startIndex", {}, "1"),
        el("opensearch:itemsPerPage", {}, "5"),
      ),
    );
  });

  it("bad parameters → 400 with oclc:detail per field", async () => {
    expectXmlError(
      await h.send("GET", "/oclc/search?wskey=demo-wskey&start=0&count=1000"),
      400,
      errorDoc(
        400,
        "The request has invalid or missing parameters",
        el(
          "oclc:detail",
          {},
          el("oclc:field", { name: "start" }, "start must be an integer from 1 to 100000"),
          el("oclc:field", { name: "count" }, "count must be an integer from 1 to 100"),
        ),
      ),
    );
  });

  it("more than 50 calls a day per key → 403 over limit until 00:00 UTC; per service; auth first", async () => {
    for (let i = 0; i < 50; i++) {
      // Argument errors count too: the quota is checked before the arguments.
      const a = await h.send("GET", `/oclc/search?wskey=demo-wskey${i % 10 === 0 ? "&count=x" : ""}`);
      expect(a.status).toBe(i % 10 === 0 ? 400 : 200);
    }
    // Refused requests to a service the key lacks, and failed authentications, count for nothing.
    expect((await h.send("GET", "/oclc/knowledge-base?wskey=demo-wskey")).status).toBe(403);
    const over = await h.send("GET", "/oclc/search?wskey=demo-wskey&count=x");
    expectXmlError(
      over,
      403,
      errorDoc(403, "Daily limit of 50 requests exceeded for this WSKey and service; retry in 43200 seconds"),
    );
    expect(over.headers["retry-after"]).toBe("43200");
    expect(over.headers["ratelimit-policy"]).toBe('"oclc-daily";q=50;w=86400');
    // Authentication still answers first.
    expect(tree((await h.send("GET", "/oclc/search?wskey=nope")).text).c[1]).toEqual(
      el("oclc:message", {}, 'WSKey "nope" is invalid'),
    );
    // Another service has its own quota (seed 002: per web service).
    const order = POSTED.replace("50f0ecab-9b4e-4da3-a1c4-e0343a1897", DEMO_VENDOR_ID);
    expect((await h.send("POST", "/oclc/purchase-orders?wskey=demo-wskey", order, XML)).status).toBe(201);
    // The day ends at 00:00 UTC.
    h.clock.now = Date.parse("2026-03-01T23:59:59.999Z");
    expect((await h.send("GET", "/oclc/search?wskey=demo-wskey")).status).toBe(403);
    h.clock.now = Date.parse("2026-03-02T00:00:00.000Z");
    expect((await h.send("GET", "/oclc/search?wskey=demo-wskey")).status).toBe(200);
    expect(h.events.find((e) => e.token === over.headers["x-request-id"])).toMatchObject({
      status: 403,
      catalog: "oclc",
      code: "over_limit",
      clientId: "demo-wskey",
    });
  });
});

describe("OCLC demo API: HMAC (CONTRACT §3.4)", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await start();
    return () => h.close();
  });

  const nowSeconds = () => Math.floor(h.clock.now / 1000);
  let n = 0;
  const nonce = () => `nonce-${++n}`;
  const auth = (
    over: {
      clientId?: string;
      timestamp?: string;
      nonce?: string;
      method?: string;
      query?: string;
      secret?: string;
    } = {},
  ) =>
    hmacAuthorization(over.secret ?? DEMO_SECRET, {
      clientId: over.clientId ?? "demo-wskey",
      timestamp: over.timestamp ?? String(nowSeconds()),
      nonce: over.nonce ?? nonce(),
      method: over.method ?? "GET",
      query: over.query ?? "q=a%20b&count=3",
    });
  const search = (authorization: string) =>
    h.send("GET", "/oclc/search?q=a%20b&count=3", undefined, { authorization });

  it("a correctly signed request passes", async () => {
    const a = await search(auth());
    expect(a.status).toBe(200);
    expect(tree(a.text).c[0]).toEqual(el("title", {}, "WorldCat search: a b"));
  });

  it("a timestamp more than 5 minutes off → 401 naming T and the server's Unix seconds", async () => {
    const now = nowSeconds();
    for (const t of [now - 301, now + 301]) {
      expectXmlError(
        await search(auth({ timestamp: String(t) })),
        401,
        errorDoc(401, `timestamp in request(${t}) is not valid; current time on server is ${now}`),
      );
    }
    expect((await search(auth({ timestamp: String(now - 300) }))).status).toBe(200);
    expect((await search(auth({ timestamp: String(now + 300) }))).status).toBe(200);
    expectXmlError(
      await search(auth({ timestamp: "soon" })),
      401,
      errorDoc(401, `timestamp in request(soon) is not valid; current time on server is ${now}`),
    );
  });

  it("a reused nonce → 401 nonce in request is not unique", async () => {
    const header = auth({ nonce: "once" });
    expect((await search(header)).status).toBe(200);
    expectXmlError(await search(header), 401, errorDoc(401, "nonce in request is not unique"));
    // Remembered while its timestamp is valid, forgotten after.
    h.clock.now += 301_000;
    expect((await search(auth({ nonce: "once" }))).status).toBe(200);
  });

  it("a bad signature → 401 Request has an invalid signature, and burns no nonce", async () => {
    expectXmlError(
      await search(auth({ secret: "wrong", nonce: "n-x" })),
      401,
      errorDoc(401, "Request has an invalid signature"),
    );
    // Signed for another query, or another method.
    expectXmlError(
      await search(auth({ query: "q=other" })),
      401,
      errorDoc(401, "Request has an invalid signature"),
    );
    expectXmlError(
      await search(auth({ method: "POST" })),
      401,
      errorDoc(401, "Request has an invalid signature"),
    );
    expect((await search(auth({ nonce: "n-x" }))).status).toBe(200);
  });

  it("checks in order: timestamp, then nonce, then signature", async () => {
    const used = auth({ nonce: "used" });
    expect((await search(used)).status).toBe(200);
    const now = nowSeconds();
    const all = auth({ nonce: "used", timestamp: String(now - 1000), secret: "wrong" });
    expect(tree((await search(all)).text).c[1]).toEqual(
      el(
        "oclc:message",
        {},
        `timestamp in request(${now - 1000}) is not valid; current time on server is ${now}`,
      ),
    );
    const nonceAndSignature = auth({ nonce: "used", secret: "wrong" });
    expect(tree((await search(nonceAndSignature)).text).c[1]).toEqual(
      el("oclc:message", {}, "nonce in request is not unique"),
    );
  });

  it("the key named by clientId is checked like a WSKeyLite key", async () => {
    expectXmlError(await search(auth({ clientId: "nope" })), 401, errorDoc(401, 'WSKey "nope" is invalid'));
    expectXmlError(await search(auth({ clientId: "expired-wskey" })), 401, errorDoc(401, "WSKey is expired"));
    expectXmlError(
      await search(auth({ clientId: "cancelled-wskey" })),
      401,
      errorDoc(401, "WSKey has been cancelled"),
    );
  });

  it("the header wins over a wskey parameter, and is parsed per RFC 9110 §11", async () => {
    const a = await h.send("GET", "/oclc/search?wskey=nope", undefined, {
      authorization: auth({ query: "wskey=nope" }).replace(", ", " ,  ,"),
    });
    expect(a.status).toBe(200);
    const escaped = auth().replace('clientId="demo-wskey"', 'clientId="demo\\-wskey"');
    expect((await search(escaped)).status).toBe(200);
    expectXmlError(
      await search(`${auth().replace(/, signature="[^"]*"/, "")}`),
      401,
      errorDoc(401, "Authorization header is not valid: signature missing"),
    );
    expectXmlError(
      await search('http://www.worldcat.org/wskey/v2/hmac/v1 clientId="demo-wskey'),
      401,
      errorDoc(401, "Authorization header is not valid: unterminated quoted-string in clientid"),
    );
    expectXmlError(
      await search("Digest x=1"),
      401,
      errorDoc(401, "Authorization header is not valid: unknown scheme"),
    );
    expectXmlError(await search("Bearer abc"), 401, errorDoc(401, "invalid_token"));
  });
});

describe("OCLC demo API: purchase orders and guards (CONTRACT §3.4)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start();
  });
  afterAll(() => h.close());

  it("a vendorId that does not exist → 400 vendorId … not found, the posted order echoed (seed 002)", async () => {
    const a = await h.send("POST", "/oclc/purchase-orders?wskey=demo-wskey", POSTED, XML);
    expectXmlError(
      a,
      400,
      entryDoc(echoed(SEED_ORDER), 400, "vendorId 50f0ecab-9b4e-4da3-a1c4-e0343a1897 not found"),
    );
    expect(a.text).toContain(
      '<oclc:error><oclc:code type="http">400</oclc:code><oclc:message>vendorId 50f0ecab-9b4e-4da3-a1c4-e0343a1897 not found</oclc:message></oclc:error></entry>',
    );
  });

  it("a known vendor → 201 with the order", async () => {
    const order = SEED_ORDER.replace("50f0ecab-9b4e-4da3-a1c4-e0343a1897", DEMO_VENDOR_ID);
    const a = await h.send("POST", "/oclc/purchase-orders?wskey=demo-wskey", order, {
      ...XML,
      accept: "application/atom+xml",
    });
    expect(a.status).toBe(201);
    expect(a.headers["content-type"]).toBe("application/atom+xml; charset=utf-8");
    expect(tree(a.text)).toEqual(
      el(
        "entry",
        { xmlns: ATOM_NS },
        el("id", {}, `urn:oclc:demo:purchase-order:${a.headers["x-request-id"]}`),
        echoed(order),
      ),
    );
  });

  it("no vendorId → 400 bad parameters with oclc:detail; not XML or another document → 400 invalid body", async () => {
    const noVendor = "<purchaseOrder><orderName>x</orderName></purchaseOrder>";
    expectXmlError(
      await h.send("POST", "/oclc/purchase-orders?wskey=demo-wskey", noVendor, XML),
      400,
      entryDoc(
        el(
          "content",
          { type: "application/xml" },
          el("purchaseOrder", { xmlns: "" }, el("orderName", {}, "x")),
        ),
        400,
        "The request has invalid or missing parameters",
        el("oclc:detail", {}, el("oclc:field", { name: "vendorId" }, "vendorId is required")),
      ),
    );
    const notXml = "vendorId=1 </content><oclc:error>";
    expectXmlError(
      await h.send("POST", "/oclc/purchase-orders?wskey=demo-wskey", notXml, XML),
      400,
      entryDoc(
        el("content", { type: "text" }, notXml),
        400,
        "The content sent in the request does not conform to the schema of the web service",
      ),
    );
    const other = '<invoice xmlns="urn:i"><vendorId>demo-vendor</vendorId></invoice>';
    expectXmlError(
      await h.send("POST", "/oclc/purchase-orders?wskey=demo-wskey", other, XML),
      400,
      entryDoc(
        echoed(other),
        400,
        "The content sent in the request does not conform to the schema of the web service",
      ),
    );
    const dtd =
      '<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><purchaseOrder><vendorId>&x;</vendorId></purchaseOrder>';
    expectXmlError(
      await h.send("POST", "/oclc/purchase-orders?wskey=demo-wskey", dtd, XML),
      400,
      entryDoc(
        el("content", { type: "text" }, dtd),
        400,
        "The content sent in the request does not conform to the schema of the web service",
      ),
    );
  });

  it("another method → 405 with Allow; another body type → 415; an Accept without XML → 406", async () => {
    const del = await h.send("DELETE", "/oclc/search?wskey=demo-wskey");
    expectXmlError(
      del,
      405,
      errorDoc(405, "The HTTP method of the request is not supported by the web service"),
    );
    expect(del.headers.allow).toBe("GET, HEAD");
    expectXmlError(
      await h.send("POST", "/oclc/purchase-orders?wskey=demo-wskey", "{}", {
        "content-type": "application/json",
      }),
      415,
      entryDoc(
        el("content", { type: "application/xml" }),
        415,
        "The value of the HTTP Content-Type header is not supported by the web service",
      ),
    );
    expectXmlError(
      await h.send("GET", "/oclc/search?wskey=demo-wskey", undefined, { accept: "application/json" }),
      406,
      errorDoc(406, "The value of the HTTP Accept header is not supported by the web service"),
    );
    const textXml = await h.send("GET", "/oclc/search", undefined, { accept: "text/xml" });
    expect(textXml.headers["content-type"]).toBe("text/xml; charset=utf-8");
  });
});
