/**
 * 405 for Express: Express answers an unknown method on a known path with 404, so errata finds
 * the methods a path supports by matching it against the app's router stack — routes, and the
 * routers mounted with `app.use(prefix, router)` — the way Express's own router matches it. Run
 * only on the 404 path (it costs one match per layer).
 * @module
 */
import { allowList } from "../../guards/request.js";

/** The parts of a router `Layer` (router 2.x, Express 5) used here. */
interface LayerLike {
  match?: (path: string) => { path: string } | boolean;
  path?: string;
  route?: { _methods?: () => string[]; methods?: Record<string, boolean> };
  handle?: unknown;
}

/** The methods a route answers, as its router reports them. */
function routeMethods(route: NonNullable<LayerLike["route"]>): string[] {
  if (typeof route._methods === "function") return route._methods();
  return Object.keys(route.methods ?? {});
}

const MAX_DEPTH = 16;

function collect(stack: readonly LayerLike[], path: string, out: string[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const layer of stack) {
    if (typeof layer.match !== "function") continue;
    let m: { path: string } | boolean;
    try {
      m = layer.match(path);
    } catch {
      continue; // a malformed escape matches nothing here, as in Express's router
    }
    if (m === false) continue;
    if (layer.route !== undefined) {
      for (const method of routeMethods(layer.route)) out.push(method);
      continue;
    }
    const nested = (layer.handle as { stack?: unknown } | undefined)?.stack;
    if (!Array.isArray(nested)) continue;
    // A mounted router: match the rest of the path below its mount point.
    const mounted = m === true ? (layer.path ?? "") : m.path;
    const rest = path.slice(mounted.length);
    if (rest !== "" && rest.charCodeAt(0) !== 47 /* / */) continue;
    collect(nested as LayerLike[], rest === "" ? "/" : rest, out, depth + 1);
  }
}

/**
 * The methods that some route of `router` (an Express app's `app.router`, or any router) answers
 * for `path`, for `Allow`; empty when no route has the path.
 */
export function allowedMethods(router: unknown, path: string): string[] {
  const stack = (router as { stack?: unknown } | null | undefined)?.stack;
  if (!Array.isArray(stack)) return [];
  const found: string[] = [];
  collect(stack as LayerLike[], path, found, 0);
  return allowList(found);
}
