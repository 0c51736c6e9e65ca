import { Worker } from 'node:worker_threads';
import type { EnrichmentSettings, JobLimits } from '../config.js';
import type { EnrichmentOutcome } from '../enrichment/index.js';
import type { CrawlEvent } from '../jobs/index.js';
import type { SiteSettings } from './site-walk.js';

/** What the crawl thread is started with (structured-cloned into it). */
export interface CrawlThreadData {
  settings: SiteSettings;
  /** The thread's process.env (unset entries left out). */
  env: Record<string, string>;
  jobLimits: Readonly<JobLimits>;
  enrichment: EnrichmentSettings | null;
  /** Worker slots per job kind. */
  workers: number;
  /** The thread's nice value (0–19), CRAWL_THREAD_LIMITS.crawlThreadNice. */
  nice: number;
  logLevel: string | undefined;
}

/** What the thread reports of itself once a second (STATS_INTERVAL_MS): its heap, and its GC pauses since the last report. */
export interface CrawlThreadStats {
  heapUsedBytes: number;
  heapTotalBytes: number;
  /** [kind, seconds] per pause. */
  gcPauses: Array<[string, number]>;
}

export const STATS_INTERVAL_MS = 1_000;

export type ToCrawlThread = { type: 'pause' } | { type: 'resume' } | { type: 'close'; timeoutMs: number };

export type FromCrawlThread =
  | { type: 'started'; nice: number }
  | { type: 'event'; event: CrawlEvent }
  | { type: 'enrichment-outcome'; outcome: EnrichmentOutcome }
  | { type: 'stats'; stats: CrawlThreadStats }
  | { type: 'failed'; message: string; code: string | null };

export interface CrawlThreadHooks {
  onEvent?: (event: CrawlEvent) => void;
  onEnrichmentOutcome?: (outcome: EnrichmentOutcome) => void;
  onStats?: (stats: CrawlThreadStats) => void;
  /** The thread ended without being asked to (a crash): the service stops. Called at most once. */
  onFailure: (error: Error) => void;
}

/** The crawl workers of `serve`, in their own thread. */
export interface CrawlThread {
  /** The nice value the thread runs at (0 when lowering it was refused). */
  readonly nice: number;
  /** The thread's id, for logs. */
  readonly threadId: number;
  pause(): void;
  resume(): void;
  /** The share of the time the thread was busy since the previous call (or its start): 0–1. */
  utilization(): number;
  /** Stops taking jobs, lets in-flight ones finish until `timeoutMs` and gives the rest back, closes its pool; resolves once the thread has exited. */
  close(options: { timeoutMs: number }): Promise<void>;
}

/** The built entry next to this module (dist/cli/crawl-thread-main.js). */
const DEFAULT_ENTRY = new URL('./crawl-thread-main.js', import.meta.url);

/** How much longer than the jobs' deadline the thread gets to close its pool and exit before it is terminated. */
const CLOSE_GRACE_MS = 10_000;

/**
 * Starts the crawl workers in a worker thread (docs/decisions/0018-crawl-thread.md) and resolves once its database
 * pool and job queue are open and its workers run; rejects when it cannot start.
 * @example
 *   const thread = await startCrawlThread({ settings, env, jobLimits, enrichment: null, workers: 2, nice: 10, logLevel: 'info' },
 *     { onEvent: countEvent, onFailure: (error) => service.stop(error.message) });
 */
export async function startCrawlThread(data: CrawlThreadData, hooks: CrawlThreadHooks, entry: URL = DEFAULT_ENTRY): Promise<CrawlThread> {
  const worker = new Worker(entry, { workerData: data, env: data.env, stdout: false, stderr: false });
  let state: 'starting' | 'running' | 'closing' | 'ended' = 'starting';
  let started: { resolve: (nice: number) => void; reject: (error: Error) => void } | null = null;
  const startedPromise = new Promise<number>((resolve, reject) => {
    started = { resolve, reject };
  });
  let closed: () => void = () => undefined;
  const exited = new Promise<void>((resolve) => {
    closed = resolve;
  });
  let lastError: Error | null = null;

  worker.on('message', (message: FromCrawlThread) => {
    switch (message.type) {
      case 'started':
        state = 'running';
        started?.resolve(message.nice);
        return;
      case 'event':
        hooks.onEvent?.(message.event);
        return;
      case 'enrichment-outcome':
        hooks.onEnrichmentOutcome?.(message.outcome);
        return;
      case 'stats':
        hooks.onStats?.(message.stats);
        return;
      case 'failed':
        lastError = Object.assign(new Error(`the crawl thread could not start: ${message.message}`), message.code === null ? {} : { code: message.code });
        return;
      default:
        message satisfies never;
    }
  });
  worker.on('error', (error: Error) => {
    lastError = error;
  });
  worker.on('exit', (code) => {
    const was = state;
    state = 'ended';
    closed();
    const error = lastError ?? new Error(`the crawl thread exited (code ${code})`);
    if (was === 'starting') started?.reject(error);
    else if (was === 'running') hooks.onFailure(error);
  });

  const nice = await startedPromise;
  const send = (message: ToCrawlThread): void => {
    if (state === 'running') worker.postMessage(message);
  };
  let lastUtilization = worker.performance.eventLoopUtilization();
  return {
    nice,
    threadId: worker.threadId,
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
    utilization() {
      const now = worker.performance.eventLoopUtilization();
      const since = worker.performance.eventLoopUtilization(now, lastUtilization);
      lastUtilization = now;
      return since.utilization;
    },
    async close({ timeoutMs }) {
      if (state === 'running') {
        worker.postMessage({ type: 'close', timeoutMs } satisfies ToCrawlThread);
        state = 'closing';
      }
      if (state === 'ended') return;
      const timer = setTimeout(() => void worker.terminate(), timeoutMs + CLOSE_GRACE_MS);
      try {
        await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
