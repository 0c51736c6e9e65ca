import { csvText, quoteCsv } from '../csv.js';
import { SitescoutError } from '../errors.js';
import type { Database } from '../db/index.js';

export type ContactExportFormat = 'ndjson' | 'csv' | 'json';

export interface ExportContactsOptions {
  /** One domain's contacts (its name as stored, lower case); all domains when absent. */
  domain?: string;
  format: ContactExportFormat;
  /** Rows per query. Default 2,000. */
  batchSize?: number;
}

/** The columns of an exported contact, in order. */
export const CONTACT_EXPORT_COLUMNS = [
  'domain',
  'email',
  'email_type',
  'has_gmail',
  'name',
  'role',
  'phone',
  'phones',
  'socials',
  'found_in',
  'context',
  'source_url',
  'first_seen',
  'last_seen',
  'enrichment_status',
] as const;

type ContactExportColumn = (typeof CONTACT_EXPORT_COLUMNS)[number];
type Value = string | number | boolean | Date | string[] | Record<string, unknown> | null;
type ExportedContact = Record<ContactExportColumn, Value>;

/*
 * Keyset pagination on (domain name, email): each query starts after the last row the previous one returned, so an
 * export of any size holds one batch at a time.
 */
export const EXPORT_CONTACT_BATCH_SQL = `
SELECT d.name AS domain, c.email, c.email_type, c.has_gmail, c.name, c.role, c.phone, c.phones, c.socials, c.found_in,
  c.context, c.source_url, c.first_seen, c.last_seen, c.enrichment_status
FROM contacts c JOIN domains d ON d.id = c.domain_id
WHERE ($1::text IS NULL OR d.name = $1) AND (d.name, c.email) > ($2, $3)
ORDER BY d.name, c.email
LIMIT $4`;

function plain(value: Value): string | number | boolean | null | string[] | Record<string, unknown> {
  return value instanceof Date ? value.toISOString() : value;
}

function csvField(value: Value): string {
  const v = plain(value);
  if (v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return quoteCsv(String(v));
  return csvText(Array.isArray(v) ? v.join(' ') : typeof v === 'object' ? JSON.stringify(v) : v);
}

function record(row: ExportedContact): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of CONTACT_EXPORT_COLUMNS) out[column] = plain(row[column]);
  return out;
}

/**
 * Contacts as output chunks, one per batch, in (domain, email) order: NDJSON lines, CSV (RFC 4180, a header first;
 * lists space-separated, objects as JSON) or one JSON array streamed in pieces.
 * @example
 *   for await (const chunk of exportContacts(db, { domain: 'example.com', format: 'csv' })) process.stdout.write(chunk);
 */
export async function* exportContacts(db: Database, options: ExportContactsOptions): AsyncGenerator<string> {
  const batchSize = options.batchSize ?? 2000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new SitescoutError('SS_ERR_CONFIG_INVALID', `batchSize ${batchSize}: expected a positive integer`);
  const { format } = options;
  if (format === 'csv') yield `${CONTACT_EXPORT_COLUMNS.join(',')}\r\n`;
  if (format === 'json') yield '[';
  let after: [string, string] = ['', ''];
  let first = true;
  for (;;) {
    const { rows } = await db.query<ExportedContact>(EXPORT_CONTACT_BATCH_SQL, [options.domain?.trim().toLowerCase() ?? null, after[0], after[1], batchSize]);
    if (rows.length === 0) break;
    let chunk = '';
    for (const row of rows) {
      if (format === 'csv') chunk += `${CONTACT_EXPORT_COLUMNS.map((c) => csvField(row[c])).join(',')}\r\n`;
      else if (format === 'ndjson') chunk += `${JSON.stringify(record(row))}\n`;
      else {
        chunk += `${first ? '\n' : ',\n'}${JSON.stringify(record(row))}`;
        first = false;
      }
    }
    yield chunk;
    const last = rows[rows.length - 1]!;
    after = [String(last.domain), String(last.email)];
    if (rows.length < batchSize) break;
  }
  if (format === 'json') yield first ? ']\n' : '\n]\n';
}
