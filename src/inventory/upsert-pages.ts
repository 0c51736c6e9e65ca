import type { Database } from '../db/index.js';
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
}

/*
 * One statement per batch, the same text on PGlite and PostgreSQL: the batch travels as one array per column and
 * unnest() turns the arrays back into rows (COPY would be faster on pg but PGlite has no COPY FROM STDIN, and two
 * code paths would be two things to keep correct).
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
const INPUT_CTE = `
input AS (
  SELECT *
  FROM unnest($4::text[], $5::timestamptz[], $6::text[], $7::numeric[], $8::text[], $9::integer[], $10::integer[], $11::integer[], $12::integer[])
    AS t (url, lastmod, changefreq, priority, page_type, image_count, video_count, news_count, alternate_count)
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

/** Upserts one batch of distinct URLs in one statement and says how many were new, updated and unchanged. */
export async function upsertPageBatch(db: Database, target: PageBatchTarget, rows: readonly PageValues[], options: UpsertPageBatchOptions = {}): Promise<PageBatchCounts> {
  const countUpdates = options.countUpdates ?? true;
  if (rows.length === 0) return countUpdates ? { new: 0, updated: 0, unchanged: 0 } : { new: 0, updated: 0, unchanged: 0, existing: 0 };
  const { rows: result } = await db.query<BatchResultRow>(countUpdates ? UPSERT_PAGE_BATCH_SQL : UPSERT_PAGE_BATCH_UNCOUNTED_SQL, [
    target.domainId,
    target.crawlRunId,
    target.sitemapFileId,
    rows.map((row) => row.url),
    rows.map((row) => row.lastmod),
    rows.map((row) => row.changefreq),
    rows.map((row) => row.priority),
    rows.map((row) => row.pageType),
    rows.map((row) => row.imageCount),
    rows.map((row) => row.videoCount),
    rows.map((row) => row.newsCount),
    rows.map((row) => row.alternateCount),
  ]);
  const counts = result[0] ?? { inserted: 0, total: 0, changed: 0 };
  const inserted = Number(counts.inserted);
  if (!countUpdates) return { new: inserted, updated: 0, unchanged: 0, existing: Number(counts.total) - inserted };
  const updated = Math.min(Number(counts.changed), Number(counts.total) - inserted);
  return { new: inserted, updated, unchanged: Number(counts.total) - inserted - updated };
}
