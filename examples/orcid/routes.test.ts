/**
 * CONTRACT §3.2 over a real socket: the ORCID-style API mounted on the demo server. XML bodies
 * are compared as parsed trees (and, for ORCID's layout, as exact text once).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Demo, startDemo, systems } from "../../demo/app.js";
import type { ErrorEvent } from "../../src/core/event.js";
import { endsInsideDocument, isValidOrcidId, mountOrcid, parseWork } from "./routes.js";

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let demo: Demo;
/** The demo's data directory (its embedded store), kept out of the checkout. */
const dataDir = mkdtempSync(join(tmpdir(), "errata-demo-"));
const events: ErrorEvent[] = [];
const O = "/orcid/v3.0";
const CARBERRY = "0000-0002-1825-0097";
const DEPRECATED = "0000-0001-5109-3700";
const LOCKED = "0000-0003-1415-9269";
/** A well-formed iD (check digit X) that no record has. */
const UNKNOWN = "0000-0002-9079-593X";
const TOKEN = /^[A-Za-z0-9]{16}$/;
const JSON_ACCEPT = { accept: "application/json" };
const WRITE = { authorization: "Bearer demo-token", "content-type": "application/vnd.orcid+xml" };
const DEV_9001 =
  "400 Bad Request: There is an issue with your data or the API endpoint. 405 Method Not Allowed: Endpoint and method mismatch. 415 Unsupported Media Type: data must be in XML or JSON format.";
const USER_9001 = "ORCID could not process the data, because they were invalid.";
const WORK =
  '<?xml version="1.0" encoding="UTF-8"?>\n<work:work xmlns:work="http://www.orcid.org/ns/work" xmlns:common="http://www.orcid.org/ns/common">' +
  "<work:title><common:title>Errors as a catalog</common:title></work:title><work:type>journal-article</work:type></work:work>";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  processEntities: true,
});

function call(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${demo.url}${path}`, { method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        text += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

interface OrcidBody {
  "response-code": number;
  "developer-message": string;
  "user-message": string;
  "error-code"?: number;
  "more-info"?: string;
}

function docs(code: number): string {
  return `${demo.url}/errors/orcid/${code}`;
}

/** ORCID's body for a status and code, with the code's docs page as more-info. */
function orcidBody(status: number, code: number, developer: string, user: string): OrcidBody {
  return {
    "response-code": status,
    "developer-message": developer,
    "user-message": user,
    "error-code": code,
    "more-info": docs(code),
  };
}

function expectHeaders(r: Res, status: number, contentType: string): void {
  expect(r.status).toBe(status);
  expect(r.headers["content-type"]).toBe(contentType);
  expect(r.headers.vary).toBe("Accept");
  expect(r.headers["x-request-id"]).toMatch(TOKEN);
  expect(r.headers["content-length"]).toBe(String(Buffer.byteLength(r.body)));
}

/** A JSON error: headers, then the body (also checked for Jackson's layout: parse → re-indent gives the same text). */
function expectJson(r: Res, status: number, body: OrcidBody, contentType = "application/json"): void {
  expectHeaders(r, status, contentType);
  expect(JSON.parse(r.body)).toEqual(body);
  expect(r.body).toBe(JSON.stringify(body, null, 2).replace(/^( {2}"[^"]+"):/gm, "$1 :"));
}

/** An XML error: headers, then the parsed tree. */
function expectXml(r: Res, status: number, body: OrcidBody, contentType = "application/vnd.orcid+xml"): void {
  expectHeaders(r, status, contentType);
  expect(r.body.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')).toBe(true);
  const tree = parser.parse(r.body);
  const error: Record<string, string> = { "@_xmlns": "http://www.orcid.org/ns/error" };
  for (const [k, v] of Object.entries(body)) error[k] = String(v);
  expect(tree).toEqual({
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8", "@_standalone": "yes" },
    error,
  });
}

beforeAll(async () => {
  systems.push(mountOrcid);
  demo = await startDemo({ port: 0, dataDir, logLevel: "silent", observers: [(e) => events.push(e)] });
});

afterAll(async () => {
  await demo.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("ORCID-style API (CONTRACT §3.2): GET /{orcid}/record", () => {
  it("→ 200 for the record, XML by default and JSON on request", async () => {
    const xml = await call("GET", `${O}/${CARBERRY}/record`);
    expect(xml.status).toBe(200);
    expect(xml.headers["content-type"]).toBe("application/vnd.orcid+xml");
    expect(xml.headers["x-request-id"]).toMatch(TOKEN);
    const rec = parser.parse(xml.body)["record:record"];
    expect(rec["common:orcid-identifier"]["common:path"]).toBe(CARBERRY);
    expect(rec["person:person"]["person:name"]["personal-details:family-name"]).toBe("Carberry");
    const json = await call("GET", `${O}/${CARBERRY}/record`, { accept: "application/vnd.orcid+json" });
    expect(json.status).toBe(200);
    expect(json.headers["content-type"]).toBe("application/vnd.orcid+json");
    expect(JSON.parse(json.body)["orcid-identifier"]).toEqual({
      uri: `https://orcid.org/${CARBERRY}`,
      path: CARBERRY,
      host: "orcid.org",
    });
  });

  it('→ 404 with 9016 "not found", in ORCID\'s exact XML layout', async () => {
    const r = await call("GET", `${O}/${UNKNOWN}/record`, { accept: "application/xml" });
    expectHeaders(r, 404, "application/xml");
    expect(r.body).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<error xmlns="http://www.orcid.org/ns/error">\n' +
        "    <response-code>404</response-code>\n" +
        "    <developer-message>404 Not Found: The resource was not found.</developer-message>\n" +
        "    <user-message>The resource was not found.</user-message>\n" +
        "    <error-code>9016</error-code>\n" +
        `    <more-info>${docs(9016)}</more-info>\n` +
        "</error>\n",
    );
    const event = events.find((e) => e.token === r.headers["x-request-id"]);
    expect(event).toMatchObject({ status: 404, catalog: "orcid", code: "9016" });
    expectJson(
      await call("GET", `${O}/${UNKNOWN}/record`, JSON_ACCEPT),
      404,
      orcidBody(404, 9016, "404 Not Found: The resource was not found.", "The resource was not found."),
    );
  });

  it("→ 301 with Location to the primary record for the deprecated iD, and ORCID's 9007 body", async () => {
    const body = orcidBody(
      301,
      9007,
      `301 Moved Permanently: This account is deprecated. Please refer to account: https://orcid.org/${CARBERRY}. ORCID https://orcid.org/${DEPRECATED}`,
      `This account is deprecated. Please refer to account: https://orcid.org/${CARBERRY}.`,
    );
    const j = await call("GET", `${O}/${DEPRECATED}/record`, JSON_ACCEPT);
    expectJson(j, 301, body);
    expect(j.headers.location).toBe(`${O}/${CARBERRY}/record`);
    const x = await call("GET", `${O}/${DEPRECATED}/record`);
    expectXml(x, 301, body);
    expect(x.headers.location).toBe(`${O}/${CARBERRY}/record`);
    // The rest of the path is carried over, re-encoded: a decoded CR LF cannot reach the header.
    const w = await call("GET", `${O}/${DEPRECATED}/work/1%0D%0AX-Evil:%201`, JSON_ACCEPT);
    expect(w.status).toBe(301);
    expect(w.headers.location).toBe(`${O}/${CARBERRY}/work/1%0D%0AX-Evil%3A%201`);
    expect(w.headers["x-evil"]).toBeUndefined();
  });

  it("→ 409 with 9018 for the locked record", async () => {
    const body = orcidBody(
      409,
      9018,
      `409 Conflict: The ORCID record is locked and cannot be edited. ORCID https://orcid.org/${LOCKED}`,
      "The ORCID record is locked.",
    );
    expectXml(await call("GET", `${O}/${LOCKED}/record`, { accept: "application/vnd.orcid+xml" }), 409, body);
    expectJson(
      await call("GET", `${O}/${LOCKED}/record`, { accept: "application/vnd.orcid+json" }),
      409,
      body,
      "application/vnd.orcid+json",
    );
  });

  it("→ 400 with 9006 for a malformed iD (bad ISO 7064 11,2 check digit, or not an iD)", async () => {
    for (const id of ["0000-0002-1825-0098", "0000-0002-9079-593x", "abc", "0000000218250097"]) {
      expectJson(
        await call("GET", `${O}/${id}/record`, JSON_ACCEPT),
        400,
        orcidBody(
          400,
          9006,
          `The client application sent a bad request to ORCID. Full validation error: ${id} is not a valid ORCID iD (its ISO 7064 11,2 check digit does not match)`,
          "The client application sent a bad request to ORCID.",
        ),
      );
    }
  });

  it("an Accept other than ORCID's four media types → 406, in XML (the default format)", async () => {
    const body = orcidBody(
      406,
      9001,
      `${DEV_9001} Full validation error: HTTP 406 Not Acceptable`,
      USER_9001,
    );
    for (const accept of ["text/html", "application/pdf", "application/problem+json"]) {
      expectXml(await call("GET", `${O}/${CARBERRY}/record`, { accept }), 406, body);
    }
    for (const accept of [
      "application/json",
      "application/xml",
      "application/vnd.orcid+json",
      "application/vnd.orcid+xml",
      "*/*",
    ]) {
      expect((await call("GET", `${O}/${CARBERRY}/record`, { accept })).status).toBe(200);
    }
  });

  it("a method the endpoint lacks → 405 with Allow, in ORCID's body", async () => {
    const r = await call("DELETE", `${O}/${CARBERRY}/record`, JSON_ACCEPT);
    expectJson(
      r,
      405,
      orcidBody(405, 9001, `${DEV_9001} Full validation error: HTTP 405 Method Not Allowed`, USER_9001),
    );
    expect(r.headers.allow).toBe("GET, HEAD");
  });

  it("HEAD gets the same status and headers and no body", async () => {
    const get = await call("GET", `${O}/${LOCKED}/record`, JSON_ACCEPT);
    const head = await call("HEAD", `${O}/${LOCKED}/record`, JSON_ACCEPT);
    expect(head.status).toBe(409);
    expect(head.body).toBe("");
    expect(head.headers["content-type"]).toBe("application/json");
    expect(head.headers["content-length"]).toBe(get.headers["content-length"]);
    expect(head.headers.vary).toBe("Accept");
    expect(head.headers["x-request-id"]).toMatch(TOKEN);
    const moved = await call("HEAD", `${O}/${DEPRECATED}/record`);
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe(`${O}/${CARBERRY}/record`);
  });
});

describe("ORCID-style API (CONTRACT §3.2): GET /search", () => {
  const rowsError = () =>
    orcidBody(
      400,
      9012,
      "The client application made a bad request to the ORCID API. Full validation error: The rows parameter must be an integer between 0 and 1,000",
      "The client application made a bad request to the ORCID API.",
    );

  it("→ 400 with 9012 and seed 000's message unless rows is an integer 0–1000", async () => {
    for (const rows of ["1001", "-1", "1.5", "abc", "", "1e3", "+5", "99999"]) {
      expectJson(
        await call("GET", `${O}/search?q=carberry&rows=${encodeURIComponent(rows)}`, JSON_ACCEPT),
        400,
        rowsError(),
      );
    }
    expectXml(await call("GET", `${O}/search?q=x&rows=5000`), 400, rowsError());
  });

  it("→ 200 for rows 0–1000 or no rows", async () => {
    for (const q of ["?q=carberry&rows=0", "?q=carberry&rows=1000", "?q=carberry", "?q=carberry&rows=0010"]) {
      const r = await call("GET", `${O}/search${q}`, JSON_ACCEPT);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)["num-found"]).toBe(1);
    }
    const zero = JSON.parse((await call("GET", `${O}/search?q=carberry&rows=0`, JSON_ACCEPT)).body);
    expect(zero.result).toEqual([]);
  });
});

describe("ORCID-style API (CONTRACT §3.2): POST /{orcid}/work", () => {
  it("→ 201 with Location for a valid work with demo-token", async () => {
    const r = await call("POST", `${O}/${CARBERRY}/work`, WRITE, WORK);
    expect(r.status).toBe(201);
    expect(r.body).toBe("");
    expect(r.headers["x-request-id"]).toMatch(TOKEN);
    const location = r.headers.location as string;
    expect(location).toMatch(new RegExp(`^${O}/${CARBERRY}/work/[0-9]+$`));
    const got = await call("GET", location, JSON_ACCEPT);
    expect(got.status).toBe(200);
    expect(JSON.parse(got.body).title).toEqual({ title: { value: "Errors as a catalog" } });
  });

  it('a body that is not XML → 400 "Content is not allowed in prolog."', async () => {
    const body = orcidBody(
      400,
      9001,
      `${DEV_9001} Full validation error: Content is not allowed in prolog.`,
      USER_9001,
    );
    for (const text of ["hello", '{"title":"x"}', "  title", '<?xml version="1.0"?>\nnot xml']) {
      expectXml(await call("POST", `${O}/${CARBERRY}/work`, WRITE, text), 400, body);
    }
    expectJson(await call("POST", `${O}/${CARBERRY}/work`, { ...WRITE, ...JSON_ACCEPT }, "hello"), 400, body);
  });

  it('a truncated or empty body → 400 "Premature end of file."', async () => {
    const body = orcidBody(400, 9001, `${DEV_9001} Full validation error: Premature end of file.`, USER_9001);
    for (const text of [
      WORK.slice(0, 120),
      WORK.slice(0, WORK.length - 3),
      '<work:work xmlns:work="x" a="',
      "",
      "  \n",
      '<?xml version="1.0"?>',
    ]) {
      expectXml(await call("POST", `${O}/${CARBERRY}/work`, WRITE, text), 400, body);
    }
  });

  it("no token → 401 9002; a wrong token → 401 9003 (before the body is read)", async () => {
    expectJson(
      await call(
        "POST",
        `${O}/${CARBERRY}/work`,
        { "content-type": "application/xml", ...JSON_ACCEPT },
        "hello",
      ),
      401,
      orcidBody(
        401,
        9002,
        "401 Unauthorized: The client application is not authorized. Full validation error: Full authentication is required to access this resource",
        "The client application is not authorized.",
      ),
    );
    for (const authorization of ["Bearer wrong-token", "Basic ZGVtbzpkZW1v", "Bearer"]) {
      expectJson(
        await call("POST", `${O}/${CARBERRY}/work`, { ...WRITE, authorization, ...JSON_ACCEPT }, "hello"),
        401,
        orcidBody(
          401,
          9003,
          "401 Unauthorized: The client application is not authorized. Full validation error: Invalid access token",
          "The client application is not authorized.",
        ),
      );
    }
  });

  it('readonly-token → 403 9004 "Insufficient or wrong scope"', async () => {
    const r = await call(
      "POST",
      `${O}/${CARBERRY}/work`,
      { ...WRITE, authorization: "Bearer readonly-token" },
      WORK,
    );
    expectXml(
      r,
      403,
      orcidBody(
        403,
        9004,
        "403 Forbidden: Insufficient or wrong scope. Full validation error: Insufficient or wrong scope [/read-limited]",
        "The client application is forbidden to perform the action.",
      ),
    );
  });

  it("the record checks apply to writes too: 404, 409, 400 for the iD", async () => {
    expect((await call("POST", `${O}/${UNKNOWN}/work`, WRITE, WORK)).status).toBe(404);
    expect((await call("POST", `${O}/${LOCKED}/work`, WRITE, WORK)).status).toBe(409);
    expect((await call("POST", `${O}/0000-0002-1825-0098/work`, WRITE, WORK)).status).toBe(400);
  });

  it("XML is parsed with DTDs off: a DOCTYPE (billion laughs, external entity) → 400, nothing expanded", async () => {
    const body = orcidBody(400, 9001, `${DEV_9001} Full validation error: DOCTYPE is disallowed.`, USER_9001);
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><work:work xmlns:work="http://www.orcid.org/ns/work"><work:title><common:title xmlns:common="c">&x;</common:title></work:title></work:work>';
    const lol = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>`;
    for (const text of [xxe, lol])
      expectXml(await call("POST", `${O}/${CARBERRY}/work`, WRITE, text), 400, body);
  });

  it('another root element → 400 with JAXB\'s "unexpected element"; no title → 400 9022', async () => {
    expectXml(
      await call("POST", `${O}/${CARBERRY}/work`, WRITE, '<works xmlns="http://www.orcid.org/ns/work"/>'),
      400,
      orcidBody(
        400,
        9001,
        `${DEV_9001} Full validation error: unexpected element (uri:"http://www.orcid.org/ns/work", local:"works"). Expected elements are <{http://www.orcid.org/ns/work}work>`,
        USER_9001,
      ),
    );
    expectXml(
      await call(
        "POST",
        `${O}/${CARBERRY}/work`,
        WRITE,
        '<work:work xmlns:work="http://www.orcid.org/ns/work"><work:type>book</work:type></work:work>',
      ),
      400,
      orcidBody(
        400,
        9022,
        "400 Bad Request: Invalid activity, a title is required.",
        "Invalid activity:  A title is required.",
      ),
    );
    expectXml(
      await call("POST", `${O}/${CARBERRY}/work`, WRITE, "<a></b>"),
      400,
      orcidBody(
        400,
        9001,
        `${DEV_9001} Full validation error: The XML document is not well-formed.`,
        USER_9001,
      ),
    );
  });

  it("a body that is not XML by Content-Type → 415; over 1 MiB → 413, in ORCID's body", async () => {
    expectXml(
      await call("POST", `${O}/${CARBERRY}/work`, { ...WRITE, "content-type": "application/json" }, "{}"),
      415,
      orcidBody(415, 9001, `${DEV_9001} Full validation error: HTTP 415 Unsupported Media Type`, USER_9001),
    );
    const raw = await new Promise<string>((resolve, reject) => {
      const s = connect(Number(new URL(demo.url).port), "127.0.0.1", () => {
        s.write(
          `POST ${O}/${CARBERRY}/work HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nAuthorization: Bearer demo-token\r\nContent-Type: application/xml\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n<`,
        );
      });
      let out = "";
      s.setEncoding("utf8");
      s.on("data", (c: string) => {
        out += c;
      });
      s.on("close", () => resolve(out));
      s.on("error", reject);
    });
    const [head = "", body = ""] = raw.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 413 /);
    expect(head).toMatch(/\r\nContent-Type: application\/json\r\n/);
    expect(JSON.parse(body)).toEqual(
      orcidBody(413, 9001, `${DEV_9001} Full validation error: HTTP 413 Request Entity Too Large`, USER_9001),
    );
  });

  it("an unknown put-code → 404 9016 with the JPA message ORCID appends", async () => {
    expectJson(
      await call("GET", `${O}/${CARBERRY}/work/1`, JSON_ACCEPT),
      404,
      orcidBody(
        404,
        9016,
        "404 Not Found: The resource was not found. Full validation error: No entity found for query",
        "The resource was not found.",
      ),
    );
  });
});

describe("ORCID helpers", () => {
  it("checks ISO 7064 11,2 check digits", () => {
    expect(isValidOrcidId(CARBERRY)).toBe(true);
    expect(isValidOrcidId(DEPRECATED)).toBe(true);
    expect(isValidOrcidId(LOCKED)).toBe(true);
    expect(isValidOrcidId(UNKNOWN)).toBe(true);
    expect(isValidOrcidId("0000-0002-1825-0098")).toBe(false);
    expect(isValidOrcidId("0000-0002-1825-009")).toBe(false);
  });

  it("tells a truncation from other malformations", () => {
    expect(endsInsideDocument("<a><b>", 0)).toBe(true);
    expect(endsInsideDocument('<a b="1>', 0)).toBe(true);
    expect(endsInsideDocument("<a><!-- x", 0)).toBe(true);
    expect(endsInsideDocument("<a></b>", 0)).toBe(false);
    expect(endsInsideDocument("<a></a>junk", 0)).toBe(false);
    expect(endsInsideDocument("<a/>", 0)).toBe(false);
    expect(endsInsideDocument("</a>", 0)).toBe(false);
  });

  it("reads a work's title whatever the prefixes", () => {
    expect(parseWork(WORK)).toEqual({ title: "Errors as a catalog", type: "journal-article" });
    expect(
      parseWork(
        '<work xmlns="http://www.orcid.org/ns/work"><title><title xmlns="http://www.orcid.org/ns/common">T</title></title></work>',
      ),
    ).toEqual({ title: "T", type: null });
  });
});
