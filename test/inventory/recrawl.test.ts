import { describe, expect, it } from 'vitest';
import type { CrawlRunRow, Database, DomainRow } from '../../src/db/index.js';
import {
  createPageWriter,
  finishCrawlRun,
  markGone,
  markSitemapPagesSeen,
  recordRunCounts,
  recordSitemapFile,
  startCrawlRun,
  upsertDomain,
  type SitemapFileRecord,
} from '../../src/inventory/index.js';
import type { UrlEntry } from '../../src/sitemap/index.js';
import { ENGINES, freshDomain, pagesOf, urlEntry, useDatabase } from './support.js';

function fileRecord(url: string): SitemapFileRecord {
  return {
    url,
    finalUrl: url,
    method: 'robots',
    foundOn: null,
    depth: 0,
    status: 200,
    contentType: 'application/xml',
    bytesCompressed: 100,
    bytesUncompressed: 100,
    gzip: false,
    kind: 'urlset',
    summary: { entries: { url: 3, sitemap: 0 } },
    error: null,
  };
}

/** One crawl of one file: write the entries, mark the rest gone, record the counts, finish the run. */
async function crawl(db: Database, domainId: number, entries: readonly UrlEntry[]) {
  const crawlRunId = await startCrawlRun(db, domainId);
  const sitemapFileId = await recordSitemapFile(db, { domainId, crawlRunId, report: fileRecord(`https://site.example/sitemap.xml`) });
  const writer = createPageWriter(db, { domainId, crawlRunId, sitemapFileId, batchSize: 2 });
  await writer.write(entries);
  const counts = await writer.finish();
  const gone = await markGone(db, { domainId, crawlRunId });
  await recordRunCounts(db, crawlRunId, { new: counts.new, updated: counts.updated, gone, seen: counts.new + counts.updated + counts.unchanged, sitemapsFetched: 1 });
  await finishCrawlRun(db, crawlRunId, { status: 'completed', outcome: 'ok', error: null });
  return { crawlRunId, sitemapFileId, counts: { new: counts.new, updated: counts.updated, unchanged: counts.unchanged, gone } };
}

async function runRow(db: Database, id: number) {
  const { rows } = await db.query<CrawlRunRow>('SELECT * FROM crawl_runs WHERE id = $1', [id]);
  const row = rows[0]!;
  return {
    status: row.status,
    outcome: row.outcome,
    finished: row.finished_at !== null,
    counts: { seen: row.pages_seen, new: row.pages_new, updated: row.pages_updated, gone: row.pages_gone, sitemaps: row.sitemaps_fetched },
    error: [row.error_code, row.error_message],
  };
}

describe.each(ENGINES)('re-crawl on %s', (engine) => {
  const database = useDatabase(engine);

  it('counts new, updated, unchanged and gone pages across two runs and records them on each run', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const url = (path: string) => `https://${domain.name}/${path}`;

    const first = await crawl(db, domain.id, [
      urlEntry(url('a'), { lastmod: '2024-01-01T00:00:00.000Z' }),
      urlEntry(url('b'), { changefreq: 'daily' }),
      urlEntry(url('c'), { priority: 0.5 }),
      urlEntry(url('d')),
    ]);
    const second = await crawl(db, domain.id, [
      urlEntry(url('a'), { lastmod: '2024-02-01T00:00:00.000Z' }),
      urlEntry(url('b'), { changefreq: 'daily' }),
      urlEntry(url('c'), { priority: 0.5, images: [{ loc: url('i.png'), title: null, caption: null, geoLocation: null, license: null }] }),
      urlEntry(url('e')),
    ]);

    expect([first.counts, second.counts]).toEqual([
      { new: 4, updated: 0, unchanged: 0, gone: 0 },
      { new: 1, updated: 2, unchanged: 1, gone: 1 },
    ]);
    expect(await runRow(db, second.crawlRunId)).toEqual({
      status: 'completed',
      outcome: 'ok',
      finished: true,
      counts: { seen: 4, new: 1, updated: 2, gone: 1, sitemaps: 1 },
      error: [null, null],
    });
    const rows = await pagesOf(db, domain.id);
    expect(rows.map((row) => [row.url, row.gone_since === null, row.last_crawl_run_id, row.sitemap_file_id])).toEqual([
      [url('a'), true, second.crawlRunId, second.sitemapFileId],
      [url('b'), true, second.crawlRunId, second.sitemapFileId],
      [url('c'), true, second.crawlRunId, second.sitemapFileId],
      [url('d'), false, first.crawlRunId, first.sitemapFileId],
      [url('e'), true, second.crawlRunId, second.sitemapFileId],
    ]);
    const b = rows[1]!;
    const a = rows[0]!;
    // updated_at moves with the metadata only; last_seen moves whenever the page is listed.
    expect([a.updated_at > a.first_seen, b.updated_at.getTime() === b.first_seen.getTime(), b.last_seen > b.first_seen]).toEqual([true, true, true]);
  });

  it('keeps the earliest gone_since while a page stays gone, and clears it when the page comes back', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const kept = urlEntry(`https://${domain.name}/kept`);
    const dropped = urlEntry(`https://${domain.name}/dropped`);

    await crawl(db, domain.id, [kept, dropped]);
    const gone = await crawl(db, domain.id, [kept]);
    const goneSince = (await pagesOf(db, domain.id))[0]!.gone_since;
    const stillGone = await crawl(db, domain.id, [kept]);
    const goneSinceLater = (await pagesOf(db, domain.id))[0]!.gone_since;
    const back = await crawl(db, domain.id, [kept, dropped]);
    const rows = await pagesOf(db, domain.id);

    expect([gone.counts, stillGone.counts, back.counts]).toEqual([
      { new: 0, updated: 0, unchanged: 1, gone: 1 },
      { new: 0, updated: 0, unchanged: 1, gone: 0 },
      { new: 0, updated: 0, unchanged: 2, gone: 0 },
    ]);
    expect([goneSince instanceof Date, goneSinceLater?.getTime() === goneSince?.getTime()]).toEqual([true, true]);
    expect(rows.map((row) => [row.url, row.gone_since, row.last_crawl_run_id])).toEqual([
      [dropped.loc, null, back.crawlRunId],
      [kept.loc, null, back.crawlRunId],
    ]);
  });

  it('marks gone only pages of the files read in full, and counts pages of a 304 file as seen', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const run1 = await startCrawlRun(db, domain.id);
    const fileA = await recordSitemapFile(db, { domainId: domain.id, crawlRunId: run1, report: fileRecord(`https://${domain.name}/a.xml`) });
    const fileB = await recordSitemapFile(db, { domainId: domain.id, crawlRunId: run1, report: fileRecord(`https://${domain.name}/b.xml`) });
    for (const [fileId, names] of [[fileA, ['a1', 'a2']], [fileB, ['b1', 'b2']]] as const) {
      const writer = createPageWriter(db, { domainId: domain.id, crawlRunId: run1, sitemapFileId: fileId });
      await writer.write(names.map((name) => urlEntry(`https://${domain.name}/${name}`)));
      await writer.finish();
    }

    const run2 = await startCrawlRun(db, domain.id);
    const writer = createPageWriter(db, { domainId: domain.id, crawlRunId: run2, sitemapFileId: fileA });
    await writer.write([urlEntry(`https://${domain.name}/a1`)]);
    await writer.finish();
    const goneInA = await markGone(db, { domainId: domain.id, crawlRunId: run2, sitemapFileIds: [fileA] });
    const seenInB = await markSitemapPagesSeen(db, { sitemapFileId: fileB, crawlRunId: run2 });
    const goneInDomain = await markGone(db, { domainId: domain.id, crawlRunId: run2 });

    expect({ goneInA, seenInB, goneInDomain }).toEqual({ goneInA: 1, seenInB: 2, goneInDomain: 0 });
    expect((await pagesOf(db, domain.id)).map((row) => [row.url.split('/').pop(), row.gone_since !== null, row.last_crawl_run_id])).toEqual([
      ['a1', false, run2],
      ['a2', true, run1],
      ['b1', false, run2],
      ['b2', false, run2],
    ]);
  });

  it('ends a failed run with its error and records the outcome on the domain', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const crawlRunId = await startCrawlRun(db, domain.id);

    await finishCrawlRun(db, crawlRunId, { status: 'failed', outcome: 'unreachable', error: { code: 'SS_ERR_FETCH_NETWORK', message: 'refused' } });

    expect(await runRow(db, crawlRunId)).toEqual({
      status: 'failed',
      outcome: 'unreachable',
      finished: true,
      counts: { seen: 0, new: 0, updated: 0, gone: 0, sitemaps: 0 },
      error: ['SS_ERR_FETCH_NETWORK', 'refused'],
    });
    const { rows } = await db.query<DomainRow>('SELECT * FROM domains WHERE id = $1', [domain.id]);
    expect([rows[0]!.last_outcome, rows[0]!.last_crawled_at instanceof Date]).toEqual(['unreachable', true]);
    await expect(finishCrawlRun(db, 999_999_999, { status: 'completed', outcome: 'ok', error: null })).rejects.toMatchObject({ code: 'SS_ERR_DB_QUERY' });
  });

  it('gives a domain the same id every time, lower-casing its name, and rejects an empty one', async () => {
    const db = database();
    const domain = await freshDomain(db);

    expect(await upsertDomain(db, `  ${domain.name.toUpperCase()} `)).toBe(domain.id);
    await expect(upsertDomain(db, '  ')).rejects.toMatchObject({ code: 'SS_ERR_CONFIG_INVALID' });
  });
});
