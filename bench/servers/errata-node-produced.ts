/** errata's node adapter, the error produced by a guard (no route matches). */
import { createRouter, createServer } from "../../src/adapters/node/index.js";
import { benchErrata } from "./catalog.js";
import { serve } from "./common.js";

const router = createRouter({ errata: benchErrata, prefix: "/api" }).get("/x", () => ({ body: "ok" }));
serve(createServer({ errata: benchErrata, routers: [router] }));
