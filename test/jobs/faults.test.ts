/*
 * The fault tests (issue 4): the real binary (`node bin/sitescout.js worker`, built into dist/) against a fresh
 * PostgreSQL database per test, crawling fixture sites on loopback while it is killed, cut off from its database,
 * or stopped (a real PostgreSQL restart is test/jobs/pg-restart.test.ts, on a server of its own). Each test compares the final page set with the sites' and checks the runs' counts. They need a real
 * server (TEST_DATABASE_URL) and are skipped, with the note test/db/support.ts prints, without one.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startMutableSite, type MutableSite } from '../fixtures/mutable-site.js';
import { testDatabaseUrl } from '../db/support.js';
import {
  buildSite,
  createFreshDatabase,
  enqueueSites,
  exitOf,
  type FreshDatabase,
  jobStates,
  pageSet,
  runRows,
  seededRandom,
  sorted,
  startWorker,
  waitForLog,
} from './fault-support.js';
import { waitFor } from './support.js';

const host = (site: MutableSite): string => `127.0.0.1:${site.port}`;

/** What an uninterrupted crawl of a site of `files` urlsets and `pages` pages records. */
function cleanRun(site: MutableSite, files: number, pages: number) {
  return { domain: host(site), status: 'completed', outcome: 'ok', pages_new: pages, pages_updated: 0, pages_seen: pages, pages_gone: 0, sitemaps_fetched: files + 1 };
}

describe.skipIf(testDatabaseUrl === null)('faults a worker survives (real binary, real PostgreSQL)', () => {
  let db: FreshDatabase | null = null;
  let sites: MutableSite[] = [];
  afterEach(async () => {
    for (const site of sites) await site.close();
    sites = [];
    await db?.drop();
    db = null;
  });

  it('kill -9, 20 times mid-crawl: the next worker finishes every run with the pages and counts of an uninterrupted one', async () => {
    const seed = Number(process.env.SITESCOUT_FAULTS_SEED ?? Date.now() % 2 ** 31);
    console.log(`[faults] kill -9: seed ${seed} (replay with SITESCOUT_FAULTS_SEED=${seed})`);
    const random = seededRandom(seed);
    const started = Date.now();
    db = await createFreshDatabase();
    sites = [await startMutableSite(), await startMutableSite(), await startMutableSite()];
    const shapes = [
      // ~17,500 pages: big enough that every kill lands mid-crawl, small enough for the suite's time budget (the
      // crawl itself runs at ~1,500 pages/s on a busy 2-core CI machine; each worker boots in 1–2 s).
      { files: 20, min: 500, max: 1000 },
      { files: 5, min: 300, max: 600 },
      { files: 3, min: 100, max: 200 },
    ];
    const expected = sites.map((site, i) => buildSite(site, { ...shapes[i]!, random }));
    const total = expected.flat().length;
    await enqueueSites(db.url, sites);

    let killedWith = 0;
    const written: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      // The random wait starts once the worker has started (connected, migrated, queue started: ~1 s on a quiet
      // machine), so every kill lands while it works rather than while it boots.
      const worker = startWorker(db.url, [], { SITESCOUT_LOG_LEVEL: 'info' });
      await waitForLog(worker, '"worker started"');
      await sleep(100 + Math.floor(random() * 1401));
      worker.child.kill('SIGKILL');
      const { signal } = await worker.exited;
      if (signal === 'SIGKILL') killedWith += 1;
      written.push(Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM pages'))[0]?.n));
    }
    const finalStarted = Date.now();
    const final = startWorker(db.url, ['--exit-when-idle']);
    const { code } = await exitOf(final, 180_000);
    expect(code, final.stderr()).toBe(0);

    const pages = await pageSet(db);
    const runs = await runRows(db);
    console.log(
      `[faults] kill -9: ${killedWith} kills; pages written after each: ${written.join(' ')} (of ${total}); the last worker took ${Date.now() - finalStarted} ms; ${pages.rows} rows / ${pages.distinct} distinct; ${Date.now() - started} ms in all`,
    );
    expect(killedWith).toBe(20);
    expect(runs).toEqual(sites.map((site, i) => cleanRun(site, shapes[i]!.files, expected[i]!.length)).sort((a, b) => a.domain.localeCompare(b.domain)));
    expect(pages.rows).toBe(pages.distinct);
    expect(pages.urls).toEqual(sorted(expected.flat()));
    const states = await jobStates(db);
    expect(Object.keys(states).filter((k) => !k.endsWith(' completed'))).toEqual([]);
  }, 240_000);

  it('SIGTERM mid-crawl with --shutdown-timeout-ms 2000: exit 0 in time, no session left idle in transaction or open, no job left active; the next worker finishes', async () => {
    const started = Date.now();
    db = await createFreshDatabase();
    const site = await startMutableSite();
    sites = [site];
    const expected = buildSite(site, { files: 6, min: 300, max: 300, random: () => 0 });
    // The urlsets answer only after a minute: the fetch jobs are in flight, waiting on them, when SIGTERM comes.
    for (const path of site.files.keys()) if (/^\/s\d+\.xml/.test(path)) site.delays.set(path, 60_000);
    await enqueueSites(db.url, sites);
    const worker = startWorker(db.url, ['--shutdown-timeout-ms', '2000'], { SITESCOUT_LOG_LEVEL: 'info' });
    await waitFor(
      async () => (await db!.query<{ n: string }>("SELECT count(*) AS n FROM pgboss.job WHERE name = 'fetch-sitemap' AND state = 'active'"))[0]?.n,
      (n) => Number(n) >= 2,
      60_000,
    );

    const samples: Array<{ state: string | null; ms: number }> = [];
    let exited = false;
    const sample = async (): Promise<number> => {
      const rows = await db!.admin<{ state: string | null }>("SELECT state FROM pg_stat_activity WHERE datname = $1 AND application_name = 'sitescout'", [db!.name]);
      for (const row of rows) samples.push({ state: row.state, ms: Date.now() - sigterm });
      return rows.length;
    };
    const sigterm = Date.now();
    worker.child.kill('SIGTERM');
    const exit = worker.exited.then((result) => {
      exited = true;
      return { ...result, ms: Date.now() - sigterm };
    });
    let during = 0;
    while (!exited) {
      await sample();
      during += 1;
    }
    const { code, ms } = await exit;
    // The server drops a closed connection's row at once, but asynchronously: wait (state-based) until it has.
    const after = await waitFor(sample, (n) => n === 0, 10_000);
    const inTransaction = samples.filter((s) => s.state?.startsWith('idle in transaction'));
    const jobsAfter = await jobStates(db);
    const log = worker.stderr();
    console.log(
      `[faults] SIGTERM: exit ${code} after ${ms} ms; ${during} samples of pg_stat_activity while it stopped (${samples.length} session rows: ${[...new Set(samples.map((s) => s.state))].join(', ')}), ${inTransaction.length} idle in transaction, ${after} sessions after exit; ${(log.match(/released an unfinished job at stop/g) ?? []).length} jobs given back; jobs ${JSON.stringify(jobsAfter)}`,
    );
    expect(code, log.slice(-4000)).toBe(0);
    expect(ms).toBeLessThan(2000 + 10_000);
    expect(inTransaction).toEqual([]);
    expect(after).toBe(0);
    expect(Object.keys(jobsAfter).filter((k) => k.endsWith(' active'))).toEqual([]);

    site.delays.clear();
    const next = startWorker(db.url, ['--exit-when-idle']);
    const second = await exitOf(next, 120_000);
    expect(second.code, next.stderr().slice(-4000)).toBe(0);
    const pages = await pageSet(db);
    expect(await runRows(db)).toEqual([cleanRun(site, 6, expected.length)]);
    expect(pages.rows).toBe(pages.distinct);
    expect(pages.urls).toEqual(sorted(expected));
    console.log(`[faults] SIGTERM: the next worker finished the crawl (${pages.rows} pages); ${Date.now() - started} ms in all`);
  }, 150_000);
});
