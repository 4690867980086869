/**
 * `npm start`: the demo server on http://127.0.0.1:3000 (`PORT`, `HOST` override). Prints the URL
 * and stops cleanly on SIGINT/SIGTERM (CONTRACT §1).
 * @module
 */
import { startDemo } from "./app.js";
import "./systems.js";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";

const demo = await startDemo({ port, host, dataDir: process.env.ERRATA_DATA_DIR });
process.stdout.write(`errata demo listening on ${demo.url}\n`);
if (demo.adminTokenGenerated) {
  process.stdout.write(
    `support admin token (generated; set ERRATA_ADMIN_TOKEN to choose one): ${demo.adminToken}\n`,
  );
}

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`received ${signal}, shutting down\n`);
  const timer = setTimeout(() => process.exit(1), 10_000);
  timer.unref();
  await demo.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
