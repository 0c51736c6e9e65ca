import type { Database } from '../db/index.js';
import type { CrawlEvent } from '../jobs/index.js';
import type { CrawlFlags } from './crawl-command.js';
import { enqueueTargets, openCrawlRuntime, readTargets, type CrawlRuntime } from './crawl-runtime.js';
import { describeError } from './describe-error.js';
import type { CliIo } from './parse-command.js';
import { formatBytes } from './progress-line.js';
import { renderTable } from './render-table.js';
import { resolveSiteSettings, type SiteSettings } from './site-walk.js';

/** Outcomes that mean nothing of the site could be read at all. */
const UNREAD = new Set(['unreachable', 'timed-out', 'blocked']);
const DEFAULT_WORKERS = 2;
const WAIT_POLL_MS = 200;

/** One domain's line of the summary. */
export interface CrawlResult {
  domain: string;
  runId: number | null;
  status: string;
  outcome: string | null;
  reason: string | null;
  sitemaps: number;
  pages: { new: number; updated: number; unchanged: number; gone: number };
  errors: number;
  error: string | null;
  /** Addresses stored for the domain (with --contacts), else null. */
  contacts: number | null;
}

interface Progress {
  done: number;
  total: number;
  sitemaps: number;
  pages: number;
  errors: number;
}

export async function runCrawl(args: string[], flags: CrawlFlags, io: CliIo): Promise<number> {
  let settings: SiteSettings;
  let workers: number;
  try {
    settings = resolveSiteSettings(flags, io.env);
    workers = parseWorkers(flags.workers);
  } catch (error: unknown) {
    io.stderr.write(`sitescout crawl: ${describeError(error)}\n`);
    return 2;
  }
  const targets = await readTargets('crawl', args, flags.file, io);
  if (targets === 2) return 2;

  const progress: Progress = { done: 0, total: targets.length, sitemaps: 0, pages: 0, errors: 0 };
  const wake = { fn: (): void => undefined };
  const onEvent = (event: CrawlEvent): void => {
    if (event.type === 'pages') progress.pages += event.count;
    else if (event.type === 'sitemap') {
      progress.sitemaps += 1;
      if (event.error !== null) progress.errors += 1;
    } else wake.fn();
  };
  let runtime: CrawlRuntime;
  try {
    runtime = await openCrawlRuntime(settings, io, { dataDir: flags.dataDir, pollIntervalMs: 100, onEvent });
  } catch (error: unknown) {
    io.stderr.write(`sitescout crawl: ${describeError(error)}\n`);
    return 1;
  }
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const stopProgress = startCrawlProgress(progress, io.stderr);
  let results: CrawlResult[];
  try {
    const withContacts = flags.contacts === true;
    const enqueued = await enqueueTargets(runtime, targets, { withContacts });
    const runIds = enqueued.flatMap((e) => (e.runId === null ? [] : [e.runId]));
    runtime.work(workers);
    await waitForRuns(runtime.db, runIds, progress, controller.signal, wake);
    // The contact jobs a run queues when it finishes: done when the domain has no job left.
    if (withContacts) await waitUntilIdle(runtime, enqueued.flatMap((e) => (e.runId === null ? [] : [e.host])), controller.signal, wake);
    results = [...(await readResults(runtime.db, runIds, withContacts)), ...enqueued.filter((e) => e.runId === null).map(busyResult)];
  } catch (error: unknown) {
    io.stderr.write(`sitescout crawl: ${describeError(error)}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    stopProgress();
    await runtime.close();
  }
  if (flags.json) io.stdout.write(JSON.stringify(results, null, 2) + '\n');
  else io.stdout.write(renderSummary(results, flags.contacts === true));
  if (controller.signal.aborted) {
    io.stderr.write('sitescout crawl: interrupted; unfinished runs stay queued, and `sitescout worker` (or the next crawl) finishes them\n');
    return 130;
  }
  let read = 0;
  for (const r of results) {
    if (r.status === 'completed' && r.outcome !== null && !UNREAD.has(r.outcome)) read += 1;
    else io.stderr.write(`sitescout crawl: ${r.domain}: ${r.outcome ?? r.status}${r.reason !== null ? `: ${r.reason}` : ''}${r.error !== null && r.error !== r.reason ? `: ${r.error}` : ''}\n`);
  }
  return read > 0 ? 0 : 1;
}

/** Waits until none of the domains has a job queued, retrying or running, or the signal fires. */
async function waitUntilIdle(runtime: CrawlRuntime, hosts: readonly string[], signal: AbortSignal, wake: { fn: () => void }): Promise<void> {
  let pending = [...hosts];
  while (pending.length > 0 && !signal.aborted) {
    const busy: string[] = [];
    for (const host of pending) if (await runtime.queue.isBusy(host)) busy.push(host);
    pending = busy;
    if (pending.length > 0) await pause(signal, wake);
  }
}

function pause(signal: AbortSignal, wake: { fn: () => void }): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, WAIT_POLL_MS);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      wake.fn = () => undefined;
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
    wake.fn = done;
  });
}

/** Waits until every run is finished (by this process's workers or any other's), or the signal fires. */
async function waitForRuns(db: Database, runIds: readonly number[], progress: Progress, signal: AbortSignal, wake: { fn: () => void }): Promise<void> {
  if (runIds.length === 0) return;
  for (;;) {
    const { rows } = await db.query<{ open: number }>('SELECT count(*) AS open FROM crawl_runs WHERE id = ANY($1::bigint[]) AND finished_at IS NULL', [[...runIds]]);
    const open = Number(rows[0]?.open ?? 0);
    progress.done = progress.total - open;
    if (open === 0 || signal.aborted) return;
    await pause(signal, wake);
  }
}

interface ResultRow {
  id: number;
  domain: string;
  status: string;
  outcome: string | null;
  stop_reason: string | null;
  error_code: string | null;
  error_message: string | null;
  sitemaps_fetched: number;
  pages_new: number;
  pages_updated: number;
  pages_seen: number;
  pages_gone: number;
  errors: number;
  contacts: number | null;
}

async function readResults(db: Database, runIds: readonly number[], withContacts: boolean): Promise<CrawlResult[]> {
  if (runIds.length === 0) return [];
  const { rows } = await db.query<ResultRow>(
    `SELECT r.id, d.name AS domain, r.status, r.outcome, r.stop_reason, r.error_code, r.error_message, r.sitemaps_fetched,
       r.pages_new, r.pages_updated, r.pages_seen, r.pages_gone,
       (SELECT count(*) FROM crawl_run_files f WHERE f.crawl_run_id = r.id AND f.error_code IS NOT NULL
          AND NOT (f.discovery_method = 'well-known' AND NOT f.is_sitemap)) AS errors,
       CASE WHEN $2 THEN (SELECT count(*) FROM contacts c WHERE c.domain_id = r.domain_id) END AS contacts
     FROM crawl_runs r JOIN domains d ON d.id = r.domain_id
     WHERE r.id = ANY($1::bigint[]) ORDER BY r.id`,
    [[...runIds], withContacts],
  );
  return rows.map((row) => ({
    domain: row.domain,
    runId: Number(row.id),
    status: row.status,
    outcome: row.outcome,
    reason: row.stop_reason !== null ? stopReasonText(row.stop_reason) : row.error_message,
    sitemaps: Number(row.sitemaps_fetched),
    pages: {
      new: Number(row.pages_new),
      updated: Number(row.pages_updated),
      unchanged: Math.max(0, Number(row.pages_seen) - Number(row.pages_new) - Number(row.pages_updated)),
      gone: Number(row.pages_gone),
    },
    errors: Number(row.errors),
    error: row.error_code === null ? null : `${row.error_code}: ${row.error_message ?? ''}`,
    contacts: row.contacts === null ? null : Number(row.contacts),
  }));
}

function stopReasonText(reason: string): string {
  return reason === 'max-urls' ? 'stopped at maxUrlsPerDomain; the files not yet read were skipped' : 'the domain budget ran out; the files not yet read were skipped';
}

function busyResult(e: { host: string }): CrawlResult {
  return {
    domain: e.host,
    runId: null,
    status: 'busy',
    outcome: null,
    reason: 'the domain already has crawl jobs queued or running (SS_ERR_JOB_BUSY)',
    sitemaps: 0,
    pages: { new: 0, updated: 0, unchanged: 0, gone: 0 },
    errors: 0,
    error: null,
    contacts: null,
  };
}

function parseWorkers(value: string | undefined): number {
  if (value === undefined) return DEFAULT_WORKERS;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1 || n > 256) throw new Error(`--workers ${JSON.stringify(value)}: expected an integer from 1 to 256`);
  return n;
}
export { parseWorkers };

function renderSummary(results: readonly CrawlResult[], withContacts: boolean): string {
  const head = ['DOMAIN', 'OUTCOME', 'SITEMAPS', 'NEW', 'UPDATED', 'UNCHANGED', 'GONE', 'ERRORS', ...(withContacts ? ['CONTACTS'] : [])];
  const rows = results.map((r) => [
    r.domain,
    r.outcome ?? r.status,
    String(r.sitemaps),
    r.pages.new.toLocaleString('en-US'),
    r.pages.updated.toLocaleString('en-US'),
    r.pages.unchanged.toLocaleString('en-US'),
    r.pages.gone.toLocaleString('en-US'),
    String(r.errors),
    ...(withContacts ? [String(r.contacts ?? 0)] : []),
  ]);
  return renderTable(head, rows);
}

/** domains done/total, sitemaps, pages, pages/s, errors and RSS, redrawn on a terminal's stderr. */
function startCrawlProgress(p: Progress, stream: NodeJS.WriteStream): () => void {
  if (!stream.isTTY) return () => undefined;
  const started = performance.now();
  const draw = (): void => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(p.pages / seconds) : 0;
    stream.write(
      `\r\x1b[Kcrawl: ${p.done}/${p.total} domains, ${p.sitemaps} sitemaps, ${p.pages.toLocaleString('en-US')} pages, ${rate.toLocaleString('en-US')}/s, ${p.errors} errors, ${formatBytes(process.memoryUsage().rss)} RSS`,
    );
  };
  const timer = setInterval(draw, 200);
  timer.unref();
  return () => {
    clearInterval(timer);
    stream.write('\r\x1b[K');
  };
}
