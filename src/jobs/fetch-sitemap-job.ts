import { type ErrorCode, SitescoutError } from '../errors.js';
import { readOneSitemap, type ChildOffer, type FileResult, type AdmittedSitemap } from '../discovery/index.js';
import {
  claimRunFile,
  closeRunFile,
  createPageWriter,
  CRAWL_PAGE_BATCH_SIZE,
  markSitemapPagesSeen,
  type PageWriter,
  previousRead,
  readRunState,
  recordSitemapFile,
  type RunFile,
  type RunFileResult,
  type SitemapFileRecord,
  stopRun,
  takeRunUrls,
} from '../inventory/index.js';
import type { SitemapEntry, UrlEntry } from '../sitemap/index.js';
import type { PipelineContext } from './crawl-pipeline.js';
import { admitAndQueue, budgetUntil, siteRules } from './discover-domain-job.js';
import { tryFinishRun } from './finish-run.js';
import { toErrorRecord } from './job-logger.js';
import type { FetchSitemapPayload } from './job-payloads.js';
import type { JobContext } from './run-worker-slot.js';

/** A file closed without being fetched. */
function notRead(code: string, message: string): RunFileResult {
  return { state: 'not-read', sitemapFileId: null, answered: false, failure: null, isSitemap: false, blocked: null, error: { code, message } };
}

/** What is known of a file when its first entries arrive; its report, at the end, replaces it. */
function partialRecord(file: RunFile): SitemapFileRecord {
  return {
    url: file.url,
    finalUrl: null,
    method: file.method,
    foundOn: file.foundOn,
    depth: file.depth,
    status: null,
    contentType: null,
    bytesCompressed: 0,
    bytesUncompressed: 0,
    gzip: false,
    kind: null,
    summary: null,
    error: null,
  };
}

/**
 * The fetch job: reads one sitemap file of a run. Its pages stream into the inventory with the database's pace as
 * the parser's backpressure; the children of an index are admitted into the run's ledger, each with a job of its
 * own, so a large index spreads over every worker. A file read before answers a conditional request, and a 304
 * marks its pages seen without reading it. The job that closes the run's last open file finishes the run.
 * Retrying it after a crash writes the same rows (the page upsert is idempotent, the URL allowance is given back).
 */
export async function fetchSitemap(context: PipelineContext, payload: FetchSitemapPayload, job: JobContext): Promise<void> {
  const { db } = context;
  const { runId, urlKey } = payload;
  let file: RunFile | null = null;
  try {
    file = await claimRunFile(db, runId, urlKey);
    if (file !== null) await readClaimedFile(context, payload, file, job);
    await tryFinishRun(context, runId);
  } catch (error: unknown) {
    if (job.signal.aborted || !job.lastAttempt || file === null) throw error;
    // No retry follows: the file closes failed so the run can still finish.
    const record = toErrorRecord(error);
    context.logger.error({ domain: payload.domain, runId, url: file.url, err: record }, 'reading a sitemap file failed for good');
    await closeRunFile(db, runId, urlKey, { ...notRead(record.code ?? 'SS_ERR_CRAWL_FAILED', record.message), state: 'failed' });
    await tryFinishRun(context, runId);
  }
}

async function readClaimedFile(context: PipelineContext, payload: FetchSitemapPayload, file: RunFile, job: JobContext): Promise<void> {
  const { db, http, settings } = context;
  const { runId, urlKey, domain } = payload;
  const run = await readRunState(db, runId);
  if (run === null || run.status !== 'running') {
    await closeRunFile(db, runId, urlKey, notRead('SS_ERR_DISCOVERY_STOPPED', `the run ended before ${file.url} was read`));
    return;
  }
  if (run.stopReason !== null) {
    await closeRunFile(db, runId, urlKey, notRead('SS_ERR_DISCOVERY_STOPPED', `the run stopped (${run.stopReason}) before ${file.url} was read`));
    return;
  }
  const budgetMs = http.limits.domainBudgetMs;
  const budget = budgetUntil(run.deadline ?? Date.now() + budgetMs, budgetMs);
  if (budget.remainingMs() === 0) {
    await stopRun(db, runId, 'budget');
    await closeRunFile(db, runId, urlKey, notRead('SS_ERR_FETCH_BUDGET', `the domain budget ran out before ${file.url} was read`));
    return;
  }

  // Conditional only for files whose pages the inventory holds from a full read: an index's children are not
  // stored, so an index is always read again.
  const previous = await previousRead(db, run.domainId, file.url);
  const conditional = previous !== null && previous.errorCode === null && previous.kind !== null && previous.kind !== 'sitemapindex' && (previous.etag !== null || previous.lastModified !== null);

  let stopping: string | null = null;
  let writer: { id: number; writer: PageWriter } | null = null;
  // The reader reports every failure as the file's (a site's fault is an outcome, not an exception), so a hook's
  // own failure — the database's: a dropped connection, a restart — would close the file as read with pages
  // missing. It is kept here and thrown after the read instead: the job fails, and its retry reads the file again.
  let hookFailure: { error: unknown } | null = null;
  const ours = <A extends unknown[], R>(hook: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await hook(...args);
      } catch (error: unknown) {
        hookFailure ??= { error };
        throw error;
      }
    };
  const result: FileResult = await readOneSitemap(file, http, {
    signal: job.signal,
    budget,
    sitemapLimits: settings.sitemap,
    validators: conditional ? { etag: previous.etag, lastModified: previous.lastModified } : null,
    rules: siteRules(context, domain),
    // The parser yields one batch per decompressed chunk (tens of URLs); each batch costs a grant of the URL
    // allowance (a write on the run's row), so they are gathered to a page batch first.
    minBatchEntries: CRAWL_PAGE_BATCH_SIZE,
    hooks: {
      sendEntries: ours(async (entries: SitemapEntry[]) => {
        const urls = entries.filter((e): e is UrlEntry => e.type === 'url');
        if (urls.length === 0) return;
        if (writer === null) {
          const id = await recordSitemapFile(db, { domainId: run.domainId, crawlRunId: runId, report: partialRecord(file) });
          // One batch written while the parser fills the next (memory: two batches), so parsing and the
          // database's work overlap instead of taking turns. The run's new/updated counts are computed when it
          // finishes (first_crawl_run_id, last_crawl_run_id, updated_at), so the writer does not tell updated
          // pages from unchanged ones (a probe per row saved). Batches commit without waiting for their WAL to
          // be flushed: a crash may lose the last few of them, but this job's file closes (closeRunFile, a
          // synchronous commit whose flush carries every earlier commit's WAL with it) only after the last batch,
          // so a file whose batches were lost is still open and its retry writes them again (decision 0014).
          writer = {
            id,
            writer: createPageWriter(db, {
              domainId: run.domainId,
              crawlRunId: runId,
              sitemapFileId: id,
              classify: context.classify,
              batchSize: CRAWL_PAGE_BATCH_SIZE,
              batchesInFlight: 1,
              countUpdates: false,
              asyncCommit: true,
            }),
          };
        }
        await writer.writer.write(urls);
        context.emit({ type: 'pages', runId, count: urls.length });
      }),
      offerChild: ours(async (child: AdmittedSitemap): Promise<ChildOffer> => {
        const [admission] = await admitAndQueue(context, domain, runId, [child]);
        return admission ?? 'stop';
      }),
      takeUrls: ours(async (wanted: number) => {
        const taken = await takeRunUrls(db, runId, urlKey, wanted, settings.discovery.maxUrlsPerDomain);
        stopping = taken.stopReason;
        return taken.granted;
      }),
      stopCode: () => (stopping === null ? null : 'SS_ERR_DISCOVERY_STOPPED'),
    },
  });
  const failed = hookFailure as { error: unknown } | null;
  if (failed !== null && !job.signal.aborted) throw failed.error;
  const opened = writer as { id: number; writer: PageWriter } | null;
  if (opened !== null) await opened.writer.finish();
  // Released at a stop: the pages written so far stay (a retry rewrites them), the file stays open for the retry.
  if (job.signal.aborted) throw job.signal.reason instanceof Error ? job.signal.reason : new Error('the job was released');

  const { report } = result;
  // A failure that may not recur — the connection broke or stalled mid-file, the body arrived cut short, the server
  // answered 5xx — fails the job so it is retried (with backoff) and the file read again, rather than closing the
  // file read with its tail missing. Only the last attempt records it, and the run finishes without it.
  if (!result.notModified && isTransient(report.error, report.status) && !job.lastAttempt) {
    throw new SitescoutError(report.error!.code as ErrorCode, `${file.url}: ${report.error!.message} (retried)`);
  }
  let sitemapFileId: number | null = opened?.id ?? null;
  let state: RunFileResult['state'];
  if (result.notModified) {
    sitemapFileId = await recordSitemapFile(db, { domainId: run.domainId, crawlRunId: runId, report: { ...report, ...validatorsOf(result) } });
    await markSitemapPagesSeen(db, { sitemapFileId, crawlRunId: runId });
    state = 'not-modified';
  } else {
    // A well-known path that is not there (or not a sitemap) is a probe that missed: no sitemap_files row.
    const miss = report.method === 'well-known' && report.isSitemap !== true && report.kind === null;
    if (!miss) sitemapFileId = await recordSitemapFile(db, { domainId: run.domainId, crawlRunId: runId, report: { ...report, ...validatorsOf(result) } });
    state = report.isSitemap === true ? 'read' : 'failed';
  }
  if (report.error?.code === 'SS_ERR_FETCH_BUDGET') await stopRun(db, runId, 'budget');
  await closeRunFile(db, runId, urlKey, {
    state,
    sitemapFileId,
    answered: result.answered,
    failure: result.failure,
    isSitemap: result.notModified || report.isSitemap === true,
    blocked: report.blocked ?? null,
    error: report.error,
  });
  const entries = report.summary === null ? 0 : report.summary.entries.url + report.summary.entries.sitemap;
  context.emit({ type: 'sitemap', runId, url: file.url, error: report.error, bytes: report.bytesCompressed, entries });
}

/** Codes of failures worth another attempt later: the connection, not the document. */
const TRANSIENT_CODES = new Set(['SS_ERR_FETCH_NETWORK', 'SS_ERR_FETCH_TIMEOUT', 'SS_ERR_FETCH_DECODE', 'SS_ERR_GZIP_TRUNCATED']);

function isTransient(error: { code: string } | null, status: number | null): boolean {
  if (error === null) return false;
  if (TRANSIENT_CODES.has(error.code)) return true;
  return error.code === 'SS_ERR_DISCOVERY_HTTP_STATUS' && status !== null && (status >= 500 || status === 429);
}

function validatorsOf(result: FileResult): { etag: string | null; lastModified: string | null } {
  return { etag: result.validators?.etag ?? null, lastModified: result.validators?.lastModified ?? null };
}
