import { classifyPageType } from '../analysis/index.js';
import { ENRICHMENT_LIMITS, resolveJobLimits, resolveLimits, type EnrichmentSettings, type JobLimits } from '../config.js';
import { openDatabase, type Database } from '../db/index.js';
import type { HttpClient } from '../fetch/index.js';
import type { EnrichmentOutcome } from '../enrichment/index.js';
import { createCrawlPipeline, createEnrichmentSweep, createJobQueue, type CrawlEvent, type CrawlSettings, type EnrichmentSweep, type JobLogger, type JobQueue } from '../jobs/index.js';
import type { CliIo } from './parse-command.js';
import { createClient, type SiteSettings } from './site-walk.js';

/** What crawl, worker and enqueue open: the database, the job queue and (for the workers) the HTTP client. */
export interface CrawlRuntime {
  db: Database;
  queue: JobQueue;
  /** Starts `workers` handlers per job kind. */
  work(workers: number): void;
  /** Stops taking jobs (in-flight ones finish or are given back by the deadline), then closes everything. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

export interface RuntimeOptions {
  dataDir?: string | undefined;
  pollIntervalMs?: number;
  /** The job settings (expiry, maintenance, retries); default: resolved from the environment (SITESCOUT_JOB_*). */
  jobLimits?: Readonly<JobLimits>;
  onEvent?: (event: CrawlEvent) => void;
  logger?: JobLogger;
  /** Enrichment's settings (null: off). The workers send new contacts and run the deadline sweep. */
  enrichment?: EnrichmentSettings | null;
  onEnrichmentOutcome?: (outcome: EnrichmentOutcome) => void;
}

export function toCrawlSettings(settings: SiteSettings): CrawlSettings {
  return { discovery: settings.discovery, sitemap: settings.sitemap, followCrossHost: settings.followCrossHost, wellKnown: settings.wellKnown, contacts: settings.contacts };
}

/** Opens the database (migrating it) and starts the job queue; the HTTP client is made only when work() is called. */
export async function openCrawlRuntime(settings: SiteSettings, io: CliIo, options: RuntimeOptions = {}): Promise<CrawlRuntime> {
  const jobs = options.jobLimits ?? resolveJobLimits({}, io.env);
  const enrichment = options.enrichment ?? null;
  const enrichRetry = enrichment ?? resolveLimits(ENRICHMENT_LIMITS, {}, io.env);
  const db = await openDatabase({ env: io.env, ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }) });
  const queue = createJobQueue({
    db,
    pollIntervalMs: options.pollIntervalMs ?? 250,
    expireInSeconds: jobs.jobExpireSeconds,
    maintenanceIntervalSeconds: jobs.jobMaintenanceIntervalSeconds,
    retry: { retryLimit: jobs.jobRetryLimit, retryDelaySeconds: jobs.jobRetryDelaySeconds },
    // Every process that starts the queue writes the queues' retry policies, enrich-contact's too: one without
    // enrichment (enqueue, crawl) takes it from the environment, so it does not reset what the workers set.
    retryByKind: { 'enrich-contact': { retryLimit: enrichRetry.enrichmentRetryLimit, retryDelaySeconds: enrichRetry.enrichmentRetryDelaySeconds, retryBackoff: true } },
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  let http: HttpClient | null = null;
  let closePipeline: () => Promise<void> = async () => undefined;
  let sweep: EnrichmentSweep | null = null;
  try {
    await queue.start();
  } catch (error: unknown) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return {
    db,
    queue,
    work(workers) {
      http ??= createClient(settings, io.env);
      const pipeline = createCrawlPipeline({
        db,
        queue,
        http,
        settings: toCrawlSettings(settings),
        classify: classifyPageType,
        ...(options.logger === undefined ? {} : { logger: options.logger }),
        ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
        enrichment,
        ...(options.onEnrichmentOutcome === undefined ? {} : { onEnrichmentOutcome: options.onEnrichmentOutcome }),
      });
      closePipeline = pipeline.close;
      queue.work(pipeline.handlers, { concurrency: workers });
      queue.workDeadLetters(pipeline.settleDeadLetter);
      if (enrichment !== null && sweep === null) {
        sweep = createEnrichmentSweep({
          db,
          queue,
          settings: enrichment,
          ...(options.logger === undefined ? {} : { logger: options.logger }),
          ...(options.onEnrichmentOutcome === undefined ? {} : { onOutcome: options.onEnrichmentOutcome }),
        });
        sweep.start();
      }
    },
    async close({ timeoutMs = 10_000 } = {}) {
      await sweep?.stop();
      await queue.stop({ graceful: true, timeoutMs }).catch(() => undefined);
      await closePipeline().catch(() => undefined);
      await http?.close();
      await db.close();
    },
  };
}

/** Opening runs and queueing their discover jobs lives in jobs/, shared with the HTTP API. */
export { enqueueTargets, type Enqueued } from '../jobs/index.js';

/** Domains from arguments and --file, normalised, de-duplicated by host; bad ones reported per line. */
export { readTargets } from './read-targets.js';
