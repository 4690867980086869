/**
 * Shared plumbing for benchmark servers: listen on PORT (127.0.0.1), report readiness and process
 * CPU time to the harness over IPC, exit on disconnect.
 * @module
 */
import type { Server } from "node:http";

/** The 404 every server answers with (same entry, same bytes but the token). */
export const BENCH_PATH = "/missing";

export function serve(server: Server): void {
  const port = Number(process.env.PORT ?? 0);
  server.keepAliveTimeout = 60_000;
  server.listen(port, "127.0.0.1", () => {
    const a = server.address();
    process.send?.({ type: "ready", port: typeof a === "object" && a ? a.port : port });
  });
  process.on("message", (m: { type?: string }) => {
    if (m?.type === "cpu") process.send?.({ type: "cpu", usage: process.cpuUsage() });
  });
  process.on("disconnect", () => process.exit(0));
}
