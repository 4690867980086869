/**
 * Describing an unexpected throwable for the log and the store — and only there.
 * Robust to anything a handler can throw: strings, null, objects with throwing getters,
 * proxies, circular causes.
 * @module
 */
import type { ErrorCause } from "./event.js";

const MAX_TEXT = 8192;

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

function clip(s: string): string {
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s;
}

/**
 * A property of a thrown value, or undefined when reading it throws (a getter that throws, a
 * revoked Proxy). Adapters classify foreign errors by such properties (`type`, `code`); a hostile
 * throwable must not turn error handling itself into an unhandled exception.
 */
export function thrownProperty(thrown: unknown, key: string): unknown {
  if (thrown === null || (typeof thrown !== "object" && typeof thrown !== "function")) return undefined;
  try {
    return (thrown as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** Class, message and stack of a throwable, following `cause` chains (bounded, cycle-safe) into the stack text. */
export function describeCause(thrown: unknown): ErrorCause {
  if (thrown === null) return { class: "null", message: "null", stack: null };
  if (typeof thrown !== "object" && typeof thrown !== "function") {
    return { class: typeof thrown, message: clip(safe(() => String(thrown), "")), stack: null };
  }
  const cls = safe(() => {
    const c = (thrown as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof c === "string" && c ? c : Object.prototype.toString.call(thrown).slice(8, -1);
  }, "Object");
  const message = safe(() => {
    const m = (thrown as { message?: unknown }).message;
    return typeof m === "string" ? m : safe(() => JSON.stringify(thrown) ?? "", "");
  }, "");
  let stack = safe(() => {
    const s = (thrown as { stack?: unknown }).stack;
    return typeof s === "string" ? s : null;
  }, null);
  // Append the cause chain, bounded and cycle-safe (ES2022 `cause`).
  const seen = new Set<unknown>([thrown]);
  let c = safe(() => (thrown as { cause?: unknown }).cause, undefined);
  for (let depth = 0; c !== undefined && depth < 8 && !seen.has(c); depth++) {
    seen.add(c);
    const d: unknown = c;
    const line = safe(() => {
      if (d && typeof d === "object") {
        const s = (d as { stack?: unknown }).stack;
        if (typeof s === "string") return s;
        const m = (d as { message?: unknown }).message;
        return String(typeof m === "string" ? m : Object.prototype.toString.call(d));
      }
      return String(d);
    }, "?");
    stack = `${stack ?? ""}\nCaused by: ${line}`;
    c = safe(() => (d && typeof d === "object" ? (d as { cause?: unknown }).cause : undefined), undefined);
  }
  return { class: cls, message: clip(message), stack: stack === null ? null : clip(stack) };
}
