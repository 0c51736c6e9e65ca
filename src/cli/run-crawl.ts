import { readFile } from 'node:fs/promises';
import { classifyPageType } from '../analysis/index.js';
import { openDatabase, type Database, type DomainOutcomeValue } from '../db/index.js';
import { type DomainTarget, normalizeDomainInput, type SitemapCandidate, walkSitemaps } from '../discovery/index.js';
import type { HttpClient } from '../fetch/index.js';
import {
  createPageWriter,
  finishCrawlRun,
  type FinishedRunStatus,
  markGone,
  type PageWriter,
  recordRunCounts,
  recordSitemapFile,
  type SitemapFileRecord,
  startCrawlRun,
  upsertDomain,
} from '../inventory/index.js';
import { createJobQueue, type DiscoverDomainPayload, type JobContext } from '../jobs/index.js';
import type { UrlEntry } from '../sitemap/index.js';
import type { CrawlFlags } from './crawl-command.js';
import type { ErrorCode } from '../errors.js';
import { describeError } from './describe-error.js';
import type { CliIo } from './parse-command.js';
import { formatBytes } from './progress-line.js';
import { readDomainLines } from './read-domain-file.js';
import { renderTable } from './render-table.js';
import { createClient, parseTargets, resolveSiteSettings, type SiteSettings } from './site-walk.js';

/** Outcomes that mean nothing of the site could be read at all. */
const UNREAD = new Set(['unreachable', 'timed-out', 'blocked']);
/** The code a run that read nothing is finished with (docs/errors.md). */
const UNREAD_CODES = {
  blocked: 'SS_ERR_DOMAIN_BLOCKED',
  unreachable: 'SS_ERR_DOMAIN_UNREACHABLE',
  'timed-out': 'SS_ERR_DOMAIN_TIMED_OUT',
} as const satisfies Record<string, ErrorCode>;
const DEFAULT_WORKERS = 2;

/** One domain's line of the summary. */
export interface CrawlResult {
  domain: string;
  runId: number;
  status: 'running' | FinishedRunStatus;
  outcome: string | null;
  reason: string | null;
  sitemaps: number;
  pages: { new: number; updated: number; unchanged: number; gone: number; skipped: number };
  errors: number;
  error: string | null;
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
  if (args.length === 0 && flags.file === undefined) {
    io.stderr.write('sitescout crawl: give at least one domain, or --file <path>\n');
    return 2;
  }
  const targets = parseTargets(args, io, 'crawl');
  if (flags.file !== undefined) {
    let text: string;
    try {
      text = await readFile(flags.file, 'utf8');
    } catch (error: unknown) {
      io.stderr.write(`sitescout crawl: --file ${flags.file}: ${describeError(error)}\n`);
      return 2;
    }
    for (const { line, value } of readDomainLines(text)) {
      try {
        targets.push(normalizeDomainInput(value));
      } catch (error: unknown) {
        io.stderr.write(`sitescout crawl: ${flags.file}:${line}: ${JSON.stringify(value)}: ${error instanceof Error ? error.message : String(error)} (skipped)\n`);
      }
    }
  }
  const byHost = new Map<string, DomainTarget>();
  for (const target of targets) if (!byHost.has(target.host)) byHost.set(target.host, target);
  if (byHost.size === 0) {
    io.stderr.write('sitescout crawl: no usable domain to crawl\n');
    return 2;
  }

  let db: Database;
  try {
    db = await openDatabase({ env: io.env, ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }) });
  } catch (error: unknown) {
    io.stderr.write(`sitescout crawl: ${describeError(error)}\n`);
    return 1;
  }
  const http = createClient(settings, io.env);
  const queue = createJobQueue({ db, pollIntervalMs: 100 });
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const results = new Map<number, CrawlResult>();
  const finished = new Map<number, () => void>();
  const waits: Promise<void>[] = [];
  const progress: Progress = { done: 0, total: byHost.size, sitemaps: 0, pages: 0, errors: 0 };
  const stopProgress = startCrawlProgress(progress, io.stderr);
  const markDone = (runId: number): void => {
    progress.done += 1;
    finished.get(runId)?.();
    finished.delete(runId);
  };
  try {
    await queue.start();
    for (const target of byHost.values()) {
      const domainId = await upsertDomain(db, target.host);
      const runId = await startCrawlRun(db, domainId);
      results.set(runId, newResult(target.host, runId));
      waits.push(new Promise<void>((resolve) => finished.set(runId, resolve)));
      const jobId = await queue.enqueueDiscover(target.host, { runId });
      if (jobId === null) {
        const message = 'a discover job for this domain is already queued or running';
        await finishCrawlRun(db, runId, { status: 'cancelled', outcome: null, error: { code: 'SS_ERR_JOB_BUSY', message } });
        Object.assign(results.get(runId)!, { status: 'cancelled', error: message });
        markDone(runId);
      }
    }
    const discover = async (payload: DiscoverDomainPayload, context: JobContext): Promise<void> => {
      const target = byHost.get(payload.domain) ?? normalizeDomainInput(payload.domain);
      const domainId = await upsertDomain(db, target.host);
      const runId = payload.runId ?? (await startCrawlRun(db, domainId));
      const result = results.get(runId) ?? newResult(target.host, runId);
      const signal = AbortSignal.any([context.signal, controller.signal]);
      try {
        await crawlDomain({ db, http, settings, target, domainId, runId, result, progress, signal });
      } catch (error: unknown) {
        // Recorded on the run rather than thrown: the CLI waits for its runs, and a pg-boss retry would come 30 s later.
        result.status = signal.aborted ? 'cancelled' : 'failed';
        result.error = describeError(error);
        result.errors += 1;
        progress.errors += 1;
        await finishCrawlRun(db, runId, { status: result.status, outcome: null, error: { code: errorCode(error), message: result.error } }).catch(() => undefined);
      } finally {
        markDone(runId);
      }
    };
    queue.work({ 'discover-domain': discover }, { concurrency: workers });
    await Promise.all(waits);
  } catch (error: unknown) {
    io.stderr.write(`sitescout crawl: ${describeError(error)}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    stopProgress();
    await queue.stop({ graceful: true, timeoutMs: 10_000 }).catch(() => undefined);
    await http.close();
    await db.close();
  }
  const list = [...results.values()];
  if (flags.json) io.stdout.write(JSON.stringify(list, null, 2) + '\n');
  else io.stdout.write(renderSummary(list));
  let read = 0;
  for (const r of list) {
    if (r.status === 'completed' && r.outcome !== null && !UNREAD.has(r.outcome)) read += 1;
    else io.stderr.write(`sitescout crawl: ${r.domain}: ${r.outcome ?? r.status}${r.reason !== null ? `: ${r.reason}` : ''}${r.error !== null ? `: ${r.error}` : ''}\n`);
  }
  return read > 0 ? 0 : 1;
}

interface CrawlDomainOptions {
  db: Database;
  http: HttpClient;
  settings: SiteSettings;
  target: DomainTarget;
  domainId: number;
  runId: number;
  result: CrawlResult;
  progress: Progress;
  signal: AbortSignal;
}

/**
 * One domain's walk streamed into the inventory: a sitemap_files row and a page writer per file (opened on its
 * first batch, finished on its report), then gone detection and the run's end.
 */
async function crawlDomain(o: CrawlDomainOptions): Promise<void> {
  const { db, domainId, runId, result, progress } = o;
  const candidates = new Map<string, SitemapCandidate>();
  const open = new Map<string, { id: number; writer: PageWriter }>();
  const readInFull: number[] = [];
  let allRead = true;
  let outcome: string | null = null;
  const finishWriter = async (url: string): Promise<void> => {
    const file = open.get(url);
    if (file === undefined) return;
    open.delete(url);
    const counts = await file.writer.finish();
    result.pages.new += counts.new;
    result.pages.updated += counts.updated;
    result.pages.unchanged += counts.unchanged;
    result.pages.skipped += counts.skipped;
    await recordRunCounts(db, runId, { new: counts.new, updated: counts.updated, seen: counts.new + counts.updated + counts.unchanged });
  };
  for await (const event of walkSitemaps(o.target, { http: o.http }, {
    signal: o.signal,
    limits: o.settings.discovery,
    sitemapLimits: o.settings.sitemap,
    followCrossHost: o.settings.followCrossHost,
    wellKnown: o.settings.wellKnown,
  })) {
    switch (event.type) {
      case 'candidate':
        candidates.set(event.candidate.url, event.candidate);
        break;
      case 'entries': {
        const urls = event.entries.filter((e): e is UrlEntry => e.type === 'url');
        if (urls.length === 0) break;
        let file = open.get(event.sitemap);
        if (file === undefined) {
          const id = await recordSitemapFile(db, { domainId, crawlRunId: runId, report: partialRecord(event.sitemap, candidates.get(event.sitemap)) });
          file = { id, writer: createPageWriter(db, { domainId, crawlRunId: runId, sitemapFileId: id, classify: classifyPageType }) };
          open.set(event.sitemap, file);
        }
        await file.writer.write(urls);
        progress.pages += urls.length;
        break;
      }
      case 'sitemap': {
        const { report } = event;
        // A well-known path that is not there (or not a sitemap) is a probe that missed, not a sitemap or an error.
        if (report.method === 'well-known' && report.isSitemap !== true && report.kind === null) break;
        result.sitemaps += 1;
        progress.sitemaps += 1;
        if (report.error !== null) {
          allRead = false;
          result.errors += 1;
          progress.errors += 1;
        }
        await finishWriter(report.url);
        const id = await recordSitemapFile(db, { domainId, crawlRunId: runId, report });
        await recordRunCounts(db, runId, { sitemapsFetched: 1 });
        if (report.error === null) readInFull.push(id);
        break;
      }
      case 'done':
        outcome = event.outcome;
        result.outcome = event.outcome;
        result.reason = event.reason;
        break;
      case 'robots':
        break;
    }
  }
  for (const url of [...open.keys()]) await finishWriter(url);
  if (outcome === null) throw new Error('the walk ended without a result');
  if (outcome === 'ok') {
    // A file that failed this time keeps its pages: only when every file was read does an unlisted page count as gone.
    const gone = await markGone(db, { domainId, crawlRunId: runId, ...(allRead ? {} : { sitemapFileIds: readInFull }) });
    result.pages.gone = gone;
    await recordRunCounts(db, runId, { gone });
  }
  const unread = UNREAD.has(outcome);
  await finishCrawlRun(db, runId, {
    status: 'completed',
    outcome: outcome as DomainOutcomeValue,
    error: unread ? { code: UNREAD_CODES[outcome as keyof typeof UNREAD_CODES], message: result.reason ?? outcome } : null,
  });
  result.status = 'completed';
}

/** What is known of a file when its first entries arrive; its report, at the end, replaces it. */
function partialRecord(url: string, candidate: SitemapCandidate | undefined): SitemapFileRecord {
  return {
    url,
    finalUrl: null,
    method: candidate?.method ?? 'given',
    foundOn: candidate?.foundOn ?? null,
    depth: candidate?.depth ?? 0,
    status: null,
    contentType: null,
    bytesCompressed: 0,
    bytesUncompressed: 0,
    gzip: false,
    kind: null,
    summary: null,
    error: null,
  };
}

function newResult(domain: string, runId: number): CrawlResult {
  return { domain, runId, status: 'running', outcome: null, reason: null, sitemaps: 0, pages: { new: 0, updated: 0, unchanged: 0, gone: 0, skipped: 0 }, errors: 0, error: null };
}

function parseWorkers(value: string | undefined): number {
  if (value === undefined) return DEFAULT_WORKERS;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1 || n > 256) throw new Error(`--workers ${JSON.stringify(value)}: expected an integer from 1 to 256`);
  return n;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'SS_ERR_CRAWL_FAILED';
}

function renderSummary(results: readonly CrawlResult[]): string {
  const head = ['DOMAIN', 'OUTCOME', 'SITEMAPS', 'NEW', 'UPDATED', 'UNCHANGED', 'GONE', 'ERRORS'];
  const rows = results.map((r) => [
    r.domain,
    r.outcome ?? r.status,
    String(r.sitemaps),
    r.pages.new.toLocaleString('en-US'),
    r.pages.updated.toLocaleString('en-US'),
    r.pages.unchanged.toLocaleString('en-US'),
    r.pages.gone.toLocaleString('en-US'),
    String(r.errors),
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
