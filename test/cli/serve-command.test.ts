import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCrawlRuntime } from '../../src/cli/crawl-runtime.js';
import { resolveSiteSettings } from '../../src/cli/site-walk.js';
import { crawlEventMetrics, EXIT_MEMORY_HARD_LIMIT, startService, type Service, type ServiceOptions } from '../../src/cli/start-service.js';
import { createLogger, createMetrics } from '../../src/observability/index.js';
import { buildServer, rejectWhenShedding } from '../../src/server/index.js';
import { PassThrough } from 'node:stream';
import { alertWebhook } from '../support/alert-webhook.js';
import { runCliCaptured } from '../support/run-cli.js';
import { waitFor } from '../jobs/support.js';

const dirs: string[] = [];
const tempDir = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'sitescout-serve-'));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const MB = 1024 * 1024;

/** startService on 127.0.0.1:0 with the watchdog's test limits (soft 700 MB, hard 850 MB, read every 10 ms), its warnings collected. */
async function startTestService(options: Pick<ServiceOptions, 'runtime'> & Partial<ServiceOptions>): Promise<{ service: Service; logLines: string[] }> {
  const logLines: string[] = [];
  const logSink = new PassThrough();
  logSink.setEncoding('utf8').on('data', (s: string) => logLines.push(s));
  const service = await startService({
    logger: createLogger({ level: 'warn', destination: logSink }),
    port: 0,
    host: '127.0.0.1',
    workers: 1,
    shutdownTimeoutMs: 5_000,
    memorySoftLimitBytes: 700 * MB,
    memoryHardLimitBytes: 850 * MB,
    memoryCheckIntervalMs: 10,
    ...options,
  });
  return { service, logLines };
}
// Both tests open an embedded database (PGlite: WASM compile and initdb), which took 30 s on a loaded 2-core machine.
const PGLITE_START_MS = 120_000;


describe('sitescout serve', () => {
  it('from the real binary: listens, is healthy, ready, scrapeable and serves the API with a key made by `keys create`, and exits 0 on SIGTERM', async () => {
    const dataDir = await tempDir();
    const created = await runCliCaptured(['keys', 'create', '--name', 'prometheus', '--data-dir', dataDir]);
    expect(created.code, created.stderr).toBe(0);
    const auth = { authorization: `Bearer ${created.stdout.trim()}` };
    const child = spawn(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'sitescout.js'), 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--workers', '1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SITESCOUT_LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const line = await waitFor(async () => stdout, (s) => s.includes('\n') || child.exitCode !== null, 90_000);
      const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(line)?.[1];
      expect(url, stderr).toBeDefined();
      const health = await fetch(`${url}/healthz`);
      const ready = await fetch(`${url}/readyz`);
      const metrics = await fetch(`${url}/metrics`, { headers: auth });
      const metricsText = await metrics.text();
      const runs = await fetch(`${url}/v1/runs`, { headers: auth });
      const noKey = await fetch(`${url}/v1/runs`);
      expect({
        health: [health.status, await health.json()],
        ready: [ready.status, await ready.json()],
        metrics: metrics.status,
        runs: [runs.status, await runs.json()],
        noKey: noKey.status,
      }).toEqual({
        health: [200, { status: 'ok' }],
        ready: [200, { status: 'ready', checks: { database: 'ok', queue: 'ok', memory: 'ok' } }],
        metrics: 200,
        runs: [200, { items: [], next_cursor: null }],
        noKey: 401,
      });
      expect(metricsText).toMatch(/^sitescout_process_resident_memory_bytes \d+$/m);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toBe('');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, PGLITE_START_MS);

  it('rejects bad usage with exit 2', async () => {
    const port = await runCliCaptured(['serve', '--port', '70000']);
    const workers = await runCliCaptured(['serve', '--workers', '0']);
    const soft = await runCliCaptured(['serve', '--memory-soft-limit-bytes', 'lots']);
    expect([port.code, workers.code, soft.code]).toEqual([2, 2, 2]);
    expect(port.stderr).toBe('sitescout serve: --port "70000": expected an integer from 0 to 65535\n');
  });

  it('warns when no API key exists; soft limit: intake pauses, submissions get 503 + Retry-After, one alert per episode; recovery resumes; hard limit: drains and exits 75', async () => {
    const dataDir = await tempDir();
    const sink = new PassThrough();
    sink.resume();
    const io = { stdout: process.stdout, stderr: sink as unknown as NodeJS.WriteStream, env: {} };
    const hook = await alertWebhook();
    const runtime = await openCrawlRuntime(resolveSiteSettings({}, {}), io, { dataDir });
    let rss = 100 * MB;
    const { service, logLines } = await startTestService({ runtime, alertWebhookUrl: hook.url, readMemory: () => rss });
    // A submission route as the API mounts them (rejectWhenShedding), on the service's own watchdog; public so the
    // test needs no key (POST /v1/runs itself is tested in test/server/api.test.ts).
    const intake = await buildServer({ db: runtime.db, metrics: createMetrics(), watchdog: service.watchdog });
    intake.post('/crawls', { preHandler: rejectWhenShedding(service.watchdog, 30), config: { public: true } }, async () => ({ queued: true }));
    const submit = () => intake.inject({ method: 'POST', url: '/crawls', payload: { domain: 'example.com' } });
    try {
      expect(service.limits).toMatchObject({ soft: 700 * MB, hard: 850 * MB });
      // This data directory has no API key yet, so the service says every API route will answer 401.
      const warned = await waitFor(async () => logLines.join(''), (text) => text.includes('no API key exists'));
      expect(warned).toContain('no API key exists: every /v1 route and /metrics answer 401 until one is made with `sitescout keys create --name <name>`');
      expect((await submit()).statusCode).toBe(200);
      rss = 750 * MB;
      await waitFor(async () => runtime.queue.paused, (p) => p);
      rss = 780 * MB; // still the same episode: no second alert
      await waitFor(async () => service.watchdog.state, (s) => s === 'shedding');
      const shedding = await service.app.inject('/readyz');
      expect({ status: shedding.statusCode, reasons: (shedding.json() as { reasons: string[] }).reasons }).toEqual({ status: 503, reasons: ['memory: shedding'] });
      const refused = await submit();
      expect({ status: refused.statusCode, retryAfter: refused.headers['retry-after'], code: (refused.json() as { code: string }).code }).toEqual({ status: 503, retryAfter: '30', code: 'SS_ERR_OVERLOADED' });
      rss = 300 * MB;
      await waitFor(async () => runtime.queue.paused, (p) => !p);
      expect((await service.app.inject('/readyz')).statusCode).toBe(200);
      expect((await submit()).statusCode).toBe(200);
      rss = 900 * MB; // a new episode, straight past the hard limit
      expect(await service.done).toBe(EXIT_MEMORY_HARD_LIMIT);
      expect({ state: service.watchdog.state, running: runtime.queue.running }).toEqual({ state: 'draining', running: false });
      expect(hook.bodies.map((b) => [b.event, b.rssBytes / MB])).toEqual([
        ['memory.soft', 750],
        ['memory.hard', 900],
      ]);
    } finally {
      await intake.close();
      await hook.close();
    }
  }, PGLITE_START_MS);

  it('workers started elsewhere (the crawl thread): the watchdog pauses and resumes them, stop closes them with the shutdown deadline, and a failure of theirs stops the service with exit 1', async () => {
    const start = async (calls: string[], onStarted: (fail: (error: Error) => void) => void, readMemory: () => number) => {
      const runtime = await openCrawlRuntime(resolveSiteSettings({}, {}), { stdout: process.stdout, stderr: process.stderr, env: {} }, { dataDir: await tempDir() });
      return startTestService({
        runtime,
        workers: 3,
        shutdownTimeoutMs: 4_321,
        readMemory,
        startWorkers: async (workers, onFailure) => {
          calls.push(`start ${workers}`);
          onStarted(onFailure);
          return { where: 'a test thread', pause: () => calls.push('pause'), resume: () => calls.push('resume'), close: async ({ timeoutMs }) => void calls.push(`close ${timeoutMs}`) };
        },
      });
    };

    let rss = 100 * MB;
    const calls: string[] = [];
    const { service } = await start(calls, () => undefined, () => rss);
    rss = 750 * MB;
    await waitFor(async () => calls.includes('pause'), (p) => p);
    rss = 300 * MB;
    await waitFor(async () => calls.includes('resume'), (r) => r);
    service.stop('test');
    expect(await service.done).toBe(0);
    expect(calls).toEqual(['start 3', 'pause', 'resume', 'close 4321']);

    const failedCalls: string[] = [];
    let fail: (error: Error) => void = () => undefined;
    const failed = await start(failedCalls, (f) => (fail = f), () => 100 * MB);
    fail(new Error('the thread is gone'));
    expect(await failed.service.done).toBe(1);
    // A thread that ended on its own has nothing left to close.
    expect(failedCalls).toEqual(['start 3']);
    expect(failed.logLines.join('')).toContain('the crawl workers stopped unexpectedly');
  }, PGLITE_START_MS);

  it('counts the pipeline events: pages written, bytes fetched, entries parsed, contacts found and errors by code', async () => {
    const metrics = createMetrics();
    try {
      const count = crawlEventMetrics(metrics);
      count({ type: 'pages', runId: 1, count: 500 });
      count({ type: 'sitemap', runId: 1, url: 'https://a.example/s.xml', error: null, bytes: 4096, entries: 500 });
      count({ type: 'sitemap', runId: 1, url: 'https://a.example/t.xml', error: { code: 'SS_ERR_FETCH_TIMEOUT', message: 'x' }, bytes: 10, entries: 0 });
      count({ type: 'contacts', runId: 1, domain: 'a.example', emails: 3 });
      count({ type: 'run-finished', runId: 1, domain: 'a.example', status: 'completed', outcome: 'ok' });
      const lines = (await metrics.render()).split('\n');
      expect(lines).toEqual(
        expect.arrayContaining([
          'sitescout_inventory_pages_written_total 500',
          'sitescout_fetch_bytes_total{stage="sitemap"} 4106',
          'sitescout_sitemap_entries_total 500',
          'sitescout_contacts_found_total 3',
          'sitescout_errors_total{stage="sitemap",code="SS_ERR_FETCH_TIMEOUT"} 1',
        ]),
      );
    } finally {
      metrics.close();
    }
  });
});
