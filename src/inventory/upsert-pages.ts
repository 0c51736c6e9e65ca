import { copyText, type Database, DatabaseQueryError } from '../db/index.js';
import type { PageValues } from './page-row.js';

/** Where a batch goes and which run and file saw it. */
export interface PageBatchTarget {
  domainId: number;
  crawlRunId: number;
  sitemapFileId: number | null;
}

/**
 * What one batch did to the table. `new + updated + unchanged` is the number of rows in the batch, except when it
 * was written with `countUpdates: false`: then `updated` and `unchanged` are 0 and `existing` holds the pages that
 * were already there, changed or not (`new + existing` is the number of rows).
 */
export interface PageBatchCounts {
  new: number;
  updated: number;
  unchanged: number;
  existing?: number;
}

export interface UpsertPageBatchOptions {
  /**
   * Tell updated pages from unchanged ones (default true). It takes a second probe of UNIQUE (domain_id, url) per
   * row, which made the statement about a third slower; a crawl does not need it, since a run's counts are
   * computed when it finishes (first_crawl_run_id, last_crawl_run_id, updated_at).
   */
  countUpdates?: boolean;
  /**
   * Commit the batch without waiting for its WAL to reach disk (`SET LOCAL synchronous_commit = off`; default
   * false). Only for a caller that records its own completion in a later, synchronous commit and redoes the whole
   * batch sequence when that record is missing: the fetch job (docs/decisions/0014-page-batches-by-copy.md).
   */
  asyncCommit?: boolean;
}

/*
 * A batch travels by COPY into a staging table of this connection (TEMP: no WAL, no other session sees it), then
 * one INSERT … SELECT … ON CONFLICT moves it into pages; the same statements on PGlite (whose COPY reads the rows
 * from /dev/blob) and on PostgreSQL. COPY's text is built in one string per batch: no parameter per value for pg
 * to serialise (escaping 9 arrays of 5,000 elements cost the crawl process more CPU than parsing the XML), and one
 * message on the wire. See docs/decisions/0014-page-batches-by-copy.md for the measurements.
 *
 * The staging rows are taken out by the upsert itself (`input` is a DELETE … RETURNING), so the table is empty
 * after every batch whether or not the caller's transaction is still open; ON COMMIT DELETE ROWS truncates what
 * the DELETE left behind at each commit, so the table does not bloat.
 *
 * Counting needs the values before the upsert, which RETURNING cannot see (OLD arrives in PostgreSQL 18). All CTEs
 * of one statement share one snapshot, so `previous` reads the rows as they were before `upserted` changes them.
 * A page counts as updated only when its sitemap metadata changed; seeing it again only moves last_seen and
 * last_crawl_run_id (and clears gone_since). updated_at moves only with the metadata, so it says when the site
 * last changed what it says about the page.
 *
 * `previous` costs a second index probe per row (the statement ran about a third slower with it, measured with
 * bench/pipeline-bench.js's rows), so a writer that does not need updated told from unchanged leaves it out
 * (UPSERT_PAGE_BATCH_UNCOUNTED_SQL): the crawl does, since a run's counts are computed when it finishes.
 *
 * Every input URL must be distinct (ON CONFLICT cannot touch one row twice in a statement): the writer dedupes.
 * A concurrent writer inserting the same URL between our snapshot and our insert makes us count it unchanged
 * rather than new; the rows are right either way.
 */
export const PAGE_BATCH_TABLE = 'sitescout_page_batch';

export const PAGE_BATCH_COLUMNS = [
  'url',
  'lastmod',
  'changefreq',
  'priority',
  'page_type',
  'image_count',
  'video_count',
  'news_count',
  'alternate_count',
] as const;

/** The staging table, once per connection (IF NOT EXISTS: later batches on the same connection reuse it). */
export const CREATE_PAGE_BATCH_TABLE_SQL = `
CREATE TEMP TABLE IF NOT EXISTS ${PAGE_BATCH_TABLE} (
  url text NOT NULL,
  lastmod timestamptz,
  changefreq text,
  priority numeric,
  page_type text NOT NULL,
  image_count integer NOT NULL,
  video_count integer NOT NULL,
  news_count integer NOT NULL,
  alternate_count integer NOT NULL
) ON COMMIT DELETE ROWS`;

export const COPY_PAGE_BATCH_SQL = `COPY ${PAGE_BATCH_TABLE} (${PAGE_BATCH_COLUMNS.join(', ')}) FROM STDIN`;

const INPUT_CTE = `
input AS (
  DELETE FROM ${PAGE_BATCH_TABLE}
  RETURNING url, lastmod, changefreq, priority, page_type, image_count, video_count, news_count, alternate_count
)`;

const PREVIOUS_CTE = `
previous AS (
  SELECT count(*) FILTER (
    WHERE (p.lastmod, p.changefreq, p.priority, p.image_count, p.video_count, p.news_count, p.alternate_count)
      IS DISTINCT FROM (i.lastmod, i.changefreq, i.priority, i.image_count, i.video_count, i.news_count, i.alternate_count)
  ) AS changed
  FROM input i
  -- LATERAL … LIMIT 1 pins the plan to one probe of UNIQUE (domain_id, url) per input row. As a plain join, a
  -- freshly filled table (no statistics yet) got a hash join that read every page of the domain for each batch.
  CROSS JOIN LATERAL (
    SELECT * FROM pages WHERE domain_id = $1 AND url = i.url LIMIT 1
  ) p
)`;

const UPSERTED_CTE = `
upserted AS (
  INSERT INTO pages AS p (
    domain_id, url, lastmod, changefreq, priority, page_type, image_count, video_count, news_count, alternate_count,
    sitemap_file_id, last_crawl_run_id, first_crawl_run_id
  )
  SELECT $1, url, lastmod, changefreq, priority, page_type, image_count, video_count, news_count, alternate_count, $3, $2, $2
  FROM input
  ON CONFLICT (domain_id, url) DO UPDATE SET
    lastmod = excluded.lastmod,
    changefreq = excluded.changefreq,
    priority = excluded.priority,
    page_type = excluded.page_type,
    image_count = excluded.image_count,
    video_count = excluded.video_count,
    news_count = excluded.news_count,
    alternate_count = excluded.alternate_count,
    sitemap_file_id = excluded.sitemap_file_id,
    last_crawl_run_id = excluded.last_crawl_run_id,
    last_seen = now(),
    gone_since = NULL,
    updated_at = CASE
      WHEN (p.lastmod, p.changefreq, p.priority, p.image_count, p.video_count, p.news_count, p.alternate_count)
        IS DISTINCT FROM (excluded.lastmod, excluded.changefreq, excluded.priority, excluded.image_count,
                          excluded.video_count, excluded.news_count, excluded.alternate_count)
      THEN now()
      ELSE p.updated_at
    END
  RETURNING (xmax = 0) AS inserted
)`;

export const UPSERT_PAGE_BATCH_SQL = `
WITH ${INPUT_CTE},${PREVIOUS_CTE},${UPSERTED_CTE}
SELECT
  count(*) FILTER (WHERE inserted) AS inserted,
  count(*) AS total,
  (SELECT changed FROM previous) AS changed
FROM upserted`;

/** The same upsert without `previous`: new pages are counted, updated ones are not told from unchanged ones. */
export const UPSERT_PAGE_BATCH_UNCOUNTED_SQL = `
WITH ${INPUT_CTE},${UPSERTED_CTE}
SELECT
  count(*) FILTER (WHERE inserted) AS inserted,
  count(*) AS total,
  0 AS changed
FROM upserted`;

interface BatchResultRow {
  inserted: number;
  total: number;
  changed: number;
}

/** One row of COPY's text format per page, in PAGE_BATCH_COLUMNS order, between `head` and `tail` (more columns). */
export function pageBatchText(rows: readonly PageValues[], head = '', tail = ''): string {
  const lines = new Array<string>(rows.length + 1);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    lines[i] =
      `${head}${copyText(row.url)}\t${copyText(row.lastmod)}\t${copyText(row.changefreq)}\t${copyText(row.priority)}\t${row.pageType}\t` +
      `${row.imageCount}\t${row.videoCount}\t${row.newsCount}\t${row.alternateCount}${tail}`;
  }
  lines[rows.length] = '';
  return lines.join('\n');
}

export const COPY_NEW_PAGES_SQL = `COPY pages (domain_id, ${PAGE_BATCH_COLUMNS.join(', ')}, sitemap_file_id, last_crawl_run_id, first_crawl_run_id) FROM STDIN`;

/** The unique key whose violation means "some page of the batch exists already". */
const PAGE_KEY = 'pages_domain_id_url_key';

/**
 * Inserts a batch of pages none of which exists yet by COPY straight into pages (no staging, no upsert: the cost
 * of `\copy` itself), in a transaction of its own. Resolves to null, having written nothing, when one of the URLs
 * is already there (or being written by another transaction): the caller then upserts the batch instead.
 */
export async function insertNewPageBatch(db: Database, target: PageBatchTarget, rows: readonly PageValues[], options: UpsertPageBatchOptions = {}): Promise<PageBatchCounts | null> {
  const countUpdates = options.countUpdates ?? true;
  if (rows.length === 0) return countUpdates ? { new: 0, updated: 0, unchanged: 0 } : { new: 0, updated: 0, unchanged: 0, existing: 0 };
  const head = `${target.domainId}\t`;
  const tail = `\t${copyText(target.sitemapFileId)}\t${target.crawlRunId}\t${target.crawlRunId}`;
  const text = pageBatchText(rows, head, tail);
  try {
    const copied = await db.transaction(async (tx) => {
      if (options.asyncCommit === true) await tx.exec('SET LOCAL synchronous_commit = off');
      return tx.copyFrom(COPY_NEW_PAGES_SQL, text);
    });
    return countUpdates ? { new: copied, updated: 0, unchanged: 0 } : { new: copied, updated: 0, unchanged: 0, existing: 0 };
  } catch (error) {
    // A deadlock with another writer's batch (the same URLs in another order) rolled this batch back too.
    if (error instanceof DatabaseQueryError && ((error.sqlState === '23505' && error.constraint === PAGE_KEY) || error.sqlState === '40P01')) return null;
    throw error;
  }
}

/**
 * Upserts one batch of distinct URLs (COPY into the staging table, then one statement, in one transaction) and
 * says how many were new, updated and unchanged.
 */
export async function upsertPageBatch(db: Database, target: PageBatchTarget, rows: readonly PageValues[], options: UpsertPageBatchOptions = {}): Promise<PageBatchCounts> {
  const countUpdates = options.countUpdates ?? true;
  if (rows.length === 0) return countUpdates ? { new: 0, updated: 0, unchanged: 0 } : { new: 0, updated: 0, unchanged: 0, existing: 0 };
  const text = pageBatchText(rows);
  const counts = await db.transaction(async (tx) => {
    await tx.exec(options.asyncCommit === true ? `SET LOCAL synchronous_commit = off; ${CREATE_PAGE_BATCH_TABLE_SQL}` : CREATE_PAGE_BATCH_TABLE_SQL);
    await tx.copyFrom(COPY_PAGE_BATCH_SQL, text);
    const { rows: result } = await tx.query<BatchResultRow>(countUpdates ? UPSERT_PAGE_BATCH_SQL : UPSERT_PAGE_BATCH_UNCOUNTED_SQL, [
      target.domainId,
      target.crawlRunId,
      target.sitemapFileId,
    ]);
    return result[0] ?? { inserted: 0, total: 0, changed: 0 };
  });
  const inserted = Number(counts.inserted);
  if (!countUpdates) return { new: inserted, updated: 0, unchanged: 0, existing: Number(counts.total) - inserted };
  const updated = Math.min(Number(counts.changed), Number(counts.total) - inserted);
  return { new: inserted, updated, unchanged: Number(counts.total) - inserted - updated };
}
