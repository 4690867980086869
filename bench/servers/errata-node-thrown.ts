/** errata's node adapter, the handler throws the catalog error. */
import { createRouter, createServer } from "../../src/adapters/node/index.js";
import { benchErrata, benchErrors } from "./catalog.js";
import { BENCH_PATH, serve } from "./common.js";

const router = createRouter({ errata: benchErrata }).get(BENCH_PATH, () => {
  throw benchErrors.entityNotFound();
});
serve(createServer({ errata: benchErrata, routers: [router] }));
