/**
 * The `errata` command line: dispatches to one module per sub-command (`src/cli/commands/<name>.ts`).
 * CONTRACT §2: every command has `--help`; exit 0 on success, 1 when it found problems,
 * 2 on bad usage or unreadable input with a one-line message on stderr, never a stack trace.
 * @module
 */
import { type CliIO, type Command, processIO, UsageError } from "./io.js";

type Loader = () => Promise<Command>;

/** Sub-commands, loaded lazily so `errata decode` does not pay for the docs generator. */
const commands: Record<string, Loader> = {};

/** Registers a sub-command loader (each command module is listed in ./commands/index.ts). */
export function registerCommand(name: string, load: Loader): void {
  commands[name] = load;
}

function helpText(): string {
  const names = Object.keys(commands).sort();
  return [
    "errata — one error system for HTTP APIs",
    "",
    "Usage: errata <command> [options]",
    "",
    "Commands:",
    ...names.map((n) => `  ${n}`),
    "",
    "Run `errata <command> --help` for a command's options.",
    "",
  ].join("\n");
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  await import("./commands/index.js");
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout(helpText());
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    io.stderr(`errata: unknown command '${name}' (try errata --help)\n`);
    return 2;
  }
  try {
    const cmd = await load();
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout(`${cmd.summary}\n\nUsage: ${cmd.usage}\n`);
      return 0;
    }
    return await cmd.run(rest, io);
  } catch (err) {
    // One line, never a stack (CONTRACT §2).
    const msg = err instanceof Error ? err.message : String(err);
    io.stderr(`errata ${name}: ${msg.split("\n")[0]}\n`);
    return err instanceof UsageError ? 2 : 2;
  }
}
