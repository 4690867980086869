/**
 * The error store's public shape: where error events go so support can find them by request token
 * (seed 001: "the request token is recorded in the internal API logs … so support personnel can
 * check logs and find the exact operation and error").
 *
 * The request path only calls {@link ErrorStore.enqueue}: synchronous, O(1), never throws, never
 * waits. A background writer (./queue.ts) batches events into one transaction per batch; when
 * the database is slow or down, events spill to the structured log and a spill file and are
 * replayed after recovery.
 * @module
 */
import type { ErrorEvent } from "../core/event.js";

/** What the store returns: the event as it was stored (after redaction). */
export type StoredEvent = ErrorEvent;

/** Retention limits: drop events older than `maxAgeMs`, keep at most the newest `maxCount`. */
export interface PruneOptions {
  readonly maxAgeMs?: number;
  readonly maxCount?: number;
}

/** Counters for operations and metrics (`errata_store_*`). All counts since the store opened. */
export interface StoreStats {
  /** Events waiting in memory for the writer. */
  readonly queueDepth: number;
  /** Events in committed batches (live and replayed). */
  readonly written: number;
  /** Events lost: queue and spill both full, spill file unwritable, or enqueued after close. */
  readonly dropped: number;
  /** Events written to the spill (log and file) because the database was slow, down or full. */
  readonly spilled: number;
  /** Spilled events replayed into the database after recovery. */
  readonly retried: number;
  /** Spilled events not yet replayed (including leftovers found at start). */
  readonly spillBacklog: number;
  /** Batches whose write failed or timed out. */
  readonly failedWrites: number;
  /** False between a failed write and the next successful one. */
  readonly healthy: boolean;
}

/** One batch the writer tried to commit, reported to {@link ErrorStore.onBatch} listeners. */
export interface BatchReport {
  readonly size: number;
  readonly seconds: number;
  readonly ok: boolean;
  /** True when the batch came from the spill file. */
  readonly replay: boolean;
}

/** The error store: one interface over SQLite, PostgreSQL and memory. */
export interface ErrorStore {
  /** Which backend: `sqlite`, `postgres` or `memory`. */
  readonly kind: string;
  /** Queues one event for the background writer. Synchronous and O(1); never throws. */
  enqueue(event: ErrorEvent): void;
  /** The stored event for a request token (also found while still queued), or null. */
  lookup(token: string): Promise<StoredEvent | null>;
  /** Number of events in the database. */
  count(): Promise<number>;
  /**
   * Writes everything queued so far; when the database is down, moves it to the spill file
   * instead; when it is up, also replays the spill. Never rejects.
   */
  flush(): Promise<void>;
  /** Flushes, stops the writer and closes the database. Idempotent. */
  close(): Promise<void>;
  /** Deletes events beyond the retention limits; resolves to the number deleted. */
  prune(options: PruneOptions): Promise<number>;
  stats(): StoreStats;
  /** Subscribes to batch reports (write latency for metrics); returns the unsubscribe function. */
  onBatch(listener: (report: BatchReport) => void): () => void;
}

/** Minimal structured logger the store writes to: a pino logger fits. */
export interface StoreLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * What a database must do for the queued store. Internal: the store calls one method at a time
 * per batch; each `writeBatch` is one transaction and idempotent (primary key on token,
 * `ON CONFLICT DO NOTHING` / `INSERT OR IGNORE`), so a replay after an unacknowledged commit
 * stores nothing twice.
 */
export interface StoreBackend {
  readonly kind: string;
  /** Commits the events in one transaction; resolves to the number newly inserted. */
  writeBatch(events: readonly ErrorEvent[]): Promise<number>;
  lookup(token: string): Promise<StoredEvent | null>;
  count(): Promise<number>;
  prune(options: PruneOptions): Promise<number>;
  close(): Promise<void>;
}
