/**
 * `errata decode [FILE]` (CONTRACT §2, §6): reads one raw HTTP response — status line, headers,
 * blank line, body; from FILE, or standard input when FILE is absent or `-` — from errata or any
 * other API, and prints the normalised error as JSON. Exit 0 whenever it printed a decoding (the
 * response being an error is not a failure), 2 when the input is unreadable (no such file, no
 * status line) with one line on stderr naming the input and the reason.
 * @module
 */
import { open } from "node:fs/promises";
import { resolve } from "node:path";
import { decodeError } from "../../client/decode/index.js";
import { parseRawResponse, RawResponseError } from "../../client/decode/raw-response.js";
import type { CliIO, Command } from "../io.js";

/** The most of a file read: 1 MiB of body after decoding, plus room for headers and chunk framing. */
const MAX_INPUT_BYTES = 16 * 1024 * 1024;

const USAGE = "errata decode [FILE|-]";

function reasonOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "is a directory, not a file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default: {
      const msg = err instanceof Error ? err.message : String(err);
      return msg.split("\n", 1)[0] ?? "cannot be read";
    }
  }
}

async function readFileBounded(path: string): Promise<Uint8Array> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.allocUnsafe(MAX_INPUT_BYTES);
    let total = 0;
    while (total < MAX_INPUT_BYTES) {
      const { bytesRead } = await fh.read(buf, total, MAX_INPUT_BYTES - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return buf.subarray(0, total);
  } finally {
    await fh.close();
  }
}

/** The `decode` sub-command. */
const decode: Command = {
  name: "decode",
  summary:
    "Decode one raw HTTP error response (from errata or any other API) into errata's normalised error JSON.",
  usage: `${USAGE}\n\nReads the response (status line, headers, blank line, body) from FILE, or from standard input\nwhen FILE is absent or "-", and prints {status, code, name, message, detail, requestId,\nretryAfterSeconds, fields, format, retryable} as JSON. Exit 0 when it printed a decoding, 2 when\nthe input cannot be read.`,
  async run(args: string[], io: CliIO): Promise<number> {
    const positional: string[] = [];
    for (const a of args) {
      if (a === "--help" || a === "-h") {
        io.stdout(`${decode.summary}\n\nUsage: ${decode.usage}\n`);
        return 0;
      }
      if (a === "--json") continue; // the output is always JSON
      if (a.startsWith("-") && a !== "-") {
        io.stderr(`errata decode: unknown option '${a}' (usage: ${USAGE})\n`);
        return 2;
      }
      positional.push(a);
    }
    if (positional.length > 1) {
      io.stderr(`errata decode: expected at most one FILE, got ${positional.length} (usage: ${USAGE})\n`);
      return 2;
    }
    const file = positional[0];
    const label = file === undefined || file === "-" ? "<stdin>" : file;
    let bytes: Uint8Array;
    try {
      bytes =
        file === undefined || file === "-"
          ? await io.readStdin()
          : await readFileBounded(resolve(io.cwd, file));
    } catch (err) {
      io.stderr(`errata decode: ${label}: ${reasonOf(err)}\n`);
      return 2;
    }
    let raw: ReturnType<typeof parseRawResponse>;
    try {
      raw = parseRawResponse(bytes);
    } catch (err) {
      const reason = err instanceof RawResponseError ? err.message : reasonOf(err);
      io.stderr(`errata decode: ${label}: ${reason}\n`);
      return 2;
    }
    const decoded = decodeError({
      status: raw.status,
      statusText: raw.statusText,
      headers: raw.headers,
      body: raw.body,
    });
    io.stdout(`${JSON.stringify(decoded, null, 2)}\n`);
    return 0;
  },
};

export default decode;
