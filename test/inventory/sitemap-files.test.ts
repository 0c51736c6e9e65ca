import { describe, expect, it } from 'vitest';
import type { SitemapFileRow } from '../../src/db/index.js';
import { recordSitemapFile, sitemapValidators, startCrawlRun, type SitemapFileRecord } from '../../src/inventory/index.js';
import { ENGINES, freshDomain, useDatabase } from './support.js';

function report(url: string, fields: Partial<SitemapFileRecord> = {}): SitemapFileRecord {
  return {
    url,
    finalUrl: url,
    method: 'well-known',
    foundOn: null,
    depth: 1,
    status: 200,
    contentType: 'application/xml',
    bytesCompressed: 1200,
    bytesUncompressed: 5000,
    gzip: true,
    kind: 'urlset',
    summary: { entries: { url: 40, sitemap: 0 } },
    error: null,
    etag: '"v1"',
    lastModified: 'Wed, 01 May 2024 10:00:00 GMT',
    generator: 'Yoast SEO',
    ...fields,
  };
}

describe.each(ENGINES)('sitemap files on %s', (engine) => {
  const database = useDatabase(engine);

  it('stores a fetched file with its validators and hands the validators back for the next request', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const crawlRunId = await startCrawlRun(db, domain.id);
    const url = `https://${domain.name}/sitemap.xml.gz`;

    const id = await recordSitemapFile(db, { domainId: domain.id, crawlRunId, report: report(url) });

    const { rows } = await db.query<SitemapFileRow>('SELECT * FROM sitemap_files WHERE id = $1', [id]);
    const { first_seen, fetched_at, ...row } = rows[0]!;
    expect([first_seen instanceof Date, fetched_at instanceof Date]).toEqual([true, true]);
    expect(row).toEqual({
      id,
      domain_id: domain.id,
      crawl_run_id: crawlRunId,
      url,
      final_url: url,
      kind: 'urlset',
      discovery_method: 'well-known',
      found_on: null,
      depth: 1,
      http_status: 200,
      content_type: 'application/xml',
      etag: '"v1"',
      last_modified: 'Wed, 01 May 2024 10:00:00 GMT',
      gzip: true,
      bytes_compressed: 1200,
      bytes_uncompressed: 5000,
      url_entries: 40,
      sitemap_entries: 0,
      invalid_entries: 0,
      generator: 'Yoast SEO',
      error_code: null,
      error_message: null,
      summary: { entries: { url: 40, sitemap: 0 } },
    });
    expect(await sitemapValidators(db, domain.id, url)).toEqual({ etag: '"v1"', lastModified: 'Wed, 01 May 2024 10:00:00 GMT' });
  });

  it('keeps the row, its counts and its validators when the file answers 304 Not Modified on a re-crawl', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const url = `https://${domain.name}/sitemap.xml`;
    const run1 = await startCrawlRun(db, domain.id);
    const id = await recordSitemapFile(db, { domainId: domain.id, crawlRunId: run1, report: report(url) });
    const run2 = await startCrawlRun(db, domain.id);

    const again = await recordSitemapFile(db, {
      domainId: domain.id,
      crawlRunId: run2,
      report: report(url, { status: 304, kind: null, summary: null, bytesCompressed: 0, bytesUncompressed: 0, etag: null, lastModified: null }),
    });

    const { rows } = await db.query<SitemapFileRow>('SELECT * FROM sitemap_files WHERE domain_id = $1', [domain.id]);
    expect(again).toBe(id);
    expect(rows.map((row) => [row.crawl_run_id, row.http_status, row.kind, row.url_entries, row.bytes_compressed, row.etag])).toEqual([
      [run2, 304, 'urlset', 40, 1200, '"v1"'],
    ]);
  });

  it('replaces the validators on a full read, and gives null when the server sent none', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const url = `https://${domain.name}/sitemap.xml`;
    const crawlRunId = await startCrawlRun(db, domain.id);
    await recordSitemapFile(db, { domainId: domain.id, crawlRunId, report: report(url) });

    await recordSitemapFile(db, { domainId: domain.id, crawlRunId, report: report(url, { etag: null, lastModified: null }) });

    expect([await sitemapValidators(db, domain.id, url), await sitemapValidators(db, domain.id, `${url}?unknown`)]).toEqual([null, null]);
  });

  it('stores a file that never answered, with its error and no status', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const url = `https://${domain.name}/down.xml`;
    const crawlRunId = await startCrawlRun(db, domain.id);

    const id = await recordSitemapFile(db, {
      domainId: domain.id,
      crawlRunId,
      report: report(url, { status: null, kind: null, summary: null, etag: undefined, lastModified: undefined, error: { code: 'SS_ERR_FETCH_TIMEOUT', message: 'headers' } }),
    });

    const { rows } = await db.query<SitemapFileRow>('SELECT * FROM sitemap_files WHERE id = $1', [id]);
    expect(rows.map((row) => [row.http_status, row.fetched_at, row.etag, row.error_code, row.error_message])).toEqual([
      [null, null, null, 'SS_ERR_FETCH_TIMEOUT', 'headers'],
    ]);
  });
});
