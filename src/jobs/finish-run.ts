import type { DomainOutcomeValue, JsonValue } from '../db/index.js';
import { createEvidence, decideOutcome, wellKnownCandidates, type FailureKind } from '../discovery/index.js';
import type { ErrorCode } from '../errors.js';
import { countRunPages, finishCrawlRun, lockRun, markGone, openRunFiles, readRunLedger, setRunCounts, setRunPhase } from '../inventory/index.js';
import type { PipelineContext } from './crawl-pipeline.js';
import { admitInto, admitTopLevel } from './discover-domain-job.js';

/** The code a run that read nothing of its site is finished with (docs/errors.md). */
const UNREAD_CODES = {
  blocked: 'SS_ERR_DOMAIN_BLOCKED',
  unreachable: 'SS_ERR_DOMAIN_UNREACHABLE',
  'timed-out': 'SS_ERR_DOMAIN_TIMED_OUT',
} as const satisfies Partial<Record<DomainOutcomeValue, ErrorCode>>;

interface StoredProbe {
  url: string;
  answered: boolean;
  failure: FailureKind | null;
  blocked: string | null;
  error: { code: string; message: string } | null;
  mayProbe: boolean;
}

function readProbe(value: JsonValue): StoredProbe | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const error = value['error'];
  return {
    url: String(value['url'] ?? ''),
    answered: value['answered'] === true,
    failure: (typeof value['failure'] === 'string' ? value['failure'] : null) as FailureKind | null,
    blocked: typeof value['blocked'] === 'string' ? value['blocked'] : null,
    error:
      typeof error === 'object' && error !== null && !Array.isArray(error) && typeof error['code'] === 'string'
        ? { code: error['code'], message: String(error['message'] ?? '') }
        : null,
    mayProbe: value['mayProbe'] === true,
  };
}

/**
 * Finishes the run when its last open file has closed: called by every job that closes one, so whichever comes
 * last does it, once (the run's row is locked, and a finished run is left alone). Before the verdict it moves the
 * run to its well-known phase when those probes are wanted; then gone detection and the exact page counts, and the
 * run is completed — all in one transaction.
 */
export async function tryFinishRun(context: PipelineContext, runId: number): Promise<void> {
  const { settings } = context;
  const finished = await context.db.transaction(async (tx) => {
    const run = await lockRun(tx, runId);
    if (run === null || run.status !== 'running') return null;
    if ((await openRunFiles(tx, runId)) > 0) return null;
    const { rows } = await tx.query<{ domain_id: number; name: string }>('SELECT d.id AS domain_id, d.name FROM crawl_runs r JOIN domains d ON d.id = r.domain_id WHERE r.id = $1', [runId]);
    const domain = rows[0]!;
    const probes = run.probes.map(readProbe).filter((p): p is StoredProbe => p !== null);
    let ledger = await readRunLedger(tx, runId);

    const wanted = settings.wellKnown === 'always' || (settings.wellKnown === 'fallback' && ledger.sitemapsRead === 0);
    const mayProbe = probes.length > 0 && probes.every((p) => p.mayProbe);
    if (run.phase === 'published' && wanted && mayProbe && run.stopReason === null && run.origin !== null) {
      // In the same transaction as the phase, so a crash cannot leave a run in its probe phase with nothing queued.
      await setRunPhase(tx, runId, 'well-known');
      const admitted = await admitInto(tx, context, { domain: domain.name, runId, files: run.files }, admitTopLevel(context, domain.name, wellKnownCandidates(run.origin)));
      if (admitted.includes('queued')) return null;
      ledger = await readRunLedger(tx, runId);
    }

    const evidence = createEvidence();
    for (const probe of probes) if (probe.failure !== 'aborted') evidence.add(probe);
    for (const file of ledger.evidence) evidence.add({ ...file, failure: file.failure as FailureKind | null });
    const stats = {
      filesFetched: ledger.filesFetched,
      sitemapsRead: ledger.sitemapsRead,
      urlEntries: 0,
      skipped: { depth: 0, cap: 0, 'cross-host': 0, duplicate: 0, cycle: 0 },
      notRead: ledger.byState['not-read'],
      peakPendingSitemaps: 0,
    };
    const { outcome, reason } = decideOutcome({ evidence, stats, stop: run.stopReason, maxUrlsPerDomain: settings.discovery.maxUrlsPerDomain });
    let gone = 0;
    if (outcome === 'ok') {
      // Only when every file was read in full may an unlisted page count as gone; otherwise only the pages of the
      // files that were (a file that failed this time keeps its pages).
      const whole = ledger.allReadInFull && run.stopReason === null;
      gone = await markGone(tx, { domainId: Number(domain.domain_id), crawlRunId: runId, ...(whole ? {} : { sitemapFileIds: ledger.readInFull }) });
    }
    const counts = await countRunPages(tx, runId);
    await setRunCounts(tx, runId, { ...counts, gone, sitemapsFetched: ledger.sitemapsRead });
    const unread = outcome === 'blocked' || outcome === 'unreachable' || outcome === 'timed-out';
    await finishCrawlRun(tx, runId, { status: 'completed', outcome, error: unread ? { code: UNREAD_CODES[outcome], message: reason ?? outcome } : null });
    // Contacts come after the inventory, in the same transaction: a run that asked for them cannot end without them.
    if (run.withContacts && !unread) await context.queue.enqueueScrapeContacts({ domain: domain.name, runId }, { db: tx });
    return { done: { domain: domain.name, outcome, reason } };
  });
  if (finished === null) return;
  context.emit({ type: 'run-finished', runId, domain: finished.done.domain, status: 'completed', outcome: finished.done.outcome });
}
