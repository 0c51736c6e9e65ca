import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveEnrichmentSettings, type EnrichmentSettings } from '../../src/config.js';
import type { ContactRow, Database } from '../../src/db/index.js';
import { createEnrichmentSender, enrichmentCallback, type EnrichmentSender } from '../../src/enrichment/index.js';
import { createEnrichmentSweep, queueEnrichment, type EnrichContactPayload } from '../../src/jobs/index.js';
import { createMetrics, type Metrics } from '../../src/observability/index.js';
import { buildServer } from '../../src/server/index.js';
import { runCliCaptured } from '../support/run-cli.js';
import { ENGINES, useDatabase } from '../inventory/support.js';
import { signCallback, startFakeEnrichmentService, type FakeEnrichmentService } from './fake-enrichment-service.js';

const SECRET = 'test-shared-secret-0123456789';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let db: Database;
let app: FastifyInstance;
let metrics: Metrics;
let fake: FakeEnrichmentService;
let settings: EnrichmentSettings;
let sender: EnrichmentSender;
/** The jobs queued (a stand-in for the pg-boss queue: the handler is called by the test). */
let queued: EnrichContactPayload[];
const queue = { enqueueEnrichContact: async (payload: EnrichContactPayload): Promise<string> => (queued.push(payload), `job-${queued.length}`) };
const job = (attempt = 1, lastAttempt = false) => ({ signal: new AbortController().signal, attempt, lastAttempt });

let domainCount = 0;
/** A domain with the given addresses as contacts (as contact extraction stores them), and their ids. */
async function contacts(...emails: string[]): Promise<{ domain: string; ids: number[] }> {
  domainCount += 1;
  const domain = `shop-${domainCount}.example`;
  const { rows } = await db.query<{ id: number }>('INSERT INTO domains (name) VALUES ($1) RETURNING id', [domain]);
  const ids: number[] = [];
  for (const email of emails) {
    const inserted = await db.query<{ id: number }>(
      `INSERT INTO contacts (domain_id, email, email_type, name, role, phone, source_url, socials, phones)
       VALUES ($1, $2, 'CORPORATE', 'Ada Lovelace', 'Founder', '+442079460000', $3, '{"linkedin":"https://www.linkedin.com/company/acme"}'::jsonb, ARRAY['+442079460000'])
       RETURNING id`,
      [rows[0]!.id, email, `https://${domain}/team`],
    );
    ids.push(Number(inserted.rows[0]!.id));
  }
  return { domain, ids };
}

async function row(id: number): Promise<ContactRow> {
  return (await db.query<ContactRow>('SELECT * FROM contacts WHERE id = $1', [id])).rows[0]!;
}

/** Runs every queued job once, as the enrich-contact handler would. */
async function runQueued(attempt = 1, lastAttempt = false): Promise<void> {
  const jobs = queued.splice(0);
  for (const payload of jobs) await sender.send(payload, job(attempt, lastAttempt));
  await fake.settled();
}

const enrichedFields = (r: ContactRow) => ({
  status: r.enrichment_status,
  error: r.enrichment_error,
  phone: r.enriched_phone,
  address: r.enriched_address,
  socials: r.enriched_social_profiles,
  company: r.enriched_company,
  emails: r.enriched_additional_emails,
  confidence: r.enrichment_confidence_score,
  sources: r.enrichment_sources,
  apiCalls: r.enrichment_api_calls,
  cost: r.enrichment_cost_estimate,
});

describe.each(ENGINES)('enrichment on %s, end to end against a fake service on 127.0.0.1', (engine) => {
  const database = useDatabase(engine);
  beforeAll(async () => {
    db = database();
    metrics = createMetrics();
    app = await buildServer({ db, metrics, enrichment: { secret: SECRET, clockToleranceSeconds: 300 } });
    fake = await startFakeEnrichmentService(SECRET, async (body, headers) => {
      const res = await app.inject({ method: 'POST', url: '/webhooks/enrichment', payload: body, headers });
      return { status: res.statusCode, body: res.json() };
    });
    settings = resolveEnrichmentSettings(
      { url: fake.url, callbackBaseUrl: 'https://scout.example/', limits: { enrichmentTimeoutMs: 5_000, enrichmentDeadlineSeconds: 600, enrichmentMaxSends: 3 } },
      { SITESCOUT_ENRICHMENT_SECRET: SECRET },
    )!;
    sender = createEnrichmentSender({ db, settings, onOutcome: (outcome) => metrics.enrichmentOutcomes.inc({ outcome }) });
  }, 60_000);

  afterAll(async () => {
    await sender?.close();
    await app?.close();
    await fake?.close();
    metrics?.close();
  });

  beforeEach(() => {
    queued = [];
    fake.received.length = 0;
    fake.callbacks.length = 0;
    fake.answer = () => ({ status: 202 });
  });

  it('sends each new contact signed, with a fresh id, and stores complete, partial and failed results from the callbacks', async () => {
    const { domain, ids } = await contacts('complete@shop.example', 'partial@shop.example', 'failed@shop.example');
    expect(await queueEnrichment(db, queue, ids)).toBe(3);
    for (const id of ids) expect((await row(id)).enrichment_status).toBe('pending');
    expect(queued.map((q) => ({ ...q, enrichmentId: UUID.test(q.enrichmentId) }))).toEqual(ids.map((contactId) => ({ domain, contactId, enrichmentId: true })));
    const ticketIds = new Map(queued.map((q) => [q.contactId, q.enrichmentId]));

    fake.answer = (request) => {
      const kind = request.contact.email.split('@')[0];
      if (kind === 'complete') {
        return {
          status: 202,
          callback: {
            status: 'complete',
            phone: '+44 20 7946 0001',
            address: { street: '1 Boot Lane', city: 'London', country: 'GB' },
            social_profiles: { twitter: 'https://x.com/acme' },
            company: { name: 'Acme Boots Ltd', employees: 12 },
            additional_emails: ['sales@shop.example'],
            confidence_score: 0.87,
            sources: ['website', 'companies-house'],
            api_calls: 3,
            cost_estimate: 0.012,
          },
        };
      }
      if (kind === 'partial') return { status: 200, callback: { status: 'partial', error: 'no company record found', phone: '+44 20 7946 0002', confidence_score: 0.4, sources: ['website'], api_calls: 2 } };
      return { status: 202, callback: { status: 'failed', error: 'provider quota exhausted', api_calls: 1, cost_estimate: 0 } };
    };
    await runQueued();

    // What went out: one POST per contact, each signed (checked with the doc's recipe), the documented payload.
    expect(fake.received.map((r) => r.signatureValid)).toEqual([true, true, true]);
    const first = fake.received.find((r) => r.json.contact.id === ids[0])!;
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.json).toEqual({
      enrichment_id: ticketIds.get(ids[0]!),
      contact: {
        id: ids[0],
        email: 'complete@shop.example',
        email_type: 'CORPORATE',
        name: 'Ada Lovelace',
        role: 'Founder',
        phone: '+442079460000',
        phones: ['+442079460000'],
        socials: { linkedin: 'https://www.linkedin.com/company/acme' },
        source_url: `https://${domain}/team`,
        first_seen: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
      domain: { id: expect.any(Number), name: domain },
      callback_url: 'https://scout.example/webhooks/enrichment',
    });
    expect(fake.callbacks).toEqual([
      { status: 200, body: { applied: true, status: 'complete' } },
      { status: 200, body: { applied: true, status: 'partial' } },
      { status: 200, body: { applied: true, status: 'failed' } },
    ]);

    const [complete, partial, failed] = await Promise.all(ids.map(row));
    expect(enrichedFields(complete!)).toEqual({
      status: 'complete',
      error: null,
      phone: '+44 20 7946 0001',
      address: { street: '1 Boot Lane', city: 'London', country: 'GB' },
      socials: { twitter: 'https://x.com/acme' },
      company: { name: 'Acme Boots Ltd', employees: 12 },
      emails: ['sales@shop.example'],
      confidence: 0.87,
      sources: ['website', 'companies-house'],
      // One POST of ours plus the three calls the service reports.
      apiCalls: 4,
      cost: 0.012,
    });
    expect(enrichedFields(partial!)).toEqual({
      status: 'partial',
      error: 'no company record found',
      phone: '+44 20 7946 0002',
      address: null,
      socials: null,
      company: null,
      emails: null,
      confidence: 0.4,
      sources: ['website'],
      apiCalls: 3,
      cost: null,
    });
    expect(enrichedFields(failed!)).toMatchObject({ status: 'failed', error: 'provider quota exhausted', phone: null, apiCalls: 2, cost: 0 });
    for (const r of [complete!, partial!, failed!]) {
      expect(r.last_enrichment_id).toBe(ticketIds.get(Number(r.id)));
      expect(r.enrichment_completed_at!.getTime()).toBeGreaterThanOrEqual(r.enrichment_started_at!.getTime());
      expect(r.enrichment_duration_seconds).toBeCloseTo((r.enrichment_completed_at!.getTime() - r.enrichment_started_at!.getTime()) / 1000, 2);
    }
    const text = await metrics.render();
    expect(text).toContain('sitescout_enrichment_outcomes_total{outcome="complete"} 1');
    expect(text).toContain('sitescout_enrichment_outcomes_total{outcome="partial"} 1');
  });

  it('ignores a replayed callback, and applies only one of two identical callbacks sent at once', async () => {
    const { ids } = await contacts('replay@shop.example', 'race@shop.example');
    await queueEnrichment(db, queue, ids);
    const deliveries: Array<{ body: string; headers: Record<string, string> }> = [];
    fake.answer = (request) => ({ status: 202, callback: { status: 'complete', phone: `+1555000${request.contact.id}` } });
    const replayTarget = queued.find((q) => q.contactId === ids[0])!;
    await runQueued();
    expect(fake.callbacks.map((c) => c.body)).toEqual([{ applied: true, status: 'complete' }, { applied: true, status: 'complete' }]);
    const before = await row(ids[0]!);

    // The same signed request again (an at-least-once delivery), and one with a different result for the same id.
    const body = JSON.stringify({ enrichment_id: replayTarget.enrichmentId, status: 'complete', phone: '+15550001111' });
    deliveries.push({ body, headers: signCallback(SECRET, body) });
    const again = JSON.stringify({ enrichment_id: replayTarget.enrichmentId, status: 'failed', error: 'late duplicate' });
    deliveries.push({ body: again, headers: signCallback(SECRET, again) });
    for (const d of deliveries) {
      const res = await app.inject({ method: 'POST', url: '/webhooks/enrichment', payload: d.body, headers: d.headers });
      expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 200, body: { applied: false } });
    }
    expect(await row(ids[0]!)).toEqual(before);

    // Two deliveries of one result racing: the UPDATE is guarded by the id and the in_progress status.
    const { ids: raced } = await contacts('racer@shop.example');
    await queueEnrichment(db, queue, raced);
    fake.answer = () => ({ status: 202 });
    const ticket = queued[0]!;
    await runQueued();
    const result = JSON.stringify({ enrichment_id: ticket.enrichmentId, status: 'complete', api_calls: 5 });
    const headers = signCallback(SECRET, result);
    const answers = await Promise.all([0, 1].map(() => app.inject({ method: 'POST', url: '/webhooks/enrichment', payload: result, headers })));
    expect(answers.map((a) => a.json()).sort((a, b) => Number(b.applied) - Number(a.applied))).toEqual([{ applied: true, status: 'complete' }, { applied: false }]);
    expect((await row(raced[0]!)).enrichment_api_calls).toBe(6);
  });

  it('refuses a bad signature, a stale or future timestamp and a missing header with 401, and an invalid body with 400, changing nothing', async () => {
    const { ids } = await contacts('guarded@shop.example');
    await queueEnrichment(db, queue, ids);
    const ticket = queued[0]!;
    await runQueued();
    const before = await row(ids[0]!);
    expect(before.enrichment_status).toBe('in_progress');
    const body = JSON.stringify({ enrichment_id: ticket.enrichmentId, status: 'complete', phone: '+15550002222' });
    const now = Math.floor(Date.now() / 1000);
    const post = async (payload: string, headers: Record<string, string>) => {
      const res = await app.inject({ method: 'POST', url: '/webhooks/enrichment', payload, headers });
      return { status: res.statusCode, body: res.json() as Record<string, unknown> };
    };
    const unauthorized = (code: string) => ({ status: 401, body: { statusCode: 401, code, error: 'Unauthorized', message: expect.any(String) } });

    expect(await post(body, signCallback('another-secret-of-enough-length', body))).toEqual(unauthorized('SS_ERR_ENRICHMENT_SIGNATURE'));
    // Signed for one body, sent with another.
    expect(await post(body.replace('2222', '3333'), signCallback(SECRET, body))).toEqual(unauthorized('SS_ERR_ENRICHMENT_SIGNATURE'));
    expect(await post(body, { ...signCallback(SECRET, body), 'x-sitescout-signature': 'md5=abc' })).toEqual(unauthorized('SS_ERR_ENRICHMENT_SIGNATURE'));
    expect(await post(body, signCallback(SECRET, body, now - 301))).toEqual(unauthorized('SS_ERR_ENRICHMENT_TIMESTAMP'));
    expect(await post(body, signCallback(SECRET, body, now + 301))).toEqual(unauthorized('SS_ERR_ENRICHMENT_TIMESTAMP'));
    expect(await post(body, { 'content-type': 'application/json' })).toEqual(unauthorized('SS_ERR_ENRICHMENT_TIMESTAMP'));

    const invalid = async (payload: string) => post(payload, signCallback(SECRET, payload));
    const badRequest = (message: RegExp) => ({ status: 400, body: { statusCode: 400, code: 'SS_ERR_VALIDATION', error: 'Bad Request', message: expect.stringMatching(message) } });
    expect(await invalid('{"enrichment_id":')).toEqual(badRequest(/not valid JSON/));
    expect(await invalid(JSON.stringify({ enrichment_id: ticket.enrichmentId, status: 'failed' }))).toEqual(badRequest(/error: required when status is 'failed'/));
    expect(await invalid(JSON.stringify({ enrichment_id: ticket.enrichmentId, status: 'complete', confidence_score: 1.5 }))).toEqual(badRequest(/confidence_score/));
    expect(await invalid(JSON.stringify({ enrichment_id: ticket.enrichmentId, status: 'done' }))).toEqual(badRequest(/status/));
    expect(await invalid(JSON.stringify({ enrichment_id: ticket.enrichmentId, status: 'complete', phnoe: '+1' }))).toEqual(badRequest(/phnoe/));
    expect(await invalid(JSON.stringify({ enrichment_id: 'not-a-uuid', status: 'complete' }))).toEqual(badRequest(/enrichment_id/));

    const plain = await app.inject({ method: 'POST', url: '/webhooks/enrichment', payload: body, headers: { ...signCallback(SECRET, body), 'content-type': 'text/plain' } });
    expect({ status: plain.statusCode, code: plain.json().code }).toEqual({ status: 415, code: 'SS_ERR_VALIDATION' });

    expect(await row(ids[0]!)).toEqual(before);
    // The signed, valid callback is still taken afterwards.
    expect(await post(body, signCallback(SECRET, body))).toEqual({ status: 200, body: { applied: true, status: 'complete' } });
    expect((await row(ids[0]!)).enriched_phone).toBe('+15550002222');
    // An id nobody issued.
    const unknown = JSON.stringify({ enrichment_id: '00000000-0000-4000-8000-000000000000', status: 'complete' });
    expect(await post(unknown, signCallback(SECRET, unknown))).toEqual({ status: 200, body: { applied: false } });
  });

  it('retries a 500 or a 429 by throwing for the job, fails the contact on a 400 or when the last attempt fails', async () => {
    const { ids } = await contacts('flaky@shop.example', 'refused@shop.example', 'down@shop.example');
    await queueEnrichment(db, queue, ids);
    const [flaky, refused, down] = ids.map((id) => queued.find((q) => q.contactId === id)!);
    queued.length = 0;
    fake.answer = (request, attempt) => {
      if (request.contact.email.startsWith('refused')) return { status: 400, body: 'contact.email: unsupported domain' };
      if (request.contact.email.startsWith('down')) return { status: attempt === 1 ? 429 : 503, body: 'try later' };
      return attempt === 1 ? { status: 500, body: 'boom' } : { status: 202, callback: { status: 'complete', phone: '+15550003333' } };
    };

    await expect(sender.send(flaky!, job(1))).rejects.toMatchObject({ code: 'SS_ERR_ENRICHMENT_SEND', message: expect.stringMatching(/answered 500: boom/) });
    expect((await row(flaky!.contactId)).enrichment_status).toBe('in_progress');
    expect(await sender.send(flaky!, job(2))).toEqual({ kind: 'sent', status: 202 });
    await fake.settled();
    expect(enrichedFields(await row(flaky!.contactId))).toMatchObject({ status: 'complete', phone: '+15550003333', apiCalls: 2 });
    // Both attempts carried the same id: a callback answering the first one would have counted too.
    expect(fake.received.filter((r) => r.json.contact.id === flaky!.contactId).map((r) => [r.status, r.json.enrichment_id])).toEqual([
      [500, flaky!.enrichmentId],
      [202, flaky!.enrichmentId],
    ]);

    expect(await sender.send(refused!, job(1))).toEqual({ kind: 'failed', error: 'SS_ERR_ENRICHMENT_REJECTED: the endpoint answered 400: contact.email: unsupported domain' });
    expect(enrichedFields(await row(refused!.contactId))).toMatchObject({ status: 'failed', error: 'SS_ERR_ENRICHMENT_REJECTED: the endpoint answered 400: contact.email: unsupported domain', apiCalls: 1 });
    expect(fake.received.filter((r) => r.json.contact.id === refused!.contactId)).toHaveLength(1);

    await expect(sender.send(down!, job(1))).rejects.toMatchObject({ code: 'SS_ERR_ENRICHMENT_SEND', message: expect.stringMatching(/answered 429/) });
    expect(await sender.send(down!, job(2, true))).toEqual({ kind: 'failed', error: 'SS_ERR_ENRICHMENT_SEND: gave up after 2 attempts: the endpoint answered 503: try later' });
    expect(enrichedFields(await row(down!.contactId))).toMatchObject({ status: 'failed', apiCalls: 2 });
    // A job retried after its contact failed sends nothing.
    expect(await sender.send(down!, job(3))).toEqual({ kind: 'stale' });
    expect(fake.received.filter((r) => r.json.contact.id === down!.contactId)).toHaveLength(2);
  });

  it('fails a send that the network refuses on its last attempt, and throws for a retry before', async () => {
    const { ids } = await contacts('nowhere@shop.example');
    await queueEnrichment(db, queue, ids);
    const ticket = queued[0]!;
    const closed = resolveEnrichmentSettings({ url: 'http://127.0.0.1:1/webhook', callbackBaseUrl: 'https://scout.example' }, { SITESCOUT_ENRICHMENT_SECRET: SECRET })!;
    const nowhere = createEnrichmentSender({ db, settings: closed });
    try {
      await expect(nowhere.send(ticket, job(1))).rejects.toMatchObject({ code: 'SS_ERR_ENRICHMENT_SEND', message: expect.stringMatching(/ECONNREFUSED/) });
      expect(await nowhere.send(ticket, job(2, true))).toEqual({ kind: 'failed', error: expect.stringMatching(/^SS_ERR_ENRICHMENT_SEND: gave up after 2 attempts: .*ECONNREFUSED/) });
    } finally {
      await nowhere.close();
    }
  });

  it('gives up on an endpoint that never answers after enrichmentTimeoutMs, and retries it', async () => {
    const { ids } = await contacts('hang@shop.example');
    await queueEnrichment(db, queue, ids);
    const ticket = queued[0]!;
    const sockets = new Set<Socket>();
    const silent = http.createServer(() => undefined);
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const slow = resolveEnrichmentSettings(
      { url: `http://127.0.0.1:${port}/hook`, callbackBaseUrl: 'https://scout.example', limits: { enrichmentTimeoutMs: 200 } },
      { SITESCOUT_ENRICHMENT_SECRET: SECRET },
    )!;
    const hanging = createEnrichmentSender({ db, settings: slow });
    try {
      await expect(hanging.send(ticket, job(1))).rejects.toMatchObject({ code: 'SS_ERR_ENRICHMENT_SEND', message: expect.stringMatching(/no answer within 200 ms/) });
      expect(await hanging.send(ticket, job(2, true))).toEqual({ kind: 'failed', error: 'SS_ERR_ENRICHMENT_SEND: gave up after 2 attempts: no answer within 200 ms' });
    } finally {
      await hanging.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('the deadline sweep sends a stuck contact again under a new id, then fails it after enrichmentMaxSends POSTs', async () => {
    const { domain, ids } = await contacts('silent@shop.example', 'fresh@shop.example');
    await queueEnrichment(db, queue, ids);
    const stuck = queued.find((q) => q.contactId === ids[0])!;
    queued.length = 0;
    const sweep = createEnrichmentSweep({ db, queue, settings });
    const backdate = (id: number) => db.query("UPDATE contacts SET enrichment_started_at = now() - interval '11 minutes' WHERE id = $1", [id]);

    // Never picked up: pending past the deadline goes out again (no POST was made, so no send is spent).
    await backdate(stuck.contactId);
    expect(await sweep.runOnce()).toEqual({ resent: 1, failed: 0 });
    const second = queued.splice(0);
    expect(second).toEqual([{ domain, contactId: stuck.contactId, enrichmentId: expect.stringMatching(UUID) }]);
    expect(second[0]!.enrichmentId).not.toBe(stuck.enrichmentId);
    // The first job, superseded, sends nothing; its late callback is ignored.
    expect(await sender.send(stuck, job())).toEqual({ kind: 'stale' });
    const late = JSON.stringify({ enrichment_id: stuck.enrichmentId, status: 'complete' });
    expect((await app.inject({ method: 'POST', url: '/webhooks/enrichment', payload: late, headers: signCallback(SECRET, late) })).json()).toEqual({ applied: false });

    // Sent, accepted, never called back: sent again until three POSTs were made, then failed.
    let ticket = second[0]!;
    for (let sends = 1; sends <= 3; sends += 1) {
      expect(await sender.send(ticket, job())).toEqual({ kind: 'sent', status: 202 });
      await backdate(stuck.contactId);
      const swept = await sweep.runOnce();
      if (sends < 3) {
        expect(swept).toEqual({ resent: 1, failed: 0 });
        ticket = queued.splice(0)[0]!;
      } else expect(swept).toEqual({ resent: 0, failed: 1 });
    }
    expect(queued).toEqual([]);
    const failed = await row(stuck.contactId);
    expect({ ...enrichedFields(failed), id: failed.last_enrichment_id }).toMatchObject({
      status: 'failed',
      error: 'SS_ERR_ENRICHMENT_NO_RESULT: no result within 600 s after 3 POSTs',
      apiCalls: 3,
      id: ticket.enrichmentId,
    });
    expect(fake.received.filter((r) => r.json.contact.id === stuck.contactId).map((r) => r.json.enrichment_id)).toEqual([...new Set(fake.received.filter((r) => r.json.contact.id === stuck.contactId).map((r) => r.json.enrichment_id))]);
    // The contact inside its deadline was left alone.
    expect((await row(ids[1]!)).enrichment_status).toBe('pending');
    expect(await sweep.runOnce()).toEqual({ resent: 0, failed: 0 });
    await sweep.stop();
  });
});

describe('enrichment settings', () => {
  it('is off without an endpoint, and needs the secret and the callback base URL with one', () => {
    expect(resolveEnrichmentSettings({}, {})).toBeNull();
    expect(() => resolveEnrichmentSettings({ url: 'http://n8n:5678/webhook/enrich', callbackBaseUrl: 'https://scout.example' }, {})).toThrow(
      /SITESCOUT_ENRICHMENT_SECRET is not set: an enrichment endpoint \(SITESCOUT_ENRICHMENT_URL\) needs a shared HMAC secret/,
    );
    expect(() => resolveEnrichmentSettings({ url: 'http://n8n:5678/webhook/enrich', callbackBaseUrl: 'https://scout.example' }, { SITESCOUT_ENRICHMENT_SECRET: 'short' })).toThrow(/too short/);
    expect(() => resolveEnrichmentSettings({ url: 'http://n8n:5678/webhook/enrich' }, { SITESCOUT_ENRICHMENT_SECRET: SECRET })).toThrow(/SITESCOUT_ENRICHMENT_CALLBACK_BASE_URL .* is not set/);
    expect(() => resolveEnrichmentSettings({}, { SITESCOUT_ENRICHMENT_URL: 'ftp://x' })).toThrow(/SITESCOUT_ENRICHMENT_URL/);
    const resolved = resolveEnrichmentSettings(
      {},
      {
        SITESCOUT_ENRICHMENT_URL: 'http://n8n:5678/webhook/enrich',
        SITESCOUT_ENRICHMENT_SECRET: SECRET,
        SITESCOUT_ENRICHMENT_CALLBACK_BASE_URL: 'https://scout.example/api',
        SITESCOUT_ENRICHMENT_DEADLINE_SECONDS: '90',
      },
    );
    expect(resolved).toMatchObject({ url: 'http://n8n:5678/webhook/enrich', callbackUrl: 'https://scout.example/api/webhooks/enrichment', enrichmentDeadlineSeconds: 90, enrichmentClockToleranceSeconds: 300 });
  });

  it('serves the callback route only when enrichment is configured', async () => {
    const off = createMetrics();
    const app = await buildServer({ db: {} as Database, metrics: off });
    try {
      // Without the route the URL is like any unknown one: behind the API key check (401, nothing revealed).
      expect(app.hasRoute({ method: 'POST', url: '/webhooks/enrichment' })).toBe(false);
      const res = await app.inject({ method: 'POST', url: '/webhooks/enrichment', payload: '{}', headers: { 'content-type': 'application/json' } });
      expect({ status: res.statusCode, code: res.json().code }).toEqual({ status: 401, code: 'SS_ERR_UNAUTHORIZED' });
    } finally {
      await app.close();
      off.close();
    }
  });

  it("keeps its raw-body JSON parser to itself: the app's other routes still get parsed bodies", async () => {
    const app = Fastify();
    await app.register(enrichmentCallback, { db: {} as Database, secret: SECRET, clockToleranceSeconds: 300 });
    app.post('/other', async (request) => ({ got: request.body }));
    try {
      const json = await app.inject({ method: 'POST', url: '/other', payload: { a: 1 } });
      const text = await app.inject({ method: 'POST', url: '/other', payload: 'hello', headers: { 'content-type': 'text/plain' } });
      expect([json.json(), text.json()]).toEqual([{ got: { a: 1 } }, { got: 'hello' }]);
    } finally {
      await app.close();
    }
  });

  it('stops `serve` and `worker` with exit 2 when the endpoint is set without its secret or callback URL', async () => {
    const worker = await runCliCaptured(['worker', '--enrichment-url', 'http://127.0.0.1:9/hook', '--enrichment-callback-base-url', 'https://scout.example']);
    const serve = await runCliCaptured(['serve', '--port', '0'], { SITESCOUT_ENRICHMENT_URL: 'http://127.0.0.1:9/hook', SITESCOUT_ENRICHMENT_SECRET: SECRET });
    expect([worker.code, serve.code]).toEqual([2, 2]);
    expect(worker.stderr).toMatch(/^sitescout worker: .*SITESCOUT_ENRICHMENT_SECRET is not set/);
    expect(serve.stderr).toMatch(/^sitescout serve: .*SITESCOUT_ENRICHMENT_CALLBACK_BASE_URL .* is not set/);
  });
});
