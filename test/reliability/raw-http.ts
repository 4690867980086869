/**
 * Raw HTTP/1.1 over a socket for hostile requests (issue 8): bytes exactly as given — duplicate
 * and oversized headers, broken framing, bodies cut short with a half-close — and the response
 * as bytes, decoded as UTF-8, with how long it took.
 * @module
 */
import { connect } from "node:net";

/** A response read off the socket. */
export interface RawResponse {
  readonly status: number;
  /** Lowercase names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Milliseconds from the first byte sent to the end of the response. */
  readonly ms: number;
  /** Header lines as received, for header-injection checks. */
  readonly headerLines: readonly string[];
}

export interface RawOptions {
  /** Shut down the sending side after writing (a client that stops mid-body). */
  readonly halfClose?: boolean;
  /** Give up after this long (ms). Default 10 000. */
  readonly timeoutMs?: number;
}

/** Builds a request: the headers as given (repeats allowed), Content-Length for a body unless one is given. */
export function rawRequest(
  method: string,
  target: string,
  headers: ReadonlyArray<readonly [string, string]> = [],
  body?: string | Buffer,
): Buffer {
  const b = body === undefined ? undefined : typeof body === "string" ? Buffer.from(body) : body;
  let head = `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n`;
  for (const [k, v] of headers) head += `${k}: ${v}\r\n`;
  const hasLength = headers.some(
    ([k]) => k.toLowerCase() === "content-length" || k.toLowerCase() === "transfer-encoding",
  );
  if (b !== undefined && !hasLength) head += `Content-Length: ${b.length}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`, "latin1"), b ?? Buffer.alloc(0)]);
}

/** Parses a complete response (Content-Length framed, as errata sends its errors). */
function parse(raw: Buffer, ms: number): RawResponse {
  const end = raw.indexOf("\r\n\r\n");
  const head = (end < 0 ? raw : raw.subarray(0, end)).toString("latin1");
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(":");
    if (i <= 0) continue;
    const k = l.slice(0, i).trim().toLowerCase();
    const v = l.slice(i + 1).trim();
    headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
  }
  let body = end < 0 ? Buffer.alloc(0) : raw.subarray(end + 4);
  const cl = headers["content-length"];
  if (cl !== undefined) body = body.subarray(0, Number(cl));
  return {
    status: Number(statusLine.split(" ")[1] ?? 0),
    headers,
    body: body.toString("utf8"),
    ms,
    headerLines: lines,
  };
}

/**
 * Sends `data` on a new connection and reads the response: until the server closes, or as soon
 * as a Content-Length-framed response is complete (errata's error responses close or are framed).
 */
export function exchange(
  port: number,
  data: Buffer | string,
  options: RawOptions = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const s = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      const raw = Buffer.concat(chunks, size);
      if (raw.length === 0) reject(new Error("the server closed the connection without a response"));
      else resolve(parse(raw, performance.now() - started));
    };
    const timer = setTimeout(() => {
      if (size === 0) {
        done = true;
        s.destroy();
        reject(new Error(`no response in ${options.timeoutMs ?? 10_000} ms`));
      } else finish();
    }, options.timeoutMs ?? 10_000);
    s.on("data", (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      // A complete framed response: stop reading (the server may keep the connection open).
      const raw = Buffer.concat(chunks, size);
      const end = raw.indexOf("\r\n\r\n");
      if (end >= 0) {
        const m = /\r\ncontent-length:\s*(\d+)/i.exec(raw.subarray(0, end).toString("latin1"));
        if (m && raw.length >= end + 4 + Number(m[1])) finish();
      }
    });
    // The server may close while a large request is still being written: the response counts.
    s.on("error", () => finish());
    s.on("close", () => finish());
    s.write(data, () => {
      if (options.halfClose) s.end();
    });
  });
}
