/**
 * The list of `errata` sub-commands. Each lives in its own module and is loaded on first use.
 * @module
 */
import { registerCommand } from "../main.js";

registerCommand("lint", async () => (await import("./lint.js")).default);
registerCommand("diff", async () => (await import("./diff.js")).default);
registerCommand("docs", async () => (await import("./docs.js")).default);
registerCommand("explain", async () => (await import("./explain.js")).default);
registerCommand("decode", async () => (await import("./decode.js")).default);
registerCommand("lookup", async () => (await import("./lookup.js")).default);
