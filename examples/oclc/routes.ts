/**
 * The OCLC-style API of the demo (CONTRACT §3.4, seed 002), under `/oclc`:
 *
 * - `GET /search?wskey=K[&q=…&start=N&count=N]` — WorldCat Search API: an Atom feed.
 * - `POST /purchase-orders?wskey=K` — WorldShare Acquisitions: an XML `purchaseOrder`; its
 *   `vendorId` must name a vendor (`demo-vendor`) → 201 with the order in an Atom entry.
 * - `GET /knowledge-base?wskey=K` — WorldCat knowledge base API, which `demo-wskey` lacks → 403.
 *
 * Authentication is WSKeyLite (`wskey` query parameter) or WSKey v2 HMAC (the `Authorization`
 * header, which wins when both are sent; see `./hmac.ts` for the signed string). Keys:
 * `demo-wskey` (valid), `expired-wskey`, `cancelled-wskey`; every key's secret is `demo-secret`.
 * An HMAC header is checked in CONTRACT §3.4's order — key known, timestamp (±5 minutes), nonce
 * (unused), signature — then the key's state. Then, as real APIs order them (CONTRACT §3): the
 * key's access to the service (403), the daily quota (50 calls a day per key and service, reset at
 * 00:00 UTC → 403 over limit; seed 002: "the maximum number of requests they can make a day to the
 * web service in question using their WSKey"), and last the arguments.
 *
 * Errors are OCLC XML; on POST the body is read first, so every error echoes the posted order.
 * @module
 */
import type { DemoContext } from "../../demo/app.js";
import { createRouter, type Reply, type RouteContext, type Router } from "../../src/adapters/node/index.js";
import {
  ATOM_NS,
  echoContent,
  elementText,
  findElement,
  localName,
  NotEchoableXmlError,
  oclc,
  type PostedElement,
  parsePostedXml,
} from "../../src/formats/oclc/index.js";
import { buildXml, XML_DECLARATION } from "../../src/formats/xml.js";
import { rateLimitGuard } from "../../src/guards/rate-limit.js";
import { createErrata } from "../../src/index.js";
import { createRateLimiter } from "../../src/rate-limit/index.js";
import { oclcErrors as errors } from "./catalog.js";
import {
  CredentialsSyntaxError,
  HMAC_SCHEME,
  NonceRegistry,
  parseCredentials,
  verifySignature,
} from "./hmac.js";

/** A web service a WSKey may be entitled to. */
export interface OclcService {
  readonly name: string;
  readonly displayName: string;
}

export const SEARCH_SERVICE: OclcService = { name: "WorldCatSearchAPI", displayName: "WorldCat Search API" };
export const ACQUISITIONS_SERVICE: OclcService = {
  name: "WMS_ACQ",
  displayName: "WorldShare Acquisitions API",
};
export const KNOWLEDGE_BASE_SERVICE: OclcService = {
  name: "WorldCatKnowledgeBaseAPI",
  displayName: "WorldCat knowledge base API",
};

/** The secret of every demo key (CONTRACT §3.4). */
export const DEMO_SECRET = "demo-secret";
/** The vendor that exists. */
export const DEMO_VENDOR_ID = "demo-vendor";

type KeyState = "active" | "expired" | "cancelled";

interface Wskey {
  readonly key: string;
  readonly secret: string;
  readonly state: KeyState;
  readonly services: ReadonlySet<string>;
}

const DEMO_SERVICES: ReadonlySet<string> = new Set([SEARCH_SERVICE.name, ACQUISITIONS_SERVICE.name]);
const KEYS: ReadonlyMap<string, Wskey> = new Map(
  (
    [
      ["demo-wskey", "active"],
      ["expired-wskey", "expired"],
      ["cancelled-wskey", "cancelled"],
    ] as const
  ).map(([key, state]) => [key, { key, secret: DEMO_SECRET, state, services: DEMO_SERVICES }]),
);

/** Options of {@link createOclcRouter}. */
export interface OclcRouterOptions {
  /** Calls a day per key and service (default 50). */
  readonly dailyLimit?: number;
  /** Largest distance of an HMAC timestamp from the server's clock, in seconds (default 300). */
  readonly skewSeconds?: number;
}

const XML_TYPES = ["application/xml", "text/xml"];
/** What the feeds can be answered as; errors are negotiated among the format's XML types. */
const FEED_TYPES = ["application/atom+xml", ...XML_TYPES];
const ATOM_TYPE = "application/atom+xml; charset=utf-8";
const OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/";
const DAILY = "oclc-daily";
const TIMESTAMP = /^[0-9]{1,12}$/;
const POSITIVE = /^[1-9][0-9]{0,8}$/;

function rawQueryOf(url: string | undefined): string {
  const u = url ?? "";
  const q = u.indexOf("?");
  return q < 0 ? "" : u.slice(q + 1);
}

/** Builds the router (and its own errata instance, limiter and nonce registry). */
export function createOclcRouter(ctx: DemoContext, options: OclcRouterOptions = {}): Router {
  const errata = createErrata({
    formats: [oclc()],
    catalogs: [errors],
    guards: {
      badRequest: errors.badParameters,
      validationFailed: errors.badParameters,
      malformedBody: errors.invalidBodyContent,
      notFound: errors.notFound,
      methodNotAllowed: errors.methodNotSupported,
      notAcceptable: errors.notSupported,
      unsupportedMediaType: errors.unsupportedMediaType,
      tooManyRequests: errors.overLimit,
    },
    docsBaseUrl: ctx.docsBaseUrl,
    observers: ctx.observers,
  });
  const skew = options.skewSeconds ?? 300;
  const limiter = createRateLimiter({
    memory: { now: ctx.now },
    // Fixed windows aligned to the Unix epoch: a day that resets at 00:00 UTC.
    policies: [
      { name: DAILY, limit: options.dailyLimit ?? 50, windowMs: 86_400_000, algorithm: "fixed-window" },
    ],
  });
  const quota = rateLimitGuard<string>({ limiter, policy: DAILY, key: (k) => k, error: errors.overLimit });
  const nonces = new NonceRegistry();

  function knownKey(wskey: string): Wskey {
    const k = KEYS.get(wskey);
    if (k === undefined) throw errors.wskeyInvalid({ wskey });
    return k;
  }

  function usable(k: Wskey): Wskey {
    if (k.state === "expired") throw errors.wskeyExpired();
    if (k.state === "cancelled") throw errors.wskeyCancelled();
    return k;
  }

  /** WSKey v2 HMAC: key known, then timestamp, nonce, signature (CONTRACT §3.4), then the key's state. */
  function viaHmac(c: RouteContext, params: ReadonlyMap<string, string>): Wskey {
    const need = (name: string): string => {
      const v = params.get(name.toLowerCase());
      if (v === undefined || v === "") throw errors.authorizationHeaderInvalid({ reason: `${name} missing` });
      return v;
    };
    const clientId = need("clientId");
    const timestamp = need("timestamp");
    const nonce = need("nonce");
    const signature = need("signature");
    const key = knownKey(clientId);
    const nowMs = ctx.now();
    const nowSeconds = Math.floor(nowMs / 1000);
    if (!TIMESTAMP.test(timestamp) || Math.abs(Number(timestamp) - nowSeconds) > skew) {
      throw errors.wrongTimestamp({ timestamp, currentTimestamp: nowSeconds });
    }
    if (nonces.has(clientId, nonce, nowMs)) throw errors.repeatedNonce();
    const signed = { clientId, timestamp, nonce, method: c.method, query: rawQueryOf(c.req.url) };
    if (!verifySignature(key.secret, signed, signature)) throw errors.badSignature();
    // Remembered only once the signature holds (a forged request cannot burn a client's nonce),
    // for as long as its timestamp could still pass.
    nonces.add(clientId, nonce, (Number(timestamp) + skew + 1) * 1000, nowMs);
    return usable(key);
  }

  /** Authentication: the Authorization header, else the wskey parameter (WSKeyLite). */
  function authenticate(c: RouteContext): Wskey {
    const header = c.req.headers.authorization;
    if (header !== undefined && header.trim() !== "") {
      let cred: ReturnType<typeof parseCredentials>;
      try {
        cred = parseCredentials(header);
      } catch (e) {
        if (e instanceof CredentialsSyntaxError)
          throw errors.authorizationHeaderInvalid({ reason: e.message });
        throw e;
      }
      const scheme = cred.scheme.toLowerCase();
      // Seed 002's Access Token method: the demo issues no tokens, so every one is invalid.
      if (scheme === "bearer") throw errors.invalidAccessToken();
      if (scheme !== HMAC_SCHEME) throw errors.authorizationHeaderInvalid({ reason: "unknown scheme" });
      if (cred.params === null) throw errors.authorizationHeaderInvalid({ reason: "parameters expected" });
      return viaHmac(c, cred.params);
    }
    const wskey = c.query.get("wskey");
    if (wskey === null || wskey === "") throw errors.authorizationHeaderMissing();
    return usable(knownKey(wskey));
  }

  /** Authentication, the key's access to the service, then the daily quota (CONTRACT §3). */
  async function admit(c: RouteContext, service: OclcService): Promise<Wskey> {
    const key = authenticate(c);
    c.clientId = key.key;
    if (!key.services.has(service.name)) {
      throw errors.serviceNotOnWskey({ serviceDisplayName: service.displayName, serviceName: service.name });
    }
    const refused = await quota(`${key.key} ${service.name}`, errata);
    if (refused) throw refused;
    return key;
  }

  function feed(title: string, start: number, count: number): Reply {
    const body =
      XML_DECLARATION +
      buildXml({
        feed: {
          "@_xmlns": ATOM_NS,
          "@_xmlns:opensearch": OPENSEARCH_NS,
          title,
          id: "urn:oclc:demo:search",
          updated: new Date(ctx.now()).toISOString(),
          "opensearch:totalResults": 0,
          "opensearch:startIndex": start,
          "opensearch:itemsPerPage": count,
        },
      });
    return { headers: { "Content-Type": ATOM_TYPE }, body };
  }

  async function search(c: RouteContext): Promise<Reply> {
    await admit(c, SEARCH_SERVICE);
    const fields: { name: string; message: string; in: "query" }[] = [];
    const int = (name: string, dflt: number, max: number): number => {
      const v = c.query.get(name);
      if (v === null) return dflt;
      if (!POSITIVE.test(v) || Number(v) > max) {
        fields.push({ name, message: `${name} must be an integer from 1 to ${max}`, in: "query" });
        return dflt;
      }
      return Number(v);
    };
    const start = int("start", 1, 100_000);
    const count = int("count", 10, 100);
    if (fields.length > 0) throw errors.badParameters({ fields });
    const q = c.query.get("q") ?? "";
    return feed(q === "" ? "WorldCat search" : `WorldCat search: ${q}`, start, count);
  }

  async function knowledgeBase(c: RouteContext): Promise<Reply> {
    await admit(c, KNOWLEDGE_BASE_SERVICE);
    return feed("WorldCat knowledge base", 1, 10);
  }

  async function purchaseOrder(c: RouteContext): Promise<Reply> {
    // Read first: every error of this POST echoes the posted order (seed 002).
    const text = await c.text();
    await admit(c, ACQUISITIONS_SERVICE);
    let order: PostedElement;
    try {
      order = parsePostedXml(text);
    } catch (e) {
      if (e instanceof NotEchoableXmlError) throw errors.invalidBodyContent({ cause: e });
      throw e;
    }
    if (localName(order.name) !== "purchaseOrder") throw errors.invalidBodyContent();
    const vendor = findElement(order, "vendorId");
    const vendorId = vendor === undefined ? "" : elementText(vendor).trim();
    if (vendorId === "") {
      throw errors.badParameters({
        fields: [{ name: "vendorId", message: "vendorId is required", in: "body" }],
      });
    }
    if (vendorId !== DEMO_VENDOR_ID) throw errors.vendorIdNotFound({ vendorId });
    const body = `${XML_DECLARATION}<entry xmlns="${ATOM_NS}">${buildXml({ id: `urn:oclc:demo:purchase-order:${c.token}` })}${echoContent(text)}</entry>`;
    return { status: 201, headers: { "Content-Type": ATOM_TYPE }, body };
  }

  return createRouter({ prefix: "/oclc", errata })
    .get("/search", search, { produces: FEED_TYPES })
    .get("/knowledge-base", knowledgeBase, { produces: FEED_TYPES })
    .post("/purchase-orders", purchaseOrder, { accepts: XML_TYPES, produces: FEED_TYPES });
}

/** Mounts the OCLC system on the demo (CONTRACT §3.4). */
export function mountOclc(ctx: DemoContext): Router {
  return createOclcRouter(ctx);
}
