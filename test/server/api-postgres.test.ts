import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createJobQueue, type JobQueue } from '../../src/jobs/index.js';
import { createMetrics, type Metrics } from '../../src/observability/index.js';
import { buildServer, createApiKey, revokeApiKey } from '../../src/server/index.js';
import { openTestPostgres, testDatabaseUrl, type TestPostgres } from '../db/support.js';
import { uniqueBossSchema } from '../jobs/support.js';

/*
 * The API on a real PostgreSQL (TEST_DATABASE_URL; skipped with test/db/support.ts's note without one): the key
 * lookup, a submission through pg-boss and the run listing, on the engine production uses. The routes themselves are
 * covered on PGlite in api.test.ts.
 */
describe.skipIf(testDatabaseUrl === null)('the API on PostgreSQL (TEST_DATABASE_URL)', () => {
  let pg: TestPostgres;
  let queue: JobQueue;
  let metrics: Metrics;
  let app: FastifyInstance;
  let key: string;

  beforeAll(async () => {
    pg = await openTestPostgres();
    queue = createJobQueue({ db: pg.db, schema: uniqueBossSchema() });
    await queue.start();
    metrics = createMetrics();
    key = (await createApiKey(pg.db, 'pg')).key;
    app = await buildServer({ db: pg.db, queue, metrics });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await queue?.stop({ graceful: false });
    metrics?.close();
    await pg?.drop();
  });

  it('authenticates by key, takes a CSV upload with a bad line, lists the runs and revokes the key', async () => {
    const headers = { authorization: `Bearer ${key}` };
    const submitted = await app.inject({ method: 'POST', url: '/v1/runs', headers: { ...headers, 'content-type': 'text/csv' }, payload: 'domain\npg-one.example\nnot valid\npg-two.example\n' });
    const body = submitted.json() as { runs: Array<{ line: number; domain: string; runId: number }>; errors: Array<{ line: number; code: string }> };
    const listed = await app.inject({ url: '/v1/runs?limit=1', headers });
    const page = listed.json() as { items: Array<{ id: number; domain: string; status: string }>; next_cursor: string | null };
    const progress = await app.inject({ url: `/v1/runs/${body.runs[0]!.runId}`, headers });
    await revokeApiKey(pg.db, 'pg');
    const afterRevoke = await app.inject({ url: '/v1/runs', headers });
    expect({
      submitted: [submitted.statusCode, body.runs.map((r) => [r.line, r.domain]), body.errors.map((e) => [e.line, e.code])],
      listed: [listed.statusCode, page.items.map((r) => [r.id, r.domain, r.status]), typeof page.next_cursor],
      progress: [progress.statusCode, (progress.json() as { files: unknown }).files],
      afterRevoke: afterRevoke.statusCode,
    }).toEqual({
      submitted: [
        202,
        [
          [2, 'pg-one.example'],
          [4, 'pg-two.example'],
        ],
        [[3, 'SS_ERR_DISCOVERY_INPUT']],
      ],
      listed: [200, [[body.runs[1]!.runId, 'pg-two.example', 'running']], 'string'],
      progress: [200, { total: 0, done: 0, failed: 0 }],
      afterRevoke: 401,
    });
  });
});
