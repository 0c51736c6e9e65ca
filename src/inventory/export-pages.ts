import { SitescoutError } from '../errors.js';
import type { Database } from '../db/index.js';
import { CSV_HEADER, EXPORT_COLUMNS, TIMESTAMP_COLUMNS, csvLine, ndjsonLine, type ExportColumn, type ExportedPage } from './format-page.js';

export type ExportFormat = 'ndjson' | 'csv';

export interface ExportPagesOptions {
  /** The domain's name as stored (lower case). */
  domain: string;
  format: ExportFormat;
  /** Rows per query, and so per chunk. Default 5,000. */
  batchSize?: number;
  /** Stops the export between batches. */
  signal?: AbortSignal;
}

export const DEFAULT_EXPORT_BATCH_SIZE = 5000;

export const DOMAIN_ID_SQL = `SELECT id FROM domains WHERE name = $1`;

/*
 * Timestamps come as the text Date.prototype.toISOString writes (UTC, milliseconds, 'Z'), formatted by the server:
 * parsing each into a Date and formatting it again cost the API's page listing and the export five Dates per row.
 * Years are four digits: lastmod is normalised from W3C datetimes, the others are the server's now().
 */
function selectColumn(column: ExportColumn): string {
  return TIMESTAMP_COLUMNS.has(column) ? `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column}` : column;
}

/*
 * Keyset pagination on (domain_id, url), not on id: UNIQUE (domain_id, url) is an index that serves both the
 * filter and the order, so each page is one index range read however many domains share the table, where
 * `id > $last` would either walk the primary key past other domains' rows or sort the domain's pages on every
 * page. Each query starts after the last URL the previous one returned: no OFFSET, and never all rows at once.
 */
export const EXPORT_PAGE_BATCH_SQL = `
SELECT ${EXPORT_COLUMNS.map(selectColumn).join(', ')}
FROM pages
WHERE domain_id = $1 AND url > $2
ORDER BY url
LIMIT $3`;

/**
 * The domain's pages as output chunks (one per batch; the CSV header first), read a batch at a time in URL
 * order. Stop iterating at any point: nothing stays open between batches.
 * @example
 *   for await (const chunk of exportPages(db, { domain: 'example.com', format: 'csv' })) process.stdout.write(chunk);
 *   // url,lastmod,changefreq,priority,page_type,…
 *   // https://example.com/,2024-05-01T10:00:00.000Z,daily,1,page,…
 */
export async function* exportPages(db: Database, options: ExportPagesOptions): AsyncGenerator<string> {
  const batchSize = options.batchSize ?? DEFAULT_EXPORT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new SitescoutError('SS_ERR_CONFIG_INVALID', `batchSize ${batchSize}: expected a positive integer`);
  }
  const format = options.format;
  let line: (page: ExportedPage) => string;
  switch (format) {
    case 'csv':
      line = csvLine;
      break;
    case 'ndjson':
      line = ndjsonLine;
      break;
    default:
      format satisfies never;
      throw new SitescoutError('SS_ERR_CONFIG_INVALID', `format ${String(format)}: expected ndjson or csv`);
  }
  options.signal?.throwIfAborted();
  if (format === 'csv') yield CSV_HEADER;
  const { rows: domains } = await db.query<{ id: number }>(DOMAIN_ID_SQL, [options.domain.trim().toLowerCase()]);
  const domain = domains[0];
  if (domain === undefined) return;
  // '' sorts before every URL, and the table's CHECK forbids an empty one.
  let after = '';
  while (true) {
    options.signal?.throwIfAborted();
    const rows = await readPageBatch(db, domain.id, after, batchSize);
    const last = rows.at(-1);
    if (last === undefined) return;
    yield rows.map(line).join('');
    if (rows.length < batchSize) return;
    after = last.url;
  }
}

/**
 * One keyset page of a domain's pages in URL order: up to `limit` rows whose URL sorts after `afterUrl` ('' for the
 * first). The export and the API's paginated listing read through it; the URL is unique per domain, so no row is
 * returned twice or skipped however the pages are cut.
 * @example
 *   const first = await readPageBatch(db, domainId, '', 100);
 *   const second = await readPageBatch(db, domainId, first.at(-1)!.url, 100);
 */
export async function readPageBatch(db: Database, domainId: number, afterUrl: string, limit: number): Promise<ExportedPage[]> {
  const { rows } = await db.query<ExportedPage>(EXPORT_PAGE_BATCH_SQL, [domainId, afterUrl, limit]);
  return rows;
}
