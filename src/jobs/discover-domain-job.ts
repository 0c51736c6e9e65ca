import type { Database, JsonValue } from '../db/index.js';
import { admitTopLevelStateless, normalizeDomainInput, probeSite, siteKey, type AdmittedSitemap, type SitemapCandidate, type StatelessRules } from '../discovery/index.js';
import type { DomainBudget } from '../fetch/index.js';
import { admitRunFiles, finishCrawlRun, lockRun, readRunState, setRunProbes, startCrawlRun, upsertDomain, type RunFileAdmission } from '../inventory/index.js';
import type { PipelineContext } from './crawl-pipeline.js';
import { tryFinishRun } from './finish-run.js';
import type { DiscoverDomainPayload } from './job-payloads.js';
import type { JobContext } from './run-worker-slot.js';
import { toErrorRecord } from './job-logger.js';

/** A budget ending at a fixed time: the run's, shared by every job of the domain wherever it runs. */
export function budgetUntil(deadline: number, budgetMs: number): DomainBudget {
  return { budgetMs, deadline, remainingMs: () => Math.max(0, deadline - Date.now()) };
}

/**
 * Admits top-level (or child) sitemaps into the run's ledger and queues a fetch job for each admitted one, in one
 * transaction: a file is in the ledger exactly when its job exists. Returns what became of each.
 */
export async function admitAndQueue(context: PipelineContext, domain: string, runId: number, items: readonly AdmittedSitemap[]): Promise<RunFileAdmission[]> {
  if (items.length === 0) return [];
  return context.db.transaction(async (tx) => {
    const run = await lockRun(tx, runId);
    if (run === null || run.status !== 'running') return items.map(() => 'cap' as const);
    return admitInto(tx, context, { domain, runId, files: run.files }, items);
  });
}

/** admitAndQueue's body, for a caller that holds the run's lock in `tx` already. */
export async function admitInto(
  tx: Database,
  context: PipelineContext,
  run: { domain: string; runId: number; files: number },
  items: readonly AdmittedSitemap[],
): Promise<RunFileAdmission[]> {
  const admissions = await admitRunFiles(tx, run.runId, items, { maxSitemaps: context.settings.discovery.maxSitemapsPerDomain, files: run.files });
  for (const [i, admission] of admissions.entries()) {
    if (admission === 'queued') await context.queue.enqueueFetchSitemap({ domain: run.domain, runId: run.runId, urlKey: items[i]!.key }, { db: tx });
  }
  return admissions;
}

/** The admission rules one job can apply alone, for a domain as the run stores it (a host, maybe with a port). */
export function siteRules(context: PipelineContext, domain: string): StatelessRules {
  const hostname = new URL(normalizeDomainInput(domain).origin).hostname;
  return { maxIndexDepth: context.settings.discovery.maxIndexDepth, followCrossHost: context.settings.followCrossHost, site: siteKey(hostname) };
}

/** Top-level candidates through the checks one job can make alone; duplicates and the cap are the ledger's. */
export function admitTopLevel(context: PipelineContext, host: string, candidates: readonly SitemapCandidate[]): AdmittedSitemap[] {
  const rules = siteRules(context, host);
  const items: AdmittedSitemap[] = [];
  for (const candidate of candidates) {
    const admission = admitTopLevelStateless(candidate, rules);
    if (admission.admitted) items.push(admission.item);
  }
  return items;
}

/**
 * The discover job: opens the run (unless the enqueuer did), reads robots.txt and the home page, records what they
 * said, and admits the published sitemaps, each with its fetch job. When there is nothing to read it finishes the
 * run itself (after the well-known probes, when they are wanted).
 */
export async function discoverDomain(context: PipelineContext, payload: DiscoverDomainPayload, job: JobContext): Promise<void> {
  const { db, http, settings } = context;
  const target = normalizeDomainInput(payload.input ?? payload.domain);
  const domainId = await upsertDomain(db, target.host);
  const runId = payload.runId ?? (await startCrawlRun(db, domainId));
  try {
    const state = await readRunState(db, runId);
    if (state === null || state.status !== 'running') return;
    const limits = settings.discovery;
    // A retried discover job keeps the deadline the first attempt set: the budget is the domain's, not the job's.
    const deadline = state.deadline ?? Date.now() + http.limits.domainBudgetMs;
    const site = await probeSite(target, { http, signal: job.signal, budget: budgetUntil(deadline, http.limits.domainBudgetMs) }, limits);
    if (job.signal.aborted) throw job.signal.reason;
    const probes: JsonValue[] = [site.robots, site.home].map((probe) => ({
      role: probe.report.role,
      url: probe.report.url,
      finalUrl: probe.report.finalUrl,
      status: probe.report.status,
      answered: probe.answered,
      failure: probe.failure,
      blocked: probe.report.blocked,
      error: probe.report.error,
      mayProbe: site.mayProbe,
    }));
    await setRunProbes(db, runId, { origin: site.origin, robotsUrl: site.robots.report.finalUrl, robotsTxt: site.robots.text, probes, deadline });
    await admitAndQueue(context, target.host, runId, admitTopLevel(context, target.host, site.published));
    await tryFinishRun(context, runId);
  } catch (error: unknown) {
    if (!job.lastAttempt) throw error;
    // No retry follows: the run ends failed rather than stay open for ever.
    const record = toErrorRecord(error);
    context.logger.error({ domain: target.host, runId, err: record }, 'discovery failed for good');
    await finishCrawlRun(db, runId, { status: 'failed', outcome: null, error: { code: record.code ?? 'SS_ERR_CRAWL_FAILED', message: record.message } });
    context.emit({ type: 'run-finished', runId, domain: target.host, status: 'failed', outcome: null });
  }
}
