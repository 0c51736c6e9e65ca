import type { CrawlPhase, CrawlRunStatus, Database, DomainOutcomeValue, RunStopReason } from '../db/index.js';

/** A crawl run as `sitescout runs --json` and `GET /v1/runs` show it. */
export interface RunSummary {
  id: number;
  domain: string;
  status: CrawlRunStatus;
  outcome: DomainOutcomeValue | null;
  startedAt: string | null;
  finishedAt: string | null;
  sitemaps: number;
  pages: { new: number; updated: number; gone: number; seen: number };
  error: string | null;
}

/** A run's live progress, as `GET /v1/runs/:id` shows it: the summary plus where the pipeline is. */
export interface RunProgress extends RunSummary {
  withContacts: boolean;
  /** 'published' (robots.txt, page links and their trees) or 'well-known' (the probes after them). */
  phase: CrawlPhase;
  /** Sitemap files admitted into the run: done = no longer queued (read, not modified, failed or not read). */
  files: { total: number; done: number; failed: number };
  /** URL entries granted so far against maxUrlsPerDomain. */
  urlsTaken: number;
  /** Why the run stopped reading early ('max-urls' or 'budget'), null when it did not. */
  stopReason: RunStopReason | null;
  errorCode: string | null;
}

interface SummaryRow {
  id: number;
  domain: string;
  status: CrawlRunStatus;
  outcome: DomainOutcomeValue | null;
  started_at: Date | null;
  finished_at: Date | null;
  sitemaps_fetched: number;
  pages_new: number;
  pages_updated: number;
  pages_gone: number;
  pages_seen: number;
  error_message: string | null;
}

const SUMMARY_COLUMNS = `r.id, d.name AS domain, r.status, r.outcome, r.started_at, r.finished_at, r.sitemaps_fetched,
       r.pages_new, r.pages_updated, r.pages_gone, r.pages_seen, r.error_message`;

export const LIST_RUNS_SQL = `
SELECT ${SUMMARY_COLUMNS}
FROM crawl_runs r JOIN domains d ON d.id = r.domain_id
ORDER BY r.id`;

// Newest first, keyset on the primary key: each page starts below the last id the previous one returned.
export const LIST_RUNS_PAGE_SQL = `
SELECT ${SUMMARY_COLUMNS}
FROM crawl_runs r JOIN domains d ON d.id = r.domain_id
WHERE ($1::bigint IS NULL OR r.id < $1)
ORDER BY r.id DESC
LIMIT $2`;

export const RUN_PROGRESS_SQL = `
SELECT ${SUMMARY_COLUMNS}, r.with_contacts, r.phase, r.urls_taken, r.stop_reason, r.error_code,
       f.total AS files_total, f.done AS files_done, f.failed AS files_failed
FROM crawl_runs r JOIN domains d ON d.id = r.domain_id,
LATERAL (
  SELECT count(*) AS total, count(*) FILTER (WHERE state <> 'queued') AS done, count(*) FILTER (WHERE state = 'failed') AS failed
  FROM crawl_run_files WHERE crawl_run_id = r.id
) f
WHERE r.id = $1`;

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());

function toSummary(r: SummaryRow): RunSummary {
  return {
    id: Number(r.id),
    domain: r.domain,
    status: r.status,
    outcome: r.outcome,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    sitemaps: Number(r.sitemaps_fetched),
    pages: { new: Number(r.pages_new), updated: Number(r.pages_updated), gone: Number(r.pages_gone), seen: Number(r.pages_seen) },
    error: r.error_message,
  };
}

/**
 * Crawl runs. Without `limit`, every run oldest first (the CLI's listing); with it, one page newest first, starting
 * below `beforeId` (the last id of the previous page).
 * @example
 *   const page = await listRuns(db, { limit: 50 });
 *   const next = await listRuns(db, { limit: 50, beforeId: page.at(-1)!.id });
 */
export async function listRuns(db: Database, options: { limit?: number; beforeId?: number | null } = {}): Promise<RunSummary[]> {
  const { rows } =
    options.limit === undefined ? await db.query<SummaryRow>(LIST_RUNS_SQL) : await db.query<SummaryRow>(LIST_RUNS_PAGE_SQL, [options.beforeId ?? null, options.limit]);
  return rows.map(toSummary);
}

/** One run's progress, read live from the run and its file ledger; null when there is no such run. */
export async function readRunProgress(db: Database, crawlRunId: number): Promise<RunProgress | null> {
  const { rows } = await db.query<
    SummaryRow & {
      with_contacts: boolean;
      phase: CrawlPhase;
      urls_taken: number;
      stop_reason: RunStopReason | null;
      error_code: string | null;
      files_total: number;
      files_done: number;
      files_failed: number;
    }
  >(RUN_PROGRESS_SQL, [crawlRunId]);
  const row = rows[0];
  if (row === undefined) return null;
  return {
    ...toSummary(row),
    withContacts: row.with_contacts,
    phase: row.phase,
    files: { total: Number(row.files_total), done: Number(row.files_done), failed: Number(row.files_failed) },
    urlsTaken: Number(row.urls_taken),
    stopReason: row.stop_reason,
    errorCode: row.error_code,
  };
}
