import type { SitemapLimits } from '../config.js';
import type { DomainBudget, HttpClient, Validators } from '../fetch/index.js';
import type { SitemapEntry } from '../sitemap/index.js';
import { admitChildStateless, type StatelessRules, type WalkItem } from './admit-sitemap.js';
import { toErrorInfo } from './describe-failure.js';
import { emptyReport, readSitemapFile, type FileResult } from './read-sitemap-file.js';
import { MAX_LISTED_SKIPS } from './run-walk-pool.js';
import type { FullSitemapFileReport, SkipReason } from './types.js';

/** What queueing a listed child came to: queued, skipped for a reason the walk's memory knows, or the walk is stopping. */
export type ChildOffer = 'queued' | 'duplicate' | 'cap' | 'stop';

/** Where one file's results go when the walk around it is not in this process (a job per file). */
export interface OneSitemapHooks {
  /** A batch of entries, in document order; resolves once it was taken (the backpressure). */
  sendEntries(entries: SitemapEntry[]): Promise<void>;
  /** A listed child that passed the checks one file can make alone (URL, cycle, depth, cross-host). */
  offerChild(child: WalkItem): Promise<ChildOffer>;
  /** Grants up to `wanted` URL entries of the domain's allowance; fewer means it ran out. */
  takeUrls(wanted: number): Promise<number>;
  /** Non-null once the domain's walk is stopping: the file ends there. */
  stopCode(): 'SS_ERR_DISCOVERY_STOPPED' | null;
}

export interface ReadOneSitemapOptions {
  signal: AbortSignal;
  /** The domain's time budget; default a fresh one from the client. */
  budget?: DomainBudget;
  sitemapLimits?: Partial<SitemapLimits>;
  /** What the last read of the file said about itself: the request is made conditional. */
  validators?: Validators | null;
  /** maxIndexDepth, followCrossHost and the target's site (siteKey), for its children. */
  rules: StatelessRules;
  hooks: OneSitemapHooks;
  now?: () => number;
  /** Entries gathered from the parser before each takeUrls and sendEntries (default 1: as the parser yields them). */
  minBatchEntries?: number;
}

function recordSkip(report: FullSitemapFileReport, url: string, reason: SkipReason | 'invalid-url'): void {
  if (reason === 'invalid-url') {
    report.invalidChildren += 1;
    return;
  }
  report.skippedChildrenByReason[reason] += 1;
  if (report.skippedChildren.length < MAX_LISTED_SKIPS) report.skippedChildren.push({ url, reason });
}

/**
 * Fetches and reads one admitted sitemap file on its own, as a job does: the same fetch, sniffing, block detection
 * and streaming parse as walkSitemaps, with the walk's shared memory (duplicates, the per-domain cap, the URL
 * allowance) behind `hooks`. A conditional request that answers 304 comes back with `notModified` and nothing read.
 * Never throws for the site's sake; every failure is in the report.
 * @example
 *   const { report, notModified } = await readOneSitemap(item, http, { signal, rules, hooks, validators });
 */
export async function readOneSitemap(item: WalkItem, http: HttpClient, options: ReadOneSitemapOptions): Promise<FileResult> {
  const { hooks } = options;
  try {
    return await readSitemapFile(item, {
      http,
      signal: options.signal,
      budget: options.budget ?? http.createBudget(),
      now: options.now ?? Date.now,
      sitemapLimits: options.sitemapLimits ?? {},
      validators: options.validators ?? null,
      ...(options.minBatchEntries === undefined ? {} : { minBatchEntries: options.minBatchEntries }),
      sendEntries: (_sitemap, entries) => hooks.sendEntries(entries),
      async offerChild(parent, loc, report) {
        const admission = admitChildStateless(parent, loc, options.rules);
        if (!admission.admitted) {
          recordSkip(report, loc, admission.reason);
          return true;
        }
        const offer = await hooks.offerChild(admission.item);
        if (offer === 'stop') return false;
        if (offer !== 'queued') recordSkip(report, loc, offer);
        return true;
      },
      takeUrls: (wanted) => hooks.takeUrls(wanted),
      stopCode: () => hooks.stopCode(),
      // Another job may have read the redirect target; the page upsert makes reading it twice harmless.
      claimFinalUrl: () => true,
    });
  } catch (error: unknown) {
    return { report: { ...emptyReport(item), error: toErrorInfo(error) }, answered: false, failure: null, notModified: false, validators: null };
  }
}
