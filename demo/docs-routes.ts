/**
 * The docs site inside the demo server (CONTRACT §3.6): `GET /errors` (the index of every code),
 * `/errors/<catalog>/<slug>` (also with `.html`: the URL every error body links to, so it equals
 * `errata.docsUrl(entry)`), `/errors/catalog.json`, `/errors/catalog.schema.json`,
 * `/errors/openapi.json` and `/errors/errors.md`.
 *
 * The site is generated once, in memory, on the first request (the server's port, part of the
 * links in examples and openapi.json, is known only after it listens), then served as is. Every
 * response carries a Content-Security-Policy (the HTML's own inline style and script by hash,
 * nothing else), `X-Content-Type-Options: nosniff`, and a Content-Type with `charset=utf-8`.
 *
 * @example
 * ```ts
 * routers.push(mountDocs({ catalogs: [orcidErrors, oclcErrors], errata, docsBaseUrl: ctx.docsBaseUrl }));
 * ```
 * @module
 */

import { createRouter, type Reply, type RouteContext, type Router } from "../src/adapters/node/index.js";
import type { AnyCatalog } from "../src/catalog/define.js";
import type { Errata } from "../src/core/errata.js";
import { buildSite, type SiteFile } from "../src/docs/site.js";

export interface DocsRoutesOptions {
  /** Catalogs to document; the root errata's own catalogs (the `http` guards) are added. */
  readonly catalogs: readonly AnyCatalog[];
  /** The root errata: renders the docs routes' own errors (404 for an unknown page, 405, 406). */
  readonly errata: Errata;
  /**
   * Base URL of the docs (`http://127.0.0.1:3000/errors`), as given to every errata's `docsBaseUrl`.
   * A function is read at mount (for the path, which must not change) and at the first request.
   */
  readonly docsBaseUrl: string | (() => string);
  /** Site title. */
  readonly title?: string;
}

/** Headers of every docs response (RFC 9110 §8.3 Content-Type; nosniff per the Fetch standard). */
const COMMON: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-cache",
};

/** Policy for the non-HTML files: they run nothing and may not be framed. */
const DATA_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** The router serving the docs under the path of `docsBaseUrl`. */
export function mountDocs(options: DocsRoutesOptions): Router {
  const baseOf = (): string =>
    (typeof options.docsBaseUrl === "function" ? options.docsBaseUrl() : options.docsBaseUrl).replace(
      /\/+$/,
      "",
    );
  // Only the path matters here (the host and port may be known only after listening).
  const basePath = new URL(baseOf(), "http://localhost").pathname.replace(/\/+$/, "");
  // One catalog per id: the first given wins (an example may re-export the http catalog).
  const catalogs: AnyCatalog[] = [];
  for (const c of [...options.catalogs, ...options.errata.catalogs]) {
    if (!catalogs.some((x) => x.$.id === c.$.id)) catalogs.push(c);
  }
  let files: Map<string, SiteFile> | undefined;
  const site = (): Map<string, SiteFile> => {
    files ??= new Map(
      buildSite(catalogs, {
        docsBaseUrl: baseOf(),
        links: { kind: "server", basePath },
        ...(options.title !== undefined ? { title: options.title } : {}),
      }).map((f) => [f.path, f]),
    );
    return files;
  };
  const reply =
    (path: string) =>
    (ctx: RouteContext): Reply | ReturnType<Errata["guard"]> => {
      const f = site().get(path);
      if (f === undefined) return ctx.errata.guard("notFound");
      return send(f);
    };
  const router = createRouter({ prefix: basePath, errata: options.errata });
  const html = { produces: ["text/html"] };
  const json = { produces: ["application/json"] };
  router.get("/", reply("index.html"), html);
  router.get("/index.html", reply("index.html"), html);
  router.get("/catalog.json", reply("catalog.json"), json);
  router.get("/catalog.schema.json", reply("catalog.schema.json"), {
    produces: ["application/schema+json", "application/json"],
  });
  router.get("/openapi.json", reply("openapi.json"), json);
  router.get("/errors.md", reply("errors.md"), { produces: ["text/markdown", "text/plain"] });
  router.get(
    "/:catalog/:page",
    (ctx) => {
      const page = ctx.params.page ?? "";
      const name = page.endsWith(".html") ? page.slice(0, -5) : page;
      return reply(`${ctx.params.catalog ?? ""}/${name}.html`)(ctx);
    },
    html,
  );
  return router;
}

function send(f: SiteFile): Reply {
  return {
    status: 200,
    headers: {
      ...COMMON,
      "Content-Type": f.contentType,
      "Content-Security-Policy": f.csp !== undefined ? `${f.csp}; frame-ancestors 'none'` : DATA_CSP,
    },
    body: f.body,
  };
}
