/**
 * Flush on shutdown: on SIGTERM/SIGINT, close (and so flush) the hooked stores before the process
 * ends. Once they are closed the signal is raised again, so the process ends as it would have
 * without errata — unless the application has its own handler for that signal, which then
 * decides when to exit.
 * @module
 */
import type { ErrorStore } from "./types.js";

/** Options of {@link flushOnSignals}. */
export interface FlushOnSignalsOptions {
  /** Signals to hook. Default SIGTERM and SIGINT. */
  readonly signals?: readonly NodeJS.Signals[];
  /** Longest wait for the stores to close before the signal is raised again (ms). Default 10 000. */
  readonly timeoutMs?: number;
}

const stores = new Set<ErrorStore>();
const installed = new Map<NodeJS.Signals, (signal: NodeJS.Signals) => void>();
let timeoutMs = 10_000;

function uninstall(): void {
  for (const [sig, handler] of installed) process.off(sig, handler);
  installed.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  uninstall();
  const closing = [...stores].map((s) => s.close());
  stores.clear();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  const reraise = (): void => {
    if (timer) clearTimeout(timer);
    // Nobody else handles it: end the process the default way (exit status 128 + signal).
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  void Promise.race([Promise.allSettled(closing), deadline]).then(reraise, reraise);
}

/**
 * Closes `store` (flushing its queue) when the process receives one of the signals. Returns a
 * function that unhooks this store.
 */
export function flushOnSignals(store: ErrorStore, options: FlushOnSignalsOptions = {}): () => void {
  stores.add(store);
  if (options.timeoutMs !== undefined) timeoutMs = options.timeoutMs;
  for (const sig of options.signals ?? (["SIGTERM", "SIGINT"] as const)) {
    if (installed.has(sig)) continue;
    const handler = (s: NodeJS.Signals): void => onSignal(s);
    installed.set(sig, handler);
    process.on(sig, handler);
  }
  return () => {
    stores.delete(store);
    if (stores.size === 0) uninstall();
  };
}
