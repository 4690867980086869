/**
 * The server of the error storm (issue 8): mixed 401/404/429/500 with a real error store, in its
 * own process so its memory can be measured. Talks to the harness over IPC.
 * @module
 */
import { createRouter, createServer } from "../../src/adapters/node/index.js";
import { createErrata, httpErrors } from "../../src/index.js";
import { openStore } from "../../src/store/index.js";

const store = await openStore(process.env.STORM_STORE, {
  dataDir: process.env.STORM_DATA_DIR,
  maxQueue: 50_000,
  spillPath: process.env.STORM_DATA_DIR
    ? `${process.env.STORM_DATA_DIR}/spill-${process.pid}.jsonl`
    : undefined,
});
const errata = createErrata({ observers: [(e) => store.enqueue(e)] });
let n = 0;
const router = createRouter({ errata, prefix: "/s" })
  .get("/401", () => {
    throw httpErrors.unauthorized();
  })
  .get("/429", () => httpErrors.tooManyRequests({ retryAfter: 30 }))
  .get("/500", () => {
    throw new Error(
      `SELECT * FROM accounts WHERE id = ${n++} /srv/app/db.js:12 java.lang.IllegalStateException`,
    );
  });
const server = createServer({ errata, routers: [router] });
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const a = server.address();
  process.send?.({
    type: "ready",
    port: typeof a === "object" && a ? a.port : 0,
    rss: process.memoryUsage().rss,
  });
});
process.on("message", async (m: { type?: string }) => {
  if (m?.type === "rss")
    process.send?.({ type: "rss", rss: process.memoryUsage().rss, stats: store.stats() });
  if (m?.type === "close") {
    await new Promise<void>((r) => {
      server.close(() => r());
      server.closeIdleConnections();
    });
    await store.flush();
    const count = await store.count();
    const stats = store.stats();
    await store.close();
    process.send?.({ type: "closed", count, stats, rss: process.memoryUsage().rss }, () => process.exit(0));
  }
});
