import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.js';
import { sitemapIndex, startMutableSite, urlset, type MutableSite } from '../fixtures/mutable-site.js';
import { openTestPostgres, testDatabaseUrl } from '../db/support.js';
import { ENGINES, useDatabase } from '../inventory/support.js';
import { counts, crawlOnce, ledgerOf, pageStates, siteHost } from './crawl-support.js';
import { jobRows, uniqueBossSchema } from './support.js';

const pages = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `/${prefix}/${i + 1}`);

/** robots.txt → an index of three urlsets (the third gzipped), four pages each. */
function threeFileSite(site: MutableSite): void {
  const o = site.origin;
  site.files.set('/robots.txt', { body: `User-agent: *\nAllow: /\nSitemap: ${o}/sitemap_index.xml\n` });
  site.files.set('/sitemap_index.xml', { body: sitemapIndex(o, ['/a.xml', '/b.xml', '/c.xml.gz']) });
  site.files.set('/a.xml', { body: urlset(o, pages('a', 4)) });
  site.files.set('/b.xml', { body: urlset(o, pages('b', 4)) });
  site.files.set('/c.xml.gz', { body: urlset(o, pages('c', 4)), gzip: true });
}

describe.each(ENGINES)('the crawl pipeline on %s', (engine) => {
  const database = useDatabase(engine);
  let site: MutableSite;
  let bossSchema: string;
  beforeEach(async () => {
    site = await startMutableSite();
    bossSchema = uniqueBossSchema();
  });
  afterEach(async () => {
    await site.close();
  });
  const crawl = (db: Database, extra: Partial<Parameters<typeof crawlOnce>[0]> = {}) => crawlOnce({ db, bossSchema, site, ...extra });

  it('reads an index and each of its files as a job of its own, and counts the run from the pages', async () => {
    const db = database();
    threeFileSite(site);
    const run = await crawl(db);
    expect(counts(run)).toEqual({ status: 'completed', outcome: 'ok', new: 12, updated: 0, seen: 12, gone: 0, sitemaps: 4 });
    expect(await ledgerOf(db, run.id)).toEqual({ '/a.xml': 'read', '/b.xml': 'read', '/c.xml.gz': 'read', '/sitemap_index.xml': 'read' });
    const jobs = (await jobRows(db, bossSchema)).map((j) => `${j.name} ${j.state}`);
    expect(jobs.sort()).toEqual(['discover-domain completed', ...Array(4).fill('fetch-sitemap completed')]);
    expect(Object.keys(await pageStates(db, siteHost(site)))).toHaveLength(12);
  }, 60_000);

  it('re-crawls with conditional requests: unchanged files answer 304 and keep their pages; changes are new, updated and gone', async () => {
    const db = database();
    threeFileSite(site);
    await crawl(db);
    const o = site.origin;
    // b.xml changes: /b/4 is dropped, /b/5 is added, /b/1 has a new lastmod.
    site.files.set('/b.xml', {
      body: urlset(o, ['/b/2', '/b/3', '/b/5']).replace('</urlset>', `<url><loc>${o}/b/1</loc><lastmod>2024-06-01</lastmod><changefreq>weekly</changefreq><priority>0.5</priority></url></urlset>`),
    });
    site.requests.length = 0;
    const second = await crawl(db);
    expect(counts(second)).toEqual({ status: 'completed', outcome: 'ok', new: 1, updated: 1, seen: 12, gone: 1, sitemaps: 4 });
    const statusOf = Object.fromEntries(site.requests.filter((r) => r.path.includes('.xml')).map((r) => [r.path, r.status]));
    // The index is always read (its children are not stored); the unchanged urlsets answer 304.
    expect(statusOf).toEqual({ '/sitemap_index.xml': 200, '/a.xml': 304, '/b.xml': 200, '/c.xml.gz': 304 });
    expect(await ledgerOf(db, second.id)).toEqual({ '/a.xml': 'not-modified', '/b.xml': 'read', '/c.xml.gz': 'not-modified', '/sitemap_index.xml': 'read' });
    const states = await pageStates(db, siteHost(site));
    expect([states['/b/4'], states['/b/5'], states['/a/1'], states['/c/4']]).toEqual(['gone', 'listed', 'listed', 'listed']);
  }, 90_000);

  it('keeps the pages of a file that fails on a re-crawl (nothing becomes gone), and counts the error', async () => {
    const db = database();
    threeFileSite(site);
    await crawl(db);
    site.files.set('/c.xml.gz', { body: urlset(site.origin, pages('c', 4)), gzip: true, etag: false });
    site.failNext('/c.xml.gz', 10, 503);
    const second = await crawl(db);
    expect(counts(second)).toMatchObject({ status: 'completed', outcome: 'ok', gone: 0 });
    expect((await ledgerOf(db, second.id))['/c.xml.gz']).toBe('failed');
    const states = await pageStates(db, siteHost(site));
    expect(Object.values(states).filter((s) => s === 'gone')).toEqual([]);
  }, 90_000);

  it('writes the same rows when a fetch job is cut off mid-file and retried, and counts them once', async () => {
    const db = database();
    const o = site.origin;
    site.files.set('/robots.txt', { body: `Sitemap: ${o}/big.xml\n` });
    site.files.set('/big.xml', { body: urlset(o, pages('p', 5000)) });
    let cut = 0;
    const run = await crawl(db, {
      wrap: (handlers, events) => ({
        ...handlers,
        'fetch-sitemap': async (payload, context) => {
          if (context.attempt > 1) return handlers['fetch-sitemap']!(payload, context);
          // The first attempt dies after its first batch of pages reached the database.
          const controller = new AbortController();
          events.on((event) => {
            if (event.type === 'pages' && !controller.signal.aborted) {
              cut += 1;
              controller.abort(new Error('worker died'));
            }
          });
          return handlers['fetch-sitemap']!(payload, { ...context, signal: controller.signal });
        },
      }),
    });
    expect(cut).toBe(1);
    expect(counts(run)).toEqual({ status: 'completed', outcome: 'ok', new: 5000, updated: 0, seen: 5000, gone: 0, sitemaps: 1 });
    const { rows } = await db.query<{ n: number; distinct: number }>(
      'SELECT count(*) AS n, count(DISTINCT url) AS distinct FROM pages p JOIN domains d ON d.id = p.domain_id WHERE d.name = $1',
      [siteHost(site)],
    );
    expect(rows.map((r) => [Number(r.n), Number(r.distinct)])).toEqual([[5000, 5000]]);
    const { rows: taken } = await db.query<{ urls_taken: number }>('SELECT urls_taken FROM crawl_runs WHERE id = $1', [run.id]);
    expect(Number(taken[0]!.urls_taken)).toBe(5000);
    const retried = (await jobRows(db, bossSchema)).filter((j) => j.name === 'fetch-sitemap').map((j) => [j.state, j.retry_count]);
    expect(retried).toEqual([['completed', 1]]);
  }, 90_000);

  it('retries a file whose connection breaks mid-body, instead of closing it read with its tail missing', async () => {
    const db = database();
    const o = site.origin;
    site.files.set('/robots.txt', { body: `Sitemap: ${o}/big.xml\n` });
    site.files.set('/big.xml', { body: urlset(o, pages('p', 3000)) });
    site.cutNext('/big.xml', 1);
    const run = await crawl(db);
    expect(counts(run)).toEqual({ status: 'completed', outcome: 'ok', new: 3000, updated: 0, seen: 3000, gone: 0, sitemaps: 1 });
    expect(await ledgerOf(db, run.id)).toEqual({ '/big.xml': 'read' });
    const jobs = (await jobRows(db, bossSchema)).filter((j) => j.name === 'fetch-sitemap').map((j) => [j.state, j.retry_count]);
    expect(jobs).toEqual([['completed', 1]]);
  }, 90_000);

  it("settles a file whose job ran out of retries without recording it (its worker died), so the run still finishes", async () => {
    const db = database();
    threeFileSite(site);
    const run = await crawl(db, {
      wrap: (handlers) => ({
        ...handlers,
        // b.xml's worker "dies" on every attempt: the handler never runs, so nothing closes the file but the dead letter.
        'fetch-sitemap': async (payload, context) => {
          if (payload.urlKey.endsWith('/b.xml')) throw new Error('worker died');
          return handlers['fetch-sitemap']!(payload, context);
        },
      }),
    });
    expect(counts(run)).toMatchObject({ status: 'completed', outcome: 'ok', new: 8, gone: 0 });
    expect(await ledgerOf(db, run.id)).toEqual({ '/a.xml': 'read', '/b.xml': 'failed', '/c.xml.gz': 'read', '/sitemap_index.xml': 'read' });
  }, 90_000);

  it('stops the whole run at maxUrlsPerDomain across files and jobs, and marks nothing gone', async () => {
    const db = database();
    threeFileSite(site);
    const run = await crawl(db, { discovery: { maxUrlsPerDomain: 6 }, concurrency: 1 });
    expect(counts(run)).toMatchObject({ status: 'completed', outcome: 'ok', new: 6, gone: 0 });
    expect(run.stop_reason).toBe('max-urls');
    expect(Object.keys(await pageStates(db, siteHost(site)))).toHaveLength(6);
  }, 60_000);

  it('admits no more files than maxSitemapsPerDomain, whichever job lists them', async () => {
    const db = database();
    threeFileSite(site);
    const run = await crawl(db, { discovery: { maxSitemapsPerDomain: 2 } });
    expect(Object.keys(await ledgerOf(db, run.id))).toHaveLength(2);
    expect(counts(run)).toMatchObject({ status: 'completed', outcome: 'ok', new: 4 });
  }, 60_000);

  it('probes the well-known paths after the published sitemaps, and finishes no-sitemap when nothing is there', async () => {
    const db = database();
    site.files.set('/', { body: '<html><body>no sitemap here</body></html>' });
    const run = await crawl(db, { wellKnown: 'always' });
    expect(counts(run)).toMatchObject({ status: 'completed', outcome: 'no-sitemap', new: 0, sitemaps: 0 });
    expect(run.phase).toBe('well-known');
    expect(Object.values(await ledgerOf(db, run.id)).every((s) => s === 'failed')).toBe(true);
  }, 60_000);
});

describe.skipIf(testDatabaseUrl === null)('the crawl pipeline on PostgreSQL with two workers', () => {
  it('shares one crawl between two workers on separate connections, each file read once unless its job was retried', async () => {
    const first = await openTestPostgres();
    // A second pool on the same schema: another worker process, as far as the database can tell.
    const second = { db: await openDatabase({ url: testDatabaseUrl!, schema: first.schema, migrate: false }) };
    const site = await startMutableSite();
    try {
      const o = site.origin;
      const files = Array.from({ length: 12 }, (_, i) => `/s${i}.xml`);
      site.files.set('/robots.txt', { body: `Sitemap: ${o}/index.xml\n` });
      site.files.set('/index.xml', { body: sitemapIndex(o, files) });
      for (const [i, f] of files.entries()) site.files.set(f, { body: urlset(o, pages(`s${i}`, 50)) });
      const bossSchema = uniqueBossSchema();
      const run = await crawlOnce({ db: first.db, bossSchema, site, extraDbs: [second.db], concurrency: 2 });
      expect(counts(run)).toEqual({ status: 'completed', outcome: 'ok', new: 600, updated: 0, seen: 600, gone: 0, sitemaps: 13 });
      const fetched = site.requests.filter((r) => r.path.endsWith('.xml')).map((r) => r.path);
      const { rows: jobs } = await first.db.query<{ retry_count: number; output: unknown }>(`SELECT retry_count, output FROM ${bossSchema}.job WHERE name = 'fetch-sitemap'`);
      const retries = jobs.reduce((n, j) => n + Number(j.retry_count), 0);
      // Retries happen here only under load (seen in full CI runs, never alone): say why, for whoever looks next.
      if (retries > 0) process.stderr.write(`[two workers] ${retries} fetch job retries: ${JSON.stringify(jobs.filter((j) => j.retry_count > 0).map((j) => j.output))}\n`);
      // Every file is read, and a file is read again only by a retry of its job (a failure it survived), never because
      // two workers were handed the same job.
      expect(new Set(fetched).size).toBe(13);
      expect(fetched.length, JSON.stringify(jobs.filter((j) => j.retry_count > 0))).toBeLessThanOrEqual(13 + retries);
    } finally {
      await site.close();
      await second.db.close();
      await first.drop();
    }
  }, 90_000);
});
