import { csvText, quoteCsv } from '../csv.js';
import type { SitemapEntry, SitemapSummary } from '../sitemap/index.js';

export const FORMATS = ['ndjson', 'csv', 'json', 'summary', 'table'] as const;
export type OutputFormat = (typeof FORMATS)[number];

/**
 * Turns batches of entries into output text. Each format writes a head, one string per batch and a tail, so
 * output streams with the parse and nothing is held but the current batch.
 */
export interface EntryFormatter {
  head(): string;
  batch(entries: readonly SitemapEntry[]): string;
  tail(summary: SitemapSummary): string;
}

const CSV_COLUMNS = ['type', 'loc', 'lastmod', 'changefreq', 'priority', 'images', 'videos', 'news', 'alternates', 'invalid'] as const;

export function createFormatter(format: OutputFormat): EntryFormatter {
  switch (format) {
    case 'ndjson':
      return { head: () => '', batch: (entries) => entries.map((e) => JSON.stringify(e) + '\n').join(''), tail: () => '' };
    case 'csv':
      return { head: () => CSV_COLUMNS.join(',') + '\n', batch: (entries) => entries.map(csvRow).join(''), tail: () => '' };
    case 'json': {
      let first = true;
      return {
        head: () => '{"entries":[',
        batch: (entries) =>
          entries
            .map((e) => {
              const sep = first ? '\n' : ',\n';
              first = false;
              return sep + JSON.stringify(e);
            })
            .join(''),
        tail: (summary) => `\n],"summary":${JSON.stringify(summary)}}\n`,
      };
    }
    case 'summary':
      return { head: () => '', batch: () => '', tail: (summary) => JSON.stringify(summary, null, 2) + '\n' };
    case 'table':
      return {
        head: () => `${'lastmod'.padEnd(24)} ${'freq'.padEnd(7)} ${'prio'.padEnd(4)} loc\n`,
        batch: (entries) =>
          entries
            .map((e) => {
              const freq = e.type === 'url' ? (e.changefreq ?? '') : 'index';
              const prio = e.type === 'url' && e.priority !== null ? String(e.priority) : '';
              return `${(e.lastmod ?? '').padEnd(24)} ${freq.padEnd(7)} ${prio.padEnd(4)} ${e.loc}\n`;
            })
            .join(''),
        tail: () => '',
      };
  }
}

function csvRow(e: SitemapEntry): string {
  const cells =
    e.type === 'url'
      ? [e.type, e.loc, e.lastmod, e.changefreq, e.priority, e.images.length, e.videos.length, e.news === null ? 0 : 1, e.alternates.length, invalidCell(e.invalid)]
      : [e.type, e.loc, e.lastmod, null, null, 0, 0, 0, 0, invalidCell(e.invalid)];
  return cells.map(csvCell).join(',') + '\n';
}

function invalidCell(invalid: SitemapEntry['invalid']): string | null {
  return invalid.length === 0 ? null : JSON.stringify(invalid);
}

/** RFC 4180 quoting; text gets the formula guard (csvText), numbers do not. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  return typeof value === 'string' ? csvText(value) : quoteCsv(String(value));
}
