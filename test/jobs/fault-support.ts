import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sitemapIndex, urlset, type MutableSite } from '../fixtures/mutable-site.js';
import { testDatabaseUrl } from '../db/support.js';

/** The built CLI (`npm run build` runs before the tests): the fault tests drive the real binary. */
export const BIN = fileURLToPath(new URL('../../bin/sitescout.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Flags every worker of these tests gets: the fixture sites are on loopback and answer at once. */
export const SITE_FLAGS = ['--allow-private', '--politeness-delay-ms', '0', '--well-known', 'never'];

/**
 * Job settings for the tests: a killed worker's jobs expire after 3 s, maintenance looks every second, and a
 * retry waits no longer than that. A kill spends one retry of each job it takes with it (an expiry counts as a
 * failure), so the limit is raised from 3 to 20: twenty kills cannot use up one job's retries.
 */
export const FAST_JOBS_ENV = {
  SITESCOUT_JOB_EXPIRE_SECONDS: '3',
  SITESCOUT_JOB_MAINTENANCE_INTERVAL_SECONDS: '1',
  SITESCOUT_JOB_RETRY_DELAY_SECONDS: '0',
  SITESCOUT_JOB_RETRY_LIMIT: '20',
};

/** A seeded PRNG (mulberry32), so a failing run can be replayed with its printed seed. */
export { prng as seededRandom } from '../support/random-sitemap.js';

export interface FreshDatabase {
  name: string;
  /** DATABASE_URL for the workers. */
  url: string;
  /** A query on a connection of its own (opened and closed per call, so a terminate never hits the test). */
  query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  /** A query on the server's test database (for pg_stat_activity and pg_terminate_backend). */
  admin<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

async function once<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'sitescout-test' });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A database of its own on the TEST_DATABASE_URL server, created now and dropped (forcibly) by `drop()`. */
export async function createFreshDatabase(): Promise<FreshDatabase> {
  if (testDatabaseUrl === null) throw new Error('TEST_DATABASE_URL is not set');
  const adminUrl = testDatabaseUrl;
  const name = `sitescout_faults_${randomBytes(5).toString('hex')}`;
  await once(adminUrl, `CREATE DATABASE ${name}`);
  const target = new URL(adminUrl);
  target.pathname = `/${name}`;
  const url = target.toString();
  return {
    name,
    url,
    query: (sql, params) => once(url, sql, params),
    admin: (sql, params) => once(adminUrl, sql, params),
    drop: async () => void (await once(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves when the process has exited and its stderr is read to the end. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote to stderr so far (JSON log lines). */
  stderr(): string;
}

/** Starts `sitescout <args>` as a child process against `databaseUrl`. */
export function startCli(databaseUrl: string, args: string[], env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: databaseUrl, SITESCOUT_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  child.stdout?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal }));
  });
  return { child, exited, stderr: () => err };
}

/** `sitescout worker` with the fixture flags. */
export function startWorker(databaseUrl: string, extra: string[] = [], env: Record<string, string> = {}): WorkerProcess {
  return startCli(databaseUrl, ['worker', ...SITE_FLAGS, ...extra], { ...FAST_JOBS_ENV, ...env });
}

/** `sitescout enqueue` of the sites, waited for; fails unless it exits 0. */
export async function enqueueSites(databaseUrl: string, sites: readonly MutableSite[]): Promise<void> {
  const run = startCli(databaseUrl, ['enqueue', ...sites.map((s) => `${s.origin}/`)], FAST_JOBS_ENV);
  const { code } = await run.exited;
  if (code !== 0) throw new Error(`sitescout enqueue exited ${code}: ${run.stderr()}`);
}

/**
 * robots.txt → an index of `files` urlsets of `min`–`max` URLs each (every third gzipped), sized with `random`.
 * Returns every page URL the site lists.
 */
export function buildSite(site: MutableSite, options: { files: number; min: number; max: number; random: () => number }): string[] {
  const o = site.origin;
  const names = Array.from({ length: options.files }, (_, i) => (i % 3 === 2 ? `/s${i}.xml.gz` : `/s${i}.xml`));
  site.files.set('/robots.txt', { body: `User-agent: *\nAllow: /\nSitemap: ${o}/sitemap_index.xml\n` });
  site.files.set('/sitemap_index.xml', { body: sitemapIndex(o, names) });
  const all: string[] = [];
  for (const [i, name] of names.entries()) {
    const n = options.min + Math.floor(options.random() * (options.max - options.min + 1));
    const paths = Array.from({ length: n }, (_, k) => `/f${i}/page-${k}`);
    site.files.set(name, { body: urlset(o, paths), gzip: name.endsWith('.gz') });
    all.push(...paths.map((p) => `${o}${p}`));
  }
  return all;
}

export interface RunRow {
  domain: string;
  status: string;
  outcome: string | null;
  pages_new: number;
  pages_updated: number;
  pages_seen: number;
  pages_gone: number;
  sitemaps_fetched: number;
}

/** Every run with its domain, by domain. */
export async function runRows(db: FreshDatabase): Promise<RunRow[]> {
  const rows = await db.query<RunRow>(
    `SELECT d.name AS domain, r.status, r.outcome, r.pages_new, r.pages_updated, r.pages_seen, r.pages_gone, r.sitemaps_fetched
       FROM crawl_runs r JOIN domains d ON d.id = r.domain_id ORDER BY d.name, r.id`,
  );
  return rows.map((r) => ({
    ...r,
    pages_new: Number(r.pages_new),
    pages_updated: Number(r.pages_updated),
    pages_seen: Number(r.pages_seen),
    pages_gone: Number(r.pages_gone),
    sitemaps_fetched: Number(r.sitemaps_fetched),
  }));
}

/** The page URLs in the inventory (sorted), and the row count beside the distinct count. */
export async function pageSet(db: FreshDatabase): Promise<{ urls: string[]; rows: number; distinct: number }> {
  const [counts] = await db.query<{ n: string; distinct: string }>('SELECT count(*) AS n, count(DISTINCT url) AS distinct FROM pages');
  const urls = (await db.query<{ url: string }>('SELECT DISTINCT url FROM pages ORDER BY url')).map((r) => r.url);
  return { urls, rows: Number(counts?.n ?? 0), distinct: Number(counts?.distinct ?? 0) };
}

/** The pg-boss jobs by state (dead letters included). */
export async function jobStates(db: FreshDatabase): Promise<Record<string, number>> {
  const rows = await db.query<{ name: string; state: string; n: string }>('SELECT name, state::text AS state, count(*) AS n FROM pgboss.job GROUP BY 1, 2 ORDER BY 1, 2');
  return Object.fromEntries(rows.map((r) => [`${r.name} ${r.state}`, Number(r.n)]));
}

/** Waits until the process has exited, or `timeoutMs` passed (then kills it and fails). */
export async function exitOf(worker: WorkerProcess, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      worker.child.kill('SIGKILL');
      reject(new Error(`the worker did not exit within ${timeoutMs} ms; its log:\n${worker.stderr().slice(-4000)}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([worker.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the process has written `text` to stderr (a log message), or has exited (then false). */
export async function waitForLog(worker: WorkerProcess, text: string): Promise<boolean> {
  let exited = false;
  void worker.exited.then(() => {
    exited = true;
  });
  while (!worker.stderr().includes(text)) {
    if (exited) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

export const sorted = (urls: readonly string[]): string[] => [...urls].sort();
