import { csvText, quoteCsv } from '../csv.js';
import type { PageRow } from '../db/index.js';

/** The columns an export carries, in order: the page as a user sees it, without internal ids. */
export const EXPORT_COLUMNS = [
  'url',
  'lastmod',
  'changefreq',
  'priority',
  'page_type',
  'image_count',
  'video_count',
  'news_count',
  'alternate_count',
  'first_seen',
  'last_seen',
  'updated_at',
  'gone_since',
  'curation_status',
  'processing_status',
] as const satisfies readonly (keyof PageRow)[];

export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** The export's timestamp columns: read as ISO 8601 text (export-pages.ts), not as Dates. */
export const TIMESTAMP_COLUMNS: ReadonlySet<ExportColumn> = new Set(['lastmod', 'first_seen', 'last_seen', 'updated_at', 'gone_since'] as const satisfies readonly ExportColumn[]);

/** A page as the export reads it: the columns of PageRow, its timestamps as ISO 8601 text. */
export type ExportedPage = { [K in ExportColumn]: PageRow[K] extends Date ? string : PageRow[K] extends Date | null ? string | null : PageRow[K] };

type Cell = string | number | Date | null;

function plain(value: Cell): string | number | null {
  return value instanceof Date ? value.toISOString() : value;
}

/** RFC 4180; null is empty; text gets the formula guard (csvText), numbers and dates do not. */
export function csvField(value: Cell): string {
  const v = plain(value);
  return v === null ? '' : typeof v === 'string' && !(value instanceof Date) ? csvText(v) : quoteCsv(String(v));
}

/** RFC 4180 ends every record, the last included, with CRLF. */
export function csvRecord(values: readonly Cell[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export const CSV_HEADER = csvRecord(EXPORT_COLUMNS);

export function csvLine(page: ExportedPage): string {
  return csvRecord(EXPORT_COLUMNS.map((column) => page[column]));
}

/** The page as a JSON object: the export's columns, dates as ISO strings. */
export type PageRecord = Record<ExportColumn, string | number | null>;

export function pageRecord(page: ExportedPage): PageRecord {
  const record = {} as PageRecord;
  for (const column of EXPORT_COLUMNS) record[column] = plain(page[column]);
  return record;
}

export function ndjsonLine(page: ExportedPage): string {
  return `${JSON.stringify(pageRecord(page))}\n`;
}
