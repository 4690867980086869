/**
 * Placeholder: the identity-cloud system is being built (issue 3). Mounts an empty router under its prefix.
 * @module
 */
import { createRouter, type Router } from "../../src/adapters/node/index.js";
import { createErrata } from "../../src/index.js";
import type { DemoContext } from "../../demo/app.js";

export function mountIdentityCloud(ctx: DemoContext): Router {
  return createRouter({ prefix: "/identity", errata: createErrata({ docsBaseUrl: ctx.docsBaseUrl, observers: ctx.observers }) });
}
