import { LimitExceededError } from '../errors.js';
import type { SitemapEntry, SitemapSummary, SitemapWarning, WarningCode } from './types.js';

/** The sitemaps protocol's own limits: reported as warnings, never enforced. */
export const PROTOCOL_MAX_URLS = 50_000;
export const PROTOCOL_MAX_BYTES = 50 * 1024 * 1024;

/**
 * Where readers put finished entries and warnings. The parse loop drains `out` after every chunk, so it holds
 * at most one chunk's entries. It keeps the summary's counts and enforces maxEntriesPerSitemap.
 */
export class EntryCollector {
  out: SitemapEntry[] = [];
  readonly #summary: SitemapSummary;
  readonly #maxEntries: number;
  readonly #onWarning: ((warning: SitemapWarning) => void) | undefined;
  #count = 0;

  constructor(summary: SitemapSummary, maxEntries: number, onWarning?: (warning: SitemapWarning) => void) {
    this.#summary = summary;
    this.#maxEntries = maxEntries;
    this.#onWarning = onWarning;
  }

  readonly warn = (code: WarningCode, message: string, offset: number | null): void => {
    const w = this.#summary.warnings;
    w[code] = (w[code] ?? 0) + 1;
    this.#onWarning?.({ code, message, offset });
  };

  push(entry: SitemapEntry, offset: number): void {
    if (this.#count >= this.#maxEntries) {
      throw new LimitExceededError('SS_ERR_LIMIT_ENTRIES', 'maxEntriesPerSitemap', this.#maxEntries, this.#count + 1, { offset });
    }
    this.#count++;
    const s = this.#summary;
    const f = s.fields;
    if (entry.lastmod !== null) f.lastmod++;
    if (entry.type === 'url') {
      s.entries.url++;
      if (entry.changefreq !== null) f.changefreq++;
      if (entry.priority !== null) f.priority++;
      if (entry.images.length > 0) f.images++;
      if (entry.videos.length > 0) f.videos++;
      if (entry.news !== null) f.news++;
      if (entry.alternates.length > 0) f.alternates++;
      if (s.entries.url === PROTOCOL_MAX_URLS + 1) {
        this.warn('protocol-max-urls', `more than ${PROTOCOL_MAX_URLS} URLs in one sitemap (the protocol's limit); all are kept`, offset);
      }
    } else {
      s.entries.sitemap++;
      if (s.entries.sitemap === PROTOCOL_MAX_URLS + 1) {
        this.warn('protocol-max-urls', `more than ${PROTOCOL_MAX_URLS} sitemaps in one index (the protocol's limit); all are kept`, offset);
      }
    }
    this.out.push(entry);
  }
}
