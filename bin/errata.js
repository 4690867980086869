#!/usr/bin/env node
// The `errata` command. Runs the compiled CLI; dist/ is built by `npm install` (prepare) or `npm run build`.
import { main } from "../dist/src/cli/main.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`errata: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
