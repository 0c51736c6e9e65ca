import type { FastifyInstance } from 'fastify';
import { createMemoryWatchdog, createMetrics, deriveMemoryLimits, EXIT_MEMORY_HARD_LIMIT, type Logger, type MemoryLimits, type MemoryWatchdog, type Metrics } from '../observability/index.js';
import type { ApiLimits } from '../config.js';
import { buildServer, countActiveApiKeys } from '../server/index.js';
import type { CrawlEvent } from '../jobs/index.js';
import type { CrawlRuntime } from './crawl-runtime.js';

/** Feeds the pipeline's events into the counters: pages written, bytes fetched, entries parsed, contacts, errors. */
export function crawlEventMetrics(metrics: Metrics): (event: CrawlEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'pages':
        metrics.pagesWritten.inc(event.count);
        return;
      case 'sitemap':
        metrics.bytesFetched.inc({ stage: 'sitemap' }, event.bytes);
        metrics.entriesParsed.inc(event.entries);
        if (event.error !== null) metrics.errors.inc({ stage: 'sitemap', code: event.error.code });
        return;
      case 'contacts':
        metrics.contactsFound.inc(event.emails);
        return;
      case 'run-finished':
        return;
      default:
        return event satisfies never;
    }
  };
}

export { EXIT_MEMORY_HARD_LIMIT } from '../observability/index.js';

export interface ServiceOptions {
  runtime: CrawlRuntime;
  logger: Logger;
  port: number;
  host: string;
  /** Worker slots per job kind, or 0 for none. */
  workers: number;
  shutdownTimeoutMs: number;
  /** 0 = derive from the cgroup limit or total memory. */
  memorySoftLimitBytes: number;
  memoryHardLimitBytes: number;
  memoryCheckIntervalMs: number;
  alertWebhookUrl?: string | undefined;
  /** The memory reading; tests inject one. Default RSS. */
  readMemory?: () => number;
  /** The metrics the runtime's events already feed (see crawlEventMetrics); created here when absent. */
  metrics?: Metrics;
  /** Enrichment's callback settings: when set, POST /webhooks/enrichment is served. */
  enrichment?: { secret: string; clockToleranceSeconds: number } | undefined;
  /** The API's request limits (API_LIMITS); defaults when absent. */
  apiLimits?: Partial<ApiLimits>;
  /** analysis' duplicateBudgetBytes, for reports; its default when absent. */
  duplicateBudgetBytes?: number;
  /**
   * Starts the workers somewhere else than on this thread's runtime (serve's crawl thread, crawl-thread.ts); it
   * calls `onFailure` if they end without being asked to, and the service then stops with exit code 1. Default: the
   * runtime's own workers, on the thread that answers HTTP.
   */
  startWorkers?: (workers: number, onFailure: (error: Error) => void) => Promise<CrawlWorkers>;
}

/** The service's crawl workers, wherever they run: paused and resumed by the watchdog, closed at the end. */
export interface CrawlWorkers {
  /** Where they run, for the start log line: 'main thread' or 'crawl thread (nice 10)'. */
  where: string;
  pause(): void;
  resume(): void;
  close(options: { timeoutMs: number }): Promise<void>;
}

export interface Service {
  app: FastifyInstance;
  metrics: Metrics;
  watchdog: MemoryWatchdog;
  limits: MemoryLimits;
  /** The address listened on, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Starts the shutdown (idempotent); `done` resolves with the exit code. */
  stop(reason: string): void;
  /** Resolves with the exit code once everything is closed: 0, 1 when the crawl workers failed, or 75 after the hard memory limit. */
  done: Promise<number>;
}

/**
 * Listens, starts the workers and the watchdog, and wires them: soft limit → the queue pauses intake; recovery →
 * it resumes; hard limit → the service drains and `done` resolves with 75. The runtime is closed at the end (it was
 * handed over to the service).
 */
export async function startService(options: ServiceOptions): Promise<Service> {
  const { runtime, logger } = options;
  const metrics = options.metrics ?? createMetrics();
  const limits = deriveMemoryLimits({ soft: options.memorySoftLimitBytes, hard: options.memoryHardLimitBytes });
  let exitCode = 0;
  let resolveDone: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => {
    resolveDone = resolve;
  });
  let stopping = false;

  const watchdog = createMemoryWatchdog({
    soft: limits.soft,
    hard: limits.hard,
    intervalMs: options.memoryCheckIntervalMs,
    alertUrl: options.alertWebhookUrl,
    logger,
    ...(options.readMemory === undefined ? {} : { read: options.readMemory }),
    // The workers, wherever they run (this thread's queue, or the crawl thread's): this thread's queue has no
    // workers of its own to pause when they run in the crawl thread.
    onSoft: () => workers?.pause(),
    onRecover: () => workers?.resume(),
    onHard: () => {
      exitCode = EXIT_MEMORY_HARD_LIMIT;
      workers?.pause();
      stop('memory above the hard limit');
    },
  });
  let workers: CrawlWorkers | null = null;
  const app = await buildServer({
    db: runtime.db,
    queue: runtime.queue,
    metrics,
    watchdog,
    logger,
    limits: options.apiLimits,
    duplicateBudgetBytes: options.duplicateBudgetBytes,
    enrichment: options.enrichment,
  });
  let url: string;
  try {
    url = await app.listen({ port: options.port, host: options.host });
  } catch (error: unknown) {
    await app.close().catch(() => undefined);
    metrics.close();
    throw error;
  }
  if (options.workers > 0) {
    try {
      workers = options.startWorkers === undefined ? workOnThisThread(runtime, options.workers) : await options.startWorkers(options.workers, onWorkersFailed);
    } catch (error: unknown) {
      await app.close().catch(() => undefined);
      metrics.close();
      throw error;
    }
  }
  watchdog.start();
  logger.info({ url, workers: options.workers, workersRun: workers?.where ?? 'none', engine: runtime.db.engine, memory: limits }, 'service started');
  try {
    if ((await countActiveApiKeys(runtime.db)) === 0) {
      logger.warn('no API key exists: every /v1 route and /metrics answer 401 until one is made with `sitescout keys create --name <name>`');
    }
  } catch (error: unknown) {
    logger.warn({ err: error }, 'counting API keys failed');
  }

  function onWorkersFailed(error: Error): void {
    logger.error({ err: error }, 'the crawl workers stopped unexpectedly; the service stops (exit 1) for its supervisor to restart it');
    workers = null;
    if (exitCode === 0) exitCode = 1;
    stop('the crawl workers failed');
  }

  function stop(reason: string): void {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'stopping: no new requests or jobs; in-flight jobs finish or are given back');
    void (async () => {
      watchdog.stop();
      await app.close().catch((error: unknown) => logger.error({ err: error }, 'closing the HTTP server failed'));
      await workers?.close({ timeoutMs: options.shutdownTimeoutMs }).catch((error: unknown) => logger.error({ err: error }, 'closing the crawl workers failed'));
      await runtime.close({ timeoutMs: options.shutdownTimeoutMs }).catch((error: unknown) => logger.error({ err: error }, 'closing the runtime failed'));
      await watchdog.flush();
      metrics.close();
      logger.info({ exitCode }, 'service stopped');
      resolveDone(exitCode);
    })();
  }

  return { app, metrics, watchdog, limits, url, stop, done };
}

/** The runtime's own workers, on the thread that answers HTTP; the runtime's close() stops them. */
function workOnThisThread(runtime: CrawlRuntime, workers: number): CrawlWorkers {
  runtime.work(workers);
  return {
    where: 'main thread',
    pause: () => runtime.queue.pause(),
    resume: () => runtime.queue.resume(),
    close: async () => undefined,
  };
}
