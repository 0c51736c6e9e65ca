import { SitescoutError } from '../errors.js';
import type { CrawlPhase, CrawlRunFileRow, Database, DiscoveryMethodValue, JsonValue, RunFileState, RunStopReason } from '../db/index.js';

/*
 * The run's ledger of sitemap files (crawl_run_files): what a discovery walk keeps in memory when it runs in one
 * process, kept in the database when a run is spread over jobs and machines. The primary key (run, url_key) is the
 * duplicate check, a lock on the run's row serialises the per-domain cap and the URL allowance, and the rows still
 * 'queued' are the run's outstanding work.
 */

/** A sitemap file a run admits: discovery's AdmittedSitemap, as the ledger stores it. */
export interface RunFileInput {
  url: string;
  /** The normalised URL (discovery's sitemapUrlKey). */
  key: string;
  method: DiscoveryMethodValue;
  foundOn: string | null;
  depth: number;
  ancestors: readonly string[];
  crossHost: boolean;
}

/** A ledger row as a fetch job reads it back. */
export interface RunFile extends RunFileInput {
  crawlRunId: number;
  state: RunFileState;
  attempts: number;
}

export type RunFileAdmission = 'queued' | 'duplicate' | 'cap';

/** How one file's job ended, as the verdict and the counts need it. */
export interface RunFileResult {
  state: Exclude<RunFileState, 'queued'>;
  sitemapFileId: number | null;
  answered: boolean;
  failure: string | null;
  isSitemap: boolean;
  blocked: string | null;
  error: { code: string; message: string } | null;
}

/** What robots.txt and the home page said, stored when discovery ends. */
export interface RunProbes {
  origin: string;
  robotsUrl: string | null;
  robotsTxt: string | null;
  probes: JsonValue[];
  /** Epoch ms at which the domain's time budget runs out. */
  deadline: number;
}

export const SET_RUN_PROBES_SQL = `
UPDATE crawl_runs SET origin = $2, robots_url = $3, robots_txt = $4, probes = $5::jsonb, deadline_at = to_timestamp($6 / 1000.0)
WHERE id = $1`;

/**
 * Records what discovery learnt of the site on the run.
 * @example
 *   await setRunProbes(db, runId, { origin, robotsUrl, robotsTxt, probes: [robotsReport, homeReport], deadline });
 */
export async function setRunProbes(db: Database, crawlRunId: number, probes: RunProbes): Promise<void> {
  const { rowCount } = await db.query(SET_RUN_PROBES_SQL, [crawlRunId, probes.origin, probes.robotsUrl, probes.robotsTxt, JSON.stringify(probes.probes), probes.deadline]);
  if (rowCount === 0) throw new SitescoutError('SS_ERR_DB_QUERY', `setRunProbes: no crawl run ${crawlRunId}`);
}

/** The run's row, locked until the transaction ends: admissions, the allowance and the finish are serialised on it. */
export const LOCK_RUN_SQL = `
SELECT r.status, r.phase, r.stop_reason, r.started_at, r.deadline_at, r.origin, r.probes, r.with_contacts,
  (SELECT count(*) FROM crawl_run_files f WHERE f.crawl_run_id = r.id) AS files
FROM crawl_runs r WHERE r.id = $1 FOR NO KEY UPDATE`;

export interface LockedRun {
  status: string;
  phase: CrawlPhase;
  stopReason: RunStopReason | null;
  startedAt: Date | null;
  deadlineAt: Date | null;
  origin: string | null;
  probes: JsonValue[];
  /** Files admitted so far (every state). */
  files: number;
  /** The run ends with a contact extraction job. */
  withContacts: boolean;
}

/** Locks the run's row for the rest of `tx` and returns it; null when there is no such run. */
export async function lockRun(tx: Database, crawlRunId: number): Promise<LockedRun | null> {
  const { rows } = await tx.query<{
    status: string;
    phase: CrawlPhase;
    stop_reason: RunStopReason | null;
    started_at: Date | null;
    deadline_at: Date | null;
    origin: string | null;
    probes: JsonValue[];
    files: number;
    with_contacts: boolean;
  }>(LOCK_RUN_SQL, [crawlRunId]);
  const row = rows[0];
  if (row === undefined) return null;
  return {
    status: row.status,
    phase: row.phase,
    stopReason: row.stop_reason,
    startedAt: row.started_at,
    deadlineAt: row.deadline_at,
    origin: row.origin,
    probes: row.probes,
    files: Number(row.files),
    withContacts: row.with_contacts,
  };
}

export const INSERT_RUN_FILE_SQL = `
INSERT INTO crawl_run_files (crawl_run_id, url_key, url, discovery_method, found_on, depth, ancestors, cross_host)
VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8)
ON CONFLICT (crawl_run_id, url_key) DO NOTHING`;

/**
 * Admits files into a run, in order: a key the run already has is a duplicate, and once the run holds
 * `maxSitemaps` files the rest are over the cap. Call it inside a transaction that has locked the run
 * (lockRun), so two jobs admitting at once cannot both take the last place; `files` is what lockRun counted.
 * @example
 *   await db.transaction(async (tx) => {
 *     const run = await lockRun(tx, runId);
 *     const admitted = await admitRunFiles(tx, runId, children, { maxSitemaps: 1000, files: run.files });
 *   });
 */
export async function admitRunFiles(
  tx: Database,
  crawlRunId: number,
  files: readonly RunFileInput[],
  options: { maxSitemaps: number; files: number },
): Promise<RunFileAdmission[]> {
  let held = options.files;
  const results: RunFileAdmission[] = [];
  for (const file of files) {
    if (held >= options.maxSitemaps) {
      const { rows } = await tx.query<{ n: number }>('SELECT count(*) AS n FROM crawl_run_files WHERE crawl_run_id = $1 AND url_key = $2', [crawlRunId, file.key]);
      results.push(Number(rows[0]?.n ?? 0) > 0 ? 'duplicate' : 'cap');
      continue;
    }
    const { rowCount } = await tx.query(INSERT_RUN_FILE_SQL, [
      crawlRunId,
      file.key,
      file.url,
      file.method,
      file.foundOn,
      file.depth,
      [...file.ancestors],
      file.crossHost,
    ]);
    if (rowCount === 0) results.push('duplicate');
    else {
      held += 1;
      results.push('queued');
    }
  }
  return results;
}

/*
 * A job takes its file: only while it is queued (a file whose job already finished is not read twice), counting the
 * attempt and giving back the URL allowance an earlier attempt took, so a retry is granted what the first try was.
 */
export const CLAIM_RUN_FILE_SQL = `
WITH file AS (
  SELECT urls_granted FROM crawl_run_files WHERE crawl_run_id = $1 AND url_key = $2 AND state = 'queued' FOR UPDATE
),
refund AS (
  UPDATE crawl_runs r SET urls_taken = greatest(0, r.urls_taken - file.urls_granted)
  FROM file WHERE r.id = $1 AND file.urls_granted > 0
  RETURNING r.id
)
UPDATE crawl_run_files f SET attempts = f.attempts + 1, urls_granted = 0
FROM file
WHERE f.crawl_run_id = $1 AND f.url_key = $2
RETURNING f.url, f.url_key, f.discovery_method, f.found_on, f.depth, f.ancestors, f.cross_host, f.state, f.attempts,
  (SELECT count(*) FROM refund) AS refunded`;

/**
 * The queued file for a job to read, or null when its job already finished it (the job is then a duplicate
 * delivery, and does nothing).
 */
export async function claimRunFile(db: Database, crawlRunId: number, urlKey: string): Promise<RunFile | null> {
  const { rows } = await db.query<
    Pick<CrawlRunFileRow, 'url' | 'url_key' | 'discovery_method' | 'found_on' | 'depth' | 'ancestors' | 'cross_host' | 'state' | 'attempts'>
  >(CLAIM_RUN_FILE_SQL, [crawlRunId, urlKey]);
  const row = rows[0];
  if (row === undefined) return null;
  return {
    crawlRunId,
    url: row.url,
    key: row.url_key,
    method: row.discovery_method,
    foundOn: row.found_on,
    depth: row.depth,
    ancestors: row.ancestors,
    crossHost: row.cross_host,
    state: row.state,
    attempts: row.attempts,
  };
}

/*
 * Grants up to $3 URL entries of the run's allowance ($4 = maxUrlsPerDomain) to one file. The run's row lock (the
 * UPDATE takes it) makes concurrent grants add up; the grant is recorded on the file so a retry can give it back.
 * FOR NO KEY UPDATE, the lock the UPDATE takes anyway, not FOR UPDATE: FOR UPDATE conflicts with FOR KEY SHARE,
 * which every page insert's foreign-key check took on the run's row until migration 0005, so one file's grant
 * waited for another file's page batch to commit, and the workers took turns; it is still the weakest lock that
 * serialises the grants.
 * A short grant stops the run ('max-urls'); every file still being read sees stop_reason and ends.
 */
export const TAKE_RUN_URLS_SQL = `
WITH run AS (
  SELECT urls_taken FROM crawl_runs WHERE id = $1 FOR NO KEY UPDATE
),
granted AS (
  SELECT greatest(0, least($3::bigint, $4::bigint - run.urls_taken)) AS n FROM run
),
taken AS (
  UPDATE crawl_runs r
  SET urls_taken = r.urls_taken + granted.n,
      stop_reason = CASE WHEN granted.n < $3 THEN coalesce(r.stop_reason, 'max-urls') ELSE r.stop_reason END
  FROM granted WHERE r.id = $1
  RETURNING granted.n, r.stop_reason
),
file AS (
  UPDATE crawl_run_files f SET urls_granted = f.urls_granted + (SELECT n FROM taken)
  WHERE f.crawl_run_id = $1 AND f.url_key = $2
  RETURNING 1
)
SELECT n, stop_reason, (SELECT count(*) FROM file) AS files FROM taken`;

/** Takes up to `wanted` of the domain's URL allowance for one file; says how many it got and whether the run is stopping. */
export async function takeRunUrls(db: Database, crawlRunId: number, urlKey: string, wanted: number, maxUrlsPerDomain: number): Promise<{ granted: number; stopReason: RunStopReason | null }> {
  const { rows } = await db.query<{ n: number; stop_reason: RunStopReason | null }>(TAKE_RUN_URLS_SQL, [crawlRunId, urlKey, wanted, maxUrlsPerDomain]);
  const row = rows[0];
  if (row === undefined) throw new SitescoutError('SS_ERR_DB_QUERY', `takeRunUrls: no crawl run ${crawlRunId}`);
  return { granted: Number(row.n), stopReason: row.stop_reason };
}

/** Marks the run as stopping early (the first reason stays). */
export async function stopRun(db: Database, crawlRunId: number, reason: RunStopReason): Promise<void> {
  await db.query('UPDATE crawl_runs SET stop_reason = coalesce(stop_reason, $2) WHERE id = $1', [crawlRunId, reason]);
}

export const CLOSE_RUN_FILE_SQL = `
UPDATE crawl_run_files
SET state = $3, sitemap_file_id = $4, answered = $5, failure = $6, is_sitemap = $7, blocked = $8, error_code = $9,
    error_message = $10, finished_at = now()
WHERE crawl_run_id = $1 AND url_key = $2`;

/** Records how a file's job ended; the file no longer counts as the run's outstanding work. */
export async function closeRunFile(db: Database, crawlRunId: number, urlKey: string, result: RunFileResult): Promise<void> {
  await db.query(CLOSE_RUN_FILE_SQL, [
    crawlRunId,
    urlKey,
    result.state,
    result.sitemapFileId,
    result.answered,
    result.failure,
    result.isSitemap,
    result.blocked,
    result.error?.code ?? null,
    result.error?.message ?? null,
  ]);
}

/** Files of the run not yet closed. */
export async function openRunFiles(db: Database, crawlRunId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>("SELECT count(*) AS n FROM crawl_run_files WHERE crawl_run_id = $1 AND state = 'queued'", [crawlRunId]);
  return Number(rows[0]?.n ?? 0);
}

/** One closed file as evidence for the run's verdict (discovery's FetchEvidence). */
export interface RunFileEvidence {
  url: string;
  answered: boolean;
  failure: string | null;
  blocked: string | null;
  error: { code: string; message: string } | null;
}

/** The ledger's summary: the verdict's evidence and the files gone detection may trust. */
export interface RunLedger {
  byState: Record<RunFileState, number>;
  /** Files whose bytes sniffed as a sitemap (or that answered 304 to a conditional request). */
  sitemapsRead: number;
  /** Files requested, whatever they turned out to be. */
  filesFetched: number;
  evidence: RunFileEvidence[];
  /** sitemap_files ids of the files read to the end (or unchanged since), for gone detection. */
  readInFull: number[];
  /** Every file that is a sitemap was read in full, and no file failed (well-known misses aside). */
  allReadInFull: boolean;
}

export const RUN_LEDGER_SQL = `
SELECT url, discovery_method, state, sitemap_file_id, answered, failure, is_sitemap, blocked, error_code, error_message
FROM crawl_run_files WHERE crawl_run_id = $1 ORDER BY created_at, url_key`;

/** Reads the run's ledger into what the verdict and gone detection need. Bounded by maxSitemapsPerDomain rows. */
export async function readRunLedger(db: Database, crawlRunId: number): Promise<RunLedger> {
  const { rows } = await db.query<{
    url: string;
    discovery_method: DiscoveryMethodValue;
    state: RunFileState;
    sitemap_file_id: number | null;
    answered: boolean;
    failure: string | null;
    is_sitemap: boolean;
    blocked: string | null;
    error_code: string | null;
    error_message: string | null;
  }>(RUN_LEDGER_SQL, [crawlRunId]);
  const ledger: RunLedger = {
    byState: { queued: 0, read: 0, 'not-modified': 0, failed: 0, 'not-read': 0 },
    sitemapsRead: 0,
    filesFetched: 0,
    evidence: [],
    readInFull: [],
    allReadInFull: true,
  };
  for (const row of rows) {
    ledger.byState[row.state] += 1;
    if (row.state !== 'not-read' && row.state !== 'queued') ledger.filesFetched += 1;
    if (row.is_sitemap || row.state === 'not-modified') ledger.sitemapsRead += 1;
    const error = row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' };
    if (row.state !== 'not-read' && row.failure !== 'aborted') ledger.evidence.push({ url: row.url, answered: row.answered, failure: row.failure, blocked: row.blocked, error });
    const wellKnownMiss = row.discovery_method === 'well-known' && !row.is_sitemap && row.state !== 'not-modified';
    const full = (row.state === 'read' || row.state === 'not-modified') && error === null;
    if (full && row.sitemap_file_id !== null) ledger.readInFull.push(Number(row.sitemap_file_id));
    else if (!wellKnownMiss) ledger.allReadInFull = false;
  }
  return ledger;
}

/** Moves a run to its well-known phase (once). */
export async function setRunPhase(db: Database, crawlRunId: number, phase: CrawlPhase): Promise<void> {
  await db.query('UPDATE crawl_runs SET phase = $2 WHERE id = $1', [crawlRunId, phase]);
}

/*
 * A run's page counts, computed from the pages themselves rather than added up by its jobs: a job retried after a
 * crash rewrites the same rows, and these counts stay exact. "new" is first listed by this run; "updated" is
 * listed by it with metadata changed since it started; "seen" is listed by it. A run's pages are its domain's:
 * the domain's part of UNIQUE (domain_id, url) finds them (there is no index on last_crawl_run_id, migration 0005).
 */
export const RUN_PAGE_COUNTS_SQL = `
SELECT
  count(*) FILTER (WHERE p.first_crawl_run_id = r.id) AS new,
  count(*) FILTER (WHERE p.first_crawl_run_id IS DISTINCT FROM r.id AND p.updated_at >= r.started_at) AS updated,
  count(*) AS seen
FROM crawl_runs r JOIN pages p ON p.domain_id = r.domain_id AND p.last_crawl_run_id = r.id
WHERE r.id = $1`;

export const SET_RUN_COUNTS_SQL = `
UPDATE crawl_runs SET pages_new = $2, pages_updated = $3, pages_seen = $4, pages_gone = $5, sitemaps_fetched = $6
WHERE id = $1`;

export interface RunPageCounts {
  new: number;
  updated: number;
  seen: number;
}

/** Counts the run's pages (see RUN_PAGE_COUNTS_SQL). */
export async function countRunPages(db: Database, crawlRunId: number): Promise<RunPageCounts> {
  const { rows } = await db.query<{ new: number; updated: number; seen: number }>(RUN_PAGE_COUNTS_SQL, [crawlRunId]);
  const row = rows[0];
  return { new: Number(row?.new ?? 0), updated: Number(row?.updated ?? 0), seen: Number(row?.seen ?? 0) };
}

/** Writes a run's final counts (replacing, not adding). */
export async function setRunCounts(db: Database, crawlRunId: number, counts: RunPageCounts & { gone: number; sitemapsFetched: number }): Promise<void> {
  await db.query(SET_RUN_COUNTS_SQL, [crawlRunId, counts.new, counts.updated, counts.seen, counts.gone, counts.sitemapsFetched]);
}

/** What a job checks of its run before working on it. */
export interface RunState {
  status: string;
  domainId: number;
  /** Epoch ms at which the domain's time budget runs out; null until discovery set it. */
  deadline: number | null;
  stopReason: RunStopReason | null;
}

/** The run's status, domain, deadline and stop reason (no lock); null when there is no such run. */
export async function readRunState(db: Database, crawlRunId: number): Promise<RunState | null> {
  const { rows } = await db.query<{ status: string; domain_id: number; deadline_at: Date | null; stop_reason: RunStopReason | null }>(
    'SELECT status, domain_id, deadline_at, stop_reason FROM crawl_runs WHERE id = $1',
    [crawlRunId],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return { status: row.status, domainId: Number(row.domain_id), deadline: row.deadline_at?.getTime() ?? null, stopReason: row.stop_reason };
}
