/**
 * The bounded queue and background writer every error store backend runs behind.
 *
 * Issue 7: "Writing never slows or fails a request: the request path only enqueues; a background
 * writer batches in transactions. The queue is bounded; when the database is slow or down,
 * events spill to the structured log and are retried, so that after recovery nothing is lost."
 *
 * - `enqueue` is a push into a ring buffer (O(1), no I/O, no await, no throw).
 * - The writer takes up to `batchSize` events per transaction, as soon as a batch is full or
 *   `flushIntervalMs` after the first event.
 * - A write that rejects or exceeds `writeTimeoutMs` marks the store down (logged once, on the
 *   transition). While down, queued events move to the spill — one log line each and one JSON
 *   line in the spill file — so a crash loses nothing; events that do not fit in a full queue go
 *   there too. A probe retries with exponential backoff; on success the writer drains the queue
 *   and replays the spill file. Writes are idempotent by token, so a batch that timed out but did
 *   commit is not stored twice.
 * - Events are redacted before they are written, spilled or logged.
 * @module
 */
import type { ErrorEvent } from "../core/event.js";
import { createLogger } from "../observe/log.js";
import { createRedactor, type RedactOptions, type Redactor, redactEvent } from "./redact.js";
import { type ClaimedSpill, readSpillLines, removeSpill, SpillFile } from "./spill.js";
import type {
  BatchReport,
  ErrorStore,
  PruneOptions,
  StoreBackend,
  StoredEvent,
  StoreLogger,
  StoreStats,
} from "./types.js";

/** Retention applied by the store itself: limits plus how often (default hourly). */
export interface RetentionOptions extends PruneOptions {
  readonly intervalMs?: number;
}

/** Tuning and wiring of the queued store. Every field has a default. */
export interface QueueOptions {
  /** Events held in memory for the writer. Default 10 000. */
  readonly maxQueue?: number;
  /** Events per transaction. Default 500. */
  readonly batchSize?: number;
  /** Longest an event waits for a batch to fill (ms). Default 100. */
  readonly flushIntervalMs?: number;
  /** A write slower than this counts as failed and its batch is spilled (ms). Default 5000. */
  readonly writeTimeoutMs?: number;
  /** First retry delay after a failure (ms); doubles up to `retryMaxMs`. Default 250. */
  readonly retryMinMs?: number;
  /** Longest retry delay (ms). Default 10 000. */
  readonly retryMaxMs?: number;
  /** Spill file path, or false for none (events that cannot be written are then dropped). */
  readonly spillPath?: string | false;
  /** Events waiting for the spill beyond the queue before further ones are dropped. Default 100 000. */
  readonly maxSpillBuffer?: number;
  /** Structured logger for outages and spilled events. Default: pino on stdout, asynchronous. */
  readonly logger?: StoreLogger;
  /** Log each spilled event as one line (besides the spill file). Default true. */
  readonly logSpilledEvents?: boolean;
  /** Redaction options or a redactor; defaults redact credentials, cookies and secret fields. */
  readonly redact?: RedactOptions | Redactor;
  /** Periodic retention; none by default. */
  readonly retention?: RetentionOptions;
  /** Look-ups only: `enqueue` drops, nothing is written. */
  readonly readOnly?: boolean;
  /** Flush when the event loop empties (`beforeExit`), so a script's last events are written. Default true. */
  readonly flushBeforeExit?: boolean;
}

/** A fixed-capacity FIFO ring: O(1) push, batch take without shifting. */
class Ring<T> {
  private readonly buf: (T | undefined)[];
  private head = 0;
  private tail = 0;
  size = 0;

  constructor(readonly capacity: number) {
    this.buf = new Array<T | undefined>(capacity).fill(undefined);
  }

  /** Caller checks `size < capacity` first. */
  push(x: T): void {
    this.buf[this.tail] = x;
    this.tail = this.tail + 1 === this.capacity ? 0 : this.tail + 1;
    this.size++;
  }

  take(n: number): T[] {
    const k = Math.min(n, this.size);
    const out = new Array<T>(k);
    for (let i = 0; i < k; i++) {
      out[i] = this.buf[this.head] as T;
      this.buf[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
    }
    this.size -= k;
    return out;
  }

  find(pred: (x: T) => boolean): T | undefined {
    for (let i = 0; i < this.size; i++) {
      const x = this.buf[(this.head + i) % this.capacity] as T;
      if (pred(x)) return x;
    }
    return undefined;
  }
}

interface ReplayCursor {
  readonly file: ClaimedSpill;
  readonly reader: ReturnType<typeof readSpillLines>;
  /** Events of this file committed so far in this pass. */
  done: number;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Wraps a backend in the bounded queue, batching writer, spill and retry. */
export async function createQueuedStore(
  backend: StoreBackend,
  options: QueueOptions = {},
): Promise<ErrorStore> {
  const store = new QueuedStore(backend, options);
  await store.start();
  return store;
}

class QueuedStore implements ErrorStore {
  readonly kind: string;
  private readonly ring: Ring<ErrorEvent>;
  private overflow: ErrorEvent[] = [];
  private inflight: readonly ErrorEvent[] = [];
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly writeTimeoutMs: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly maxOverflow: number;
  private readonly redact: Redactor;
  private readonly spill: SpillFile | null;
  private readonly listeners = new Set<(r: BatchReport) => void>();
  private logger: StoreLogger | undefined;

  private healthy = true;
  private downSince = 0;
  private retryDelay: number;
  private nextProbeAt = 0;
  private active = false;
  private tail: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private retentionTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** False once closed, or when read-only. */
  private accepting: boolean;
  private closing: Promise<void> | null = null;
  private droppedAfterCloseLogged = false;
  private spillErrorLogged = false;
  private badLineLogged = false;

  private claimed: ClaimedSpill[] = [];
  private cursor: ReplayCursor | null = null;

  private written = 0;
  private dropped = 0;
  private spilled = 0;
  private retried = 0;
  private failedWrites = 0;

  private readonly onBeforeExit = (): void => {
    if (this.ring.size === 0 && this.overflow.length === 0) return;
    // Healthy: write now. Down: park in the spill file without forcing a probe, so a dead
    // database cannot keep the process in a loop of exit attempts. Down without a spill: give up.
    if (this.healthy) void this.kick(true);
    else if (this.spill) void this.kick(false);
  };

  constructor(
    private readonly backend: StoreBackend,
    private readonly options: QueueOptions,
  ) {
    this.kind = backend.kind;
    this.accepting = options.readOnly !== true;
    const maxQueue = Math.max(1, Math.floor(options.maxQueue ?? 10_000));
    this.ring = new Ring(maxQueue);
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 500));
    this.flushIntervalMs = Math.max(0, options.flushIntervalMs ?? 100);
    this.writeTimeoutMs = Math.max(1, options.writeTimeoutMs ?? 5000);
    this.retryMinMs = Math.max(1, options.retryMinMs ?? 250);
    this.retryMaxMs = Math.max(this.retryMinMs, options.retryMaxMs ?? 10_000);
    this.retryDelay = this.retryMinMs;
    this.maxOverflow = Math.max(0, Math.floor(options.maxSpillBuffer ?? 100_000));
    this.logger = options.logger;
    const r = options.redact;
    this.redact = typeof r === "function" ? r : r ? createRedactor(r) : redactEvent;
    this.spill =
      options.spillPath && !options.readOnly
        ? new SpillFile(options.spillPath, {
            maxBufferedLines: this.maxOverflow,
            onWriteError: (err, lines) => {
              this.dropped += lines;
              this.spilled = Math.max(0, this.spilled - lines);
              if (!this.spillErrorLogged) {
                this.spillErrorLogged = true;
                this.log().error({ err: err.message, lost: lines }, "error store spill file is not writable");
              }
            },
          })
        : null;
  }

  /** Finds spill files left by an earlier run and schedules their replay; starts retention. */
  async start(): Promise<void> {
    if (this.options.readOnly) return;
    if (this.spill) {
      this.claimed = await this.spill.claim().catch(() => []);
      if (this.claimed.length > 0) this.schedule(true);
    }
    const retention = this.options.retention;
    if (retention && (retention.maxAgeMs !== undefined || retention.maxCount !== undefined)) {
      this.retentionTimer = setInterval(() => {
        if (!this.healthy) return;
        this.prune(retention).catch((err: unknown) =>
          this.log().warn({ err: errorText(err) }, "error store retention failed"),
        );
      }, retention.intervalMs ?? 3_600_000);
      this.retentionTimer.unref();
    }
    if (this.options.flushBeforeExit !== false) process.on("beforeExit", this.onBeforeExit);
  }

  private log(): StoreLogger {
    // Created on first use: a store that never spills opens no log destination.
    this.logger ??= createLogger({ name: "errata-store" });
    return this.logger;
  }

  enqueue(event: ErrorEvent): void {
    // The request path: a few comparisons and one store into the ring. No I/O, no allocation.
    if (!this.accepting || typeof event !== "object" || event === null) {
      this.refuse();
      return;
    }
    const ring = this.ring;
    if (ring.size < ring.capacity) ring.push(event);
    else if (this.overflow.length < this.maxOverflow && this.spill) this.overflow.push(event);
    else {
      this.dropped++;
      return;
    }
    // Arm the writer only when it is idle and not yet armed (or a batch just filled).
    if (!this.active && this.immediate === null && (this.timer === null || ring.size >= this.batchSize)) {
      this.schedule(false);
    }
  }

  private refuse(): void {
    this.dropped++;
    if (this.closed && !this.droppedAfterCloseLogged) {
      this.droppedAfterCloseLogged = true;
      queueMicrotask(() => this.log().warn({}, "error event enqueued after the store was closed; dropped"));
    }
  }

  /** Arms the writer: at once when a batch is full (or there is spill work), else after the interval. */
  private schedule(now: boolean): void {
    if (this.immediate) return;
    if (now || this.ring.size >= this.batchSize || this.overflow.length > 0) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
      this.immediate = setImmediate(() => {
        this.immediate = null;
        void this.kick(false);
      });
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.kick(false);
      }, this.flushIntervalMs);
      this.timer.unref();
    }
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }

  /** Runs the writer after any run in progress; `force` ignores the retry backoff once. */
  private kick(force: boolean): Promise<void> {
    const run = this.tail.then(() => this.pump(force));
    this.tail = run.catch((err: unknown) => {
      this.log().error({ err: errorText(err) }, "error store writer failed");
    });
    return this.tail;
  }

  private async pump(force: boolean): Promise<void> {
    this.active = true;
    try {
      for (;;) {
        if (this.overflow.length > 0) {
          const o = this.overflow;
          this.overflow = [];
          this.toSpill(o, false);
          continue;
        }
        if (!this.healthy && !force && Date.now() < this.nextProbeAt) {
          // Down: park queued events in the spill file (durable) and wait for the probe. Without
          // a spill file they wait in the bounded queue.
          if (this.spill) {
            if (this.retryBatch) this.toSpill(this.retryBatch, true);
            this.retryBatch = null;
            if (this.ring.size > 0) this.toSpill(this.ring.take(this.ring.size), false);
          }
          this.armRetry();
          return;
        }
        let replay = false;
        let batch = this.retryBatch ?? this.takeLive();
        this.retryBatch = null;
        if (batch.length === 0) {
          // Nothing live: replay the spill (after recovery, or as the probe while down).
          batch = await this.nextReplayBatch();
          replay = true;
          if (batch.length === 0) return;
        }
        this.inflight = batch;
        const ok = await this.write(batch, replay);
        this.inflight = [];
        force = false;
        if (!ok) {
          // A failed replay batch stays in its file (re-read from the start next time: idempotent);
          // a live batch moves to the spill, or waits for the next probe when there is none.
          if (replay) this.resetCursor();
          else if (this.spill) this.toSpill(batch, true);
          else this.retryBatch = batch;
          continue;
        }
        if (replay && this.cursor) {
          this.cursor.done += batch.length;
          this.retried += batch.length;
        }
      }
    } finally {
      this.active = false;
      // Events that arrived during the last await still need a writer (unless a probe is armed).
      if (!this.closed && (this.ring.size > 0 || this.overflow.length > 0) && this.retryTimer === null) {
        this.schedule(false);
      }
    }
  }

  /** Up to one batch from the queue, redacted (an event that cannot be redacted is dropped). */
  private takeLive(): ErrorEvent[] {
    const raw = this.ring.take(this.batchSize);
    const out: ErrorEvent[] = [];
    for (const e of raw) {
      const r = this.safeRedact(e);
      if (r) out.push(r);
      else this.dropped++;
    }
    return out;
  }

  private retryTimer: NodeJS.Timeout | null = null;
  /** Without a spill file: the batch that failed, retried first. */
  private retryBatch: ErrorEvent[] | null = null;

  private armRetry(): void {
    if (this.retryTimer || this.closed) return;
    const delay = Math.max(0, this.nextProbeAt - Date.now());
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.kick(false);
    }, delay);
    this.retryTimer.unref();
  }

  /** One transaction with a deadline; reports to listeners; marks the store up or down. */
  private async write(batch: readonly ErrorEvent[], replay: boolean): Promise<boolean> {
    const started = performance.now();
    let timeout: NodeJS.Timeout | undefined;
    let ok = false;
    try {
      const p = this.backend.writeBatch(batch);
      // A write that loses the race may still reject later: never unhandled.
      p.catch(() => {});
      await Promise.race([
        p,
        new Promise<never>((_, reject) => {
          timeout = setTimeout(
            () => reject(new Error(`write did not finish within ${this.writeTimeoutMs} ms`)),
            this.writeTimeoutMs,
          );
        }),
      ]);
      ok = true;
      this.written += batch.length;
      this.markUp();
    } catch (err) {
      this.failedWrites++;
      this.markDown(err);
    } finally {
      if (timeout) clearTimeout(timeout);
    }
    const report: BatchReport = {
      size: batch.length,
      seconds: (performance.now() - started) / 1000,
      ok,
      replay,
    };
    for (const l of this.listeners) {
      try {
        l(report);
      } catch {
        // A listener's failure is not the store's.
      }
    }
    return ok;
  }

  private markDown(err: unknown): void {
    this.nextProbeAt = Date.now() + this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.retryMaxMs);
    if (!this.healthy) return;
    this.healthy = false;
    this.downSince = Date.now();
    // Logged once per outage, not per event or per retry.
    this.log().error(
      { store: this.kind, err: errorText(err), spillPath: this.spill?.path ?? null },
      "error store unavailable; spilling events until it recovers",
    );
  }

  private markUp(): void {
    this.retryDelay = this.retryMinMs;
    if (this.healthy) return;
    this.healthy = true;
    this.log().info(
      { store: this.kind, downMs: Date.now() - this.downSince, spillBacklog: this.spillBacklog() },
      "error store recovered; replaying spilled events",
    );
  }

  /** Redacts, tolerating odd shapes: on failure keep the event without its request record. */
  private safeRedact(e: ErrorEvent): ErrorEvent | null {
    try {
      return this.redact(e);
    } catch {
      try {
        const { request: _request, ...rest } = e;
        return this.redact(rest);
      } catch {
        return null;
      }
    }
  }

  /** Moves events to the spill: a log line each (optional) and a line in the spill file. */
  private toSpill(events: readonly ErrorEvent[], redacted: boolean): void {
    const logEach = this.options.logSpilledEvents !== false;
    for (const raw of events) {
      const e = redacted ? raw : this.safeRedact(raw);
      if (!e) {
        this.dropped++;
        continue;
      }
      if (logEach) this.log().warn({ event: e }, "error event spilled");
      let line: string;
      try {
        line = JSON.stringify(e);
      } catch {
        this.dropped++;
        continue;
      }
      if (this.spill?.append(line)) this.spilled++;
      else this.dropped++;
    }
  }

  private resetCursor(): void {
    if (this.cursor) {
      this.cursor.reader.close();
      this.cursor = null;
    }
  }

  /** The next batch from the spill (claiming the live file when needed), or none. */
  private async nextReplayBatch(): Promise<ErrorEvent[]> {
    if (!this.spill) return [];
    for (;;) {
      if (!this.cursor) {
        if (this.claimed.length === 0) {
          if (this.spill.pendingLines === 0) return [];
          this.claimed = await this.spill.claim().catch(() => []);
          if (this.claimed.length === 0) return [];
        }
        const file = this.claimed[0] as ClaimedSpill;
        this.cursor = { file, reader: readSpillLines(file.path), done: 0 };
      }
      const batch: ErrorEvent[] = [];
      try {
        while (batch.length < this.batchSize) {
          const next = await this.cursor.reader.lines.next();
          if (next.done) break;
          const line = next.value.trim();
          if (!line) continue;
          try {
            batch.push(JSON.parse(line) as ErrorEvent);
          } catch {
            // A torn last line (crash mid-append) cannot be recovered.
            this.dropped++;
            if (!this.badLineLogged) {
              this.badLineLogged = true;
              this.log().warn(
                { file: this.cursor.file.path },
                "unreadable line in error store spill file skipped",
              );
            }
          }
        }
      } catch (err) {
        this.log().warn(
          { err: errorText(err), file: this.cursor.file.path },
          "error store spill file unreadable",
        );
        this.resetCursor();
        this.claimed.shift();
        continue;
      }
      if (batch.length > 0) return batch;
      // End of file: every batch of it is committed.
      const done = this.cursor.file.path;
      this.resetCursor();
      this.claimed.shift();
      await removeSpill(done);
    }
  }

  private spillBacklog(): number {
    let n = this.spill?.pendingLines ?? 0;
    for (const f of this.claimed) n += f.lines;
    if (this.cursor) n -= Math.min(this.cursor.done, this.cursor.file.lines);
    return Math.max(0, n);
  }

  async lookup(token: string): Promise<StoredEvent | null> {
    const match = (e: ErrorEvent): boolean => e.token === token;
    const queued =
      this.ring.find(match) ??
      this.inflight.find(match) ??
      this.retryBatch?.find(match) ??
      this.overflow.find(match);
    if (queued) return this.safeRedact(queued);
    return this.backend.lookup(token);
  }

  count(): Promise<number> {
    return this.backend.count();
  }

  prune(options: PruneOptions): Promise<number> {
    return this.backend.prune(options);
  }

  async flush(): Promise<void> {
    this.clearTimers();
    await this.kick(true);
    await this.spill?.settle();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      this.accepting = false;
      process.off("beforeExit", this.onBeforeExit);
      if (this.retentionTimer) clearInterval(this.retentionTimer);
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.clearTimers();
      await this.kick(true);
      this.resetCursor();
      await this.spill?.settle();
      // Without a spill file, what the database did not take is lost: count it and say so.
      const lost = this.ring.size + (this.retryBatch?.length ?? 0);
      if (lost > 0) {
        this.dropped += lost;
        this.ring.take(this.ring.size);
        this.retryBatch = null;
        this.log().error({ store: this.kind, lost }, "error store closed while unavailable; events lost");
      }
      await this.backend.close();
    })();
    return this.closing;
  }

  stats(): StoreStats {
    return {
      queueDepth:
        this.ring.size + this.overflow.length + this.inflight.length + (this.retryBatch?.length ?? 0),
      written: this.written,
      dropped: this.dropped,
      spilled: this.spilled,
      retried: this.retried,
      spillBacklog: this.spillBacklog(),
      failedWrites: this.failedWrites,
      healthy: this.healthy,
    };
  }

  onBatch(listener: (report: BatchReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
