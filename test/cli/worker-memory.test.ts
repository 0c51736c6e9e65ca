/*
 * `sitescout worker` under the memory watchdog (issue 6): above the hard limit it takes no job, drains and exits 75
 * for its supervisor to restart it, with one alert; the work it did not take is still queued, and a worker with room
 * to work finishes it. The watchdog's soft/recover path is driven with an injected reading in
 * test/cli/serve-command.test.ts and test/observability.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { startMutableSite, type MutableSite } from '../fixtures/mutable-site.js';
import { buildSite, SITE_FLAGS } from '../jobs/fault-support.js';
import { alertWebhook } from '../support/alert-webhook.js';
import { runCliCaptured } from '../support/run-cli.js';

const dirs: string[] = [];
let site: MutableSite | null = null;
afterAll(async () => {
  await site?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('sitescout worker and its memory limits', () => {
  it('above the hard limit: takes no job, alerts once, exits 75; the next worker finishes the crawl', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sitescout-worker-memory-'));
    dirs.push(dataDir);
    site = await startMutableSite();
    const expected = buildSite(site, { files: 2, min: 50, max: 50, random: () => 0 });
    const hook = await alertWebhook();
    try {
      const queued = await runCliCaptured(['enqueue', `${site.origin}/`, '--data-dir', dataDir]);
      expect(queued.code, queued.stderr).toBe(0);

      const starved = await runCliCaptured(
        ['worker', '--data-dir', dataDir, ...SITE_FLAGS, '--memory-soft-limit-bytes', '1', '--memory-hard-limit-bytes', '2', '--memory-check-interval-ms', '20', '--alert-webhook-url', hook.url],
        { SITESCOUT_LOG_LEVEL: 'warn' },
      );
      expect(starved.code, starved.stderr).toBe(75);
      expect(starved.stderr).toContain('memory above the hard limit');
      expect(hook.bodies.map((a) => a.event)).toEqual(['memory.hard']);

      const db = await openDatabase({ dataDir, env: {} });
      try {
        const { rows } = await db.query<{ pages: number; open: number }>(
          "SELECT (SELECT count(*) FROM pages)::int AS pages, (SELECT count(*) FROM pgboss.job WHERE state IN ('created', 'retry'))::int AS open",
        );
        expect(rows[0]).toEqual({ pages: 0, open: 1 });
      } finally {
        await db.close();
      }

      const finisher = await runCliCaptured(['worker', '--data-dir', dataDir, ...SITE_FLAGS, '--exit-when-idle'], { SITESCOUT_LOG_LEVEL: 'warn' });
      expect(finisher.code, finisher.stderr).toBe(0);
      const pages = await runCliCaptured(['pages', `127.0.0.1:${site.port}`, '--data-dir', dataDir, '--format', 'ndjson']);
      expect(pages.code, pages.stderr).toBe(0);
      expect(pages.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { url: string }).url).sort()).toEqual([...expected].sort());
    } finally {
      await hook.close();
    }
  }, 180_000);
});
