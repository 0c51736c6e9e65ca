/*
 * The crawl thread's entry (docs/decisions/0018-crawl-thread.md): started by startCrawlThread (crawl-thread.ts) in
 * `sitescout serve` with PostgreSQL. It lowers its own CPU priority, opens its own database pool and job queue, runs
 * the crawl's job handlers, and reports to the main thread by messages: its pipeline events (the main thread counts
 * them in /metrics and logs them), its heap and GC pauses, and when it has started. The main thread's messages
 * pause, resume and close it; it has closed when it exits.
 */
import { setPriority } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger, gcKindOf } from '../observability/index.js';
import { openCrawlRuntime, type CrawlRuntime } from './crawl-runtime.js';
import { STATS_INTERVAL_MS, type CrawlThreadData, type FromCrawlThread, type ToCrawlThread } from './crawl-thread.js';

const port = parentPort;
if (port === null) throw new Error('crawl-thread-main.js runs as a worker thread (startCrawlThread), not as a script');
const data = workerData as CrawlThreadData;
const post = (message: FromCrawlThread): void => port.postMessage(message);
const logger = createLogger(data.logLevel === undefined ? {} : { level: data.logLevel }).child({ component: 'serve', thread: 'crawl' });

let niceApplied = false;
if (data.nice > 0 && process.platform !== 'linux') {
  // Elsewhere (macOS, the BSDs) setpriority(2) with pid 0 renices the whole process, the HTTP thread included.
  logger.warn({ nice: data.nice, platform: process.platform }, "the crawl thread's CPU priority is lowered on Linux only (a thread's nice is per thread there); it runs at the HTTP thread's");
} else if (data.nice > 0) {
  try {
    // setpriority(2) with pid 0 sets the calling thread's nice on Linux: this thread's, not the HTTP thread's.
    setPriority(0, data.nice);
    niceApplied = true;
  } catch (error: unknown) {
    logger.warn({ err: error, nice: data.nice }, "could not lower the crawl thread's CPU priority; it runs at the HTTP thread's");
  }
}

let runtime: CrawlRuntime;
try {
  runtime = await openCrawlRuntime(data.settings, { env: data.env, stdout: process.stdout, stderr: process.stderr }, {
    jobLimits: data.jobLimits,
    logger,
    enrichment: data.enrichment,
    onEvent: (event) => post({ type: 'event', event }),
    onEnrichmentOutcome: (outcome) => post({ type: 'enrichment-outcome', outcome }),
  });
} catch (error: unknown) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error), code: codeOf(error) });
  port.close();
  throw error;
}

// The main thread's /metrics cannot see this isolate's heap or GC: report them (heap, and the pauses since the last report).
let gcPauses: Array<[string, number]> = [];
const gc = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push([gcKindOf(entry), entry.duration / 1000]);
});
gc.observe({ entryTypes: ['gc'] });
const reportStats = (): void => {
  const heap = getHeapStatistics();
  post({ type: 'stats', stats: { heapUsedBytes: heap.used_heap_size, heapTotalBytes: heap.total_heap_size, gcPauses } });
  gcPauses = [];
};
const statsTimer = setInterval(reportStats, STATS_INTERVAL_MS);

let closing: Promise<void> | null = null;
port.on('message', (message: ToCrawlThread) => {
  switch (message.type) {
    case 'pause':
      runtime.queue.pause();
      return;
    case 'resume':
      runtime.queue.resume();
      return;
    case 'close':
      closing ??= runtime
        .close({ timeoutMs: message.timeoutMs })
        .catch((error: unknown) => logger.error({ err: error }, 'closing the crawl thread\'s runtime failed'))
        .then(() => {
          clearInterval(statsTimer);
          gc.disconnect();
          reportStats();
          port.close();
        });
      return;
    default:
      message satisfies never;
  }
});
runtime.work(data.workers);
post({ type: 'started', nice: niceApplied ? data.nice : 0 });
reportStats();

function codeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}
