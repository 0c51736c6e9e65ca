import { setTimeout as sleep } from 'node:timers/promises';
import { JOB_LIMITS, SERVICE_LIMITS, resolveJobLimits, resolveServiceLimits, type EnrichmentSettings, type JobLimits, type ServiceLimits } from '../config.js';
import { resolveAlertWebhookUrl } from './alert-webhook-flag.js';
import { resolveEnrichmentFlags } from './enrichment-options.js';
import { type JobLogger, toErrorRecord } from '../jobs/index.js';
import { createLogger, createMemoryWatchdog, deriveMemoryLimits, EXIT_MEMORY_HARD_LIMIT } from '../observability/index.js';
import { enqueueTargets, openCrawlRuntime, readTargets, type CrawlRuntime } from './crawl-runtime.js';
import { describeError } from './describe-error.js';
import type { CliIo } from './parse-command.js';
import { limitFlags } from './limit-options.js';
import { parseWorkers } from './run-crawl.js';
import { resolveSiteSettings, type SiteSettings } from './site-walk.js';
import type { EnqueueFlags, WorkerFlags } from './worker-command.js';

const IDLE_POLL_MS = 500;

export async function runWorker(flags: WorkerFlags, io: CliIo): Promise<number> {
  let settings: SiteSettings;
  let workers: number;
  let jobLimits: Readonly<JobLimits>;
  let enrichment: EnrichmentSettings | null;
  let memory: Readonly<ServiceLimits>;
  let alertWebhookUrl: string;
  try {
    settings = resolveSiteSettings(flags, io.env);
    memory = resolveServiceLimits(limitFlags(flags, SERVICE_LIMITS), io.env);
    alertWebhookUrl = resolveAlertWebhookUrl(flags.alertWebhookUrl, io.env);
    workers = parseWorkers(flags.workers);
    jobLimits = resolveJobLimits(limitFlags(flags, JOB_LIMITS), io.env);
    enrichment = resolveEnrichmentFlags(flags as WorkerFlags & Record<string, unknown>, io.env);
  } catch (error: unknown) {
    io.stderr.write(`sitescout worker: ${describeError(error)}\n`);
    return 2;
  }
  const logger = createLogger({ ...(io.env.SITESCOUT_LOG_LEVEL === undefined ? {} : { level: io.env.SITESCOUT_LOG_LEVEL }), destination: io.stderr }).child({ component: 'worker' });
  let runtime: CrawlRuntime;
  try {
    runtime = await openCrawlRuntime(settings, io, {
      dataDir: flags.dataDir,
      jobLimits,
      logger,
      enrichment,
      onEvent: (event) => {
        if (event.type === 'run-finished') logger.info({ runId: event.runId, domain: event.domain, status: event.status, outcome: event.outcome }, 'run finished');
        else if (event.type === 'sitemap' && event.error !== null) logger.warn({ runId: event.runId, url: event.url, err: event.error }, 'sitemap file not read in full');
      },
    });
  } catch (error: unknown) {
    io.stderr.write(`sitescout worker: ${describeError(error)}\n`);
    return 1;
  }
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'stopping: no new jobs; in-flight jobs finish or are given back');
    stop.abort();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  // The same watchdog as serve's: soft → take no new jobs, recovery → take them again, hard → drain and exit 75.
  let exitCode = 0;
  const limits = deriveMemoryLimits({ soft: memory.memorySoftLimitBytes, hard: memory.memoryHardLimitBytes });
  const watchdog = createMemoryWatchdog({
    soft: limits.soft,
    hard: limits.hard,
    intervalMs: memory.memoryCheckIntervalMs,
    alertUrl: alertWebhookUrl === '' ? undefined : alertWebhookUrl,
    logger,
    onSoft: () => runtime.queue.pause(),
    onRecover: () => runtime.queue.resume(),
    onHard: () => {
      exitCode = EXIT_MEMORY_HARD_LIMIT;
      runtime.queue.pause();
      logger.warn({ exitCode }, 'stopping: memory above the hard limit; in-flight jobs finish or are given back');
      stop.abort();
    },
  });
  try {
    watchdog.check(); // before the first job is taken: a worker started above its limits takes none
    watchdog.start();
    runtime.work(workers);
    logger.info({ workers, engine: runtime.db.engine, ...jobLimits, memory: limits, enrichment: enrichment === null ? 'off' : { endpoint: new URL(enrichment.url).origin, callbackUrl: enrichment.callbackUrl } }, 'worker started');
    await waitUntil(stop.signal, flags.exitWhenIdle === true ? () => idle(runtime, logger) : null);
  } finally {
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
    watchdog.stop();
    await runtime.close({ timeoutMs: jobLimits.shutdownTimeoutMs });
    await watchdog.flush();
    logger.info({ exitCode }, 'worker stopped');
  }
  return exitCode;
}

/** Resolves when the signal fires, or when `idle` says so (polled). */
async function waitUntil(signal: AbortSignal, idle: (() => Promise<boolean>) | null): Promise<void> {
  while (!signal.aborted) {
    await sleep(IDLE_POLL_MS, undefined, { signal }).catch(() => undefined);
    if (idle !== null && !signal.aborted && (await idle())) return;
  }
}

/**
 * No crawl job queued, retrying or running. (A job queues its follow-ups in the transaction that records its
 * work, before it completes, so no job left means no work left.)
 */
async function idle(runtime: CrawlRuntime, logger: JobLogger): Promise<boolean> {
  try {
    return (await runtime.queue.openJobs()) === 0;
  } catch (error: unknown) {
    // A lost connection (a server restart, a terminated backend) is not the end of the work: ask again next time.
    logger.warn({ err: toErrorRecord(error) }, 'checking for open jobs failed');
    return false;
  }
}

export async function runEnqueue(args: string[], flags: EnqueueFlags, io: CliIo): Promise<number> {
  let settings: SiteSettings;
  let jobLimits: Readonly<JobLimits>;
  try {
    settings = resolveSiteSettings(flags, io.env);
    jobLimits = resolveJobLimits(limitFlags(flags, JOB_LIMITS), io.env);
  } catch (error: unknown) {
    io.stderr.write(`sitescout enqueue: ${describeError(error)}\n`);
    return 2;
  }
  const targets = await readTargets('enqueue', args, flags.file, io);
  if (targets === 2) return 2;
  let runtime: CrawlRuntime;
  try {
    runtime = await openCrawlRuntime(settings, io, { dataDir: flags.dataDir, jobLimits });
  } catch (error: unknown) {
    io.stderr.write(`sitescout enqueue: ${describeError(error)}\n`);
    return 1;
  }
  try {
    const queued = await enqueueTargets(runtime, targets, { withContacts: flags.contacts === true });
    if (flags.json) io.stdout.write(JSON.stringify(queued.map((q) => ({ domain: q.host, runId: q.runId, jobId: 'jobId' in q ? q.jobId : null })), null, 2) + '\n');
    else for (const q of queued) io.stdout.write(q.runId === null ? `busy    ${q.host} (its jobs are still queued or running)\n` : `queued  ${q.host} run ${q.runId}\n`);
    return 0;
  } catch (error: unknown) {
    io.stderr.write(`sitescout enqueue: ${describeError(error)}\n`);
    return 1;
  } finally {
    await runtime.close();
  }
}
