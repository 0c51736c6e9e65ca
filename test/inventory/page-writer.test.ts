import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.js';
import { createPageWriter, recordSitemapFile, type SitemapFileRecord, startCrawlRun } from '../../src/inventory/index.js';
import type { UrlEntry } from '../../src/sitemap/index.js';
import { ENGINES, freshDomain, pageMetadataOf, pagesOf, urlEntry, useDatabase } from './support.js';

const IMAGE = { loc: 'https://a.example/i.png', title: null, caption: null, geoLocation: null, license: null };

async function writeAll(db: Database, target: { domainId: number; crawlRunId: number }, entries: readonly UrlEntry[], batchSize: number, chunk = 7) {
  const writer = createPageWriter(db, { ...target, sitemapFileId: null, batchSize });
  for (let i = 0; i < entries.length; i += chunk) await writer.write(entries.slice(i, i + chunk));
  return writer.finish();
}

function sitemapReport(url: string): SitemapFileRecord {
  return {
    url,
    finalUrl: url,
    method: 'robots',
    foundOn: null,
    depth: 0,
    status: 200,
    contentType: 'application/xml',
    bytesCompressed: 100,
    bytesUncompressed: 400,
    gzip: false,
    kind: 'urlset',
    summary: null,
    error: null,
  };
}

function numbered(domain: string, count: number): UrlEntry[] {
  return Array.from({ length: count }, (_, i) => urlEntry(`https://${domain}/p/${String(i).padStart(6, '0')}`, { priority: 0.5 }));
}

describe.each(ENGINES)('createPageWriter on %s', (engine) => {
  const database = useDatabase(engine);

  it('writes entries across batch boundaries, every entry once, with the counts of what it wrote', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const crawlRunId = await startCrawlRun(db, domain.id);
    const entries = numbered(domain.name, 10);

    const counts = await writeAll(db, { domainId: domain.id, crawlRunId }, entries, 3);

    expect(counts).toEqual({ new: 10, updated: 0, unchanged: 0, skipped: 0 });
    const rows = await pagesOf(db, domain.id);
    expect(rows.map((row) => row.url)).toEqual(entries.map((entry) => entry.loc));
    expect(rows.every((row) => row.last_crawl_run_id === crawlRunId && row.gone_since === null && row.page_type === 'other')).toBe(true);
  });

  it('keeps the last entry when a URL appears twice in one batch', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const crawlRunId = await startCrawlRun(db, domain.id);
    const url = `https://${domain.name}/dup`;
    const writer = createPageWriter(db, { domainId: domain.id, crawlRunId, sitemapFileId: null, batchSize: 10 });

    await writer.write([urlEntry(url, { priority: 0.1 }), urlEntry(`https://${domain.name}/other`), urlEntry(url, { priority: 0.9, changefreq: 'daily' })]);
    const counts = await writer.finish();

    expect(counts).toEqual({ new: 2, updated: 0, unchanged: 0, skipped: 0 });
    expect(await pageMetadataOf(db, domain.id)).toEqual([
      { url, lastmod: null, changefreq: 'daily', priority: 0.9, page_type: 'other', image_count: 0, video_count: 0, news_count: 0, alternate_count: 0 },
      { url: `https://${domain.name}/other`, lastmod: null, changefreq: null, priority: null, page_type: 'other', image_count: 0, video_count: 0, news_count: 0, alternate_count: 0 },
    ]);
  });

  it('leaves the same rows when the same entries are written again (a retried job)', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const crawlRunId = await startCrawlRun(db, domain.id);
    const entries = [...numbered(domain.name, 25), ...numbered(domain.name, 5)];

    const first = await writeAll(db, { domainId: domain.id, crawlRunId }, entries, 4);
    const before = await pagesOf(db, domain.id);
    const second = await writeAll(db, { domainId: domain.id, crawlRunId }, entries, 4);
    const after = await pagesOf(db, domain.id);

    // The five repeats land in a later batch than their first copy, so each batch counts them again.
    expect(first).toEqual({ new: 25, updated: 0, unchanged: 5, skipped: 0 });
    expect(second).toEqual({ new: 0, updated: 0, unchanged: 30, skipped: 0 });
    expect(after).toHaveLength(25);
    expect(after.map(({ id, url, first_seen, updated_at }) => ({ id, url, first_seen, updated_at }))).toEqual(
      before.map(({ id, url, first_seen, updated_at }) => ({ id, url, first_seen, updated_at })),
    );
  });

  it('stores values the table would refuse as null and skips URLs it cannot hold, writing the rest of the batch', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const crawlRunId = await startCrawlRun(db, domain.id);
    const base = `https://${domain.name}`;
    const writer = createPageWriter(db, { domainId: domain.id, crawlRunId, sitemapFileId: null });

    await writer.write([
      urlEntry(`${base}/a`, { priority: 1.5, changefreq: 'sometimes' as never, lastmod: 'yesterday' }),
      urlEntry(`${base}/b`, { priority: Number.NaN, lastmod: '+275760-09-13T00:00:00.000Z' }),
      urlEntry(`${base}/c`, { priority: 0, changefreq: null, lastmod: '2024-05-01T10:00:00.000Z', images: [IMAGE, IMAGE] }),
      urlEntry(`${base}/${'x'.repeat(2100)}`),
      urlEntry(''),
      urlEntry(`${base}/nul\u0000`),
    ]);
    const counts = await writer.finish();

    expect(counts).toEqual({ new: 3, updated: 0, unchanged: 0, skipped: 3 });
    expect(await pageMetadataOf(db, domain.id)).toEqual([
      { url: `${base}/a`, lastmod: null, changefreq: null, priority: null, page_type: 'other', image_count: 0, video_count: 0, news_count: 0, alternate_count: 0 },
      { url: `${base}/b`, lastmod: null, changefreq: null, priority: null, page_type: 'other', image_count: 0, video_count: 0, news_count: 0, alternate_count: 0 },
      { url: `${base}/c`, lastmod: new Date('2024-05-01T10:00:00.000Z'), changefreq: null, priority: 0, page_type: 'other', image_count: 2, video_count: 0, news_count: 0, alternate_count: 0 },
    ]);
  });

  it('stores URLs holding the characters COPY escapes (backslash, tab, newline, carriage return) as they are', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const crawlRunId = await startCrawlRun(db, domain.id);
    const base = `https://${domain.name}`;
    const urls = [`${base}/back\\slash`, `${base}/tab\there`, `${base}/new\nline`, `${base}/cr\rhere`, `${base}/\\N`, `${base}/plain`];
    const writer = createPageWriter(db, { domainId: domain.id, crawlRunId, sitemapFileId: null, asyncCommit: true });

    await writer.write(urls.map((url) => urlEntry(url, { priority: 0.25, lastmod: '2024-05-01T10:00:00.000Z', changefreq: 'daily' })));
    const counts = await writer.finish();

    expect(counts).toEqual({ new: 6, updated: 0, unchanged: 0, skipped: 0 });
    const rows = await pageMetadataOf(db, domain.id);
    expect(rows.map((row) => row.url).sort()).toEqual([...urls].sort());
    expect(rows.every((row) => row.priority === 0.25 && row.changefreq === 'daily' && row.lastmod?.toISOString() === '2024-05-01T10:00:00.000Z')).toBe(true);
  });

  it('sets the pages\' run and file to null when the run or the sitemap file is deleted (migration 0005 triggers)', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const first = await startCrawlRun(db, domain.id);
    const second = await startCrawlRun(db, domain.id);
    const fileId = await recordSitemapFile(db, { domainId: domain.id, crawlRunId: first, report: sitemapReport(`https://${domain.name}/sitemap.xml`) });
    await writeAll(db, { domainId: domain.id, crawlRunId: first }, numbered(domain.name, 3), 2);
    const writer = createPageWriter(db, { domainId: domain.id, crawlRunId: second, sitemapFileId: fileId });
    await writer.write(numbered(domain.name, 2));
    await writer.finish();
    const ids = async () => (await pagesOf(db, domain.id)).map((row) => [row.first_crawl_run_id, row.last_crawl_run_id, row.sitemap_file_id]);
    expect(await ids()).toEqual([[first, second, fileId], [first, second, fileId], [first, first, null]]);

    await db.query('DELETE FROM sitemap_files WHERE id = $1', [fileId]);
    expect(await ids()).toEqual([[first, second, null], [first, second, null], [first, first, null]]);
    await db.query('DELETE FROM crawl_runs WHERE id = $1', [first]);
    expect(await ids()).toEqual([[null, second, null], [null, second, null], [null, null, null]]);
    await db.query('DELETE FROM domains WHERE id = $1', [domain.id]);
    expect(await pagesOf(db, domain.id)).toEqual([]);
  });

  it('refuses a page whose domain does not exist, inserted or moved, as the foreign key did (23503, pages_domain_id_fkey)', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const crawlRunId = await startCrawlRun(db, domain.id);
    const { rows } = await db.query<{ id: number }>('SELECT coalesce(max(id), 0) + 1000 AS id FROM domains');
    const missing = rows[0]!.id;
    const violation = { code: 'SS_ERR_DB_QUERY', sqlState: '23503', constraint: 'pages_domain_id_fkey', table: 'pages' };

    const writer = createPageWriter(db, { domainId: missing, crawlRunId, sitemapFileId: null });
    await writer.write(numbered(domain.name, 2));
    await expect(writer.finish()).rejects.toMatchObject(violation);
    await writeAll(db, { domainId: domain.id, crawlRunId }, numbered(domain.name, 2), 2);
    await expect(db.query('UPDATE pages SET domain_id = $2 WHERE domain_id = $1', [domain.id, missing])).rejects.toMatchObject(violation);
    expect(await pagesOf(db, domain.id)).toHaveLength(2);
  });

  it('takes the page type from the injected classifier, and falls back to other for a value the table refuses', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const crawlRunId = await startCrawlRun(db, domain.id);
    const base = `https://${domain.name}`;
    const classify = (url: string) => (url.endsWith('/contact') ? 'contact' : url.endsWith('/odd') ? ('weird' as never) : 'page');
    const writer = createPageWriter(db, { domainId: domain.id, crawlRunId, sitemapFileId: null, classify });

    await writer.write([urlEntry(`${base}/contact`), urlEntry(`${base}/home`), urlEntry(`${base}/odd`)]);
    await writer.finish();

    expect((await pagesOf(db, domain.id)).map((row) => [row.url, row.page_type])).toEqual([
      [`${base}/contact`, 'contact'],
      [`${base}/home`, 'page'],
      [`${base}/odd`, 'other'],
    ]);
  });

  it('serialises calls that were not awaited and refuses writes after finish', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const crawlRunId = await startCrawlRun(db, domain.id);
    const writer = createPageWriter(db, { domainId: domain.id, crawlRunId, sitemapFileId: null, batchSize: 2 });
    const entries = numbered(domain.name, 9);

    const writes = [writer.write(entries.slice(0, 3)), writer.write(entries.slice(3, 6)), writer.write(entries.slice(6))];
    const counts = await writer.finish();
    await Promise.all(writes);

    expect(counts).toEqual({ new: 9, updated: 0, unchanged: 0, skipped: 0 });
    await expect(writer.write(entries)).rejects.toMatchObject({ code: 'SS_ERR_USAGE' });
    await expect(writer.finish()).rejects.toMatchObject({ code: 'SS_ERR_USAGE' });
  });

  it('resolves write only after its full batches are in the database (backpressure)', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const crawlRunId = await startCrawlRun(db, domain.id);
    const writer = createPageWriter(db, { domainId: domain.id, crawlRunId, sitemapFileId: null, batchSize: 4 });

    await writer.write(numbered(domain.name, 10));
    const written = (await pagesOf(db, domain.id)).length;
    await writer.finish();

    expect([written, (await pagesOf(db, domain.id)).length]).toEqual([8, 10]);
  });

  it('with one batch in flight, writes every row in order and resolves write once the batch before the last is in', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const crawlRunId = await startCrawlRun(db, domain.id);
    const writer = createPageWriter(db, { domainId: domain.id, crawlRunId, sitemapFileId: null, batchSize: 4, batchesInFlight: 1 });
    const url = `https://${domain.name}/p/000000`;

    await writer.write(numbered(domain.name, 10));
    const written = (await pagesOf(db, domain.id)).length;
    // The first batch's first URL again, in the third batch: its later values win, as without a batch in flight.
    await writer.write([urlEntry(url, { priority: 0.9 }), urlEntry(`https://${domain.name}/extra`)]);
    const counts = await writer.finish();

    expect(written).toBeGreaterThanOrEqual(4);
    expect(written).toBeLessThanOrEqual(8);
    expect(counts).toEqual({ new: 11, updated: 1, unchanged: 0, skipped: 0 });
    const rows = await pageMetadataOf(db, domain.id);
    expect(rows).toHaveLength(11);
    expect(rows.find((row) => row.url === url)?.priority).toBe(0.9);
  });

  it('with one batch in flight, a failed batch fails the next call and finish', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const crawlRunId = await startCrawlRun(db, domain.id);
    let upserts = 0;
    // Each batch is a transaction (new pages: COPY into pages; else COPY into staging, then the upsert): the second
    // batch's write fails.
    const failOnSecondUpsert = (tx: Database): Database => ({
      ...tx,
      query: (async (sql: string, params?: unknown[]) => {
        if (sql.includes('INSERT INTO pages') && ++upserts === 2) throw new Error('the database went away');
        return tx.query(sql, params);
      }) as Database['query'],
      copyFrom: (async (sql: string, data: string) => {
        if (sql.startsWith('COPY pages ') && ++upserts === 2) throw new Error('the database went away');
        return tx.copyFrom(sql, data);
      }) as Database['copyFrom'],
    });
    const failing: Database = {
      ...db,
      transaction: ((fn: (tx: Database) => Promise<unknown>) => db.transaction((tx) => fn(failOnSecondUpsert(tx)))) as Database['transaction'],
    };
    const writer = createPageWriter(failing, { domainId: domain.id, crawlRunId, sitemapFileId: null, batchSize: 2, batchesInFlight: 1 });

    await writer.write(numbered(domain.name, 4));
    await expect(writer.write(numbered(domain.name, 2))).rejects.toThrow('the database went away');
    await expect(writer.finish()).rejects.toThrow('the database went away');
  });

  it('without countUpdates, counts new pages exactly and the rest as existing, and writes the same rows', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const crawlRunId = await startCrawlRun(db, domain.id);
    const entries = numbered(domain.name, 6);
    const write = async (list: UrlEntry[], countUpdates: boolean) => {
      const writer = createPageWriter(db, { domainId: domain.id, crawlRunId, sitemapFileId: null, batchSize: 4, countUpdates });
      await writer.write(list);
      return writer.finish();
    };

    const first = await write(entries.slice(0, 4), false);
    const changed = [urlEntry(entries[0]!.loc, { priority: 0.9 }), ...entries.slice(1)];
    const second = await write(changed, false);
    const third = await write(changed, true);

    expect(first).toEqual({ new: 4, updated: 0, unchanged: 0, existing: 0, skipped: 0 });
    expect(second).toEqual({ new: 2, updated: 0, unchanged: 0, existing: 4, skipped: 0 });
    expect(third).toEqual({ new: 0, updated: 0, unchanged: 6, skipped: 0 });
    const rows = await pageMetadataOf(db, domain.id);
    expect(rows.map((row) => [row.url, row.priority])).toEqual(changed.map((entry) => [entry.loc, entry.priority]));
  });

  it('rejects a batch size that is not a positive integer', async () => {
    expect(() => createPageWriter(database(), { domainId: 1, crawlRunId: 1, sitemapFileId: null, batchSize: 0 })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_CONFIG_INVALID' }),
    );
  });

  it('writes 100,000 URLs and the table holds exactly 100,000 pages of the domain', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const crawlRunId = await startCrawlRun(db, domain.id);
    const writer = createPageWriter(db, { domainId: domain.id, crawlRunId, sitemapFileId: null });
    const total = 100_000;
    for (let start = 0; start < total; start += 5_000) {
      await writer.write(
        Array.from({ length: 5_000 }, (_, i) =>
          urlEntry(`https://${domain.name}/item/${start + i}`, { lastmod: '2024-05-01T10:00:00.000Z', changefreq: 'weekly', priority: 0.5 }),
        ),
      );
    }
    const counts = await writer.finish();

    const { rows } = await db.query<{ n: number; distinct_urls: number }>(
      'SELECT count(*) AS n, count(DISTINCT url) AS distinct_urls FROM pages WHERE domain_id = $1',
      [domain.id],
    );
    expect({ counts, rows }).toEqual({ counts: { new: total, updated: 0, unchanged: 0, skipped: 0 }, rows: [{ n: total, distinct_urls: total }] });
  }, 60_000);
});
