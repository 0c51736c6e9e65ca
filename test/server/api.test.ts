import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainReport } from '../../src/analysis/index.js';
import { openDatabase, type Database } from '../../src/db/index.js';
import { createJobQueue, type JobQueue } from '../../src/jobs/index.js';
import { createMetrics, type Metrics, type WatchdogState } from '../../src/observability/index.js';
import { buildServer, countActiveApiKeys, createApiKey, listApiKeys, revokeApiKey, type ServerDeps } from '../../src/server/index.js';
import type { FastifyInstance } from 'fastify';
import { startMutableSite, urlset, type MutableSite } from '../fixtures/mutable-site.js';
import { crawlOnce, siteHost } from '../jobs/crawl-support.js';
import { jobRows, uniqueBossSchema } from '../jobs/support.js';

/*
 * The /v1 API over one PGlite database: a site crawled once through the real pipeline (so runs, pages and a
 * report exist), a job queue with no workers (so submissions stay queued and can be counted), and an API key.
 */

const PAGE_COUNT = 23;
let db: Database;
let queue: JobQueue;
let bossSchema: string;
let site: MutableSite;
let host: string;
let key: string;
let app: FastifyInstance;
let crawledRunId: number;
const metricsList: Metrics[] = [];
const watchdog = { state: 'normal' as WatchdogState };

async function server(overrides: Partial<ServerDeps> = {}): Promise<FastifyInstance> {
  const metrics = createMetrics();
  metricsList.push(metrics);
  return buildServer({ db, queue, metrics, watchdog, ...overrides });
}

const auth = (): Record<string, string> => ({ authorization: `Bearer ${key}` });

beforeAll(async () => {
  db = await openDatabase({ memory: true });
  site = await startMutableSite();
  const o = site.origin;
  const paths = Array.from({ length: PAGE_COUNT }, (_, i) => `/p/${String(i).padStart(2, '0')}`);
  site.files.set('/robots.txt', { body: `User-agent: *\nAllow: /\nSitemap: ${o}/a.xml\nSitemap: ${o}/b.xml\n` });
  site.files.set('/a.xml', { body: urlset(o, paths.slice(0, 12)) });
  site.files.set('/b.xml', { body: urlset(o, paths.slice(12)) });
  host = siteHost(site);
  crawledRunId = Number((await crawlOnce({ db, bossSchema: uniqueBossSchema(), site })).id);
  await db.query(
    `INSERT INTO contacts (domain_id, email, email_type, source_url, found_in) SELECT id, e.email, 'SERVICE', $2, '{mailto}' FROM domains, (VALUES ('info@example.com'), ('sales@example.com')) e(email) WHERE name = $1`,
    [host, `${o}/contact`],
  );
  bossSchema = uniqueBossSchema();
  queue = createJobQueue({ db, schema: bossSchema });
  await queue.start();
  key = (await createApiKey(db, 'tests')).key;
  app = await server();
}, 60_000);

afterAll(async () => {
  await app?.close();
  await queue?.stop({ graceful: false });
  for (const m of metricsList) m.close();
  await site?.close();
  await db?.close();
});

describe('API keys', () => {
  it('answers 401 in the error shape for a missing, a wrong and a revoked key, and 200 with a good one (Bearer or x-api-key)', async () => {
    const revoked = await createApiKey(db, 'revoked-one');
    expect(await revokeApiKey(db, 'revoked-one')).toBe('revoked');
    const missing = await app.inject('/v1/runs');
    const wrong = await app.inject({ url: '/v1/runs', headers: { authorization: `Bearer ${key}x` } });
    const gone = await app.inject({ url: '/v1/runs', headers: { authorization: `Bearer ${revoked.key}` } });
    const good = await app.inject({ url: '/v1/runs', headers: auth() });
    const header = await app.inject({ url: '/v1/runs', headers: { 'x-api-key': key } });
    const metrics = await app.inject({ url: '/metrics', headers: auth() });
    const unauthorized = { statusCode: 401, code: 'SS_ERR_UNAUTHORIZED', error: 'Unauthorized' };
    expect([missing, wrong, gone].map((r) => ({ status: r.statusCode, body: r.json() as unknown, challenge: r.headers['www-authenticate'] }))).toEqual([
      { status: 401, body: { ...unauthorized, message: expect.stringMatching(/^an API key is required/) }, challenge: 'Bearer' },
      { status: 401, body: { ...unauthorized, message: 'the API key is unknown or revoked' }, challenge: 'Bearer' },
      { status: 401, body: { ...unauthorized, message: 'the API key is unknown or revoked' }, challenge: 'Bearer' },
    ]);
    expect([good.statusCode, header.statusCode, metrics.statusCode, good.headers['www-authenticate']]).toEqual([200, 200, 200, undefined]);
  });

  it('requires a key for /metrics and unmatched URLs, and none for /healthz, /readyz and /docs', async () => {
    const closed = await Promise.all(['/metrics', '/nope'].map((url) => app.inject(url)));
    const open = await Promise.all(['/healthz', '/readyz', '/docs', '/docs/json', '/docs/static/swagger-ui.css'].map((url) => app.inject(url)));
    expect(closed.map((r) => r.statusCode)).toEqual([401, 401]);
    expect(open.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect((await app.inject({ url: '/nope', headers: auth() })).statusCode).toBe(404);
  });

  it('stores only the SHA-256 of a key, keeps names unique after revocation, and says when a revocation changed nothing', async () => {
    const before = await countActiveApiKeys(db);
    const created = await createApiKey(db, 'store-test');
    const { rows } = await db.query<Record<string, unknown>>("SELECT * FROM api_keys WHERE name = 'store-test'");
    const taken = await createApiKey(db, 'store-test').catch((error: unknown) => error);
    const results = [await revokeApiKey(db, 'store-test'), await revokeApiKey(db, 'store-test'), await revokeApiKey(db, 'nobody')];
    expect({
      hash: rows[0]?.['key_hash'],
      plaintext: Object.values(rows[0] ?? {}).some((v) => typeof v === 'string' && v.includes(created.key.slice(11))),
      prefix: created.prefix,
      taken: (taken as { code?: string; message?: string }).message,
      results,
      active: [before + 1 - 1, await countActiveApiKeys(db)],
      listed: (await listApiKeys(db)).find((k) => k.name === 'store-test')?.revokedAt,
    }).toEqual({
      hash: createHash('sha256').update(created.key).digest('hex'),
      plaintext: false,
      prefix: created.key.slice(0, 11),
      taken: 'an API key named "store-test" already exists (names stay taken after revocation)',
      results: ['revoked', 'already-revoked', 'unknown'],
      active: [before, before],
      listed: expect.any(String),
    });
  });

  it('records when a key was last used', async () => {
    const { rows } = await db.query<{ last_used_at: Date | null }>("SELECT last_used_at FROM api_keys WHERE name = 'tests'");
    expect(rows[0]?.last_used_at).toBeInstanceOf(Date);
  });
});

interface Submission {
  runs: Array<{ line: number; input: string; domain: string; runId: number }>;
  busy: Array<{ line: number; input: string; domain: string }>;
  errors: Array<{ line: number; input: string; code: string; message: string }>;
  duplicates: number;
}

async function discoverJobs(): Promise<string[]> {
  return (await jobRows(db, bossSchema)).filter((j) => j.name === 'discover-domain').map((j) => (j.data as { domain: string }).domain).sort();
}

describe('POST /v1/runs', () => {
  it('enqueues a JSON list, reports bad entries per position and an already-queued domain as busy', async () => {
    const first = await app.inject({ method: 'POST', url: '/v1/runs', headers: auth(), payload: { domains: ['json-one.example', 'not a domain', 'https://JSON-two.example/', 'json-one.example'], contacts: true } });
    const again = await app.inject({ method: 'POST', url: '/v1/runs', headers: auth(), payload: { domains: ['json-one.example'] } });
    const body = first.json() as Submission;
    expect({ status: first.statusCode, body }).toEqual({
      status: 202,
      body: {
        runs: [
          { line: 1, input: 'json-one.example', domain: 'json-one.example', runId: expect.any(Number) },
          { line: 3, input: 'https://JSON-two.example/', domain: 'json-two.example', runId: expect.any(Number) },
        ],
        busy: [],
        errors: [{ line: 2, input: 'not a domain', code: 'SS_ERR_DISCOVERY_INPUT', message: expect.stringContaining('whitespace') }],
        duplicates: 1,
      },
    });
    expect({ status: again.statusCode, body: again.json() as unknown }).toEqual({
      status: 202,
      body: { runs: [], busy: [{ line: 1, input: 'json-one.example', domain: 'json-one.example' }], errors: [], duplicates: 0 },
    });
    const { rows } = await db.query<{ id: number; with_contacts: boolean }>('SELECT id, with_contacts FROM crawl_runs WHERE id = ANY($1) ORDER BY id', [body.runs.map((r) => r.runId)]);
    expect(rows.map((r) => r.with_contacts)).toEqual([true, true]);
    expect(await discoverJobs()).toEqual(expect.arrayContaining(['json-one.example', 'json-two.example']));
  });

  it('reads a CSV upload line by line: header and comments skipped, bad lines reported with their number, the rest enqueued', async () => {
    const csv = 'domain,notes\r\ncsv-one.example,shop\r\n# a comment\r\n"csv-two.example",x\r\nbad domain,y\r\n\r\n-.invalid,z\r\ncsv-three.example\r\n';
    const res = await app.inject({ method: 'POST', url: '/v1/runs?contacts=false', headers: { ...auth(), 'content-type': 'text/csv' }, payload: csv });
    const body = res.json() as Submission;
    expect(res.statusCode).toBe(202);
    expect(body.runs.map((r) => [r.line, r.domain])).toEqual([
      [2, 'csv-one.example'],
      [4, 'csv-two.example'],
      [8, 'csv-three.example'],
    ]);
    expect(body.errors.map((e) => [e.line, e.input, e.code])).toEqual([
      [5, 'bad domain', 'SS_ERR_DISCOVERY_INPUT'],
      [7, '-.invalid', 'SS_ERR_DISCOVERY_INPUT'],
    ]);
    expect(await discoverJobs()).toEqual(expect.arrayContaining(['csv-one.example', 'csv-two.example', 'csv-three.example']));
  });

  it('reads a streamed text upload without a Content-Length, split anywhere, including a line longer than the line cap', async () => {
    const parts = ['stream-one.exa', 'mple\nstream-', `two.example\n${'x'.repeat(5000)}`, '\nstream-three.example'];
    const res = await app.inject({ method: 'POST', url: '/v1/runs', headers: { ...auth(), 'content-type': 'text/plain' }, payload: Readable.from(parts.map((p) => Buffer.from(p))) });
    const body = res.json() as Submission;
    expect({ status: res.statusCode, runs: body.runs.map((r) => [r.line, r.domain]), errors: body.errors.map((e) => [e.line, e.message]) }).toEqual({
      status: 202,
      runs: [
        [1, 'stream-one.example'],
        [2, 'stream-two.example'],
        [4, 'stream-three.example'],
      ],
      errors: [[3, 'the line is longer than 4096 characters']],
    });
  });

  it('answers 413 and enqueues nothing for an upload over maxUploadBytes, declared or streamed, and for too many domains', async () => {
    const small = await server({ limits: { maxUploadBytes: 64, maxDomainsPerSubmission: 2, maxRequestBodyBytes: 128 } });
    const before = await discoverJobs();
    const lines = 'big-one.example\nbig-two.example\nbig-three.example\nbig-four.example\nbig-five.example\n';
    const declared = await small.inject({ method: 'POST', url: '/v1/runs', headers: { ...auth(), 'content-type': 'text/plain' }, payload: lines });
    const streamedUpload = await small.inject({ method: 'POST', url: '/v1/runs', headers: { ...auth(), 'content-type': 'text/plain' }, payload: Readable.from([Buffer.from(lines)]) });
    const tooMany = await small.inject({ method: 'POST', url: '/v1/runs', headers: { ...auth(), 'content-type': 'text/plain' }, payload: 'a-1.example\na-2.example\na-3.example\n' });
    const json = await small.inject({ method: 'POST', url: '/v1/runs', headers: auth(), payload: { domains: Array.from({ length: 20 }, (_, i) => `json-big-${i}.example`) } });
    expect([declared, streamedUpload, tooMany, json].map((r) => [r.statusCode, (r.json() as { code: string }).code])).toEqual([
      [413, 'SS_ERR_PAYLOAD_TOO_LARGE'],
      [413, 'SS_ERR_PAYLOAD_TOO_LARGE'],
      [413, 'SS_ERR_PAYLOAD_TOO_LARGE'],
      [413, 'SS_ERR_PAYLOAD_TOO_LARGE'],
    ]);
    expect(await discoverJobs()).toEqual(before);
    await small.close();
  });

  it('rejects a body that fails its schema (a scalar for a list, an unknown property), an unknown query parameter, an unknown media type and a list with no usable domain with 400/415', async () => {
    const cases = await Promise.all([
      app.inject({ method: 'POST', url: '/v1/runs', headers: auth(), payload: { domains: [] } }),
      app.inject({ method: 'POST', url: '/v1/runs', headers: auth(), payload: { domains: [{ host: 'example.com' }] } }),
      app.inject({ method: 'POST', url: '/v1/runs', headers: auth(), payload: { hosts: ['example.com'] } }),
      app.inject({ method: 'POST', url: '/v1/runs', headers: { ...auth(), 'content-type': 'application/xml' }, payload: '<x/>' }),
      app.inject({ method: 'POST', url: '/v1/runs', headers: { ...auth(), 'content-type': 'text/plain' }, payload: '# nothing\n\nnot valid\n' }),
      app.inject({ method: 'POST', url: '/v1/runs', headers: { ...auth(), 'content-type': 'text/plain' }, payload: '' }),
      app.inject({ method: 'POST', url: '/v1/runs', headers: auth() }),
      app.inject({ method: 'POST', url: '/v1/runs', headers: auth(), payload: { domains: 'example.com' } }),
      app.inject({ method: 'POST', url: '/v1/runs', headers: auth(), payload: { domains: ['example.com'], priority: 'high' } }),
      app.inject({ url: '/v1/runs?limit=10&colour=red', headers: auth() }),
    ]);
    expect(cases.map((r) => [r.statusCode, (r.json() as { code: string; message: string }).code, (r.json() as { message: string }).message])).toEqual([
      [400, 'SS_ERR_VALIDATION', 'body/domains must NOT have fewer than 1 items'],
      [400, 'SS_ERR_VALIDATION', 'body/domains/0 must be string'],
      [400, 'SS_ERR_VALIDATION', "body must have required property 'domains'"],
      [415, 'SS_ERR_VALIDATION', 'Unsupported Media Type'],
      [400, 'SS_ERR_VALIDATION', expect.stringMatching(/^no usable domain \(1 bad line\(s\); line 3 "not valid": /)],
      [400, 'SS_ERR_VALIDATION', 'no usable domain (the list is empty)'],
      [400, 'SS_ERR_VALIDATION', 'no usable domain (the list is empty)'],
      [400, 'SS_ERR_VALIDATION', 'body/domains must be array'],
      [400, 'SS_ERR_VALIDATION', 'body must NOT have additional properties'],
      [400, 'SS_ERR_VALIDATION', 'querystring must NOT have additional properties'],
    ]);
  });

  it('answers 503 with Retry-After while the watchdog sheds load, and enqueues again once it recovers', async () => {
    watchdog.state = 'shedding';
    const shed = await app.inject({ method: 'POST', url: '/v1/runs', headers: auth(), payload: { domains: ['shed.example'] } });
    watchdog.state = 'normal';
    const after = await app.inject({ method: 'POST', url: '/v1/runs', headers: auth(), payload: { domains: ['shed.example'] } });
    expect({ status: shed.statusCode, code: (shed.json() as { code: string }).code, retryAfter: shed.headers['retry-after'], after: after.statusCode }).toEqual({
      status: 503,
      code: 'SS_ERR_OVERLOADED',
      retryAfter: '30',
      after: 202,
    });
  });
});

describe('runs', () => {
  it('lists every run exactly once, newest first, over cursor pages, and 400s a forged cursor', async () => {
    const { rows } = await db.query<{ id: number }>('SELECT id FROM crawl_runs ORDER BY id DESC');
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await app.inject({ url: `/v1/runs?limit=3${cursor === null ? '' : `&cursor=${cursor}`}`, headers: auth() });
      const body = res.json() as { items: Array<{ id: number }>; next_cursor: string | null };
      seen.push(...body.items.map((r) => r.id));
      cursor = body.next_cursor;
      pages += 1;
    } while (cursor !== null);
    expect(seen).toEqual(rows.map((r) => Number(r.id)));
    expect(pages).toBe(Math.ceil(rows.length / 3));
    const forged = await app.inject({ url: `/v1/runs?cursor=${Buffer.from('{"k":"pages","a":"x"}').toString('base64url')}`, headers: auth() });
    expect([forged.statusCode, (forged.json() as { code: string }).code]).toEqual([400, 'SS_ERR_VALIDATION']);
  });

  it("shows a run's progress, and 404s an unknown run and 400s a malformed id", async () => {
    const res = await app.inject({ url: `/v1/runs/${crawledRunId}`, headers: auth() });
    const missing = await app.inject({ url: '/v1/runs/999999', headers: auth() });
    const malformed = await app.inject({ url: '/v1/runs/abc', headers: auth() });
    expect({ status: res.statusCode, body: res.json() as unknown }).toEqual({
      status: 200,
      body: {
        id: crawledRunId,
        domain: host,
        status: 'completed',
        outcome: 'ok',
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
        sitemaps: 2,
        pages: { new: PAGE_COUNT, updated: 0, gone: 0, seen: PAGE_COUNT },
        error: null,
        withContacts: false,
        phase: expect.any(String),
        files: { total: 2, done: 2, failed: 0 },
        urlsTaken: PAGE_COUNT,
        stopReason: null,
        errorCode: null,
      },
    });
    expect([missing.statusCode, missing.json()]).toEqual([404, { statusCode: 404, code: 'SS_ERR_NOT_FOUND', error: 'Not Found', message: 'no crawl run 999999' }]);
    expect([malformed.statusCode, (malformed.json() as { code: string }).code]).toEqual([400, 'SS_ERR_VALIDATION']);
  });
});

describe('domains', () => {
  it('returns every page exactly once over cursor pages, in URL order, with next_cursor null at the end', async () => {
    const urls: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await app.inject({ url: `/v1/domains/${host}/pages?limit=5${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, headers: auth() });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: Array<{ url: string; page_type: string }>; next_cursor: string | null };
      urls.push(...body.items.map((p) => p.url));
      sizes.push(body.items.length);
      cursor = body.next_cursor;
    } while (cursor !== null);
    const expected = Array.from({ length: PAGE_COUNT }, (_, i) => `${site.origin}/p/${String(i).padStart(2, '0')}`);
    expect({ urls, sizes }).toEqual({ urls: expected, sizes: [5, 5, 5, 5, 3] });
  });

  it('streams every page as NDJSON and as CSV', async () => {
    const ndjson = await app.inject({ url: `/v1/domains/${host}/pages?format=ndjson`, headers: auth() });
    const csv = await app.inject({ url: `/v1/domains/${host}/pages?format=csv`, headers: auth() });
    const records = ndjson.body.trimEnd().split('\n').map((l) => JSON.parse(l) as { url: string });
    const firstJson = ((await app.inject({ url: `/v1/domains/${host}/pages?limit=1`, headers: auth() })).json() as { items: unknown[] }).items[0];
    expect(firstJson).toEqual(records[0]);
    expect(Object.keys(records[0]!)).toHaveLength(15);
    const csvLines = csv.body.split('\r\n');
    expect({
      types: [ndjson.headers['content-type'], csv.headers['content-type']],
      ndjson: records.map((r) => r.url),
      header: csvLines[0],
      csvRows: csvLines.slice(1, -1).map((l) => l.split(',')[0]),
      last: csvLines.at(-1),
    }).toEqual({
      types: ['application/x-ndjson', 'text/csv; charset=utf-8'],
      ndjson: Array.from({ length: PAGE_COUNT }, (_, i) => `${site.origin}/p/${String(i).padStart(2, '0')}`),
      header: 'url,lastmod,changefreq,priority,page_type,image_count,video_count,news_count,alternate_count,first_seen,last_seen,updated_at,gone_since,curation_status,processing_status',
      csvRows: Array.from({ length: PAGE_COUNT }, (_, i) => `${site.origin}/p/${String(i).padStart(2, '0')}`),
      last: '',
    });
  });

  it('404s a domain never crawled and 400s a malformed one', async () => {
    const never = await app.inject({ url: '/v1/domains/never.example/pages', headers: auth() });
    const bad = await app.inject({ url: '/v1/domains/bad%20domain/report', headers: auth() });
    expect([never.statusCode, (never.json() as { code: string }).code, bad.statusCode, (bad.json() as { code: string }).code]).toEqual([404, 'SS_ERR_NOT_FOUND', 400, 'SS_ERR_DISCOVERY_INPUT']);
  });

  it("serves the stored report, as `sitescout report --json` makes it", async () => {
    const res = await app.inject({ url: `/v1/domains/${host}/report`, headers: auth() });
    const body = res.json() as { domain: string; run: { id: number; status: string }; laterRunId: number | null; report: DomainReport };
    expect({ status: res.statusCode, domain: body.domain, run: [body.run.id, body.run.status], later: body.laterRunId, outcome: body.report.outcome, urls: body.report.urls.listed, sitemaps: body.report.sitemaps.length }).toEqual({
      status: 200,
      domain: host,
      run: [crawledRunId, 'completed'],
      later: null,
      outcome: 'ok',
      urls: PAGE_COUNT,
      sitemaps: 2,
    });
  });

  it('404s a report of a domain with no completed run, and 409s one of a run still running', async () => {
    const { rows } = await db.query<{ id: number }>("SELECT r.id FROM crawl_runs r JOIN domains d ON d.id = r.domain_id WHERE d.name = 'csv-one.example'");
    const none = await app.inject({ url: '/v1/domains/csv-one.example/report', headers: auth() });
    const running = await app.inject({ url: `/v1/domains/csv-one.example/report?run=${rows[0]!.id}`, headers: auth() });
    expect([none.json(), running.json()]).toEqual([
      { statusCode: 404, code: 'SS_ERR_NOT_FOUND', error: 'Not Found', message: 'csv-one.example: no completed crawl run yet' },
      { statusCode: 409, code: 'SS_ERR_VALIDATION', error: 'Conflict', message: `csv-one.example: crawl run ${rows[0]!.id} has not finished (running)` },
    ]);
  });

  it("serves a domain's contacts as JSON and the contact export as NDJSON and CSV", async () => {
    const json = await app.inject({ url: `/v1/domains/${host}/contacts`, headers: auth() });
    const ndjson = await app.inject({ url: `/v1/contacts/export?domain=${host}`, headers: auth() });
    const csv = await app.inject({ url: '/v1/contacts/export?format=csv', headers: auth() });
    expect({
      json: (json.json() as Array<{ email: string; domain: string }>).map((c) => [c.domain, c.email]),
      ndjson: ndjson.body.trimEnd().split('\n').map((l) => (JSON.parse(l) as { email: string }).email),
      csv: csv.body.split('\r\n').map((l) => l.split(',').slice(0, 2).join(',')),
    }).toEqual({
      json: [
        [host, 'info@example.com'],
        [host, 'sales@example.com'],
      ],
      ndjson: ['info@example.com', 'sales@example.com'],
      csv: ['domain,email', `${host},info@example.com`, `${host},sales@example.com`, ''],
    });
  });
});

describe('OpenAPI document', () => {
  it('lists every /v1 route with the bearer security scheme, and marks the probes public', async () => {
    const res = await app.inject('/docs/json');
    const doc = res.json() as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[]; requestBody?: { content: Record<string, unknown> }; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, unknown> };
      security: unknown[];
    };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    expect(operations).toEqual([
      'GET /healthz',
      'GET /metrics',
      'GET /readyz',
      'GET /v1/contacts/export',
      'GET /v1/domains/{domain}/contacts',
      'GET /v1/domains/{domain}/pages',
      'GET /v1/domains/{domain}/report',
      'GET /v1/runs',
      'GET /v1/runs/{id}',
      'POST /v1/runs',
    ]);
    expect({
      openapi: doc.openapi,
      schemes: doc.components.securitySchemes,
      security: doc.security,
      healthz: doc.paths['/healthz']!['get']!.security,
      runs: doc.paths['/v1/runs']!['get']!.security,
      upload: Object.keys(doc.paths['/v1/runs']!['post']!.requestBody!.content).sort(),
      csvUpload: doc.paths['/v1/runs']!['post']!.requestBody!.content['text/csv'],
      submitResponses: Object.keys(doc.paths['/v1/runs']!['post']!.responses).sort(),
    }).toEqual({
      openapi: '3.0.3',
      schemes: { bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }), apiKeyHeader: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }) },
      security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
      healthz: [],
      runs: undefined,
      upload: ['application/json', 'text/csv', 'text/plain'],
      csvUpload: { schema: expect.objectContaining({ type: 'string', format: 'binary' }) },
      submitResponses: ['202', '400', '401', '413', '415', '500', '503'],
    });
  });
});

describe('errors', () => {
  it('never sends a 5xx its internals: a failing database gives "internal error" and the details go to the log', async () => {
    const failing = {
      ...db,
      engine: db.engine,
      query: (sql: string, params?: unknown[]) =>
        sql.includes('FROM crawl_runs r JOIN domains') ? Promise.reject(new Error('relation "crawl_runs" does not exist at /srv/app.js password=hunter2')) : db.query(sql, params),
    } as Database;
    const broken = await server({ db: failing });
    const res = await broken.inject({ url: '/v1/runs', headers: auth() });
    expect({ status: res.statusCode, body: res.json() as unknown }).toEqual({ status: 500, body: { statusCode: 500, code: 'SS_ERR_INTERNAL', error: 'Internal Server Error', message: 'internal error' } });
    expect(res.body).not.toMatch(/hunter2|crawl_runs|srv/);
    await broken.close();
  });
});
