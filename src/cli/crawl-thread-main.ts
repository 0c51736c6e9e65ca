/*
 * The crawl thread's entry (docs/decisions/0018-crawl-thread.md): started by startCrawlThread (crawl-thread.ts) in
 * `sitescout serve` with PostgreSQL. It lowers its own CPU priority, opens its own database pool and job queue, runs
 * the crawl's job handlers, and reports to the main thread by messages: its pipeline events (the main thread counts
 * them in /metrics and logs them), and when it has started or closed. The main thread's messages pause, resume and
 * close it.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../observability/index.js';
import { openCrawlRuntime, type CrawlRuntime } from './crawl-runtime.js';
import type { CrawlThreadData, FromCrawlThread, ToCrawlThread } from './crawl-thread.js';

const port = parentPort;
if (port === null) throw new Error('crawl-thread-main.js runs as a worker thread (startCrawlThread), not as a script');
const data = workerData as CrawlThreadData;
const post = (message: FromCrawlThread): void => port.postMessage(message);
const logger = createLogger(data.logLevel === undefined ? {} : { level: data.logLevel }).child({ component: 'serve', thread: 'crawl' });

let niceApplied = true;
try {
  // setpriority(2) with pid 0 sets the calling thread's nice on Linux: this thread's, not the HTTP thread's.
  if (data.nice > 0) setPriority(0, data.nice);
} catch (error: unknown) {
  niceApplied = false;
  logger.warn({ err: error, nice: data.nice }, 'could not lower the crawl thread\'s CPU priority; it runs at the HTTP thread\'s');
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
          post({ type: 'closed' });
          port.close();
        });
      return;
    default:
      message satisfies never;
  }
});
runtime.work(data.workers);
post({ type: 'started', nice: niceApplied ? data.nice : 0 });

function codeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}
