/**
 * A small server wired like the demo's operations side, for tests of the support console over
 * real sockets (and in a browser): the root problem+json surface with the observability
 * observers, the `/support` and `/metrics` routers, `/demo/unexpected` (CONTRACT §3.6), a route
 * that fails with HTML and script in its internal message, and one whose public message echoes
 * a query parameter (as catalog templates do: OCLC's `WSKey "{wskey}" is invalid`).
 * @module
 */
import type { Server } from "node:http";
import { createRouter, createServer } from "../src/adapters/node/index.js";
import { defineCatalog } from "../src/catalog/define.js";
import { createErrata, type Errata } from "../src/core/errata.js";
import { problemJson } from "../src/formats/problem-json/index.js";
import { problemXml } from "../src/formats/problem-xml/index.js";
import {
  createDemoObservability,
  type DemoObservability,
  type DemoObservabilityOptions,
} from "./observability.js";

/** The internal message of `/demo/unexpected`: SQL, a file path and a Java class name (CONTRACT §3.6). */
export const UNEXPECTED_MESSAGE =
  "org.hibernate.exception.SQLGrammarException: could not execute statement [SELECT * FROM users WHERE id = 1] at /srv/app/src/repository/UserRepository.java:42";

/** The internal message of `/demo/html-payload`: markup that must stay text wherever it is shown. */
export const HTML_PAYLOAD =
  `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>` +
  `</pre><svg onload="window.__pwned=3"></svg>"'&`;

/** A catalog entry whose message echoes what the client sent. */
export const fixtureErrors = defineCatalog(
  { id: "fixture", title: "Support fixture" },
  {
    unknownWidget: {
      code: "unknown_widget",
      status: 404,
      message: 'Widget "{name}" does not exist.',
      description: "The widget named in the query does not exist.",
      fixes: ["Name an existing widget."],
    },
  },
);

/** A running fixture server. */
export interface ObservedServer {
  readonly server: Server;
  readonly url: string;
  readonly errata: Errata;
  readonly obs: DemoObservability;
  /** Stops the server, then flushes and closes the store. */
  close(): Promise<void>;
}

/** Starts the fixture on 127.0.0.1 and a free port. */
export async function startObservedServer(options: DemoObservabilityOptions = {}): Promise<ObservedServer> {
  const obs = await createDemoObservability(options);
  const errata = createErrata({
    formats: [problemJson(), problemXml()],
    catalogs: obs.catalogs,
    observers: obs.observers,
  });
  const root = createRouter({ errata })
    .get("/demo/unexpected", () => {
      throw new Error(UNEXPECTED_MESSAGE);
    })
    .get("/demo/html-payload", () => {
      throw new TypeError(HTML_PAYLOAD);
    })
    .get("/demo/widget", (ctx) => fixtureErrors.unknownWidget({ name: ctx.query.get("name") ?? "" }));
  const server = createServer({ errata, routers: [...obs.routers(errata), root] });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    errata,
    obs,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await obs.close();
    },
  };
}
