import { LimitExceededError } from '../errors.js';
import type { SitemapEntry, SitemapSummary, SitemapWarning, WarningCode } from './types.js';

/** The sitemaps protocol's own limits: reported as warnings, never enforced. */
export const PROTOCOL_MAX_URLS = 50_000;
export const PROTOCOL_MAX_BYTES = 50 * 1024 * 1024;

/**
 * `#watch` runs at least once every this many entries. V8 records type feedback for a function only after its first
 * few calls, so a call made once, at the first entry, would leave the call site without it.
 */
const WATCH_EVERY = 64;

/**
 * Where readers put finished entries and warnings. The parse loop drains `out` after every chunk, so it holds
 * at most one chunk's entries. It keeps the summary's counts and enforces maxEntriesPerSitemap.
 */
export class EntryCollector {
  out: SitemapEntry[] = newBatch();
  readonly #summary: SitemapSummary;
  readonly #maxEntries: number;
  readonly #onWarning: ((warning: SitemapWarning) => void) | undefined;
  #count = 0;
  /**
   * The count at which `#watch` runs next: when it has something to check, and at least every WATCH_EVERY entries,
   * so that its call site has type feedback before the parse loop is optimised. A branch first taken after that (the
   * protocol warning, 50,000 entries in) deoptimised the fast path's entry loop, into which `push` is inlined.
   */
  #watchAt = 0;

  constructor(summary: SitemapSummary, maxEntries: number, onWarning?: (warning: SitemapWarning) => void) {
    this.#summary = summary;
    this.#maxEntries = maxEntries;
    this.#onWarning = onWarning;
  }

  readonly warn = (code: WarningCode, message: string, offset: number | null): void => {
    this.#warn(code, message, offset);
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
    } else {
      s.entries.sitemap++;
    }
    if (this.#count >= this.#watchAt) this.#watch(entry.type === 'url', offset);
    this.out.push(entry);
  }

  /** The entries pushed since the last call; `out` starts again empty. */
  drain(): SitemapEntry[] {
    const out = this.out;
    this.out = newBatch();
    return out;
  }

  /** `warn` as a method, for `#watch`: the same call target in every parse, where each `warn` closure is a new one. */
  #warn(code: WarningCode, message: string, offset: number | null): void {
    const w = this.#summary.warnings;
    w[code] = (w[code] ?? 0) + 1;
    this.#onWarning?.({ code, message, offset });
  }

  /**
   * After an entry was counted: the protocol's warning when it is the 50,001st url or sitemap. Then sets the next
   * count to look at, no later than the warning can next be due: each count grows by at most one per entry.
   */
  #watch(isUrl: boolean, offset: number): void {
    const e = this.#summary.entries;
    if (isUrl && e.url === PROTOCOL_MAX_URLS + 1) {
      this.#warn('protocol-max-urls', `more than ${PROTOCOL_MAX_URLS} URLs in one sitemap (the protocol's limit); all are kept`, offset);
    }
    if (!isUrl && e.sitemap === PROTOCOL_MAX_URLS + 1) {
      this.#warn('protocol-max-urls', `more than ${PROTOCOL_MAX_URLS} sitemaps in one index (the protocol's limit); all are kept`, offset);
    }
    const urlGap = PROTOCOL_MAX_URLS + 1 - e.url;
    const sitemapGap = PROTOCOL_MAX_URLS + 1 - e.sitemap;
    this.#watchAt = this.#count + Math.min(WATCH_EVERY, urlGap > 0 ? urlGap : WATCH_EVERY, sitemapGap > 0 ? sitemapGap : WATCH_EVERY);
  }
}

/** An empty array already of the elements kind "any object": the template's slice keeps it. */
const BATCH_TEMPLATE: readonly SitemapEntry[] = [null as unknown as SitemapEntry];

/**
 * A new, empty batch. A `[]` literal starts as an array of small integers, widened by its first entry; the inlined
 * `out.push` then met both kinds and deoptimised on the next new batch. Every batch here is an array of objects.
 */
function newBatch(): SitemapEntry[] {
  return BATCH_TEMPLATE.slice(0, 0);
}
