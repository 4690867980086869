/** errata's node adapter, the handler returns the catalog error (produced, not thrown). */
import { createRouter, createServer } from "../../src/adapters/node/index.js";
import { benchErrata, benchErrors } from "./catalog.js";
import { BENCH_PATH, serve } from "./common.js";

const router = createRouter({ errata: benchErrata }).get(BENCH_PATH, () => benchErrors.entityNotFound());
serve(createServer({ errata: benchErrata, routers: [router] }));
