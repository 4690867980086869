/**
 * No internals in responses (issue 8, CONTRACT §3): generated internal exceptions — SQL, file
 * paths, class names, stack text, secrets, HTML, CR/LF — thrown, rejected with, and thrown as
 * non-Error values from handlers in every adapter, over real sockets. Every response must be the
 * generic 500 of its route's format, exactly, and contain no fragment of the internals.
 *
 * The bounded version runs here; `npm run stress` throws 10 000 per adapter (test/stress/extra.ts).
 */
import { afterAll, describe, expect, it } from "vitest";
import { SHAPE_NAMES } from "./hostile-values.js";
import { LEAK_ADAPTERS, type LeakServer } from "./leak-apps.js";
import { runLeakCheck } from "./leak-check.js";

/** Per adapter in `npm test`; the node adapter's share is spread over all eight formats. */
const CASES = 1000;

const servers: LeakServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe("leaks: generated internal exceptions from handlers", () => {
  it("covers every thrown shape", () => {
    expect(SHAPE_NAMES.length).toBeGreaterThanOrEqual(20);
    expect(SHAPE_NAMES).toContain("revoked proxy");
    expect(SHAPE_NAMES).toContain("symbol");
  });

  it.each(LEAK_ADAPTERS.map(([name, start]) => ({ name, start })))(
    "$name: every response is the generic 500, nothing of the internals in it",
    async ({ start }) => {
      const server = await start();
      servers.push(server);
      const r = await runLeakCheck(server, { cases: CASES });
      process.stdout.write(
        `leaks ${r.adapter}: ${r.cases} internal exceptions thrown over ${server.routes.length} route formats, ` +
          `${r.thrown} thrown, ${r.leaks} leaks, ${r.failures} failures, ${r.events500} 500 events, ${r.ms} ms (${r.rps} req/s)\n`,
      );
      expect(r.findings).toEqual([]);
      expect(r.leaks).toBe(0);
      expect(r.failures).toBe(0);
      expect(r.cases).toBe(CASES);
      // Each request's handler threw the value generated for it (the check is not vacuous).
      expect(r.thrown).toBe(CASES);
      // One error event per response: the internals go to the log and the store, not the wire.
      expect(r.events500).toBe(CASES);
    },
    60_000,
  );
});
