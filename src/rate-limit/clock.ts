/**
 * A coarse clock for the in-memory store's hot path. `Date.now()` is a system call's worth of work
 * on virtual machines (≈ 45 ns on the 2-core CI VMs, more than a `Map` get + set), while a rate-limit
 * decision is otherwise ≈ 30–40 ns. Like nginx's cached time (updated once per event-loop iteration),
 * this clock reads `Date.now()` once per tick of one shared, unref'd interval and hands out the cached
 * value in between. It stops its interval after one tick without readers and restarts on the next read,
 * so an idle process runs no timer.
 *
 * Trade-off: a reading can lag real time by one tick plus the event loop's current turn (typically
 * 1–2 ms; more while the loop is blocked). A sliding window may then be short by that lag, so use it
 * for windows of seconds or more; keep the precise default for millisecond windows.
 * @module
 */

/** A cached wall clock; pass `clock.now` as the memory store's `now`. */
export interface CoarseClock {
  /** Epoch milliseconds, at most about one tick old while the event loop is free. */
  readonly now: () => number;
  /** Whether the refresh interval is currently running (it stops when nobody reads the clock). */
  readonly running: boolean;
  /** Stops the interval now (the next `now()` starts it again). */
  stop(): void;
}

/** Creates a coarse clock refreshed every `resolutionMs` (default 1 ms) while it is being read. */
export function coarseClock(resolutionMs = 1): CoarseClock {
  if (!Number.isFinite(resolutionMs) || resolutionMs < 1) {
    throw new TypeError(`resolutionMs must be ≥ 1, got ${String(resolutionMs)}`);
  }
  let cached = 0;
  let read = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  const stop = (): void => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const tick = (): void => {
    if (!read) {
      stop();
      return;
    }
    read = false;
    cached = Date.now();
  };
  const now = (): number => {
    read = true;
    if (timer === undefined) {
      cached = Date.now();
      timer = setInterval(tick, resolutionMs);
      timer.unref();
    }
    return cached;
  };
  return {
    now,
    get running() {
      return timer !== undefined;
    },
    stop,
  };
}
