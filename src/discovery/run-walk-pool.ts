import type { DiscoveryLimits, SitemapLimits } from '../config.js';
import type { DomainBudget, HttpClient } from '../fetch/index.js';
import type { Admitter, WalkItem } from './admit-sitemap.js';
import type { Evidence, StopReason } from './decide-outcome.js';
import { toErrorInfo } from './describe-failure.js';
import { createEventChannel } from './event-channel.js';
import { createPendingQueue } from './pending-queue.js';
import { emptyReport, readSitemapFile, type FileContext, type FileResult } from './read-sitemap-file.js';
import type { SitemapCandidate, FullSitemapFileReport, SkipReason, WalkEvent, WalkStats } from './types.js';

/** Skipped children listed per report; the rest are only counted, so an index of millions costs nothing here. */
export const MAX_LISTED_SKIPS = 100;

/** Everything one domain's walk shares between its phases and walkers. */
export interface WalkState {
  http: HttpClient;
  /** The walk's own signal: fires on the caller's abort, and when the consumer stops iterating. */
  signal: AbortSignal;
  abort(): void;
  budget: DomainBudget;
  now: () => number;
  limits: Readonly<DiscoveryLimits>;
  sitemapLimits: Partial<SitemapLimits>;
  admitter: Admitter;
  evidence: Evidence;
  stats: WalkStats;
  stop: StopReason | null;
}

function toCandidate(item: WalkItem): SitemapCandidate {
  return { url: item.url, method: item.method, foundOn: item.foundOn, depth: item.depth };
}

function recordSkip(report: FullSitemapFileReport, url: string, reason: SkipReason | 'invalid-url', stats: WalkStats): void {
  if (reason === 'invalid-url') {
    report.invalidChildren += 1;
    return;
  }
  report.skippedChildrenByReason[reason] += 1;
  stats.skipped[reason] += 1;
  if (report.skippedChildren.length < MAX_LISTED_SKIPS) report.skippedChildren.push({ url, reason });
}

async function readSafely(item: WalkItem, context: FileContext): Promise<FileResult> {
  try {
    return await readSitemapFile(item, context);
  } catch (error: unknown) {
    // readSitemapFile reports every failure itself; this keeps an unforeseen one from ending the whole walk.
    return { report: { ...emptyReport(item), error: toErrorInfo(error) }, answered: false, failure: null, notModified: false, validators: null };
  }
}

/**
 * Walks a list of top-level candidates and every index below them with `sitemapConcurrency` walkers, yielding the
 * events as they happen. Admission (cycles, duplicates, depth, cross-host, cap) decides what is fetched; the
 * pending queue's backpressure pauses an index while its children wait; the channel pauses the walkers while the
 * consumer is busy.
 */
export async function* runWalkPool(candidates: readonly SitemapCandidate[], state: WalkState): AsyncGenerator<WalkEvent, void, undefined> {
  const { stats, limits } = state;
  const items: WalkItem[] = [];
  for (const candidate of candidates) {
    const admission = state.admitter.topLevel(candidate);
    if (admission.admitted) items.push(admission.item);
    else if (admission.reason !== 'invalid-url') stats.skipped[admission.reason] += 1;
  }
  for (const item of items) yield { type: 'candidate', candidate: toCandidate(item) };
  if (items.length === 0) return;

  const walkers = limits.sitemapConcurrency;
  const canPause = walkers >= 2 && state.http.limits.perHostConcurrency >= 2;
  const queue = createPendingQueue(items, { capacity: limits.maxPendingSitemaps, maxWaitingPushers: canPause ? 1 : 0 });
  const channel = createEventChannel<WalkEvent>();
  const stopWalk = (reason: StopReason): void => {
    if (state.stop !== null) return;
    state.stop = reason;
    stats.notRead += queue.close();
  };
  const context: FileContext = {
    http: state.http,
    signal: state.signal,
    budget: state.budget,
    now: state.now,
    sitemapLimits: state.sitemapLimits,
    sendEntries: (sitemap, entries) => channel.send({ type: 'entries', sitemap, entries }),
    async offerChild(parent, loc, report) {
      const admission = state.admitter.child(parent, loc);
      if (!admission.admitted) {
        recordSkip(report, loc, admission.reason, stats);
        return true;
      }
      await channel.send({ type: 'candidate', candidate: toCandidate(admission.item) });
      const queued = await queue.push(admission.item);
      if (!queued) stats.notRead += 1;
      return queued;
    },
    takeUrls(wanted) {
      const granted = Math.min(wanted, limits.maxUrlsPerDomain - stats.urlEntries);
      stats.urlEntries += granted;
      if (granted < wanted) stopWalk('max-urls');
      return granted;
    },
    stopCode: () => (state.stop === null ? null : 'SS_ERR_DISCOVERY_STOPPED'),
    claimFinalUrl: (item, finalUrl) => state.admitter.claimFinalUrl(item, finalUrl),
  };

  async function walker(): Promise<void> {
    for (;;) {
      const item = await queue.take();
      if (item === null) return;
      try {
        stats.filesFetched += 1;
        const { report, answered, failure } = await readSafely(item, context);
        if (report.isSitemap) stats.sitemapsRead += 1;
        if (failure !== 'aborted') state.evidence.add({ url: item.url, answered, failure, blocked: report.blocked, error: report.error });
        if (report.error?.code === 'SS_ERR_FETCH_BUDGET') stopWalk('budget');
        await channel.send({ type: 'sitemap', report });
      } finally {
        queue.finish();
      }
    }
  }

  const settled = Promise.all(Array.from({ length: walkers }, walker)).finally(() => channel.close());
  let finished = false;
  try {
    for (;;) {
      const next = await channel.receive();
      if (next.done === true || state.signal.aborted) break;
      yield next.value;
    }
    finished = !state.signal.aborted;
  } finally {
    if (!finished) {
      state.abort();
      queue.close();
      channel.cancel();
    }
    await settled;
    stats.peakPendingSitemaps = Math.max(stats.peakPendingSitemaps, queue.peak);
  }
}
