import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { SitescoutError } from '../errors.js';
import type { Database, PageTypeValue } from '../db/index.js';
import type { UrlEntry } from '../sitemap/index.js';
import { toPageValues, type PageValues } from './page-row.js';
import { insertNewPageBatch, upsertPageBatch, type PageBatchCounts } from './upsert-pages.js';

export interface PageWriterOptions {
  domainId: number;
  crawlRunId: number;
  /** The file the entries came from; null for entries with no file (a URL given by hand). */
  sitemapFileId: number | null;
  /** Distinct URLs per statement. Default 1,000. */
  batchSize?: number;
  /** The page type of a URL. The composition root passes analysis's classifyPageType; default 'other'. */
  classify?: (url: string) => PageTypeValue;
  /**
   * Full batches that may still be on their way to the database when write() resolves: 0 (the default) resolves
   * only once they are in; 1 lets the caller parse the next batch while the last one is written (at most one batch
   * written and one filling, so memory stays bounded). Rows are written in order either way, and finish() resolves
   * once every row is in.
   */
  batchesInFlight?: 0 | 1;
  /**
   * Tell updated pages from unchanged ones (default true). false saves a probe per row: `new` stays exact, and
   * `existing` counts the rest, with `updated` and `unchanged` left at 0 (see upsertPageBatch).
   */
  countUpdates?: boolean;
  /** Commit each batch without waiting for the WAL flush: see UpsertPageBatchOptions.asyncCommit. Default false. */
  asyncCommit?: boolean;
}

/** What a writer did: distinct URLs per batch, so a URL repeated across batches counts once per batch it lands in. */
export interface PageWriteCounts extends PageBatchCounts {
  /** Entries not written because the table cannot hold their URL (empty, NUL, over 2,048 bytes). */
  skipped: number;
}

export interface PageWriter {
  /**
   * Buffers the entries and writes every full batch before resolving (with `batchesInFlight: 1`, all but the last,
   * which is being written): awaiting it is the backpressure from the database to the parser. Calls are
   * serialised, so an un-awaited second call waits for the first. A failed batch fails the next call.
   */
  write(entries: readonly UrlEntry[]): Promise<void>;
  /** Writes what is left and returns the counts. The writer accepts nothing after it. */
  finish(): Promise<PageWriteCounts>;
}

export const DEFAULT_PAGE_BATCH_SIZE = 1000;

/**
 * The crawl's batch: five times fewer transactions, grants of the URL allowance and round trips than 1,000, for two
 * batches of 5,000 rows held in memory (about 2 MB); larger batches measured no faster (decision 0014).
 */
export const CRAWL_PAGE_BATCH_SIZE = 5000;

const defaultClassify = (): PageTypeValue => 'other';

/**
 * Streams sitemap entries into `pages` in batches of one upsert statement each. Writing the same entries again (a
 * retried job) leaves the same rows: the second pass finds them and counts them unchanged.
 * @example
 *   const writer = createPageWriter(db, { domainId, crawlRunId, sitemapFileId, classify: classifyPageType });
 *   for await (const batch of entryBatches) await writer.write(batch);
 *   const { new: added, updated, unchanged } = await writer.finish();
 */
/** URL entries classified between two returns to the event loop (about a millisecond of work). */
const ENTRIES_PER_SLICE = 512;

export function createPageWriter(db: Database, options: PageWriterOptions): PageWriter {
  const batchSize = options.batchSize ?? DEFAULT_PAGE_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new SitescoutError('SS_ERR_CONFIG_INVALID', `batchSize ${batchSize}: expected a positive integer`);
  }
  const background = options.batchesInFlight === 1;
  const countUpdates = options.countUpdates ?? true;
  const batchOptions = { countUpdates, asyncCommit: options.asyncCommit ?? false };
  const classify = options.classify ?? defaultClassify;
  const target = { domainId: options.domainId, crawlRunId: options.crawlRunId, sitemapFileId: options.sitemapFileId };
  const counts: PageWriteCounts = countUpdates ? { new: 0, updated: 0, unchanged: 0, skipped: 0 } : { new: 0, updated: 0, unchanged: 0, existing: 0, skipped: 0 };
  // Keyed by URL so a URL listed twice in one batch keeps its last entry: one statement may touch a row only once.
  let pending = new Map<string, PageValues>();
  let queue: Promise<unknown> = Promise.resolve();
  let finished = false;
  // The batch being written in the background (batchesInFlight: 1); its failure surfaces at the next flush or finish.
  let writing: Promise<void> | null = null;

  async function settle(): Promise<void> {
    const current = writing;
    writing = null;
    if (current !== null) await current;
  }

  // Until a batch meets a page that exists, batches go straight into pages by COPY (a first crawl of a domain: every
  // page is new); from the first conflict on, this writer upserts (a re-crawl, a retried job, a URL in two files).
  let onlyNewSoFar = true;
  async function writeBatch(rows: PageValues[]): Promise<PageBatchCounts> {
    if (onlyNewSoFar) {
      const inserted = await insertNewPageBatch(db, target, rows, batchOptions);
      if (inserted !== null) return inserted;
      onlyNewSoFar = false;
    }
    return upsertPageBatch(db, target, rows, batchOptions);
  }

  async function flush(): Promise<void> {
    const rows = [...pending.values()];
    pending = new Map();
    // One batch at a time, in order: a URL in two batches keeps the later batch's values.
    await settle();
    const write = writeBatch(rows).then((batch) => {
      counts.new += batch.new;
      counts.updated += batch.updated;
      counts.unchanged += batch.unchanged;
      if (counts.existing !== undefined) counts.existing += batch.existing ?? 0;
    });
    if (!background) return write;
    write.catch(() => undefined); // awaited by the next settle(); this only keeps an abandoned writer quiet
    writing = write;
  }

  async function add(entries: readonly UrlEntry[]): Promise<void> {
    let sinceYield = 0;
    for (const entry of entries) {
      // Classifying thousands of URLs is milliseconds of CPU in one go: hand the event loop back now and then, so
      // the health checks and API requests of the same process are answered between slices (issue 6).
      if (++sinceYield > ENTRIES_PER_SLICE) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
      const values = toPageValues(entry, classify);
      if (values === null) {
        counts.skipped += 1;
        continue;
      }
      pending.delete(values.url);
      pending.set(values.url, values);
      if (pending.size >= batchSize) await flush();
    }
  }

  function serialised<T>(step: () => Promise<T>): Promise<T> {
    // A failed batch fails every later call too: the rows after it were never written.
    const next = queue.then(step);
    queue = next;
    return next;
  }

  return {
    write(entries) {
      if (finished) return Promise.reject(new SitescoutError('SS_ERR_USAGE', 'page writer: write() after finish()'));
      return serialised(() => add(entries));
    },
    finish() {
      if (finished) return Promise.reject(new SitescoutError('SS_ERR_USAGE', 'page writer: finish() called twice'));
      finished = true;
      return serialised(async () => {
        if (pending.size > 0) await flush();
        await settle();
        return { ...counts };
      });
    },
  };
}
