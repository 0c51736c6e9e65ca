import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { runCliCaptured } from '../support/run-cli.js';

const ENRICHMENT_ENV = {
  SITESCOUT_ENRICHMENT_URL: 'http://127.0.0.1:9/webhook/enrich',
  SITESCOUT_ENRICHMENT_SECRET: 'a-long-shared-secret-for-tests',
  SITESCOUT_ENRICHMENT_CALLBACK_BASE_URL: 'https://scout.example',
};

describe('sitescout enrich (contacts that exist already)', () => {
  let dataDir = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sitescout-enrich-'));
    const db = await openDatabase({ dataDir });
    try {
      await db.query("INSERT INTO domains (name) VALUES ('a.example'), ('b.example')");
      await db.query(
        `INSERT INTO contacts (domain_id, email, source_url, enrichment_status)
         SELECT d.id, c.email, 'https://' || d.name || '/contact', c.status
         FROM (VALUES ('a.example', 'one@a.example', 'none'), ('a.example', 'two@a.example', 'none'), ('a.example', 'three@a.example', 'none'),
                      ('a.example', 'failed@a.example', 'failed'), ('a.example', 'done@a.example', 'complete'),
                      ('b.example', 'one@b.example', 'none'), ('b.example', 'two@b.example', 'none')) AS c(domain, email, status)
         JOIN domains d ON d.name = c.domain`,
      );
    } finally {
      await db.close();
    }
  }, 120_000);
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const statuses = async (): Promise<Record<string, string>> => {
    const db = await openDatabase({ dataDir });
    try {
      const { rows } = await db.query<{ email: string; enrichment_status: string }>('SELECT email, enrichment_status FROM contacts ORDER BY email');
      return Object.fromEntries(rows.map((r) => [r.email, r.enrichment_status]));
    } finally {
      await db.close();
    }
  };
  const jobs = async (): Promise<number[]> => {
    const db = await openDatabase({ dataDir });
    try {
      const { rows } = await db.query<{ contact_id: string }>("SELECT data->>'contactId' AS contact_id FROM pgboss.job WHERE name = 'enrich-contact' ORDER BY 1");
      return rows.map((r) => Number(r.contact_id));
    } finally {
      await db.close();
    }
  };

  it('refuses to queue when enrichment is not configured, and names the settings (exit 2)', async () => {
    const run = await runCliCaptured(['enrich', '--data-dir', dataDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('enrichment is not configured: set SITESCOUT_ENRICHMENT_URL');
    expect(Object.values(await statuses()).filter((s) => s === 'pending')).toEqual([]);
  }, 60_000);

  it("queues a domain's never-sent contacts once, then failed ones on request, then the rest up to --limit; an unknown domain is exit 1", async () => {
    const first = await runCliCaptured(['enrich', 'A.example', '--data-dir', dataDir], ENRICHMENT_ENV);
    expect(first, first.stderr).toMatchObject({ code: 0, stdout: 'queued 3 contacts for enrichment (none)\n' });
    expect(await statuses()).toEqual({
      'done@a.example': 'complete',
      'failed@a.example': 'failed',
      'one@a.example': 'pending',
      'one@b.example': 'none',
      'three@a.example': 'pending',
      'two@a.example': 'pending',
      'two@b.example': 'none',
    });
    expect(await jobs()).toHaveLength(3);

    const again = await runCliCaptured(['enrich', 'a.example', '--json', '--data-dir', dataDir], ENRICHMENT_ENV);
    expect(again).toMatchObject({ code: 0, stdout: '{"queued":0}\n' });

    const failed = await runCliCaptured(['enrich', '--status', 'failed', '--json', '--data-dir', dataDir], ENRICHMENT_ENV);
    expect(failed).toMatchObject({ code: 0, stdout: '{"queued":1}\n' });
    const limited = await runCliCaptured(['enrich', '--limit', '1', '--json', '--data-dir', dataDir], ENRICHMENT_ENV);
    expect(limited).toMatchObject({ code: 0, stdout: '{"queued":1}\n' });
    const after = await statuses();
    expect([after['failed@a.example'], after['done@a.example']]).toEqual(['pending', 'complete']);
    // --limit 1 took one of b.example's two (the lower id).
    expect([after['one@b.example'], after['two@b.example']].sort()).toEqual(['none', 'pending']);
    expect(await jobs()).toHaveLength(5);

    const unknown = await runCliCaptured(['enrich', 'nosuch.example', '--data-dir', dataDir], ENRICHMENT_ENV);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('nosuch.example: never crawled');
    const bad = await runCliCaptured(['enrich', '--limit', '0', '--data-dir', dataDir], ENRICHMENT_ENV);
    expect(bad.code).toBe(2);
  }, 120_000);
});
