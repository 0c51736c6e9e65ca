import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import { type JobKind, type JobPayloads, parsePayload } from './job-payloads.js';
import { type JobLogger, toErrorRecord } from './job-logger.js';

/** What a handler receives beside its payload. */
export interface JobContext {
  /** Fires when the queue stops and the job's deadline has passed: the job has been released, stop working on it. */
  signal: AbortSignal;
  jobId: string;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  /** No retry follows if this attempt throws: the job goes to the dead-letter queue. */
  lastAttempt: boolean;
}

/** Runs one job. Resolving completes it; throwing fails it, and pg-boss retries it until its retries run out. */
export type JobHandler<K extends JobKind> = (payload: JobPayloads[K], context: JobContext) => Promise<void>;

/** A job a handler is running now, so `stop` can wait for it or release it. */
export interface InFlightJob {
  kind: JobKind;
  id: string;
  controller: AbortController;
  /** Set when `stop` gave the job back: the handler's late result must not complete or fail it again. */
  released: boolean;
}

export interface WorkerSlotOptions<K extends JobKind> {
  boss: PgBoss;
  kind: K;
  handler: JobHandler<K>;
  pollIntervalMs: number;
  /** Aborted by `stop`: the slot takes no further job and its idle wait ends at once. */
  stopSignal: AbortSignal;
  /** While true the slot fetches no job; it looks again every pollIntervalMs. */
  isPaused?: () => boolean;
  inFlight: Set<InFlightJob>;
  logger: JobLogger;
}

/**
 * One fetch → handle → complete/fail loop, taking one job at a time until `stopSignal` fires. It replaces
 * pg-boss's `work()`, which neither awaits its complete/fail writes nor passes a signal, so a stop could return
 * before a finished job was recorded.
 */
export async function runWorkerSlot<K extends JobKind>(options: WorkerSlotOptions<K>): Promise<void> {
  const { boss, kind, stopSignal, logger } = options;
  while (!stopSignal.aborted) {
    if (options.isPaused?.() === true) {
      await sleep(options.pollIntervalMs, undefined, { signal: stopSignal }).catch(() => undefined);
      continue;
    }
    let jobs: PgBoss.JobWithMetadata<unknown>[] = [];
    try {
      jobs = await boss.fetch<unknown>(kind, { batchSize: 1, includeMetadata: true });
    } catch (error) {
      logger.error({ kind, err: toErrorRecord(error) }, 'fetching a job failed');
    }
    const job = jobs[0];
    if (job === undefined) {
      await sleep(options.pollIntervalMs, undefined, { signal: stopSignal }).catch(() => undefined);
      continue;
    }
    await runJob(options, job);
  }
}

async function runJob<K extends JobKind>(options: WorkerSlotOptions<K>, job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
  const { boss, kind, logger } = options;
  const entry: InFlightJob = { kind, id: job.id, controller: new AbortController(), released: false };
  options.inFlight.add(entry);
  try {
    try {
      const payload = parsePayload(kind, job.data);
      const attempt = job.retryCount + 1;
      // Logged before the work so that a process killed mid-job (OOM: exit 137) leaves the input that killed it in
      // its last lines: the domain, and for a sitemap file its URL (docs/runbooks/oom.md).
      logger.info({ kind, jobId: job.id, attempt, domain: payload.domain, ...('urlKey' in payload ? { url: payload.urlKey } : {}) }, 'job started');
      await options.handler(payload, { signal: entry.controller.signal, jobId: job.id, attempt, lastAttempt: job.retryCount >= job.retryLimit });
    } catch (error) {
      if (entry.released) return;
      const record = toErrorRecord(error);
      logger.warn({ kind, jobId: job.id, err: record }, 'job failed');
      await boss.fail(kind, job.id, { ...record });
      return;
    }
    if (!entry.released) await boss.complete(kind, job.id);
  } catch (error) {
    // The job stays active; pg-boss's maintenance expires it after expireInSeconds and it is retried then.
    logger.error({ kind, jobId: job.id, err: toErrorRecord(error) }, 'recording the job outcome failed');
  } finally {
    options.inFlight.delete(entry);
  }
}
