import { SitescoutError } from '../errors.js';
import type { Database, DomainOutcomeValue } from '../db/index.js';

export const START_CRAWL_RUN_SQL = `
INSERT INTO crawl_runs (domain_id, status, started_at, with_contacts) VALUES ($1, 'running', now(), $2)
RETURNING id`;

/** Only terminal statuses: the table's CHECK ties finished_at to them. */
export type FinishedRunStatus = 'completed' | 'failed' | 'cancelled';

export interface FinishCrawlRun {
  status: FinishedRunStatus;
  outcome: DomainOutcomeValue | null;
  error: { code: string; message: string } | null;
}

// One statement, so the run and its domain's summary cannot disagree. A domain keeps its last outcome when a run
// ends without one (cancelled before discovery finished).
export const FINISH_CRAWL_RUN_SQL = `
WITH run AS (
  UPDATE crawl_runs
  SET status = $2, outcome = $3, error_code = $4, error_message = $5, finished_at = now()
  WHERE id = $1
  RETURNING domain_id, outcome, finished_at
)
UPDATE domains d
SET last_crawled_at = run.finished_at, last_outcome = coalesce(run.outcome, d.last_outcome)
FROM run
WHERE d.id = run.domain_id
RETURNING d.id`;

/** The page counts of a run; each is added to what the run already holds. */
export interface RunCounts {
  new: number;
  updated: number;
  gone: number;
  seen: number;
}

export const ADD_RUN_COUNTS_SQL = `
UPDATE crawl_runs
SET pages_new = pages_new + $2, pages_updated = pages_updated + $3, pages_gone = pages_gone + $4,
    pages_seen = pages_seen + $5, sitemaps_fetched = sitemaps_fetched + $6
WHERE id = $1`;

/**
 * Opens a run of the domain (status 'running'), returning its id.
 * @example
 *   const crawlRunId = await startCrawlRun(db, domainId);
 */
export async function startCrawlRun(db: Database, domainId: number, options: { withContacts?: boolean } = {}): Promise<number> {
  const { rows } = await db.query<{ id: number }>(START_CRAWL_RUN_SQL, [domainId, options.withContacts === true]);
  const row = rows[0];
  if (row === undefined) throw new SitescoutError('SS_ERR_DB_QUERY', `startCrawlRun: no id returned for domain ${domainId}`);
  return Number(row.id);
}

/**
 * Ends a run and records on its domain when it was crawled and how that went.
 * @example
 *   await finishCrawlRun(db, crawlRunId, { status: 'completed', outcome: 'ok', error: null });
 */
export async function finishCrawlRun(db: Database, crawlRunId: number, result: FinishCrawlRun): Promise<void> {
  const { rowCount } = await db.query(FINISH_CRAWL_RUN_SQL, [
    crawlRunId,
    result.status,
    result.outcome,
    result.error?.code ?? null,
    result.error?.message ?? null,
  ]);
  if (rowCount === 0) throw new SitescoutError('SS_ERR_DB_QUERY', `finishCrawlRun: no crawl run ${crawlRunId}`);
}

/**
 * Adds page counts to a run. Additive because a run is written by many jobs (one per sitemap file), each
 * reporting its own share; `sitemapsFetched` counts the files those jobs read.
 * @example
 *   const counts = await writer.finish();
 *   await recordRunCounts(db, crawlRunId, { new: counts.new, updated: counts.updated, seen: counts.new + counts.updated + counts.unchanged });
 */
export async function recordRunCounts(
  db: Database,
  crawlRunId: number,
  counts: Partial<RunCounts> & { sitemapsFetched?: number },
): Promise<void> {
  const { rowCount } = await db.query(ADD_RUN_COUNTS_SQL, [
    crawlRunId,
    counts.new ?? 0,
    counts.updated ?? 0,
    counts.gone ?? 0,
    counts.seen ?? 0,
    counts.sitemapsFetched ?? 0,
  ]);
  if (rowCount === 0) throw new SitescoutError('SS_ERR_DB_QUERY', `recordRunCounts: no crawl run ${crawlRunId}`);
}
