/**
 * The list of `errata` sub-commands. Each lives in its own module and is loaded on first use.
 * @module
 */
import { registerCommand } from "../main.js";

registerCommand("lookup", async () => (await import("./lookup.js")).default);
