/**
 * The spill file: where events go, one JSON line each, while the database is slow or down, so
 * that after recovery nothing is lost (the writer replays it; writes are idempotent by token).
 *
 * Appends are buffered and written asynchronously in order, never on the request path. To
 * replay, the writer *claims* the file: pending appends are finished, the file is renamed to
 * `<name>.<time>-<pid>-<n>.replay` (atomic on one file system) and new spills start a fresh
 * file; a claimed file is deleted only after all its events are committed, so a crash during
 * replay leaves it for the next start.
 *
 * One process per spill file: processes sharing a data directory should set their own path.
 * @module
 */
import { createReadStream } from "node:fs";
import { appendFile, mkdir, readdir, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { createInterface } from "node:readline";

/** Options for a spill file. */
export interface SpillFileOptions {
  /** Lines waiting to be written before further appends are refused. Default 100 000. */
  readonly maxBufferedLines?: number;
  /** Called when lines could not be written (disk full, permissions): they are lost. */
  readonly onWriteError?: (err: Error, lines: number) => void;
}

/** A claimed spill file and how many lines it holds (known or counted). */
export interface ClaimedSpill {
  readonly path: string;
  readonly lines: number;
}

/** An append-only JSON-lines spill file with claim-and-replay. */
export class SpillFile {
  private buffer: string[] = [];
  private chain: Promise<void> = Promise.resolve();
  private draining = false;
  private claims = 0;
  private readonly maxBuffered: number;
  /** Lines appended (and not lost) since the last claim. */
  private unclaimed = 0;

  constructor(
    readonly path: string,
    private readonly options: SpillFileOptions = {},
  ) {
    this.maxBuffered = options.maxBufferedLines ?? 100_000;
  }

  /** Lines written or waiting to be written to the live file since the last claim. */
  get pendingLines(): number {
    return this.unclaimed;
  }

  /** Queues one line (no newline) for appending. False when the buffer is full. */
  append(line: string): boolean {
    if (this.buffer.length >= this.maxBuffered) return false;
    this.buffer.push(line);
    this.unclaimed++;
    if (!this.draining) {
      this.draining = true;
      this.enqueueOp(() => this.drain());
    }
    return true;
  }

  private enqueueOp(op: () => Promise<void>): Promise<void> {
    const next = this.chain.then(op, op);
    this.chain = next.catch(() => {});
    return next;
  }

  private async drain(): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true });
    } catch {
      // appendFile reports the real problem below.
    }
    while (this.buffer.length > 0) {
      const lines = this.buffer;
      this.buffer = [];
      try {
        await appendFile(this.path, `${lines.join("\n")}\n`, { encoding: "utf8", mode: 0o600 });
      } catch (err) {
        this.unclaimed = Math.max(0, this.unclaimed - lines.length);
        this.options.onWriteError?.(err instanceof Error ? err : new Error(String(err)), lines.length);
      }
    }
    this.draining = false;
  }

  /** Resolves once every line appended so far is on disk (or reported lost). */
  settle(): Promise<void> {
    return this.enqueueOp(async () => {
      if (this.buffer.length > 0) {
        this.draining = true;
        await this.drain();
      }
    });
  }

  /**
   * Renames the live file for replay (when it has content) and returns every claimed file in
   * its directory, oldest first: this one and any left by an earlier run.
   */
  claim(): Promise<ClaimedSpill[]> {
    return new Promise((resolve, reject) => {
      this.enqueueOp(async () => {
        try {
          if (this.buffer.length > 0) {
            this.draining = true;
            await this.drain();
          }
          let fresh: string | null = null;
          const size = await stat(this.path).then(
            (s) => s.size,
            () => 0,
          );
          if (size > 0) {
            fresh = `${this.path}.${Date.now()}-${process.pid}-${++this.claims}.replay`;
            await rename(this.path, fresh);
          }
          this.unclaimed = 0;
          const out: ClaimedSpill[] = [];
          for (const p of await this.leftovers()) {
            // Counted, not remembered: another run may have written to the same file.
            out.push({ path: p, lines: await countLines(p) });
          }
          resolve(out);
        } catch (err) {
          reject(err);
        }
      });
    });
  }

  /** Claimed files in the directory (from this or an earlier process), oldest first. */
  async leftovers(): Promise<string[]> {
    const dir = dirname(this.path);
    const prefix = `${basename(this.path)}.`;
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return [];
    }
    return names
      .filter((n) => n.startsWith(prefix) && n.endsWith(".replay"))
      .sort(compareClaimNames)
      .map((n) => join(dir, n));
  }
}

// `<name>.<time>-<pid>-<n>.replay`: order by time, then claim number.
function compareClaimNames(a: string, b: string): number {
  const key = (n: string): [number, number] => {
    const m = /\.(\d+)-\d+-(\d+)\.replay$/.exec(n);
    return m ? [Number(m[1]), Number(m[2])] : [0, 0];
  };
  const [ta, na] = key(a);
  const [tb, nb] = key(b);
  return ta - tb || na - nb || (a < b ? -1 : a > b ? 1 : 0);
}

/** Lines of a file (a last line without newline counts). */
export async function countLines(path: string): Promise<number> {
  let n = 0;
  let last = 10;
  try {
    for await (const chunk of createReadStream(path)) {
      const buf = chunk as Buffer;
      for (let i = 0; i < buf.length; i++) if (buf[i] === 10) n++;
      if (buf.length > 0) last = buf[buf.length - 1] ?? 10;
    }
  } catch {
    return n;
  }
  return last === 10 ? n : n + 1;
}

/** Reads a claimed file's lines in order; `close()` stops early. */
export function readSpillLines(path: string): { lines: AsyncIterator<string>; close(): void } {
  const stream = createReadStream(path, { encoding: "utf8" });
  const rl = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  return {
    lines: rl[Symbol.asyncIterator](),
    close: () => {
      rl.close();
      stream.destroy();
    },
  };
}

/** Deletes a fully replayed file. */
export async function removeSpill(path: string): Promise<void> {
  await unlink(path).catch(() => {});
}
