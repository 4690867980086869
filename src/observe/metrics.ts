/**
 * Prometheus metrics for errata: a counter of error responses by catalog, code and status, and
 * the error store's health (queue depth, dropped, spilled and written counts, write latency).
 *
 * prom-client is an optional peer: it is imported on first use (or injected), and until it has
 * loaded — or when it is absent — counts are kept by errata itself; `render()` then falls back to
 * errata's own text exposition (format 0.0.4) of the same counters, without the histogram.
 * `observe()` is a Map increment: cheap enough for the request path.
 *
 * Label cardinality is bounded: codes come from catalogs, and past `maxSeries` distinct
 * (catalog, code) pairs new ones count under `code="other"`; past `maxCatalogs` catalogs under
 * `catalog="other"`; a status outside 100–599 is `other`.
 * @module
 */
import type * as PromClient from "prom-client";
import type { ErrorEvent } from "../core/event.js";
import type { BatchReport, ErrorStore } from "../store/types.js";

/** The prom-client module (for injection). */
export type PromClientModule = typeof PromClient;

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** The prom-client module; default: imported on first use. `null`: errata's own text renderer. */
  readonly client?: PromClientModule | null;
  /** Registry to register in (from the same client); default a new one. */
  readonly registry?: PromClient.Registry;
  /** Also export this store's queue depth, counts and write latency. */
  readonly store?: ErrorStore;
  /** Distinct (catalog, code) pairs before new codes count as `other`. Default 1000. */
  readonly maxSeries?: number;
  /** Distinct catalogs before new ones count as `other`. Default 100. */
  readonly maxCatalogs?: number;
  /** Also collect prom-client's default process metrics. Default false. */
  readonly defaultMetrics?: boolean;
}

/** Metrics for a server: feed it events, serve `render()` with `contentType` on `/metrics`. */
export interface Metrics {
  /** Counts one error response. Never throws. */
  observe(event: ErrorEvent): void;
  /** `Content-Type` of `render()`'s output. */
  readonly contentType: string;
  /** The Prometheus text exposition. */
  render(): Promise<string>;
  /** Exports a store's health (when not given as an option). */
  trackStore(store: ErrorStore): void;
}

/** Prometheus text format 0.0.4 (what prom-client's default registry serves). */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const ERRORS_HELP = "Error responses sent, by catalog, code and HTTP status.";
const WRITE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const MAX_LABEL_CHARS = 64;
const OTHER = "other";

interface Series {
  readonly catalog: string;
  readonly code: string;
  readonly status: string;
  count: number;
}

function clip(v: string): string {
  return v.length > MAX_LABEL_CHARS ? v.slice(0, MAX_LABEL_CHARS) : v;
}

/** Text format label value escaping: backslash, double quote, newline. */
function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** Creates the metrics. Synchronous: prom-client loads in the background unless injected. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const maxSeries = options.maxSeries ?? 1000;
  const maxCatalogs = options.maxCatalogs ?? 100;
  const series = new Map<string, Series>();
  const pairs = new Set<string>();
  const catalogs = new Set<string>();
  const stores: ErrorStore[] = [];
  const pendingWrites: number[] = [];
  let histogram: PromClient.Histogram | null = null;

  const labelsOf = (event: ErrorEvent): Series => {
    let catalog = clip(String(event.catalog ?? ""));
    if (!catalogs.has(catalog)) {
      if (catalogs.size < maxCatalogs) catalogs.add(catalog);
      else catalog = OTHER;
    }
    let code = clip(String(event.code ?? event.name ?? "none"));
    const pair = `${catalog}\u0000${code}`;
    if (!pairs.has(pair)) {
      if (pairs.size < maxSeries) pairs.add(pair);
      else code = OTHER;
    }
    const s = event.status;
    const status = Number.isInteger(s) && s >= 100 && s <= 599 ? String(s) : OTHER;
    return { catalog, code, status, count: 0 };
  };

  const observe = (event: ErrorEvent): void => {
    try {
      const l = labelsOf(event);
      const key = `${l.catalog}\u0000${l.code}\u0000${l.status}`;
      const found = series.get(key);
      if (found) found.count++;
      else series.set(key, { ...l, count: 1 });
    } catch {
      // Metrics never fail a request.
    }
  };

  const onBatch = (r: BatchReport): void => {
    if (histogram) histogram.observe(r.seconds);
    else if (pendingWrites.length < 10_000) pendingWrites.push(r.seconds);
  };

  const trackStore = (store: ErrorStore): void => {
    if (stores.includes(store)) return;
    stores.push(store);
    store.onBatch(onBatch);
  };
  if (options.store) trackStore(options.store);

  const storeTotals = () => {
    let queueDepth = 0;
    let dropped = 0;
    let spilled = 0;
    let written = 0;
    let retried = 0;
    let up = 1;
    for (const s of stores) {
      const st = s.stats();
      queueDepth += st.queueDepth;
      dropped += st.dropped;
      spilled += st.spilled;
      written += st.written;
      retried += st.retried;
      if (!st.healthy) up = 0;
    }
    return { queueDepth, dropped, spilled, written, retried, up };
  };

  const build = (client: PromClientModule): PromClient.Registry => {
    const registry = options.registry ?? new client.Registry();
    const registers = [registry];
    new client.Counter({
      name: "errata_errors_total",
      help: ERRORS_HELP,
      labelNames: ["catalog", "code", "status"] as const,
      registers,
      collect() {
        this.reset();
        for (const s of series.values())
          this.inc({ catalog: s.catalog, code: s.code, status: s.status }, s.count);
      },
    });
    if (stores.length > 0) addStoreMetrics(client, registers);
    if (options.defaultMetrics) client.collectDefaultMetrics({ register: registry });
    return registry;
  };

  let storeMetricsAdded = false;
  const addStoreMetrics = (client: PromClientModule, registers: PromClient.Registry[]): void => {
    if (storeMetricsAdded) return;
    storeMetricsAdded = true;
    const counter = (name: string, help: string, pick: (t: ReturnType<typeof storeTotals>) => number) =>
      new client.Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(pick(storeTotals()));
        },
      });
    new client.Gauge({
      name: "errata_store_queue_depth",
      help: "Error events waiting in memory for the store's writer.",
      registers,
      collect() {
        this.set(storeTotals().queueDepth);
      },
    });
    new client.Gauge({
      name: "errata_store_up",
      help: "1 when the error store's last write succeeded, 0 while it is unavailable.",
      registers,
      collect() {
        this.set(storeTotals().up);
      },
    });
    counter("errata_store_written_total", "Error events committed to the store.", (t) => t.written);
    counter(
      "errata_store_dropped_total",
      "Error events lost (queue and spill full, or after close).",
      (t) => t.dropped,
    );
    counter(
      "errata_store_spilled_total",
      "Error events spilled while the store was slow or down.",
      (t) => t.spilled,
    );
    counter("errata_store_retried_total", "Spilled error events replayed into the store.", (t) => t.retried);
    histogram = new client.Histogram({
      name: "errata_store_write_seconds",
      help: "Time to write one batch of error events (one transaction).",
      buckets: WRITE_BUCKETS,
      registers,
    });
    for (const s of pendingWrites.splice(0)) histogram.observe(s);
  };

  let registry: PromClient.Registry | null = null;
  let client: PromClientModule | null = options.client ?? null;
  let loading: Promise<PromClientModule | null> | null = null;
  if (client) registry = build(client);

  const load = (): Promise<PromClientModule | null> => {
    if (client) return Promise.resolve(client);
    if (options.client === null) return Promise.resolve(null);
    loading ??= import("prom-client").then(
      (m) => {
        // CommonJS: named exports when Node detects them, else the default export.
        const mod = m as unknown as PromClientModule & { default?: PromClientModule };
        return typeof mod.Registry === "function" ? mod : (mod.default ?? null);
      },
      () => null,
    );
    return loading;
  };
  if (!client && options.client !== null) void load();

  const fallback = (): string => {
    const lines = [`# HELP errata_errors_total ${ERRORS_HELP}`, "# TYPE errata_errors_total counter"];
    for (const s of series.values()) {
      lines.push(
        `errata_errors_total{catalog="${escapeLabel(s.catalog)}",code="${escapeLabel(s.code)}",status="${escapeLabel(s.status)}"} ${s.count}`,
      );
    }
    if (stores.length > 0) {
      const t = storeTotals();
      const one = (name: string, type: string, v: number) =>
        lines.push(`# TYPE ${name} ${type}`, `${name} ${v}`);
      one("errata_store_queue_depth", "gauge", t.queueDepth);
      one("errata_store_up", "gauge", t.up);
      one("errata_store_written_total", "counter", t.written);
      one("errata_store_dropped_total", "counter", t.dropped);
      one("errata_store_spilled_total", "counter", t.spilled);
      one("errata_store_retried_total", "counter", t.retried);
    }
    return `${lines.join("\n")}\n`;
  };

  return {
    observe,
    contentType: options.registry?.contentType ?? PROMETHEUS_CONTENT_TYPE,
    trackStore(store) {
      trackStore(store);
      if (client && registry) addStoreMetrics(client, [registry]);
    },
    async render() {
      const c = await load();
      if (!c) return fallback();
      if (!registry) {
        client = c;
        registry = build(c);
      }
      return registry.metrics();
    },
  };
}
