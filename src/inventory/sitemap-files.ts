import { SitescoutError } from '../errors.js';
import type { Database, DiscoveryMethodValue, SitemapKindValue } from '../db/index.js';

/**
 * One fetched (or attempted) sitemap file. Shaped like discovery's SitemapFileReport so a report can be passed as
 * it is, plus the response's validators, which the report does not carry.
 */
export interface SitemapFileRecord {
  url: string;
  finalUrl: string | null;
  method: DiscoveryMethodValue;
  foundOn: string | null;
  depth: number;
  /** HTTP status of the final response; null when none arrived. 304 keeps what the last full read stored. */
  status: number | null;
  contentType: string | null;
  bytesCompressed: number;
  bytesUncompressed: number;
  gzip: boolean;
  kind: SitemapKindValue | null;
  summary: { entries: { url: number; sitemap: number } } | null;
  error: { code: string; message: string } | null;
  /** The ETag and Last-Modified response headers, verbatim: sent back as If-None-Match / If-Modified-Since. */
  etag?: string | null;
  lastModified?: string | null;
  invalidEntries?: number;
  generator?: string | null;
}

export interface RecordSitemapFileOptions {
  domainId: number;
  crawlRunId: number | null;
  report: SitemapFileRecord;
}

export interface SitemapValidators {
  etag: string | null;
  lastModified: string | null;
}

const COLUMNS = `domain_id, crawl_run_id, url, final_url, kind, discovery_method, found_on, depth, http_status, content_type,
  etag, last_modified, gzip, bytes_compressed, bytes_uncompressed, url_entries, sitemap_entries, invalid_entries,
  generator, error_code, error_message, summary, fetched_at`;
const VALUES = `$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22::jsonb,
  CASE WHEN $9::integer IS NULL THEN NULL ELSE now() END`;

/** A full read replaces everything the file's row says, validators included (a server may stop sending them). */
export const UPSERT_SITEMAP_FILE_SQL = `
INSERT INTO sitemap_files (${COLUMNS}) VALUES (${VALUES})
ON CONFLICT (domain_id, url) DO UPDATE SET
  crawl_run_id = excluded.crawl_run_id, final_url = excluded.final_url, kind = excluded.kind,
  discovery_method = excluded.discovery_method, found_on = excluded.found_on, depth = excluded.depth,
  http_status = excluded.http_status, content_type = excluded.content_type, etag = excluded.etag,
  last_modified = excluded.last_modified, gzip = excluded.gzip, bytes_compressed = excluded.bytes_compressed,
  bytes_uncompressed = excluded.bytes_uncompressed, url_entries = excluded.url_entries,
  sitemap_entries = excluded.sitemap_entries, invalid_entries = excluded.invalid_entries,
  generator = excluded.generator, error_code = excluded.error_code, error_message = excluded.error_message,
  summary = excluded.summary, fetched_at = excluded.fetched_at
RETURNING id`;

/** 304 Not Modified: the body was not sent, so kind, sizes and counts stay those of the last full read. */
export const UPSERT_SITEMAP_FILE_NOT_MODIFIED_SQL = `
INSERT INTO sitemap_files (${COLUMNS}) VALUES (${VALUES})
ON CONFLICT (domain_id, url) DO UPDATE SET
  crawl_run_id = excluded.crawl_run_id, http_status = excluded.http_status,
  etag = coalesce(excluded.etag, sitemap_files.etag),
  last_modified = coalesce(excluded.last_modified, sitemap_files.last_modified),
  error_code = NULL, error_message = NULL, fetched_at = excluded.fetched_at
RETURNING id`;

export const SITEMAP_VALIDATORS_SQL = `
SELECT etag, last_modified FROM sitemap_files WHERE domain_id = $1 AND url = $2`;

const NOT_MODIFIED = 304;

/** The CHECK allows real HTTP statuses only; anything else is stored as "no response". */
function checkedStatus(status: number | null): number | null {
  return status !== null && Number.isInteger(status) && status >= 100 && status <= 599 ? status : null;
}

/**
 * Stores what fetching one sitemap file found (keyed by domain and URL, so a re-crawl updates the same row) and
 * returns the row's id, which the page writer records on each page.
 * @example
 *   const sitemapFileId = await recordSitemapFile(db, { domainId, crawlRunId, report: { ...report, etag, lastModified } });
 */
export async function recordSitemapFile(db: Database, options: RecordSitemapFileOptions): Promise<number> {
  const { report } = options;
  const status = checkedStatus(report.status);
  const sql = status === NOT_MODIFIED ? UPSERT_SITEMAP_FILE_NOT_MODIFIED_SQL : UPSERT_SITEMAP_FILE_SQL;
  const { rows } = await db.query<{ id: number }>(sql, [
    options.domainId,
    options.crawlRunId,
    report.url,
    report.finalUrl,
    report.kind,
    report.method,
    report.foundOn,
    Math.max(0, report.depth),
    status,
    report.contentType,
    report.etag ?? null,
    report.lastModified ?? null,
    report.gzip,
    Math.max(0, report.bytesCompressed),
    Math.max(0, report.bytesUncompressed),
    report.summary?.entries.url ?? 0,
    report.summary?.entries.sitemap ?? 0,
    report.invalidEntries ?? 0,
    report.generator ?? null,
    report.error?.code ?? null,
    report.error?.message ?? null,
    report.summary === null ? null : JSON.stringify(report.summary),
  ]);
  const row = rows[0];
  if (row === undefined) throw new SitescoutError('SS_ERR_DB_QUERY', `recordSitemapFile: no id returned for ${report.url}`);
  return Number(row.id);
}

/**
 * The validators stored for a sitemap file, for a conditional request; null when the file is unknown or the
 * server sent neither.
 * @example
 *   const validators = await sitemapValidators(db, domainId, 'https://example.com/sitemap.xml');
 *   // => { etag: '"abc"', lastModified: 'Wed, 01 May 2024 10:00:00 GMT' }
 */
export async function sitemapValidators(db: Database, domainId: number, url: string): Promise<SitemapValidators | null> {
  const { rows } = await db.query<{ etag: string | null; last_modified: string | null }>(SITEMAP_VALIDATORS_SQL, [domainId, url]);
  const row = rows[0];
  if (row === undefined || (row.etag === null && row.last_modified === null)) return null;
  return { etag: row.etag, lastModified: row.last_modified };
}

/** What the last read of a file left: enough to decide whether a conditional request may stand in for reading it. */
export interface PreviousRead extends SitemapValidators {
  id: number;
  kind: SitemapKindValue | null;
  errorCode: string | null;
}

export const PREVIOUS_READ_SQL = `
SELECT id, etag, last_modified, kind, error_code FROM sitemap_files WHERE domain_id = $1 AND url = $2`;

/**
 * The file's row from its last read, or null when it was never read.
 * @example
 *   const previous = await previousRead(db, domainId, url); // { id: 7, etag: '"abc"', lastModified: null, kind: 'urlset', errorCode: null }
 */
export async function previousRead(db: Database, domainId: number, url: string): Promise<PreviousRead | null> {
  const { rows } = await db.query<{ id: number; etag: string | null; last_modified: string | null; kind: SitemapKindValue | null; error_code: string | null }>(
    PREVIOUS_READ_SQL,
    [domainId, url],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return { id: Number(row.id), etag: row.etag, lastModified: row.last_modified, kind: row.kind, errorCode: row.error_code };
}
