import type { Database } from '../db/index.js';

export interface MarkGoneOptions {
  domainId: number;
  crawlRunId: number;
  /**
   * Only pages last listed by these files are considered. Pass the files this run read in full, so a file that
   * answered 304 Not Modified, or failed, does not make its pages gone. Omit to consider every page of the domain.
   */
  sitemapFileIds?: readonly number[];
}

// gone_since IS NULL keeps the earliest date on a page that stays gone across several runs; the upsert clears it
// when the page comes back.
export const MARK_GONE_SQL = `
UPDATE pages
SET gone_since = now()
WHERE domain_id = $1
  AND gone_since IS NULL
  AND last_crawl_run_id IS DISTINCT FROM $2`;

export const MARK_GONE_IN_FILES_SQL = `${MARK_GONE_SQL}
  AND sitemap_file_id = ANY ($3::bigint[])`;

export const MARK_FILE_PAGES_SEEN_SQL = `
UPDATE pages
SET last_seen = now(), last_crawl_run_id = $2
WHERE sitemap_file_id = $1 AND gone_since IS NULL AND last_crawl_run_id IS DISTINCT FROM $2`;

/**
 * Marks the domain's pages this run did not see as gone (`gone_since = now()`), at the end of a completed run.
 * Returns how many pages went gone now; pages gone before keep their date and are not counted again.
 * @example
 *   const gone = await markGone(db, { domainId, crawlRunId });
 *   await recordRunCounts(db, crawlRunId, { gone });
 */
export async function markGone(db: Database, options: MarkGoneOptions): Promise<number> {
  const { rowCount } =
    options.sitemapFileIds === undefined
      ? await db.query(MARK_GONE_SQL, [options.domainId, options.crawlRunId])
      : await db.query(MARK_GONE_IN_FILES_SQL, [options.domainId, options.crawlRunId, [...options.sitemapFileIds]]);
  return rowCount;
}

/**
 * Counts the pages of a sitemap that answered 304 Not Modified as seen by this run, without reading it: its
 * pages are still listed, so markGone must not take them. Returns how many pages it touched.
 * @example
 *   if (response.status === 304) await markSitemapPagesSeen(db, { sitemapFileId, crawlRunId });
 */
export async function markSitemapPagesSeen(db: Database, options: { sitemapFileId: number; crawlRunId: number }): Promise<number> {
  const { rowCount } = await db.query(MARK_FILE_PAGES_SEEN_SQL, [options.sitemapFileId, options.crawlRunId]);
  return rowCount;
}
