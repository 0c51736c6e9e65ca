import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/index.js';
import { createBossDb, createJobQueue, type FetchSitemapPayload, type JobQueue, JobPayloadError } from '../../src/jobs/index.js';
import { openTestPostgres, rejectionOf, type TestPostgres, testDatabaseUrl } from '../db/support.js';
import { gate, jobRows, uniqueBossSchema, waitFor } from './support.js';

/** pg-boss 10's smallest polling interval. */
const POLL_MS = 500;
const FAST_RETRY = { retryLimit: 2, retryDelaySeconds: 0, retryBackoff: false };

function sitemapJob(n: number): FetchSitemapPayload {
  return { domain: 'example.com', runId: 1, urlKey: `https://example.com/sitemap-${n}.xml` };
}

/** The same behaviour on both engines; `handle` is the file's shared Database for the engine. */
function behavesAsTheJobLayer(handle: () => Database): void {
  const opened: { queue: JobQueue; schema: string }[] = [];

  async function startQueue(retry = FAST_RETRY): Promise<{ queue: JobQueue; schema: string }> {
    const schema = uniqueBossSchema();
    const queue = createJobQueue({ db: handle(), schema, retry, pollIntervalMs: POLL_MS });
    opened.push({ queue, schema });
    await queue.start();
    return { queue, schema };
  }

  afterEach(async () => {
    for (const { queue, schema } of opened.splice(0)) {
      await queue.stop({ graceful: false });
      await handle().exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });

  it("runs pg-boss's own schema creation through the adapter and creates each queue with its dead-letter queue and its kind's retry policy", async () => {
    const schema = uniqueBossSchema();
    const queue = createJobQueue({ db: handle(), schema, retry: FAST_RETRY, retryByKind: { 'enrich-contact': { retryLimit: 4, retryDelaySeconds: 10, retryBackoff: true } }, pollIntervalMs: POLL_MS });
    opened.push({ queue, schema });
    await queue.start();
    const { rows: version } = await handle().query<{ version: number }>(`SELECT version FROM ${schema}.version`);
    const { rows: queues } = await handle().query(
      `SELECT name, dead_letter, retry_limit, retry_delay, retry_backoff FROM ${schema}.queue ORDER BY name`,
    );
    expect({ version, queues }).toEqual({
      version: [{ version: 24 }],
      queues: [
        { name: 'discover-domain', dead_letter: 'discover-domain-dead', retry_limit: 2, retry_delay: 0, retry_backoff: false },
        { name: 'discover-domain-dead', dead_letter: null, retry_limit: null, retry_delay: null, retry_backoff: null },
        { name: 'enrich-contact', dead_letter: 'enrich-contact-dead', retry_limit: 4, retry_delay: 10, retry_backoff: true },
        { name: 'enrich-contact-dead', dead_letter: null, retry_limit: null, retry_delay: null, retry_backoff: null },
        { name: 'fetch-sitemap', dead_letter: 'fetch-sitemap-dead', retry_limit: 2, retry_delay: 0, retry_backoff: false },
        { name: 'fetch-sitemap-dead', dead_letter: null, retry_limit: null, retry_delay: null, retry_backoff: null },
        { name: 'scrape-contacts', dead_letter: 'scrape-contacts-dead', retry_limit: 2, retry_delay: 0, retry_backoff: false },
        { name: 'scrape-contacts-dead', dead_letter: null, retry_limit: null, retry_delay: null, retry_backoff: null },
      ],
    });
  });

  it('sends multi-statement parameterless SQL as one script and leaves the session usable after it fails', async () => {
    const bossDb = createBossDb(handle());
    const schema = uniqueBossSchema();
    opened.push({ queue: createJobQueue({ db: handle(), schema }), schema });
    const script = await bossDb.executeSql(`BEGIN; CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (n int); INSERT INTO ${schema}.t VALUES (1); COMMIT;`);
    const failed = await rejectionOf(bossDb.executeSql(`BEGIN; INSERT INTO ${schema}.t VALUES (2); SELECT 1/0; COMMIT;`));
    const after = await bossDb.executeSql(`SELECT n FROM ${schema}.t ORDER BY n`);
    const withValues = await bossDb.executeSql(`SELECT n + $1::int AS m FROM ${schema}.t`, [10]);
    expect({ script, failed: failed instanceof Error, after, withValues }).toEqual({
      script: { rows: [] },
      failed: true,
      after: { rows: [{ n: 1 }] },
      withValues: { rows: [{ m: 11 }] },
    });
  });

  it('completes an enqueued job after its handler resolves, passing the validated payload', async () => {
    const { queue, schema } = await startQueue();
    const seen: FetchSitemapPayload[] = [];
    await queue.enqueueFetchSitemap(sitemapJob(1));
    queue.work({ 'fetch-sitemap': async (payload) => void seen.push(payload) }, { concurrency: 1 });
    const rows = await waitFor(() => jobRows(handle(), schema), (r) => r.every((j) => j.state === 'completed'));
    expect({ seen, rows }).toEqual({
      seen: [sitemapJob(1)],
      rows: [{ name: 'fetch-sitemap', state: 'completed', data: sitemapJob(1), singleton_key: 'example.com', retry_count: 0 }],
    });
  });

  it('rejects an invalid payload at enqueue with every problem listed', async () => {
    const { queue } = await startQueue();
    const error = await rejectionOf(queue.enqueueFetchSitemap({ ...sitemapJob(1), urlKey: '', runId: -1 }));
    expect(error).toBeInstanceOf(JobPayloadError);
    expect((error as JobPayloadError).issues).toEqual(['runId: Number must be greater than 0', 'urlKey: String must contain at least 1 character(s)']);
  });

  it('retries a failing handler, then moves the job to the dead-letter queue with its last error', async () => {
    const { queue, schema } = await startQueue();
    let runs = 0;
    await queue.enqueueDiscover('broken.example', { runId: 7 });
    queue.work({
      'discover-domain': async () => {
        runs += 1;
        throw Object.assign(new Error(`attempt ${runs} failed`), { code: 'SS_ERR_FETCH_NETWORK' });
      },
    });
    const dead = await waitFor(() => queue.deadLetters(), (d) => d.length > 0);
    const rows = await jobRows(handle(), schema);
    expect({ runs, dead: dead.map(({ id: _id, createdOn: _c, ...rest }) => rest), states: rows.map((r) => [r.name, r.state, r.retry_count]) }).toEqual({
      runs: 3,
      dead: [
        {
          kind: 'discover-domain',
          payload: { domain: 'broken.example', runId: 7 },
          data: { domain: 'broken.example', runId: 7 },
          error: { name: 'Error', message: 'attempt 3 failed', code: 'SS_ERR_FETCH_NETWORK' },
        },
      ],
      states: [
        ['discover-domain', 'failed', 2],
        ['discover-domain-dead', 'created', 0],
      ],
    });
  });

  it('refuses a second discover job for a domain while one is queued or running, and accepts one after', async () => {
    const { queue, schema } = await startQueue();
    const first = await queue.enqueueDiscover('example.com');
    const whileQueued = await queue.enqueueDiscover('example.com');
    const otherDomain = await queue.enqueueDiscover('example.org');
    const release = gate();
    const started: string[] = [];
    queue.work({
      'discover-domain': async ({ domain }) => {
        started.push(domain);
        if (domain === 'example.com') await release.promise;
      },
    });
    await waitFor(async () => started, (s) => s.includes('example.com'));
    const whileRunning = await queue.enqueueDiscover('example.com');
    release.open();
    await waitFor(() => jobRows(handle(), schema), (r) => r.every((j) => j.state === 'completed'));
    const afterwards = await queue.enqueueDiscover('example.com');
    expect({
      first: typeof first,
      whileQueued,
      otherDomain: typeof otherDomain,
      whileRunning,
      afterwards: typeof afterwards,
      keys: (await jobRows(handle(), schema)).map((r) => [r.singleton_key, r.state]),
    }).toEqual({
      first: 'string',
      whileQueued: null,
      otherDomain: 'string',
      whileRunning: null,
      afterwards: 'string',
      keys: [
        ['example.com', 'completed'],
        ['example.org', 'completed'],
        ['example.com', 'created'],
      ],
    });
  });

  it('takes no job while paused, still accepts enqueues, and takes it after resume', async () => {
    const { queue, schema } = await startQueue();
    expect({ running: queue.running, paused: queue.paused }).toEqual({ running: true, paused: false });
    queue.pause();
    const seen: FetchSitemapPayload[] = [];
    queue.work({ 'fetch-sitemap': async (payload) => void seen.push(payload) });
    await queue.enqueueFetchSitemap(sitemapJob(1));
    // Absence can only be shown by letting several poll intervals pass; the assertion is on state, not on time.
    await new Promise((resolve) => setTimeout(resolve, 4 * POLL_MS));
    expect({ seen, states: (await jobRows(handle(), schema)).map((r) => r.state), paused: queue.paused }).toEqual({ seen: [], states: ['created'], paused: true });
    queue.resume();
    await waitFor(() => jobRows(handle(), schema), (r) => r.every((j) => j.state === 'completed'));
    expect(seen).toEqual([sitemapJob(1)]);
    expect(await queue.jobCounts()).toEqual([{ queue: 'fetch-sitemap', state: 'completed', count: 1 }]);
    await queue.stop({ graceful: true });
    expect(queue.running).toBe(false);
  });

  it('lets an in-flight job finish within the stop deadline and closes nothing it did not open', async () => {
    const { queue, schema } = await startQueue();
    await queue.enqueueFetchSitemap(sitemapJob(1));
    const release = gate();
    let started = false;
    queue.work({
      'fetch-sitemap': async () => {
        started = true;
        await release.promise;
      },
    });
    await waitFor(async () => started, (s) => s);
    const stopping = queue.stop({ graceful: true, timeoutMs: 20_000 });
    release.open();
    await stopping;
    expect((await jobRows(handle(), schema)).map((r) => r.state)).toEqual(['completed']);
    expect((await handle().query('SELECT 1 AS still_open')).rows).toEqual([{ still_open: 1 }]);
  });

  it('releases a job still running at the stop deadline back to the queue and aborts its signal', async () => {
    const { queue, schema } = await startQueue();
    await queue.enqueueFetchSitemap(sitemapJob(1));
    let signal: AbortSignal | null = null;
    queue.work({
      'fetch-sitemap': async (_payload, context) => {
        signal = context.signal;
        await new Promise<void>(() => undefined);
      },
    });
    await waitFor(async () => signal, (s) => s !== null);
    await queue.stop({ graceful: true, timeoutMs: 200 });
    const rows = await jobRows(handle(), schema);
    // Back to 'created' with no retry spent: being given back at a stop is not a failure.
    expect({ aborted: (signal as AbortSignal | null)?.aborted, rows: rows.map((r) => [r.name, r.state, r.retry_count]) }).toEqual({
      aborted: true,
      rows: [['fetch-sitemap', 'created', 0]],
    });
    const next = createJobQueue({ db: handle(), schema, retry: FAST_RETRY, pollIntervalMs: POLL_MS });
    opened.push({ queue: next, schema });
    await next.start();
    const seen: FetchSitemapPayload[] = [];
    next.work({ 'fetch-sitemap': async (payload) => void seen.push(payload) });
    await waitFor(() => jobRows(handle(), schema), (r) => r.every((j) => j.state === 'completed'));
    expect(seen).toEqual([sitemapJob(1)]);
  });
}

describe('job layer on PGlite', () => {
  let db: Database;
  // PGlite's start (WASM compile, initdb) takes seconds, more on a busy machine: the 10 s default hook timeout fails it.
  beforeAll(async () => {
    db = await openDatabase({ memory: true, migrate: false });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });
  behavesAsTheJobLayer(() => db);
});

describe.skipIf(testDatabaseUrl === null)('job layer on PostgreSQL', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await openTestPostgres({ migrate: false });
  });
  afterAll(async () => {
    await pg?.drop();
  });
  behavesAsTheJobLayer(() => pg.db);

  it('shares jobs between two workers on separate connections without running any twice', async () => {
    const schema = uniqueBossSchema();
    const second = await openTestPostgres({ migrate: false });
    const queues = [pg.db, second.db].map((db) => createJobQueue({ db, schema, retry: FAST_RETRY, pollIntervalMs: POLL_MS }));
    try {
      for (const queue of queues) await queue.start();
      for (let n = 0; n < 20; n += 1) await queues[0]!.enqueueFetchSitemap(sitemapJob(n));
      const runs = new Map<string, number>();
      const byWorker = [0, 0];
      queues.forEach((queue, worker) =>
        queue.work(
          {
            'fetch-sitemap': async ({ urlKey: url }) => {
              runs.set(url, (runs.get(url) ?? 0) + 1);
              byWorker[worker]! += 1;
              await new Promise((resolve) => setTimeout(resolve, 50));
            },
          },
          { concurrency: 2 },
        ),
      );
      const rows = await waitFor(() => jobRows(pg.db, schema), (r) => r.every((j) => j.state === 'completed'));
      expect({
        completed: rows.length,
        runs: [...runs.values()].every((count) => count === 1) && runs.size === 20,
        total: byWorker[0]! + byWorker[1]!,
        bothWorked: byWorker.every((count) => count > 0),
      }).toEqual({ completed: 20, runs: true, total: 20, bothWorked: true });
    } finally {
      for (const queue of queues) await queue.stop({ graceful: false });
      await pg.db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await second.drop();
    }
  });
});
