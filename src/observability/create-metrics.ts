import { PerformanceObserver, monitorEventLoopDelay, type IntervalHistogram, type PerformanceEntry } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The counters the pipeline increments, and the HTTP layer's request timer. Everything lives in one own Registry. */
export interface Metrics {
  /** The registry `/metrics` renders; no module-level default registry is used. */
  readonly registry: Registry;
  readonly bytesFetched: Counter<'stage'>;
  readonly entriesParsed: Counter;
  readonly pagesWritten: Counter;
  readonly contactsFound: Counter;
  readonly errors: Counter<'stage' | 'code'>;
  /** Enrichment outcomes: sent, complete, partial, failed, ignored, refused, rejected, send_failed, no_result, resent. */
  readonly enrichmentOutcomes: Counter<'outcome'>;
  readonly jobs: Gauge<'queue' | 'state'>;
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** What `serve`'s crawl thread reports of itself (its heap and GC are not this thread's; decision 0018). */
  readonly crawlThread: CrawlThreadMetrics;
  /** The Prometheus text exposition (format 0.0.4). */
  render(): Promise<string>;
  readonly contentType: string;
  /** Stops the event-loop and GC observers. */
  close(): void;
}

export interface CrawlThreadMetrics {
  /** A GC pause of the crawl thread: `sitescout_gc_pause_seconds{thread="crawl"}`. The `sitescout_thread_*` series carry thread="crawl" too. */
  observeGcPause(kind: string, seconds: number): void;
  /** Its V8 heap, as last reported. */
  setHeap(usedBytes: number, totalBytes: number): void;
  /** Where its event-loop utilization (0–1 since the previous scrape) is read from; null when it has stopped (its series go). */
  setUtilizationSource(read: (() => number) | null): void;
}

export interface MetricsOptions {
  /** Event-loop delay sampling resolution. Default 20 ms (what @fastify/under-pressure uses). */
  eventLoopResolutionMs?: number;
  /** Reads process memory; injected by tests. */
  memoryUsage?: () => NodeJS.MemoryUsage;
}

const NS_PER_SECOND = 1e9;

/**
 * Process and pipeline metrics in a Registry of their own, named `sitescout_<stage>_<thing>_<unit>`. Memory gauges
 * are read when scraped, so an idle process costs nothing between scrapes.
 * @example
 *   const metrics = createMetrics();
 *   metrics.entriesParsed.inc(50_000);
 *   await metrics.render(); //=> '# HELP sitescout_process_resident_memory_bytes …'
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const memoryUsage = options.memoryUsage ?? (() => process.memoryUsage());
  const loop: IntervalHistogram = monitorEventLoopDelay({ resolution: options.eventLoopResolutionMs ?? 20 });
  loop.enable();

  const memory = (name: string, help: string, pick: (m: NodeJS.MemoryUsage) => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(pick(memoryUsage()));
      },
    });
  };
  memory('sitescout_process_resident_memory_bytes', 'Resident set size of the process.', (m) => m.rss);
  memory('sitescout_process_heap_used_bytes', 'V8 heap in use.', (m) => m.heapUsed);
  memory('sitescout_process_heap_total_bytes', 'V8 heap reserved.', (m) => m.heapTotal);
  memory('sitescout_process_external_memory_bytes', 'Memory of C++ objects bound to JS objects (Buffers included).', (m) => m.external);

  // The histogram is reset on each scrape, so the quantiles describe the interval since the previous one.
  const lag = (name: string, help: string, pick: (h: IntervalHistogram) => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const value = pick(loop);
        this.set(Number.isFinite(value) ? value / NS_PER_SECOND : 0);
      },
    });
  };
  lag('sitescout_eventloop_delay_p50_seconds', 'Event-loop delay, median since the previous scrape.', (h) => h.percentile(50));
  lag('sitescout_eventloop_delay_p99_seconds', 'Event-loop delay, 99th percentile since the previous scrape.', (h) => h.percentile(99));
  new Gauge({
    name: 'sitescout_eventloop_delay_max_seconds',
    help: 'Event-loop delay, maximum since the previous scrape.',
    registers: [registry],
    collect() {
      this.set(loop.count === 0 ? 0 : loop.max / NS_PER_SECOND);
      loop.reset();
    },
  });

  const gcPauses = new Histogram({
    name: 'sitescout_gc_pause_seconds',
    help: "Garbage-collection pauses by kind and thread (main; crawl: serve's crawl thread).",
    labelNames: ['kind', 'thread'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcPauses.observe({ kind: gcKindOf(entry), thread: 'main' }, entry.duration / 1000);
  });
  gc.observe({ entryTypes: ['gc'] });

  // Labelled thread="crawl", so that a process without a crawl thread has no series rather than zeros.
  const threadHeapUsed = new Gauge({ name: 'sitescout_thread_heap_used_bytes', help: "V8 heap in use by a worker thread (thread=\"crawl\": serve's crawl thread), as it last reported.", labelNames: ['thread'] as const, registers: [registry] });
  const threadHeapTotal = new Gauge({ name: 'sitescout_thread_heap_total_bytes', help: 'V8 heap reserved by a worker thread, as it last reported.', labelNames: ['thread'] as const, registers: [registry] });
  let readUtilization: (() => number) | null = null;
  new Gauge({
    name: 'sitescout_thread_event_loop_utilization',
    help: 'Share of the time a worker thread was busy since the previous scrape (0–1).',
    labelNames: ['thread'] as const,
    registers: [registry],
    collect() {
      this.reset();
      if (readUtilization !== null) this.set({ thread: 'crawl' }, readUtilization());
    },
  });
  const crawlThread: CrawlThreadMetrics = {
    observeGcPause: (kind, seconds) => gcPauses.observe({ kind, thread: 'crawl' }, seconds),
    setHeap(used, total) {
      threadHeapUsed.set({ thread: 'crawl' }, used);
      threadHeapTotal.set({ thread: 'crawl' }, total);
    },
    setUtilizationSource(read) {
      readUtilization = read;
      if (read === null) {
        threadHeapUsed.reset();
        threadHeapTotal.reset();
      }
    },
  };

  const counter = (name: string, help: string): Counter => new Counter({ name, help, registers: [registry] });
  const metrics: Metrics = {
    registry,
    bytesFetched: new Counter({ name: 'sitescout_fetch_bytes_total', help: 'Response body bytes fetched, by stage.', labelNames: ['stage'] as const, registers: [registry] }),
    entriesParsed: counter('sitescout_sitemap_entries_total', 'Sitemap entries parsed.'),
    pagesWritten: counter('sitescout_inventory_pages_written_total', 'Pages written to the inventory.'),
    contactsFound: counter('sitescout_contacts_found_total', 'Contacts extracted.'),
    errors: new Counter({ name: 'sitescout_errors_total', help: 'Errors by pipeline stage and SS_ERR_* code.', labelNames: ['stage', 'code'] as const, registers: [registry] }),
    enrichmentOutcomes: new Counter({
      name: 'sitescout_enrichment_outcomes_total',
      help: 'Enrichment outcomes: POSTs accepted, callbacks applied (by status), ignored or refused, contacts failed by us, contacts sent again.',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    jobs: new Gauge({ name: 'sitescout_jobs', help: 'Jobs by queue and state, as last counted.', labelNames: ['queue', 'state'] as const, registers: [registry] }),
    httpRequestDuration: new Histogram({
      name: 'sitescout_http_request_duration_seconds',
      help: 'HTTP request durations by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    crawlThread,
    render: () => registry.metrics(),
    contentType: registry.contentType,
    close() {
      loop.disable();
      gc.disconnect();
    },
  };
  return metrics;
}

/** A PerformanceObserver 'gc' entry's kind: minor, major, incremental, weakcb or other. */
export function gcKindOf(entry: PerformanceEntry): string {
  return gcKind((entry as PerformanceEntry & { detail?: unknown }).detail);
}

function gcKind(detail: unknown): string {
  const kind = typeof detail === 'object' && detail !== null ? (detail as { kind?: unknown }).kind : undefined;
  switch (kind) {
    case 1:
      return 'minor';
    case 2:
      return 'major';
    case 4:
      return 'incremental';
    case 8:
      return 'weakcb';
    default:
      return 'other';
  }
}
