/*
 * Issue 4's "PostgreSQL restarted mid-crawl": a real restart, not dropped sessions. The test starts a PostgreSQL
 * server of its own (test/support/private-postgres.ts), runs the real worker binary against it, stops the server
 * for two seconds twice mid-crawl (`pg_ctl stop -m fast`, the way a restart or failover looks to clients: sessions
 * end, then connections are refused), starts it again, and checks that the worker reconnects and finishes with the
 * page set and counts of an uninterrupted run. It needs the PostgreSQL server binaries, not TEST_DATABASE_URL, and
 * is skipped with the reason printed where they are missing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startMutableSite, type MutableSite } from '../fixtures/mutable-site.js';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.js';
import { buildSite, enqueueSites, exitOf, jobStates, pageSet, runRows, sorted, startWorker, type FreshDatabase } from './fault-support.js';

const unavailable = privatePostgresUnavailable();
if (unavailable !== null) process.stderr.write(`SKIPPED test/jobs/pg-restart.test.ts: ${unavailable}\n`);

async function once<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'sitescout-test', connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe.skipIf(unavailable !== null)('PostgreSQL restarted mid-crawl (a private server, really stopped and started)', () => {
  let server: PrivatePostgres | null = null;
  let site: MutableSite | null = null;
  afterAll(async () => {
    await site?.close();
    server?.destroy();
  });

  it('the worker rides out two 2-second outages, reconnects, and finishes with every page once and clean counts', async () => {
    const started = Date.now();
    server = await startPrivatePostgres();
    await once(server.url('postgres'), 'CREATE DATABASE crawl');
    const url = server.url('crawl');
    const db: FreshDatabase = { name: 'crawl', url, query: (sql, params) => once(url, sql, params), admin: (sql, params) => once(server!.url('postgres'), sql, params), drop: async () => undefined };
    site = await startMutableSite();
    const expected = buildSite(site, { files: 10, min: 1500, max: 1500, random: () => 0 });
    await enqueueSites(url, [site]);
    const worker = startWorker(url, ['--exit-when-idle']);
    let exited: unknown = null;
    void worker.exited.then((result) => {
      exited = result;
    });

    const restartedAt: number[] = [];
    for (const share of [0.2, 0.55]) {
      // State-based: each outage starts once this share of the pages is in, so both land mid-crawl.
      let rows = 0;
      const deadline = Date.now() + 90_000;
      while (exited === null && Date.now() < deadline) {
        rows = await pageSet(db).then((p) => p.rows, () => 0);
        if (rows >= share * expected.length) break;
        await sleep(100);
      }
      expect(exited, `the worker exited before the outage at ${share * 100} %: ${worker.stderr().slice(-3000)}`).toBeNull();
      expect(rows).toBeGreaterThanOrEqual(share * expected.length);
      restartedAt.push(rows);
      server.stop();
      await sleep(2_000);
      server.start();
    }

    const { code } = await exitOf(worker, 120_000);
    const log = worker.stderr();
    const pages = await pageSet(db);
    console.log(
      `[faults] PostgreSQL restarted at ${restartedAt.join(' / ')} of ${expected.length} pages; exit ${code}; ${pages.rows} rows / ${pages.distinct} distinct; ${(log.match(/"job failed"/g) ?? []).length} jobs failed and were retried; ${Date.now() - started} ms`,
    );
    expect(code, log.slice(-4000)).toBe(0);
    expect(await runRows(db)).toEqual([
      { domain: `127.0.0.1:${site.port}`, status: 'completed', outcome: 'ok', pages_new: expected.length, pages_updated: 0, pages_seen: expected.length, pages_gone: 0, sitemaps_fetched: 11 },
    ]);
    expect(pages.rows).toBe(pages.distinct);
    expect(pages.urls).toEqual(sorted(expected));
    const states = await jobStates(db);
    expect(Object.keys(states).filter((k) => !k.endsWith(' completed'))).toEqual([]);
  }, 200_000);
});
