import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openCrawlRuntime } from '../../src/cli/crawl-runtime.js';
import { resolveSiteSettings } from '../../src/cli/site-walk.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEnrichmentSettings } from '../../src/config.js';
import { openDatabase, type ContactRow, type Database } from '../../src/db/index.js';
import { createMetrics, type Metrics } from '../../src/observability/index.js';
import { buildServer } from '../../src/server/index.js';
import { startMutableSite, urlset, type MutableSite } from '../fixtures/mutable-site.js';
import { crawlOnce, siteHost } from '../jobs/crawl-support.js';
import { uniqueBossSchema, waitFor } from '../jobs/support.js';
import { startFakeEnrichmentService, type FakeEnrichmentService } from './fake-enrichment-service.js';

const SECRET = 'jobs-test-shared-secret-42';
const page = (body: string): { body: string } => ({ body: `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"></head><body>${body}</body></html>` });

/** A site whose contact page lists three addresses. */
function companySite(site: MutableSite): void {
  site.files.set('/robots.txt', { body: `User-agent: *\nSitemap: ${site.origin}/sitemap.xml\n` });
  site.files.set('/sitemap.xml', { body: urlset(site.origin, ['/', '/contact']) });
  site.files.set('/', page('<p>Welcome</p>'));
  site.files.set('/contact', page('<p><a href="mailto:steady@acme-boots.co.uk">steady</a> <a href="mailto:flaky@acme-boots.co.uk">flaky</a> <a href="mailto:refused@acme-boots.co.uk">refused</a></p>'));
}

let db: Database;
let app: FastifyInstance;
/** Where the fake delivers its callbacks (the app of the database under test). */
let target: FastifyInstance;
let metrics: Metrics;
let fake: FakeEnrichmentService;
const sites: MutableSite[] = [];

beforeAll(async () => {
  db = await openDatabase({ memory: true });
  metrics = createMetrics();
  app = await buildServer({ db, metrics, enrichment: { secret: SECRET, clockToleranceSeconds: 300 } });
  target = app;
  fake = await startFakeEnrichmentService(SECRET, async (body, headers) => {
    const res = await target.inject({ method: 'POST', url: '/webhooks/enrichment', payload: body, headers });
    return { status: res.statusCode, body: res.json() };
  });
}, 60_000);

afterAll(async () => {
  for (const site of sites) await site.close();
  await app?.close();
  await fake?.close();
  metrics?.close();
  await db?.close();
});

async function contactsOf(site: MutableSite): Promise<ContactRow[]> {
  const { rows } = await db.query<ContactRow>('SELECT c.* FROM contacts c JOIN domains d ON d.id = c.domain_id WHERE d.name = $1 ORDER BY email', [siteHost(site)]);
  return rows;
}

describe('enrichment through the job queue', () => {
  it('queues a job per new contact after extraction; the jobs retry a 500, fail a 400, and the callbacks store the results', async () => {
    const site = await startMutableSite();
    sites.push(site);
    companySite(site);
    fake.answer = (request, attempt) => {
      const who = request.contact.email.split('@')[0];
      if (who === 'refused') return { status: 400, body: 'unsupported' };
      if (who === 'flaky' && attempt === 1) return { status: 500, body: 'boom' };
      return { status: 202, callback: { status: 'complete', company: { name: 'Acme Boots' }, confidence_score: 0.9, api_calls: 1 } };
    };
    const enrichment = resolveEnrichmentSettings({ url: fake.url, callbackBaseUrl: 'http://127.0.0.1:8080' }, { SITESCOUT_ENRICHMENT_SECRET: SECRET })!;
    await crawlOnce({ db, bossSchema: uniqueBossSchema(), site, withContacts: true, enrichment });
    await fake.settled();

    const rows = await contactsOf(site);
    expect(rows.map((r) => ({ email: r.email, status: r.enrichment_status, error: r.enrichment_error, company: r.enriched_company, apiCalls: r.enrichment_api_calls }))).toEqual([
      // Two POSTs (500, then 202) plus the service's one call.
      { email: 'flaky@acme-boots.co.uk', status: 'complete', error: null, company: { name: 'Acme Boots' }, apiCalls: 3 },
      { email: 'refused@acme-boots.co.uk', status: 'failed', error: 'SS_ERR_ENRICHMENT_REJECTED: the endpoint answered 400: unsupported', company: null, apiCalls: 1 },
      { email: 'steady@acme-boots.co.uk', status: 'complete', error: null, company: { name: 'Acme Boots' }, apiCalls: 2 },
    ]);
    expect(fake.received.every((r) => r.signatureValid && r.json.callback_url === 'http://127.0.0.1:8080/webhooks/enrichment')).toBe(true);
    expect(fake.received.map((r) => `${r.json.contact.email.split('@')[0]} ${r.status}`).sort()).toEqual(['flaky 202', 'flaky 500', 'refused 400', 'steady 202']);
  }, 90_000);

  it('leaves contacts at none and sends nothing when enrichment is off', async () => {
    const site = await startMutableSite();
    sites.push(site);
    companySite(site);
    const before = fake.received.length;
    await crawlOnce({ db, bossSchema: uniqueBossSchema(), site, withContacts: true });
    const rows = await contactsOf(site);
    expect(rows.map((r) => [r.email, r.enrichment_status, r.last_enrichment_id, r.enrichment_api_calls])).toEqual([
      ['flaky@acme-boots.co.uk', 'none', null, 0],
      ['refused@acme-boots.co.uk', 'none', null, 0],
      ['steady@acme-boots.co.uk', 'none', null, 0],
    ]);
    expect(fake.received.length).toBe(before);
  }, 90_000);

  it('a worker runtime with enrichment configured runs the sends and the deadline sweep', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sitescout-enrich-'));
    const io = { stdout: process.stdout, stderr: process.stderr, env: {} };
    const enrichment = resolveEnrichmentSettings(
      { url: fake.url, callbackBaseUrl: 'http://127.0.0.1:8080', limits: { enrichmentDeadlineSeconds: 60, enrichmentSweepIntervalSeconds: 3_600 } },
      { SITESCOUT_ENRICHMENT_SECRET: SECRET },
    )!;
    const runtime = await openCrawlRuntime(resolveSiteSettings({}, {}), io, { dataDir, enrichment, pollIntervalMs: 50 });
    const runtimeMetrics = createMetrics();
    const runtimeApp = await buildServer({ db: runtime.db, metrics: runtimeMetrics, enrichment: { secret: SECRET, clockToleranceSeconds: 300 } });
    target = runtimeApp;
    try {
      // A contact sent two minutes ago whose callback never came: the sweep (run when the workers start) sends it again.
      const { rows } = await runtime.db.query<{ id: number }>("INSERT INTO domains (name) VALUES ('stuck.example') RETURNING id");
      const stuckId = '11111111-2222-4333-8444-555555555555';
      const { rows: inserted } = await runtime.db.query<{ id: number }>(
        `INSERT INTO contacts (domain_id, email, source_url, enrichment_status, last_enrichment_id, enrichment_started_at, enrichment_api_calls)
         VALUES ($1, 'stuck@stuck.example', 'https://stuck.example/', 'in_progress', $2, now() - interval '2 minutes', 1) RETURNING id`,
        [rows[0]!.id, stuckId],
      );
      const contactId = Number(inserted[0]!.id);
      fake.answer = () => ({ status: 202, callback: { status: 'partial', error: 'no company found', phone: '+15550009999' } });
      const before = fake.received.length;
      runtime.work(1);
      const [done] = await waitFor(
        async () => (await runtime.db.query<ContactRow>('SELECT * FROM contacts WHERE id = $1', [contactId])).rows,
        (r) => r[0]?.enrichment_status === 'partial',
        30_000,
      );
      await fake.settled();
      const sent = fake.received.slice(before);
      expect(sent.map((r) => [r.json.contact.email, r.signatureValid, r.json.enrichment_id === stuckId])).toEqual([['stuck@stuck.example', true, false]]);
      expect({ status: done!.enrichment_status, error: done!.enrichment_error, phone: done!.enriched_phone, apiCalls: done!.enrichment_api_calls, id: done!.last_enrichment_id }).toEqual({
        status: 'partial',
        error: 'no company found',
        phone: '+15550009999',
        apiCalls: 2,
        id: sent[0]!.json.enrichment_id,
      });
    } finally {
      target = app;
      await runtimeApp.close();
      runtimeMetrics.close();
      await runtime.close({ timeoutMs: 5_000 });
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
