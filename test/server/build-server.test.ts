import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.js';
import { createMetrics, type Metrics, type WatchdogState } from '../../src/observability/index.js';
import { buildServer, createApiKey, rejectWhenShedding, type ServerDeps } from '../../src/server/index.js';

let db: Database;
/** Every route but the probes and the docs needs a key (test/server/api.test.ts covers the 401s). */
let headers: Record<string, string>;
let unmigrated: Database;
const metricsList: Metrics[] = [];

const brokenDb = {
  engine: 'pglite',
  query: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2')),
  exec: () => Promise.reject(new Error('down')),
  copyFrom: () => Promise.reject(new Error('down')),
  transaction: () => Promise.reject(new Error('down')),
  close: () => Promise.resolve(),
} as Database;

function deps(overrides: Partial<ServerDeps> = {}): ServerDeps {
  const metrics = createMetrics();
  metricsList.push(metrics);
  return { db, metrics, queue: { running: true, jobCounts: async () => [{ queue: 'fetch-sitemap', state: 'active', count: 2 }] }, watchdog: { state: 'normal' }, ...overrides };
}

beforeAll(async () => {
  db = await openDatabase({ memory: true });
  headers = { authorization: `Bearer ${(await createApiKey(db, 'build-server-test')).key}` };
  unmigrated = await openDatabase({ memory: true, migrate: false });
});
afterAll(async () => {
  for (const m of metricsList) m.close();
  await db?.close();
  await unmigrated?.close();
});

describe('buildServer', () => {
  it('answers /healthz without touching the database', async () => {
    const app = await buildServer(deps({ db: brokenDb }));
    const res = await app.inject('/healthz');
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    await app.close();
  });

  it('is ready when the database answers, migrations are current, the queue runs and memory is normal', async () => {
    const app = await buildServer(deps());
    const res = await app.inject('/readyz');
    expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok', queue: 'ok', memory: 'ok' } } });
    await app.close();
  });

  it('is not ready, with every reason, when the database is down, the queue stopped and memory shedding', async () => {
    const state: WatchdogState = 'shedding';
    const app = await buildServer(deps({ db: brokenDb, queue: { running: false, jobCounts: async () => [] }, watchdog: { state } }));
    const res = await app.inject('/readyz');
    expect({ status: res.statusCode, body: res.json() }).toEqual({
      status: 503,
      body: {
        status: 'not ready',
        reasons: ['database: unreachable', 'queue: not running', 'memory: shedding'],
        checks: { database: 'unreachable', queue: 'not running', memory: 'shedding' },
      },
    });
    await app.close();
  });

  it('is not ready while migrations are pending', async () => {
    const app = await buildServer(deps({ db: unmigrated }));
    const res = await app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'not ready', reasons: [expect.stringMatching(/^database: \d+ migration\(s\) pending$/)] });
    await app.close();
  });

  it('serves /metrics in the Prometheus text format with job counts and request durations by route pattern', async () => {
    const app = await buildServer(deps());
    app.get('/runs/:id', async () => ({ ok: true }));
    await app.inject('/healthz');
    await app.inject({ url: '/runs/1', headers });
    await app.inject({ url: '/runs/2', headers });
    const res = await app.inject({ url: '/metrics', headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('sitescout_jobs{queue="fetch-sitemap",state="active"} 2');
    expect(res.body).toContain('sitescout_http_request_duration_seconds_count{method="GET",route="/healthz",status_code="200"} 1');
    expect(res.body).toContain('sitescout_http_request_duration_seconds_count{method="GET",route="/runs/:id",status_code="200"} 2');
    expect(res.body).toMatch(/^sitescout_process_resident_memory_bytes \d+$/m);
    await app.close();
  });

  it('answers every error in one shape: 404, 400 validation, 503 shedding with Retry-After, and a 5xx that leaks nothing', async () => {
    const watchdog = { state: 'normal' as WatchdogState };
    const app = await buildServer(deps({ watchdog }));
    app.post('/crawls', { schema: { body: { type: 'object', required: ['domain'], properties: { domain: { type: 'string' } } } }, preHandler: rejectWhenShedding(watchdog, 15) }, async () => ({ ok: true }));
    app.get('/boom', async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
    });
    const notFound = await app.inject({ url: '/nope?x=1', headers });
    const invalid = await app.inject({ method: 'POST', url: '/crawls', payload: { nodomain: true }, headers });
    const boom = await app.inject({ url: '/boom', headers });
    watchdog.state = 'shedding';
    const shed = await app.inject({ method: 'POST', url: '/crawls', payload: { domain: 'example.com' }, headers });
    expect([notFound, invalid, boom, shed].map((r) => ({ status: r.statusCode, body: r.json() as unknown }))).toEqual([
      { status: 404, body: { statusCode: 404, code: 'SS_ERR_NOT_FOUND', error: 'Not Found', message: 'no route for GET /nope' } },
      { status: 400, body: { statusCode: 400, code: 'SS_ERR_VALIDATION', error: 'Bad Request', message: "body must have required property 'domain'" } },
      { status: 500, body: { statusCode: 500, code: 'SS_ERR_INTERNAL', error: 'Internal Server Error', message: 'internal error' } },
      { status: 503, body: { statusCode: 503, code: 'SS_ERR_OVERLOADED', error: 'Service Unavailable', message: 'the service is shedding load (memory shedding); retry later' } },
    ]);
    expect(shed.headers['retry-after']).toBe('15');
    await app.close();
  });
});
