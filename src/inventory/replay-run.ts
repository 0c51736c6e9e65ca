import { SitescoutError } from '../errors.js';
import type { Database, DiscoveryMethodValue, DomainOutcomeValue, JsonValue, RunFileState, SitemapKindValue } from '../db/index.js';
import type { Alternate, ImageInfo, InvalidField, InvalidValue, NewsInfo, SitemapEntry, SitemapSummary, UrlEntry, VideoInfo, WarningCode } from '../sitemap/index.js';

/*
 * A stored crawl run played back as the event stream a live discovery walk produces, so the analysis can report on
 * it without fetching anything. The events are declared here, not imported: stages never import one another
 * (STYLE.md), and structural typing lets the CLI pass them straight to the analyzer, which fails to compile when
 * the two drift apart.
 *
 * What the inventory does not keep becomes an empty value: redirects, timings, skipped index children, image and
 * video URLs (placeholders stand in, so the counts are right), the lastmod of index children. Pages are stored once
 * per URL, so a URL listed twice is replayed once.
 */

export interface ReplayError {
  code: string;
  message: string;
}

export interface ReplayCandidate {
  url: string;
  method: DiscoveryMethodValue;
  foundOn: string | null;
  depth: number;
}

/** A sitemap file as the run's ledger and its sitemap_files row describe it (the walk's SitemapFileReport shape). */
export interface ReplaySitemapFile extends ReplayCandidate {
  finalUrl: string;
  status: number | null;
  redirects: Array<{ from: string; to: string; status: number }>;
  contentType: string | null;
  bytesCompressed: number;
  bytesUncompressed: number;
  gzip: boolean;
  responseTimeMs: number | null;
  totalTimeMs: number | null;
  kind: SitemapKindValue | null;
  isSitemap: boolean;
  summary: SitemapSummary | null;
  error: ReplayError | null;
  blocked: string | null;
  skippedChildren: Array<{ url: string; reason: 'depth' | 'cap' | 'cross-host' | 'duplicate' | 'cycle' }>;
  crossHost: boolean;
}

export interface ReplayProbe {
  role: 'robots' | 'home';
  url: string;
  status: number | null;
  error: ReplayError | null;
  blocked: string | null;
}

export type ReplayEvent =
  | { type: 'robots'; url: string; finalUrl: string; status: number | null; sitemaps: string[]; error: ReplayError | null; blocked: string | null; body: string | null }
  | { type: 'candidate'; candidate: ReplayCandidate }
  | { type: 'entries'; sitemap: string; entries: SitemapEntry[] }
  | { type: 'sitemap'; report: ReplaySitemapFile }
  | {
      type: 'done';
      outcome: DomainOutcomeValue;
      reason: string | null;
      probes: ReplayProbe[];
      stats: { filesFetched: number; sitemapsRead: number; urlEntries: number; notRead: number; skipped: Record<'depth' | 'cap' | 'cross-host' | 'duplicate' | 'cycle', number> };
    };

export interface ReplayRunOptions {
  crawlRunId: number;
  /** Pages per query. Default 1,000. */
  batchSize?: number;
  signal?: AbortSignal;
  /** robots.txt's Sitemap: lines (discovery's sitemapsFromRobots); without it the robots event lists none. */
  robotsSitemaps?: (text: string, robotsUrl: string) => string[];
}

export const DEFAULT_REPLAY_BATCH_SIZE = 1000;

export const REPLAY_RUN_SQL = `
SELECT domain_id, status, outcome, error_message, stop_reason, robots_url, robots_txt, probes
FROM crawl_runs WHERE id = $1`;

/** The run's ledger with each file's stored row; bounded by maxSitemapsPerDomain. */
export const REPLAY_FILES_SQL = `
SELECT f.url, f.discovery_method, f.found_on, f.depth, f.state, f.cross_host, f.is_sitemap, f.blocked,
  f.error_code, f.error_message, s.final_url, s.kind, s.http_status, s.content_type, s.gzip, s.bytes_compressed,
  s.bytes_uncompressed, s.summary, s.error_code AS file_error_code, s.error_message AS file_error_message
FROM crawl_run_files f LEFT JOIN sitemap_files s ON s.id = f.sitemap_file_id
WHERE f.crawl_run_id = $1
ORDER BY f.created_at, f.url_key`;

/*
 * Keyset pagination on (domain_id, url), as the export does: UNIQUE (domain_id, url) serves the filter and the
 * order, so each batch is one index range read. Paging per sitemap file instead would sort the file's pages again
 * for every batch (no index has sitemap_file_id and url together). Each batch is then grouped by sitemap file.
 */
export const REPLAY_PAGE_BATCH_SQL = `
SELECT p.url, p.lastmod, p.changefreq, p.priority, p.image_count, p.video_count, p.news_count, p.alternate_count,
  p.sitemap_file_id, s.url AS sitemap_url
FROM pages p LEFT JOIN sitemap_files s ON s.id = p.sitemap_file_id
WHERE p.domain_id = $1 AND p.url > $2 AND p.last_crawl_run_id = $3
ORDER BY p.url
LIMIT $4`;

interface RunRow {
  domain_id: number;
  status: string;
  outcome: DomainOutcomeValue | null;
  error_message: string | null;
  stop_reason: 'max-urls' | 'budget' | null;
  robots_url: string | null;
  robots_txt: string | null;
  probes: JsonValue[];
}

interface FileRow {
  url: string;
  discovery_method: DiscoveryMethodValue;
  found_on: string | null;
  depth: number;
  state: RunFileState;
  cross_host: boolean;
  is_sitemap: boolean;
  blocked: string | null;
  error_code: string | null;
  error_message: string | null;
  final_url: string | null;
  kind: SitemapKindValue | null;
  http_status: number | null;
  content_type: string | null;
  gzip: boolean | null;
  bytes_compressed: number | null;
  bytes_uncompressed: number | null;
  summary: JsonValue | null;
  file_error_code: string | null;
  file_error_message: string | null;
}

interface ReplayPageRow {
  url: string;
  lastmod: Date | null;
  changefreq: UrlEntry['changefreq'];
  priority: number | null;
  image_count: number;
  video_count: number;
  news_count: number;
  alternate_count: number;
  sitemap_file_id: number | null;
  sitemap_url: string | null;
}

const IMAGE: ImageInfo = Object.freeze({ loc: '', title: null, caption: null, geoLocation: null, license: null });
const VIDEO: VideoInfo = Object.freeze({ thumbnailLoc: null, title: null, description: null, contentLoc: null, playerLoc: null, duration: null, publicationDate: null });
const NEWS: NewsInfo = Object.freeze({ publicationName: null, publicationLanguage: null, publicationDate: null, title: null, keywords: null });
const ALTERNATE: Alternate = Object.freeze({ hreflang: '', href: '' });
const NONE: readonly never[] = Object.freeze([]);
const UNSTORED_SITEMAP = '(sitemap file no longer stored)';

const filled = <T>(n: number, item: T): readonly T[] => (n > 0 ? new Array<T>(Number(n)).fill(item) : NONE);

/**
 * Invalid values are not stored per page, but the parser's summary counts them per file: that many of the file's
 * pages lacking the field carry a raw-less invalid marker, so the report's invalid counts and its freshness,
 * changefreq and priority distributions come out as the live walk's.
 */
const INVALID_FROM_WARNING: ReadonlyArray<[WarningCode, InvalidField, 'lastmod' | 'changefreq' | 'priority' | null]> = [
  ['invalid-lastmod', 'lastmod', 'lastmod'],
  ['invalid-changefreq', 'changefreq', 'changefreq'],
  ['invalid-priority', 'priority', 'priority'],
  ['invalid-video-duration', 'video:duration', null],
  ['invalid-date', 'video:publication_date', null],
];

type InvalidBudget = Map<InvalidField, number>;

function invalidBudget(summary: SitemapSummary | null): InvalidBudget {
  const budget: InvalidBudget = new Map();
  for (const [warning, field] of INVALID_FROM_WARNING) {
    const n = summary?.warnings[warning] ?? 0;
    if (n > 0) budget.set(field, n);
  }
  return budget;
}

/** `missing` says which columns the entry lacks; a null column (an extension value) goes only to pages. */
function spendInvalid(budget: InvalidBudget | undefined, missing: (column: 'lastmod' | 'changefreq' | 'priority' | null) => boolean): readonly InvalidValue[] {
  if (budget === undefined || budget.size === 0) return NONE;
  const out: InvalidValue[] = [];
  for (const [, field, column] of INVALID_FROM_WARNING) {
    const left = budget.get(field) ?? 0;
    if (left === 0 || !missing(column)) continue;
    budget.set(field, left - 1);
    out.push({ field, raw: '' });
  }
  return out;
}

function toUrlEntry(row: ReplayPageRow, budget: InvalidBudget | undefined): UrlEntry {
  const priority = row.priority === null ? null : Number(row.priority);
  return {
    type: 'url',
    loc: row.url,
    lastmod: row.lastmod === null ? null : new Date(row.lastmod).toISOString(),
    changefreq: row.changefreq,
    priority,
    images: filled(row.image_count, IMAGE),
    videos: filled(row.video_count, VIDEO),
    news: row.news_count > 0 ? NEWS : null,
    alternates: filled(row.alternate_count, ALTERNATE),
    invalid: spendInvalid(budget, (c) => (c === null ? true : c === 'lastmod' ? row.lastmod === null : c === 'changefreq' ? row.changefreq === null : priority === null)),
  };
}

/** A summary as stored (jsonb): only an object with entry counts and warnings is taken for one. */
function readSummary(value: JsonValue | null): SitemapSummary | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const entries = value['entries'];
  const warnings = value['warnings'];
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries) || typeof warnings !== 'object' || warnings === null) return null;
  return value as unknown as SitemapSummary;
}

function readProbe(value: JsonValue): ReplayProbe | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const role = value['role'];
  if (role !== 'robots' && role !== 'home') return null;
  const error = value['error'];
  return {
    role,
    url: String(value['url'] ?? ''),
    status: typeof value['status'] === 'number' ? value['status'] : null,
    error:
      typeof error === 'object' && error !== null && !Array.isArray(error) && typeof error['code'] === 'string'
        ? { code: error['code'], message: String(error['message'] ?? '') }
        : null,
    blocked: typeof value['blocked'] === 'string' ? value['blocked'] : null,
  };
}

function errorOf(code: string | null, message: string | null): ReplayError | null {
  return code === null ? null : { code, message: message ?? '' };
}

function fileReport(row: FileRow): ReplaySitemapFile {
  return {
    url: row.url,
    finalUrl: row.final_url ?? row.url,
    method: row.discovery_method,
    foundOn: row.found_on,
    depth: Number(row.depth),
    status: row.http_status === null ? null : Number(row.http_status),
    redirects: [],
    contentType: row.content_type,
    bytesCompressed: Number(row.bytes_compressed ?? 0),
    bytesUncompressed: Number(row.bytes_uncompressed ?? 0),
    gzip: row.gzip === true,
    responseTimeMs: null,
    totalTimeMs: null,
    kind: row.kind,
    isSitemap: row.is_sitemap || row.state === 'not-modified',
    summary: readSummary(row.summary),
    error: errorOf(row.error_code, row.error_message) ?? errorOf(row.file_error_code, row.file_error_message),
    blocked: row.blocked,
    skippedChildren: [],
    crossHost: row.cross_host,
  };
}

function stopReason(stop: RunRow['stop_reason'], notRead: number): string | null {
  switch (stop) {
    case null:
      return null;
    case 'max-urls':
      return `stopped at maxUrlsPerDomain; ${notRead} queued sitemaps not read`;
    case 'budget':
      return `the domain budget ran out; ${notRead} queued sitemaps not read`;
    default:
      return stop satisfies never;
  }
}

/**
 * Plays a stored crawl run back as walk events: robots.txt, a candidate per file of the run's ledger, the child
 * sitemaps of its indexes, the pages the run listed (in batches, grouped by sitemap file), a sitemap report per
 * file read, and the run's outcome. Memory is bounded by the batch size and the run's file count, however many
 * pages it listed. A run without an outcome (failed, cancelled) ends without a `done` event.
 * @example
 *   const analyzer = createDomainAnalyzer({ domain, now: finishedAt });
 *   for await (const event of replayRun(db, { crawlRunId: 7 })) analyzer.add(event);
 *   const report = analyzer.finish();
 */
export async function* replayRun(db: Database, options: ReplayRunOptions): AsyncGenerator<ReplayEvent> {
  const batchSize = options.batchSize ?? DEFAULT_REPLAY_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new SitescoutError('SS_ERR_CONFIG_INVALID', `batchSize ${batchSize}: expected a positive integer`);
  }
  const { signal, crawlRunId } = options;
  signal?.throwIfAborted();
  const { rows: runs } = await db.query<RunRow>(REPLAY_RUN_SQL, [crawlRunId]);
  const run = runs[0];
  if (run === undefined) throw new SitescoutError('SS_ERR_DB_QUERY', `replayRun: no crawl run ${crawlRunId}`);
  const probes = (run.probes ?? []).map(readProbe).filter((p): p is ReplayProbe => p !== null);

  const robots = probes.find((p) => p.role === 'robots');
  if (robots !== undefined || run.robots_url !== null) {
    const finalUrl = run.robots_url ?? robots?.url ?? '';
    const body = run.robots_txt;
    yield {
      type: 'robots',
      url: robots?.url ?? finalUrl,
      finalUrl,
      status: robots?.status ?? null,
      sitemaps: body !== null && options.robotsSitemaps !== undefined ? options.robotsSitemaps(body, finalUrl) : [],
      error: robots?.error ?? null,
      blocked: robots?.blocked ?? null,
      body,
    };
  }

  const { rows: files } = await db.query<FileRow>(REPLAY_FILES_SQL, [crawlRunId]);
  const budgets = new Map<string, InvalidBudget>();
  const children = new Map<string, FileRow[]>();
  for (const file of files) {
    yield { type: 'candidate', candidate: { url: file.url, method: file.discovery_method, foundOn: file.found_on, depth: Number(file.depth) } };
    budgets.set(file.url, invalidBudget(readSummary(file.summary)));
    if (file.discovery_method === 'index-child' && file.found_on !== null) {
      const siblings = children.get(file.found_on);
      if (siblings === undefined) children.set(file.found_on, [file]);
      else siblings.push(file);
    }
  }
  for (const [index, listed] of children) {
    const budget = budgets.get(index);
    const entries = listed.map((child): SitemapEntry => ({ type: 'sitemap', loc: child.url, lastmod: null, invalid: spendInvalid(budget, (c) => c === 'lastmod') }));
    for (let i = 0; i < entries.length; i += batchSize) yield { type: 'entries', sitemap: index, entries: entries.slice(i, i + batchSize) };
  }

  let urlEntries = 0;
  let after = '';
  while (true) {
    signal?.throwIfAborted();
    const { rows } = await db.query<ReplayPageRow>(REPLAY_PAGE_BATCH_SQL, [run.domain_id, after, crawlRunId, batchSize]);
    const last = rows.at(-1);
    if (last === undefined) break;
    const groups = new Map<string, SitemapEntry[]>();
    for (const row of rows) {
      const sitemap = row.sitemap_url ?? UNSTORED_SITEMAP;
      const entry = toUrlEntry(row, budgets.get(sitemap));
      const group = groups.get(sitemap);
      if (group === undefined) groups.set(sitemap, [entry]);
      else group.push(entry);
    }
    urlEntries += rows.length;
    for (const [sitemap, entries] of groups) yield { type: 'entries', sitemap, entries };
    if (rows.length < batchSize) break;
    after = last.url;
  }

  let filesFetched = 0;
  let sitemapsRead = 0;
  let notRead = 0;
  for (const file of files) {
    if (file.state === 'not-read' || file.state === 'queued') {
      notRead += file.state === 'not-read' ? 1 : 0;
      continue;
    }
    filesFetched += 1;
    if (file.is_sitemap || file.state === 'not-modified') sitemapsRead += 1;
    yield { type: 'sitemap', report: fileReport(file) };
  }

  if (run.outcome === null) return;
  let reason = run.error_message ?? stopReason(run.stop_reason, notRead);
  if (reason === null && run.outcome === 'no-sitemap') reason = `nothing sniffed as a sitemap: ${filesFetched} candidates fetched`;
  yield {
    type: 'done',
    outcome: run.outcome,
    reason,
    probes,
    stats: { filesFetched, sitemapsRead, urlEntries, notRead, skipped: { depth: 0, cap: 0, 'cross-host': 0, duplicate: 0, cycle: 0 } },
  };
}

/** A crawl run chosen for a report. */
export interface ReportableRun {
  id: number;
  status: string;
  outcome: DomainOutcomeValue | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** The domain's latest completed run: when it is another, a later run has taken over some of this one's pages. */
  latestCompletedId: number | null;
}

export const FIND_RUN_SQL = `
SELECT r.id, r.status, r.outcome, r.started_at, r.finished_at,
  (SELECT max(l.id) FROM crawl_runs l WHERE l.domain_id = r.domain_id AND l.status = 'completed') AS latest_completed_id
FROM crawl_runs r
WHERE r.domain_id = $1 AND (r.id = $2 OR ($2::bigint IS NULL AND r.status = 'completed'))
ORDER BY r.id DESC
LIMIT 1`;

/**
 * The domain's latest completed run, or run `runId` of the domain (any status); null when there is none.
 * @example
 *   const run = await findReportableRun(db, domainId); // { id: 7, status: 'completed', outcome: 'ok', … }
 */
export async function findReportableRun(db: Database, domainId: number, runId: number | null = null): Promise<ReportableRun | null> {
  const { rows } = await db.query<{
    id: number;
    status: string;
    outcome: DomainOutcomeValue | null;
    started_at: Date | null;
    finished_at: Date | null;
    latest_completed_id: number | null;
  }>(FIND_RUN_SQL, [domainId, runId]);
  const row = rows[0];
  if (row === undefined) return null;
  return {
    id: Number(row.id),
    status: row.status,
    outcome: row.outcome,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    latestCompletedId: row.latest_completed_id === null ? null : Number(row.latest_completed_id),
  };
}
