/**
 * What a sub-command of the `errata` command sees: its arguments and the three streams.
 * Kept abstract so tests run commands in-process and read their output.
 * @module
 */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input (used when a command's FILE argument is absent or `-`). */
  readonly readStdin: () => Promise<Buffer>;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A sub-command: returns its exit code (CONTRACT §2: 0 ok, 1 problems found, 2 bad usage or unreadable input). */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** Thrown by commands for bad usage or unreadable input: printed as one line on stderr, exit 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    cwd: process.cwd(),
    env: process.env,
  };
}
