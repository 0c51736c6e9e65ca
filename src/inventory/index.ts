/*
 * The inventory's only door: sitemap entries into `pages` (batched upserts with change detection), the crawl
 * bookkeeping around them (domains, runs, sitemap files and their validators), gone detection, and exports.
 * Every function takes the Database it works on; nothing here holds state between calls.
 */
export {
  createPageWriter,
  CRAWL_PAGE_BATCH_SIZE,
  DEFAULT_PAGE_BATCH_SIZE,
  type PageWriter,
  type PageWriterOptions,
  type PageWriteCounts,
} from './page-writer.js';
export { MAX_URL_BYTES } from './page-row.js';
export { markGone, markSitemapPagesSeen, type MarkGoneOptions } from './mark-gone.js';
export {
  startCrawlRun,
  finishCrawlRun,
  recordRunCounts,
  type FinishCrawlRun,
  type FinishedRunStatus,
  type RunCounts,
} from './crawl-runs.js';
export { upsertDomain, findDomainId } from './upsert-domain.js';
export {
  recordSitemapFile,
  sitemapValidators,
  previousRead,
  type PreviousRead,
  type RecordSitemapFileOptions,
  type SitemapFileRecord,
  type SitemapValidators,
} from './sitemap-files.js';
export { exportPages, readPageBatch, DEFAULT_EXPORT_BATCH_SIZE, type ExportFormat, type ExportPagesOptions } from './export-pages.js';
export { EXPORT_COLUMNS, pageRecord, type ExportColumn, type ExportedPage, type PageRecord } from './format-page.js';
export { listRuns, readRunProgress, type RunProgress, type RunSummary } from './list-runs.js';
export {
  admitRunFiles,
  claimRunFile,
  closeRunFile,
  countRunPages,
  lockRun,
  openRunFiles,
  readRunLedger,
  readRunState,
  setRunCounts,
  setRunPhase,
  setRunProbes,
  stopRun,
  takeRunUrls,
  type LockedRun,
  type RunFile,
  type RunFileAdmission,
  type RunFileEvidence,
  type RunFileInput,
  type RunFileResult,
  type RunLedger,
  type RunPageCounts,
  type RunProbes,
  type RunState,
} from './run-files.js';
export {
  replayRun,
  findReportableRun,
  DEFAULT_REPLAY_BATCH_SIZE,
  type ReplayEvent,
  type ReplayRunOptions,
  type ReplaySitemapFile,
  type ReplayCandidate,
  type ReplayProbe,
  type ReplayError,
  type ReportableRun,
} from './replay-run.js';
