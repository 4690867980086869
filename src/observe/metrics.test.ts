import * as promClient from "prom-client";
import { describe, expect, it } from "vitest";
import type { ErrorEvent } from "../core/event.js";
import { createMemoryBackend } from "../store/memory.js";
import { createQueuedStore } from "../store/queue.js";
import { createMetrics, PROMETHEUS_CONTENT_TYPE } from "./metrics.js";

const e: ErrorEvent = {
  token: "AbCdEfGh12345678",
  time: 0,
  method: "GET",
  path: "/entity-api/v1/entities/9",
  route: "/entities/:id",
  status: 404,
  catalog: "entity-api",
  code: "3001",
  name: "entity_not_found",
  message: "entity not found",
  clientId: null,
  durationMs: null,
  cause: null,
};

const quiet = { info() {}, warn() {}, error() {} };

/** The sample lines of one metric family (no comments). */
function samples(text: string, family: string): string[] {
  return text.split("\n").filter((l) => l.startsWith(family) && !l.startsWith("#"));
}

describe("metrics", () => {
  it("counts errors by catalog, code and status (prom-client)", async () => {
    const m = createMetrics();
    m.observe(e);
    m.observe(e);
    m.observe({ ...e, status: 500, catalog: "http", code: null, name: "internal_error" });
    m.observe({ ...e, catalog: 'we"ird\\', code: "a\nb", status: 1000 });
    expect(m.contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await m.render();
    expect(text).toContain(
      "# HELP errata_errors_total Error responses sent, by catalog, code and HTTP status.\n# TYPE errata_errors_total counter\n",
    );
    expect(samples(text, "errata_errors_total")).toEqual([
      'errata_errors_total{catalog="entity-api",code="3001",status="404"} 2',
      'errata_errors_total{catalog="http",code="internal_error",status="500"} 1',
      'errata_errors_total{catalog="we\\"ird\\\\",code="a\\nb",status="other"} 1',
    ]);
    // No store given: no store metrics.
    expect(text).not.toContain("errata_store_");
    m.observe(e);
    expect(samples(await m.render(), "errata_errors_total")[0]).toBe(
      'errata_errors_total{catalog="entity-api",code="3001",status="404"} 3',
    );
  });

  it("bounds label cardinality: codes past the cap count as other", async () => {
    const m = createMetrics({ maxSeries: 2, maxCatalogs: 1 });
    for (const code of ["1", "2", "3", "4"]) m.observe({ ...e, code });
    m.observe({ ...e, catalog: "third", code: "1" });
    expect(samples(await m.render(), "errata_errors_total")).toEqual([
      'errata_errors_total{catalog="entity-api",code="1",status="404"} 1',
      'errata_errors_total{catalog="entity-api",code="2",status="404"} 1',
      'errata_errors_total{catalog="entity-api",code="other",status="404"} 2',
      'errata_errors_total{catalog="other",code="other",status="404"} 1',
    ]);
  });

  it("exports the store's queue depth, counts and write latency", async () => {
    const backend = createMemoryBackend();
    const store = await createQueuedStore(backend, {
      spillPath: false,
      flushIntervalMs: 60_000,
      logger: quiet,
    });
    const registry = new promClient.Registry();
    const m = createMetrics({ client: promClient, registry, store });
    store.enqueue(e);
    store.enqueue({ ...e, token: "ZZZZZZZZZZZZZZZ1" });
    let text = await m.render();
    expect(samples(text, "errata_store_queue_depth")).toEqual(["errata_store_queue_depth 2"]);
    await store.flush();
    text = await m.render();
    expect(samples(text, "errata_store_queue_depth")).toEqual(["errata_store_queue_depth 0"]);
    expect(samples(text, "errata_store_written_total")).toEqual(["errata_store_written_total 2"]);
    expect(samples(text, "errata_store_dropped_total")).toEqual(["errata_store_dropped_total 0"]);
    expect(samples(text, "errata_store_spilled_total")).toEqual(["errata_store_spilled_total 0"]);
    expect(samples(text, "errata_store_up")).toEqual(["errata_store_up 1"]);
    expect(samples(text, "errata_store_write_seconds_count")).toEqual(["errata_store_write_seconds_count 1"]);
    expect(samples(text, "errata_store_write_seconds_bucket")).toContain(
      'errata_store_write_seconds_bucket{le="+Inf"} 1',
    );
    // The injected registry is the one rendered.
    expect(await registry.metrics()).toBe(text);
    await store.close();
    store.enqueue(e);
    expect(samples(await m.render(), "errata_store_dropped_total")).toEqual(["errata_store_dropped_total 1"]);
  });

  it("without prom-client, renders the same counters itself", async () => {
    const backend = createMemoryBackend();
    const store = await createQueuedStore(backend, { spillPath: false, flushIntervalMs: 60_000 });
    const m = createMetrics({ client: null, store });
    m.observe(e);
    store.enqueue(e);
    expect(m.contentType).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(await m.render()).toBe(
      [
        "# HELP errata_errors_total Error responses sent, by catalog, code and HTTP status.",
        "# TYPE errata_errors_total counter",
        'errata_errors_total{catalog="entity-api",code="3001",status="404"} 1',
        "# TYPE errata_store_queue_depth gauge",
        "errata_store_queue_depth 1",
        "# TYPE errata_store_up gauge",
        "errata_store_up 1",
        "# TYPE errata_store_written_total counter",
        "errata_store_written_total 0",
        "# TYPE errata_store_dropped_total counter",
        "errata_store_dropped_total 0",
        "# TYPE errata_store_spilled_total counter",
        "errata_store_spilled_total 0",
        "# TYPE errata_store_retried_total counter",
        "errata_store_retried_total 0",
        "",
      ].join("\n"),
    );
    await store.close();
  });
});
