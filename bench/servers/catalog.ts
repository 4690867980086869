/**
 * The catalog and errata instance the errata benchmark servers share.
 * @module
 */
import { createErrata, defineCatalog } from "../../src/index.js";

export const benchErrors = defineCatalog(
  { id: "bench" },
  { entityNotFound: { code: 3001, status: 404, message: "The requested entity does not exist." } },
);

export const benchErrata = createErrata({
  catalogs: [benchErrors],
  guards: { notFound: benchErrors.entityNotFound },
  docsBaseUrl: "https://x.io/e",
});
