/**
 * Operations hooks for error events: structured logs (pino), Prometheus metrics (prom-client,
 * optional) and OpenTelemetry span marking (`@opentelemetry/api`, optional). Each takes the same
 * {@link ErrorEvent} the store keeps, and none of them may slow or fail a request.
 * @module
 */
export type { ErrorEvent } from "../core/event.js";
export {
  createErrorLogger,
  createLogger,
  type ErrorLogger,
  type ErrorLoggerOptions,
  eventLogFields,
  type Logger,
  type LoggerOptions,
} from "./log.js";
export {
  createMetrics,
  type Metrics,
  type MetricsOptions,
  PROMETHEUS_CONTENT_TYPE,
  type PromClientModule,
} from "./metrics.js";
export {
  loadTracing,
  markErrorSpan,
  markSpan,
  type OpenTelemetryApi,
  type SpanLike,
  setTracingApi,
} from "./trace.js";
