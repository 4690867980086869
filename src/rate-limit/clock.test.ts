/** The coarse clock: close to Date.now while read, no timer while idle. */
import { describe, expect, it } from "vitest";
import { coarseClock } from "./clock.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("coarseClock", () => {
  it("follows Date.now within a few ticks while it is read, and stops its timer when idle", async () => {
    const clock = coarseClock(1);
    expect(clock.running).toBe(false);
    const before = Date.now();
    const first = clock.now(); // the first read is fresh
    expect(first).toBeGreaterThanOrEqual(before);
    expect(first).toBeLessThanOrEqual(Date.now());
    expect(clock.running).toBe(true);
    for (let i = 0; i < 5; i++) {
      await sleep(10);
      const lag = Date.now() - clock.now();
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThan(100); // one tick, plus slack for a loaded machine
    }
    expect(clock.now()).toBeGreaterThan(first + 30);
    // Two ticks without a reader stop the timer (polled: timers run late on a loaded machine).
    for (let i = 0; i < 100 && clock.running; i++) await sleep(10);
    expect(clock.running).toBe(false);
    const beforeRestart = Date.now();
    expect(clock.now()).toBeGreaterThanOrEqual(beforeRestart); // restarts with a fresh reading
    expect(clock.running).toBe(true);
    clock.stop();
    expect(clock.running).toBe(false);
  });

  it("rejects a resolution under 1 ms", () => {
    expect(() => coarseClock(0)).toThrow(/resolutionMs/);
  });
});
