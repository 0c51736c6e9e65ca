import { classifyPageType } from '../../src/analysis/index.js';
import { resolveContactLimits, resolveDiscoveryLimits, type ContactLimits, type DiscoveryLimits, type EnrichmentSettings } from '../../src/config.js';
import type { CrawlRunRow, Database, RunFileState } from '../../src/db/index.js';
import { createHttpClient, type HttpClient } from '../../src/fetch/index.js';
import { startCrawlRun, upsertDomain } from '../../src/inventory/index.js';
import { createCrawlPipeline, createJobQueue, type CrawlEvent, type CrawlSettings, type JobHandlers, type JobQueue } from '../../src/jobs/index.js';
import type { MutableSite } from '../fixtures/mutable-site.js';
import { waitFor } from './support.js';

export const FAST_RETRY = { retryLimit: 2, retryDelaySeconds: 0, retryBackoff: false };

export interface CrawlOptions {
  db: Database;
  bossSchema: string;
  site: MutableSite;
  discovery?: Partial<DiscoveryLimits>;
  wellKnown?: CrawlSettings['wellKnown'];
  concurrency?: number;
  /** Wraps the handlers, to inject failures. */
  wrap?: (handlers: JobHandlers, events: { on(listener: (event: CrawlEvent) => void): void }) => JobHandlers;
  /** More queues (other "workers" on other connections) to run the same handlers. */
  extraDbs?: Database[];
  /** Start the run with contact extraction, and wait for it too. */
  withContacts?: boolean;
  contacts?: Partial<ContactLimits>;
  /** Enrichment on: new contacts are queued for it, and the run waits for their sends too. */
  enrichment?: EnrichmentSettings;
}

export function siteHost(site: MutableSite): string {
  return `127.0.0.1:${site.port}`;
}

/** One crawl run of the site through the real job pipeline, waited for; returns the finished run's row. */
export async function crawlOnce(options: CrawlOptions): Promise<CrawlRunRow> {
  const { db, site } = options;
  const settings: CrawlSettings = {
    discovery: resolveDiscoveryLimits(options.discovery ?? {}, {}),
    sitemap: {},
    followCrossHost: false,
    wellKnown: options.wellKnown ?? 'never',
    contacts: resolveContactLimits(options.contacts ?? {}, {}),
  };
  const http: HttpClient = createHttpClient({ env: {}, allowPrivateNetworks: true, limits: { politenessDelayMs: 0, retryBaseDelayMs: 1, maxRetries: 1 } });
  const queues: JobQueue[] = [];
  const listeners: Array<(event: CrawlEvent) => void> = [];
  const closers: Array<() => Promise<void>> = [];
  try {
    for (const handle of [db, ...(options.extraDbs ?? [])]) {
      const queue = createJobQueue({ db: handle, schema: options.bossSchema, pollIntervalMs: 50, retry: FAST_RETRY });
      await queue.start();
      queues.push(queue);
    }
    const host = siteHost(site);
    const domainId = await upsertDomain(db, host);
    const runId = await startCrawlRun(db, domainId, { withContacts: options.withContacts === true });
    await queues[0]!.enqueueDiscover(host, { runId, input: `${site.origin}/` });
    for (const [i, queue] of queues.entries()) {
      const pipeline = createCrawlPipeline({
        db: [db, ...(options.extraDbs ?? [])][i]!,
        queue,
        http,
        settings,
        classify: classifyPageType,
        onEvent: (event) => listeners.forEach((l) => l(event)),
        ...(options.enrichment === undefined ? {} : { enrichment: options.enrichment }),
      });
      closers.push(pipeline.close);
      const handlers = options.wrap === undefined ? pipeline.handlers : options.wrap(pipeline.handlers, { on: (l) => void listeners.push(l) });
      queue.work(handlers, { concurrency: options.concurrency ?? 2 });
      queue.workDeadLetters(pipeline.settleDeadLetter);
    }
    const [run] = await waitFor(
      async () => (await db.query<CrawlRunRow>('SELECT * FROM crawl_runs WHERE id = $1', [runId])).rows,
      (rows) => rows[0]?.finished_at !== null,
      60_000,
    );
    if (options.withContacts === true) await waitFor(() => queues[0]!.openJobs(), (n) => n === 0, 60_000);
    return run!;
  } finally {
    for (const queue of queues) await queue.stop({ graceful: true, timeoutMs: 5_000 });
    for (const close of closers) await close();
    await http.close();
  }
}

/** The ledger of a run: url path → state. */
export async function ledgerOf(db: Database, runId: number): Promise<Record<string, RunFileState>> {
  const { rows } = await db.query<{ url: string; state: RunFileState }>('SELECT url, state FROM crawl_run_files WHERE crawl_run_id = $1 ORDER BY url', [runId]);
  return Object.fromEntries(rows.map((r) => [new URL(r.url).pathname, r.state]));
}

/** The domain's pages: path → gone or listed. */
export async function pageStates(db: Database, host: string): Promise<Record<string, 'listed' | 'gone'>> {
  const { rows } = await db.query<{ url: string; gone: boolean }>(
    'SELECT p.url, p.gone_since IS NOT NULL AS gone FROM pages p JOIN domains d ON d.id = p.domain_id WHERE d.name = $1 ORDER BY p.url',
    [host],
  );
  return Object.fromEntries(rows.map((r) => [new URL(r.url).pathname, r.gone ? 'gone' : 'listed']));
}

export function counts(run: CrawlRunRow): { status: string; outcome: string | null; new: number; updated: number; seen: number; gone: number; sitemaps: number } {
  return {
    status: run.status,
    outcome: run.outcome,
    new: Number(run.pages_new),
    updated: Number(run.pages_updated),
    seen: Number(run.pages_seen),
    gone: Number(run.pages_gone),
    sitemaps: Number(run.sitemaps_fetched),
  };
}
