import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured as run } from '../support/run-cli.js';


describe('sitescout migrate', () => {
  it('lists the pending migration, applies it once, then reports the schema current', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'sitescout-migrate-')), 'db');
    const before = await run(['migrate', 'status', '--data-dir', dataDir]);
    expect(before).toMatchObject({ code: 0, stdout: 'database: embedded PGlite\npending  0001 initial\npending  0002 job_pipeline\npending  0003 contact_pages\npending  0004 api_keys\npending  0005 page_write_path\npending  0006 enrichment_callback_index\n' });
    const up = await run(['migrate', 'up', '--data-dir', dataDir]);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/^applied 0001 initial\napplied 0002 job_pipeline\napplied 0003 contact_pages\napplied 0004 api_keys\napplied 0005 page_write_path\napplied 0006 enrichment_callback_index\ndatabase: embedded PGlite\napplied {2}0001 initial +\d{4}-\d\d-\d\dT.*\napplied {2}0002 job_pipeline +\d{4}-/);
    const again = await run(['migrate', 'up', '--data-dir', dataDir]);
    expect(again.stdout.split('\n')[0]).toBe('nothing to apply: the schema is current');
  }, 60_000);

  it('names an unreachable PostgreSQL without printing its password, and exits 1', async () => {
    const r = await run(['migrate', 'status'], { DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/nowhere', SITESCOUT_DB_CONNECT_TIMEOUT_MS: '2000' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^sitescout migrate: SS_ERR_DB_CONNECT: /);
    expect(r.stderr).not.toContain('s3cret');
  });

  it('exits 2 on an unknown action', async () => {
    expect((await run(['migrate', 'sideways'])).code).toBe(2);
  });
});
