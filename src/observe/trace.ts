/**
 * OpenTelemetry span marking: when `@opentelemetry/api` is installed and a span is active, mark
 * it with the error — `http.response.status_code`, `error.type` (the catalog code or name),
 * `errata.code`, `errata.token` — and, for a 5xx, status ERROR. Per the OpenTelemetry HTTP
 * semantic conventions a server span's status stays unset for a 4xx (the client's mistake, not
 * the server's). No SDK is required: without one the API's spans are non-recording no-ops; without
 * the package this module is a no-op. Internals (the cause) are never put on the span.
 *
 * The API is imported once, dynamically, and cached.
 * @module
 */
import type { ErrorEvent } from "../core/event.js";

/** The span methods errata uses (an `@opentelemetry/api` Span fits). */
export interface SpanLike {
  isRecording(): boolean;
  setAttribute(key: string, value: string | number | boolean): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
}

/** The part of the `@opentelemetry/api` module errata uses (the module itself fits). */
export interface OpenTelemetryApi {
  readonly trace: { getActiveSpan(): SpanLike | undefined };
}

// OpenTelemetry SpanStatusCode.ERROR (stable API constant).
const STATUS_ERROR = 2;

let api: OpenTelemetryApi | null | undefined;
let loading: Promise<OpenTelemetryApi | null> | null = null;

/** Imports `@opentelemetry/api` once; resolves to whether it is available. */
export async function loadTracing(): Promise<boolean> {
  if (api !== undefined) return api !== null;
  loading ??= import("@opentelemetry/api").then(
    (m): OpenTelemetryApi => m,
    () => null,
  );
  api = await loading;
  return api !== null;
}

/** Uses this API module (or none: `null`) instead of importing one. For tests and bundlers. */
export function setTracingApi(module: OpenTelemetryApi | null): void {
  api = module;
  loading = Promise.resolve(module);
}

/** Sets the error's attributes (and status for 5xx) on a span. */
export function markSpan(span: SpanLike, event: ErrorEvent): void {
  if (!span.isRecording()) return;
  span.setAttribute("http.response.status_code", event.status);
  span.setAttribute("error.type", event.code ?? event.name ?? String(event.status));
  if (event.code !== null) span.setAttribute("errata.code", event.code);
  if (event.name !== null) span.setAttribute("errata.name", event.name);
  span.setAttribute("errata.catalog", event.catalog);
  span.setAttribute("errata.token", event.token);
  // A public identifier only: the span must not carry the internal cause.
  if (event.status >= 500)
    span.setStatus({ code: STATUS_ERROR, message: event.name ?? event.code ?? undefined });
}

/**
 * Marks the active span with the error. Synchronous once the API is loaded; before that it loads
 * it and marks the span afterwards (the async context carries the active span across the await).
 * Never throws.
 */
export function markErrorSpan(event: ErrorEvent): void {
  try {
    if (api === null) return;
    if (api === undefined) {
      void loadTracing().then(
        () => markErrorSpan(event),
        () => {},
      );
      return;
    }
    const span = api.trace.getActiveSpan();
    if (span) markSpan(span, event);
  } catch {
    // Tracing never fails a request.
  }
}
