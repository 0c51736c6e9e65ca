/*
 * `sitescout serve` with PostgreSQL runs its workers in a crawl thread at a lower CPU priority (decision 0018): the
 * real binary against a fresh database on the TEST_DATABASE_URL server (skipped, with the note test/db/support.ts
 * prints, without one).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startMutableSite } from '../fixtures/mutable-site.js';
import { testDatabaseUrl } from '../db/support.js';
import { runCliCaptured } from '../support/run-cli.js';
import { buildSite, createFreshDatabase, enqueueSites, exitOf, FAST_JOBS_ENV, type FreshDatabase, runRows, SITE_FLAGS, startCli, type WorkerProcess } from './fault-support.js';
import { waitFor } from './support.js';

/** The nice value of each thread of a process, by thread id (Linux /proc). */
function threadNices(pid: number): Map<number, number> {
  const nices = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // Fields after "(comm) ": state is the 3rd field of stat, nice the 19th.
    nices.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return nices;
}

const startedLine = (serve: WorkerProcess): Record<string, unknown> | null => {
  const line = serve.stderr().split('\n').find((l) => l.includes('"service started"'));
  return line === undefined ? null : (JSON.parse(line) as Record<string, unknown>);
};

describe.skipIf(testDatabaseUrl === null)('sitescout serve: the crawl thread (real binary, real PostgreSQL)', () => {
  // What a test opens, closed after it in reverse order: the serve process (killed if still running), the site, the database.
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const freshDatabase = async (): Promise<FreshDatabase> => {
    const created = await createFreshDatabase();
    cleanups.push(() => created.drop());
    return created;
  };
  const serveOn = (url: string, args: string[], env: Record<string, string>): WorkerProcess => {
    const serve = startCli(url, ['serve', '--port', '0', '--host', '127.0.0.1', ...args, ...SITE_FLAGS], env);
    cleanups.push(async () => serve.child.exitCode === null && serve.child.signalCode === null && serve.child.kill('SIGKILL'));
    return serve;
  };

  it('crawls in a thread at nice 10 while the HTTP thread stays at 0; its events reach /metrics; SIGTERM closes it and every connection', async () => {
    const db = await freshDatabase();
    const site = await startMutableSite();
    cleanups.push(() => site.close());
    const expected = buildSite(site, { files: 6, min: 3000, max: 3000, random: () => 0 });
    const key = await runCliCaptured(['keys', 'create', '--name', 'metrics'], { DATABASE_URL: db.url });
    expect(key.code, key.stderr).toBe(0);
    const serve = serveOn(db.url, ['--workers', '2', '--shutdown-timeout-ms', '2000'], { ...FAST_JOBS_ENV, SITESCOUT_LOG_LEVEL: 'info' });
    const started = await waitFor(async () => startedLine(serve) ?? (serve.child.exitCode === null ? null : {}), (s) => s !== null, 60_000);
    expect(started, serve.stderr().slice(-3000)).toMatchObject({ engine: 'postgres', workersRun: expect.stringMatching(/^crawl thread \d+ \(nice 10\)$/) });
    if (existsSync(`/proc/${serve.child.pid}/task`)) {
      const nices = threadNices(serve.child.pid!);
      expect(nices.get(serve.child.pid!), 'the main (HTTP) thread').toBe(0);
      expect([...nices.values()].filter((n) => n === 10).length, JSON.stringify([...nices])).toBeGreaterThanOrEqual(1);
    }

    await enqueueSites(db.url, [site]);
    const runs = await waitFor(() => runRows(db), (rows) => rows.length === 1 && rows[0]!.status !== 'running' && rows[0]!.status !== 'queued', 60_000);
    expect(runs[0]).toMatchObject({ status: 'completed', pages_new: expected.length });
    const url = String(started!.url);
    const scrape = async (): Promise<string> => (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${key.stdout.trim()}` } })).text();
    // The thread reports its heap and GC pauses once a second: wait for the report that covers the crawl's pauses.
    const metrics = await waitFor(scrape, (text) => /^sitescout_gc_pause_seconds_count\{kind="[a-z]+",thread="crawl"\} [1-9]/m.test(text), 10_000);
    // Counted on the main thread from the crawl thread's messages: every page the thread wrote.
    expect(metrics).toMatch(new RegExp(`^sitescout_inventory_pages_written_total ${expected.length}$`, 'm'));
    expect(metrics).toMatch(/^sitescout_sitemap_entries_total [1-9]\d*$/m);
    // What the thread reports of itself: its heap, its GC pauses (labelled thread="crawl"), its utilization.
    expect(metrics).toMatch(/^sitescout_thread_heap_used_bytes\{thread="crawl"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^sitescout_gc_pause_seconds_count\{kind="[a-z]+",thread="crawl"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^sitescout_thread_event_loop_utilization\{thread="crawl"\} (0|0\.\d+|1)$/m);

    serve.child.kill('SIGTERM');
    expect((await exitOf(serve, 30_000)).code, serve.stderr().slice(-3000)).toBe(0);
    const levels = serve.stderr().split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { level: number; msg: string }));
    expect(levels.filter((l) => l.level >= 50), 'no error logged').toEqual([]);
    expect(levels.map((l) => l.msg)).toContain('service stopped');
    const sessions = await waitFor(async () => db.admin<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'sitescout'", [db.name]), (rows) => rows[0]?.n === '0', 10_000);
    expect(sessions).toEqual([{ n: '0' }]);
  }, 120_000);

  it('--crawl-thread main keeps the workers on the HTTP thread', async () => {
    const db = await freshDatabase();
    const serve = serveOn(db.url, ['--workers', '1', '--crawl-thread', 'main'], { SITESCOUT_LOG_LEVEL: 'info' });
    const started = await waitFor(async () => startedLine(serve) ?? (serve.child.exitCode === null ? null : {}), (s) => s !== null, 60_000);
    expect(started, serve.stderr().slice(-3000)).toMatchObject({ engine: 'postgres', workersRun: 'main thread' });
    serve.child.kill('SIGTERM');
    expect((await exitOf(serve, 30_000)).code).toBe(0);
  }, 90_000);
});
