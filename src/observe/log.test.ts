import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ErrorEvent } from "../core/event.js";
import { createErrorLogger, createLogger } from "./log.js";

const dir = mkdtempSync(join(tmpdir(), "errata-log-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base: ErrorEvent = {
  token: "AbCdEfGh12345678",
  time: 0,
  method: "POST",
  path: "/entity-api/v1/entities",
  route: "/entities",
  status: 409,
  catalog: "entity-api",
  code: "200601",
  name: "duplicate_uspta_number",
  message: "usptaNumber already used",
  clientId: "demo-client",
  durationMs: 4.5,
  cause: null,
};

function memoryStream(): { write(line: string): void; lines(): Record<string, unknown>[] } {
  const out: string[] = [];
  return {
    write: (line) => {
      out.push(line);
    },
    lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe("error logger", () => {
  it("writes one structured line per event: a 4xx at info without a cause", () => {
    const dest = memoryStream();
    const log = createErrorLogger({ destination: dest });
    log.log(base);
    const [line, ...rest] = dest.lines();
    expect(rest).toEqual([]);
    const { time, ...fields } = line as Record<string, unknown>;
    expect(typeof time).toBe("string");
    expect(fields).toEqual({
      level: 30,
      token: "AbCdEfGh12345678",
      status: 409,
      catalog: "entity-api",
      code: "200601",
      name: "duplicate_uspta_number",
      method: "POST",
      path: "/entity-api/v1/entities",
      route: "/entities",
      clientId: "demo-client",
      durationMs: 4.5,
      msg: "usptaNumber already used",
    });
  });

  it("a 5xx at error with the cause and its stack, redacted", () => {
    const dest = memoryStream();
    const log = createErrorLogger({ destination: dest });
    log.log({
      ...base,
      status: 500,
      code: "internal_error",
      name: "internal_error",
      message: "An unexpected error occurred.",
      cause: {
        class: "java.sql.SQLException",
        message: "login failed for postgres://app:hunter2@db/x",
        stack: "java.sql.SQLException: login failed\n    at Db.connect(Db.java:10)",
      },
    });
    const line = dest.lines()[0] as Record<string, unknown>;
    expect(line.level).toBe(50);
    expect(line.cause).toEqual({
      class: "java.sql.SQLException",
      message: "login failed for postgres://app:[REDACTED]@db/x",
      stack: "java.sql.SQLException: login failed\n    at Db.connect(Db.java:10)",
    });
  });

  it("never throws, even when the destination does", () => {
    const log = createErrorLogger({
      destination: {
        write() {
          throw new Error("disk full");
        },
      },
    });
    expect(() => log.log(base)).not.toThrow();
  });

  it("an asynchronous file destination: the call returns before the write, flush() lands it", async () => {
    const file = join(dir, "errors.log");
    const log = createErrorLogger({ destination: file, bufferBytes: 8192 });
    log.log(base);
    log.log({ ...base, token: "ZZZZZZZZZZZZZZZ1" });
    // Buffered: not on disk yet (sonic-boom with sync: false and a large minLength).
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      // not created yet
    }
    expect(text).toBe("");
    await log.flush();
    text = readFileSync(file, "utf8");
    expect(
      text
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { token: string }).token),
    ).toEqual(["AbCdEfGh12345678", "ZZZZZZZZZZZZZZZ1"]);
  });

  it("createLogger honours level and name", () => {
    const dest = memoryStream();
    const logger = createLogger({ destination: dest, level: "warn", name: "errata" });
    logger.info({ a: 1 }, "hidden");
    logger.warn({ a: 2 }, "shown");
    expect(dest.lines().map((l) => [l.name, l.msg, l.a])).toEqual([["errata", "shown", 2]]);
  });
});
