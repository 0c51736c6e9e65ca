import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/index.js';
import { createBossDb } from '../../src/jobs/index.js';
import { openTestPostgres, type TestPostgres, testDatabaseUrl } from '../db/support.js';
import { uniqueBossSchema } from './support.js';

/** pg-boss driven directly over the adapter: its plans, including the multi-statement maintenance scripts. */
function runsPgBossPlans(handle: () => Database): void {
  it("runs pg-boss's creation, job cycle, state counts and maintenance, and stop leaves the Database open", async () => {
    const schema = uniqueBossSchema();
    const boss = new PgBoss({ db: createBossDb(handle()), schema, schedule: false, supervise: false });
    const errors: unknown[] = [];
    boss.on('error', (error) => errors.push(error));
    try {
      await boss.start();
      await boss.createQueue('probe');
      const id = await boss.send('probe', { n: 1 });
      const queued = await boss.getQueueSize('probe');
      const [job] = await boss.fetch<{ n: number }>('probe');
      await boss.complete('probe', job!.id, { ok: true });
      const done = await boss.getJobById('probe', id!);
      await boss.maintain();
      await boss.stop({ graceful: false, close: true });
      const { rows } = await handle().query('SELECT 1 AS still_open');
      expect({
        installed: await boss.isInstalled(),
        queued,
        fetched: job!.data,
        state: done?.state,
        output: done?.output,
        rows,
        errors,
      }).toEqual({ installed: true, queued: 1, fetched: { n: 1 }, state: 'completed', output: { ok: true }, rows: [{ still_open: 1 }], errors: [] });
    } finally {
      await handle().exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });
}

describe('createBossDb on PGlite', () => {
  let db: Database;
  // PGlite's start (WASM compile, initdb) takes seconds, more on a busy machine: the 10 s default hook timeout fails it.
  beforeAll(async () => {
    db = await openDatabase({ memory: true, migrate: false });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });
  runsPgBossPlans(() => db);
});

describe.skipIf(testDatabaseUrl === null)('createBossDb on PostgreSQL', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await openTestPostgres({ migrate: false });
  });
  afterAll(async () => {
    await pg?.drop();
  });
  runsPgBossPlans(() => pg.db);
});
