/** `errata decode` run in-process with a fake CliIO: output, exit codes, input forms. */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../io.js";
import decode from "./decode.js";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let dir = "";

async function run(args: string[], stdin: string | Uint8Array = ""): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => Buffer.from(stdin),
    cwd: dir,
    env: {},
  };
  const code = await decode.run(args, io);
  return { code, stdout, stderr };
}

const crlf = (lines: string[]) => lines.join("\r\n");

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "errata-decode-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("errata decode", () => {
  it("prints the normalised error of a raw response file as pretty JSON, exit 0", async () => {
    const raw = crlf([
      "HTTP/1.1 404 Not Found",
      "Content-Type: application/json",
      "X-Request-Id: AbCdEfGh12345678",
      "",
      '{"errors":[{"errorCode":3001,"message":"entity not found"}]}',
    ]);
    await writeFile(join(dir, "404.http"), raw);
    const r = await run(["404.http"]);
    expect(r).toEqual({
      code: 0,
      stderr: "",
      stdout: `${JSON.stringify(
        {
          status: 404,
          code: "3001",
          name: null,
          message: "entity not found",
          detail: null,
          requestId: "AbCdEfGh12345678",
          retryAfterSeconds: null,
          fields: [],
          format: "entity-api",
          retryable: false,
        },
        null,
        2,
      )}\n`,
    });
  });

  it("reads standard input when FILE is absent or '-', LF line endings too", async () => {
    const raw = [
      "HTTP/1.1 200 OK",
      "Content-Type: application/json",
      "Retry-After: 42",
      "",
      '{"stat":"error","code":510,"error":"api_limit_error","error_description":"limit","request_token":"Tok3nTok3nTok3n1"}',
    ].join("\n");
    for (const args of [[], ["-"]]) {
      const r = await run(args, raw);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({
        status: 200,
        code: "510",
        name: "api_limit_error",
        requestId: "Tok3nTok3nTok3n1",
        retryAfterSeconds: 42,
        format: "identity-cloud",
        retryable: true,
      });
    }
  });

  it("de-chunks Transfer-Encoding: chunked and undoes gzip", async () => {
    const body = '{"type":"about:blank","title":"Service Unavailable","status":503}';
    const a = body.slice(0, 20);
    const b = body.slice(20);
    const chunked = crlf([
      "HTTP/1.1 503 Service Unavailable",
      "Content-Type: application/problem+json",
      "Transfer-Encoding: chunked",
      "Retry-After: 120",
      "",
      a.length.toString(16),
      a,
      `${b.length.toString(16)};ext=1`,
      b,
      "0",
      "Trailer-Field: x",
      "",
      "",
    ]);
    let r = await run([], chunked);
    expect(JSON.parse(r.stdout)).toMatchObject({
      format: "problem+json",
      message: "Service Unavailable",
      retryAfterSeconds: 120,
      retryable: true,
    });

    const gz = gzipSync(Buffer.from('{"error":"invalid_grant","error_description":"expired code"}'));
    const head = Buffer.from(
      crlf(["HTTP/1.1 400 Bad Request", "Content-Type: application/json", "Content-Encoding: gzip", "", ""]),
    );
    r = await run([], Buffer.concat([head, gz]));
    expect(JSON.parse(r.stdout)).toMatchObject({
      format: "oauth2",
      code: "invalid_grant",
      message: "expired code",
    });
  });

  it("takes the final response of curl -i output (100 Continue, proxy CONNECT) and HTTP/2 status lines", async () => {
    const raw = crlf([
      "HTTP/1.1 100 Continue",
      "",
      "HTTP/1.1 200 Connection established",
      "",
      "HTTP/2 401 ",
      'www-authenticate: Bearer realm="api", error="invalid_token", error_description="The access token expired"',
      "content-length: 0",
      "",
      "",
    ]);
    const r = await run([], raw);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: 401,
      format: "bearer-challenge",
      code: "invalid_token",
      message: "The access token expired",
    });
  });

  it("a non-error or unrecognised response still prints a decoding (exit 0)", async () => {
    const r = await run(
      [],
      crlf([
        "HTTP/1.1 502 Bad Gateway",
        "Content-Type: text/html",
        "",
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
      ]),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      format: "unknown",
      message: "502 Bad Gateway",
      retryable: true,
    });
    const empty = await run([], "HTTP/1.1 503 Service Unavailable\r\n\r\n");
    expect(JSON.parse(empty.stdout)).toMatchObject({
      status: 503,
      format: "unknown",
      message: "Service Unavailable",
    });
  });

  it("exit 2 with one line naming the input when it cannot be read", async () => {
    await mkdir(join(dir, "a-directory"), { recursive: true });
    const cases: Array<[string[], string, string]> = [
      [["missing.http"], "", "errata decode: missing.http: no such file\n"],
      [["a-directory"], "", "errata decode: a-directory: is a directory, not a file\n"],
      [[], "", "errata decode: <stdin>: no HTTP status line (the input is empty)\n"],
      [
        [],
        '{"error":"x"}',
        'errata decode: <stdin>: no HTTP status line (first line: "{\\"error\\":\\"x\\"}")\n',
      ],
      [
        ["--frobnicate"],
        "",
        "errata decode: unknown option '--frobnicate' (usage: errata decode [FILE|-])\n",
      ],
      [["a", "b"], "", "errata decode: expected at most one FILE, got 2 (usage: errata decode [FILE|-])\n"],
    ];
    for (const [args, stdin, stderr] of cases) {
      const r = await run(args, stdin);
      expect(r).toEqual({ code: 2, stdout: "", stderr });
    }
  });

  it("--help prints the usage, exit 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: errata decode [FILE|-]");
    expect(decode.name).toBe("decode");
  });
});
