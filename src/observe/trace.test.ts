/**
 * Span marking against the real `@opentelemetry/api` with a minimal tracer provider and context
 * manager written here (no SDK): spans record what is set on them.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import * as otel from "@opentelemetry/api";
import {
  type AttributeValue,
  type Context,
  type ContextManager,
  context,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  type SpanStatus,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorEvent } from "../core/event.js";
import { loadTracing, markErrorSpan, setTracingApi } from "./trace.js";

class AsyncContextManager implements ContextManager {
  private readonly als = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.als.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.als.run(ctx, () => fn.call(thisArg, ...args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.als.disable();
    return this;
  }
}

class RecordingSpan implements Span {
  readonly attributes: Record<string, AttributeValue> = {};
  status: SpanStatus = { code: SpanStatusCode.UNSET };
  ended = false;
  constructor(readonly name: string) {}
  spanContext(): SpanContext {
    return {
      traceId: "0af7651916cd43dd8448eb211c80319c",
      spanId: "b7ad6b7169203331",
      traceFlags: TraceFlags.SAMPLED,
    };
  }
  setAttribute(key: string, value: AttributeValue): this {
    this.attributes[key] = value;
    return this;
  }
  setAttributes(attrs: Record<string, AttributeValue>): this {
    Object.assign(this.attributes, attrs);
    return this;
  }
  addEvent(): this {
    return this;
  }
  addLink(): this {
    return this;
  }
  addLinks(): this {
    return this;
  }
  setStatus(status: SpanStatus): this {
    this.status = status;
    return this;
  }
  updateName(): this {
    return this;
  }
  end(): void {
    this.ended = true;
  }
  isRecording(): boolean {
    return !this.ended;
  }
  recordException(): void {}
}

const spans: RecordingSpan[] = [];
const tracer = {
  startSpan(name: string): Span {
    const s = new RecordingSpan(name);
    spans.push(s);
    return s;
  },
  startActiveSpan(name: string, fn: (span: Span) => unknown): unknown {
    const span = this.startSpan(name);
    return context.with(trace.setSpan(context.active(), span), () => fn(span));
  },
} as Tracer;
const provider: TracerProvider = { getTracer: () => tracer };

const event: ErrorEvent = {
  token: "AbCdEfGh12345678",
  time: 0,
  method: "GET",
  path: "/demo/unexpected",
  route: "/demo/unexpected",
  status: 500,
  catalog: "http",
  code: "internal_error",
  name: "internal_error",
  message: "An unexpected error occurred.",
  clientId: null,
  durationMs: 2,
  cause: { class: "SQLException", message: "SELECT secret FROM t", stack: "at x" },
};

beforeAll(() => {
  context.setGlobalContextManager(new AsyncContextManager());
  trace.setGlobalTracerProvider(provider);
});
afterAll(() => {
  trace.disable();
  context.disable();
});

describe("OpenTelemetry span marking", () => {
  // First: the API is not loaded yet, so marking loads it and marks in the same async context.
  it("marks the active span even on the first call, before the API has loaded", async () => {
    const span = (await trace.getTracer("t").startActiveSpan("first", async (s) => {
      markErrorSpan(event);
      await new Promise((r) => setTimeout(r, 20));
      return s;
    })) as RecordingSpan;
    expect(span.attributes["errata.token"]).toBe("AbCdEfGh12345678");
    expect(await loadTracing()).toBe(true);
  });

  it("a 5xx: status ERROR, error.type is the code, no internals on the span", () => {
    const span = trace.getTracer("t").startActiveSpan("GET /demo/unexpected", (s) => {
      markErrorSpan(event);
      return s as RecordingSpan;
    });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "internal_error" });
    expect(span.attributes).toEqual({
      "http.response.status_code": 500,
      "error.type": "internal_error",
      "errata.code": "internal_error",
      "errata.name": "internal_error",
      "errata.catalog": "http",
      "errata.token": "AbCdEfGh12345678",
    });
    expect(JSON.stringify(span)).not.toContain("SELECT");
  });

  it("a 4xx: attributes, status left unset (the client's error); the name when there is no code", () => {
    const span = trace.getTracer("t").startActiveSpan("GET /x", (s) => {
      markErrorSpan({ ...event, status: 404, code: null, name: "not_found", cause: null });
      return s as RecordingSpan;
    });
    expect(span.status).toEqual({ code: SpanStatusCode.UNSET });
    expect(span.attributes).toEqual({
      "http.response.status_code": 404,
      "error.type": "not_found",
      "errata.name": "not_found",
      "errata.catalog": "http",
      "errata.token": "AbCdEfGh12345678",
    });
  });

  it("does nothing without an active span, on an ended span, or without the API", () => {
    const before = spans.length;
    expect(() => markErrorSpan(event)).not.toThrow();
    const ended = new RecordingSpan("ended");
    ended.end();
    context.with(trace.setSpan(context.active(), ended), () => markErrorSpan(event));
    expect(ended.attributes).toEqual({});
    setTracingApi(null);
    const span = trace.getTracer("t").startActiveSpan("x", (s) => {
      markErrorSpan(event);
      return s as RecordingSpan;
    });
    expect(span.attributes).toEqual({});
    expect(spans.length).toBe(before + 1);
    setTracingApi(otel);
  });
});
