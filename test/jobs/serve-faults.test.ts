/*
 * SIGTERM of `sitescout serve` (API and workers in one process) mid-crawl, issue 6: the real binary against a fresh
 * PostgreSQL database on the TEST_DATABASE_URL server (skipped, with the note test/db/support.ts prints, without
 * one). The process is found in pg_stat_activity by the application_name its pool sets (`sitescout`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startMutableSite, type MutableSite } from '../fixtures/mutable-site.js';
import { testDatabaseUrl } from '../db/support.js';
import { buildSite, createFreshDatabase, exitOf, enqueueSites, FAST_JOBS_ENV, type FreshDatabase, jobStates, pageSet, runRows, SITE_FLAGS, sorted, startCli, type WorkerProcess } from './fault-support.js';
import { waitFor } from './support.js';

const FILES = 8;
const URLS_PER_FILE = 500;
const SHUTDOWN_TIMEOUT_MS = 2_000;

function startServe(databaseUrl: string): WorkerProcess {
  return startCli(databaseUrl, ['serve', '--port', '0', '--host', '127.0.0.1', '--workers', '2', '--shutdown-timeout-ms', String(SHUTDOWN_TIMEOUT_MS), ...SITE_FLAGS], {
    ...FAST_JOBS_ENV,
    SITESCOUT_LOG_LEVEL: 'info',
  });
}

const count = async (db: FreshDatabase, sql: string): Promise<number> => Number((await db.query<{ n: string }>(sql))[0]?.n ?? 0);

describe.skipIf(testDatabaseUrl === null)('sitescout serve stopped mid-crawl (real binary, real PostgreSQL)', () => {
  let db: FreshDatabase | null = null;
  let site: MutableSite | null = null;
  const children: WorkerProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGKILL');
    await site?.close();
    site = null;
    await db?.drop();
    db = null;
  });

  it('SIGTERM: exits 0 within the shutdown deadline, leaves no transaction and no connection open, loses no job; a restart finishes the crawl with the pages of an uninterrupted one', async () => {
    db = await createFreshDatabase();
    site = await startMutableSite();
    const expected = buildSite(site, { files: FILES, min: URLS_PER_FILE, max: URLS_PER_FILE, random: () => 0 });
    const serve = startServe(db.url);
    children.push(serve);
    // serve migrates the database before it listens; enqueue after that, as an operator would.
    await waitFor(async () => serve.stderr().includes('"service started"') || serve.child.exitCode !== null, (up) => up, 60_000);
    expect(serve.child.exitCode, serve.stderr().slice(-3000)).toBeNull();
    await enqueueSites(db.url, [site]);

    // Mid-crawl, with work in flight: once the first pages are in, every urlset not requested yet answers only after
    // a minute, so the jobs that take them are waiting on the site when SIGTERM comes (state-based, whatever order
    // the jobs run in); the files already served are written in full first.
    await waitFor(() => count(db!, 'SELECT count(*) AS n FROM pages'), (n) => n > 0, 60_000);
    const served = (): Set<string> => new Set(site!.requests.map((r) => r.path).filter((p) => /^\/s\d+\.xml/.test(p)));
    for (const path of site.files.keys()) if (/^\/s\d+\.xml/.test(path) && !served().has(path)) site.delays.set(path, 60_000);
    const inFlight = await waitFor(
      async () => ({
        pages: await count(db!, 'SELECT count(*) AS n FROM pages'),
        active: await count(db!, "SELECT count(*) AS n FROM pgboss.job WHERE name = 'fetch-sitemap' AND state = 'active'"),
      }),
      ({ pages, active }) => active >= 1 && pages === served().size * URLS_PER_FILE,
      60_000,
    );
    expect(inFlight.pages).toBeLessThan(expected.length);

    const sessions = async (): Promise<Array<{ state: string | null }>> =>
      db!.admin<{ state: string | null }>("SELECT state FROM pg_stat_activity WHERE datname = $1 AND application_name = 'sitescout'", [db!.name]);
    const before = await sessions();
    expect(before.length, 'the service is found in pg_stat_activity by its application_name').toBeGreaterThan(0);
    const samples: Array<string | null> = [];
    let exited = false;
    const sigterm = Date.now();
    serve.child.kill('SIGTERM');
    const exit = exitOf(serve, SHUTDOWN_TIMEOUT_MS + 20_000).then((result) => {
      exited = true;
      return { ...result, ms: Date.now() - sigterm };
    });
    while (!exited) for (const row of await sessions()) samples.push(row.state);
    const { code, ms } = await exit;
    // The server drops a closed connection's row at once, but asynchronously: wait (state-based) until it has.
    const after = await waitFor(async () => (await sessions()).length, (n) => n === 0, 10_000);
    const jobsAfter = await jobStates(db);
    const log = serve.stderr();
    const givenBack = (log.match(/released an unfinished job at stop/g) ?? []).length;
    console.log(
      `[serve faults] SIGTERM with ${inFlight.active} fetch jobs active and ${inFlight.pages} of ${expected.length} pages in: exit ${code} after ${ms} ms; ${samples.length} session rows sampled while it stopped (${[...new Set(samples)].join(', ')}); ${after} sessions after exit; ${givenBack} jobs given back; jobs ${JSON.stringify(jobsAfter)}`,
    );
    expect(code, log.slice(-4000)).toBe(0);
    // The deadline is for the jobs; closing the HTTP server, the queue and the pool comes on top (generous: CI is busy).
    expect(ms).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 10_000);
    expect(samples.filter((s) => s?.startsWith('idle in transaction'))).toEqual([]);
    expect(after).toBe(0);
    expect(givenBack).toBeGreaterThanOrEqual(1);
    expect(Object.keys(jobsAfter).filter((k) => k.endsWith(' active'))).toEqual([]);
    expect(log).toContain('"service stopped"');

    // The restart finishes the crawl: the run completes with the counts and the page set of an uninterrupted one.
    site.delays.clear();
    const again = startServe(db.url);
    children.push(again);
    const runs = await waitFor(() => runRows(db!), (rows) => rows.length === 1 && ['completed', 'failed', 'cancelled'].includes(rows[0]!.status), 60_000);
    again.child.kill('SIGTERM');
    const second = await exitOf(again, SHUTDOWN_TIMEOUT_MS + 20_000);
    expect(second.code, again.stderr().slice(-4000)).toBe(0);
    const host = `127.0.0.1:${site.port}`;
    expect(runs).toEqual([{ domain: host, status: 'completed', outcome: 'ok', pages_new: expected.length, pages_updated: 0, pages_seen: expected.length, pages_gone: 0, sitemaps_fetched: FILES + 1 }]);
    const pages = await pageSet(db);
    expect(pages.rows).toBe(pages.distinct);
    expect(pages.urls).toEqual(sorted(expected));
    const states = await jobStates(db);
    expect(Object.keys(states).filter((k) => !k.endsWith(' completed'))).toEqual([]);
  }, 90_000);
});
