/**
 * Structured logging of error events with pino: one JSON line per failed request with its token,
 * status, code, name, method and path (seed 001: the request token is recorded in the internal
 * API logs), and for a 5xx the internal cause with its stack — logs are internal; responses
 * never carry any of it.
 *
 * Writing must not block the request path: by default the destination is asynchronous (pino's
 * sonic-boom with `sync: false`), so a log call only appends to a buffer. Events are redacted
 * before they are logged.
 * @module
 */
import pino from "pino";
import type { ErrorEvent } from "../core/event.js";
import { createRedactor, type RedactOptions, type Redactor, redactEvent } from "../store/redact.js";

/** The pino logger type errata uses. */
export type Logger = pino.Logger;

/** Where and how to log. */
export interface LoggerOptions {
  /** Minimum level. Default `info` (or `LOG_LEVEL`). */
  readonly level?: string;
  /** A file descriptor (default 1, stdout), a file path, or a stream with `write(line)`. */
  readonly destination?: number | string | pino.DestinationStream;
  /** Write synchronously (tests, short-lived CLIs). Default false: never block the caller. */
  readonly sync?: boolean;
  /** Bytes to buffer before an asynchronous write (sonic-boom `minLength`). Default 0. */
  readonly bufferBytes?: number;
  /** `name` field on every line. */
  readonly name?: string;
}

/** Creates a pino logger; with a fd or path, an asynchronous sonic-boom destination by default. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const dest = options.destination ?? 1;
  let stream: pino.DestinationStream;
  if (typeof dest === "number" || typeof dest === "string") {
    const boom = pino.destination({
      dest,
      sync: options.sync ?? false,
      // sonic-boom requires minLength below its maxWrite (16 KiB).
      minLength: Math.max(0, Math.min(options.bufferBytes ?? 0, 16_383)),
      mkdir: typeof dest === "string",
    });
    // An unwritable log file must not crash the server: say so once on stderr.
    let reported = false;
    boom.on("error", (err: Error) => {
      if (reported) return;
      reported = true;
      process.stderr.write(`errata: cannot write log ${String(dest)}: ${err.message}\n`);
    });
    stream = boom;
  } else stream = dest;
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? "info",
      base: options.name ? { name: options.name } : null,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}

/** Options of the error-event logger: a logger (or how to make one) and redaction. */
export interface ErrorLoggerOptions extends LoggerOptions {
  /** Use this logger instead of creating one. */
  readonly logger?: Logger;
  /** Redaction before logging: options, a redactor, or the defaults when absent. */
  readonly redact?: RedactOptions | Redactor;
}

/** Logs error events, one line each. */
export interface ErrorLogger {
  readonly logger: Logger;
  /** Writes one line for the event (level `error` for 5xx, `info` otherwise). Never throws. */
  log(event: ErrorEvent): void;
  /** Flushes buffered lines (asynchronous destinations). */
  flush(): Promise<void>;
}

/** The fields of an event's log line (without pino's level and time). Exported for reuse and tests. */
export function eventLogFields(event: ErrorEvent): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    token: event.token,
    status: event.status,
    catalog: event.catalog,
    code: event.code,
    name: event.name,
    method: event.method,
    path: event.path,
    route: event.route,
    clientId: event.clientId,
    durationMs: event.durationMs,
  };
  if (event.status >= 500 && event.cause) {
    fields.cause = { class: event.cause.class, message: event.cause.message, stack: event.cause.stack };
  }
  return fields;
}

/** Creates the error-event logger. */
export function createErrorLogger(options: ErrorLoggerOptions = {}): ErrorLogger {
  const logger = options.logger ?? createLogger(options);
  const redact: Redactor =
    typeof options.redact === "function"
      ? options.redact
      : options.redact
        ? createRedactor(options.redact)
        : redactEvent;
  return {
    logger,
    log(event) {
      try {
        const e = redact(event);
        const fields = eventLogFields(e);
        if (e.status >= 500) logger.error(fields, e.message);
        else logger.info(fields, e.message);
      } catch {
        // Logging must never fail a request.
      }
    },
    flush: () =>
      new Promise<void>((resolve) => {
        try {
          logger.flush(() => resolve());
        } catch {
          resolve();
        }
      }),
  };
}
