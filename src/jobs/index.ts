/*
 * The job layer's only door: pg-boss on sitescout's own database (PGlite or PostgreSQL), typed job payloads, and
 * workers that stop gracefully. Handlers are injected by the composition root.
 */
export { createBossDb, type BossDb } from './boss-db.js';
export {
  createJobQueue,
  DEFAULT_RETRY_POLICY,
  type DeadLetter,
  type JobHandlers,
  type JobQueue,
  type JobQueueOptions,
  type RetryPolicy,
  type StopOptions,
} from './create-job-queue.js';
export type { JobContext, JobHandler } from './run-worker-slot.js';
export { toErrorRecord, type JobErrorRecord, type JobLogger } from './job-logger.js';
export {
  JOB_KINDS,
  JobPayloadError,
  deadLetterQueueOf,
  type DiscoverDomainPayload,
  type FetchSitemapPayload,
  type ScrapeContactsPayload,
  type EnrichContactPayload,
  type JobKind,
  type JobPayloads,
} from './job-payloads.js';
export { createCrawlPipeline, type CrawlEvent, type CrawlPipelineDeps, type CrawlSettings } from './crawl-pipeline.js';
export { DEFAULT_JOB_EXPIRE_SECONDS } from './create-job-queue.js';
export { createEnrichmentSweep, type EnrichmentSweep } from './enrichment-sweep.js';
export { queueEnrichment } from './enrich-contact-job.js';
export { backfillEnrichment, type BackfillOptions } from './backfill-enrichment.js';
export { enqueueTargets, type Enqueued } from './enqueue-targets.js';
export { buildStoredReport, type StoredReport, type StoredReportOptions } from './build-stored-report.js';
