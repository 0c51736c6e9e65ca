import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.js';
import { createPageWriter, exportPages, EXPORT_COLUMNS, startCrawlRun, type ExportPagesOptions } from '../../src/inventory/index.js';
import { ENGINES, freshDomain, pagesOf, urlEntry, useDatabase } from './support.js';

async function collect(db: Database, options: ExportPagesOptions): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of exportPages(db, options)) chunks.push(chunk);
  return chunks;
}

async function seed(db: Database) {
  const domain = await freshDomain(db);
  const crawlRunId = await startCrawlRun(db, domain.id);
  const base = `https://${domain.name}`;
  const writer = createPageWriter(db, { domainId: domain.id, crawlRunId, sitemapFileId: null, classify: () => 'page' });
  await writer.write([
    urlEntry(`${base}/a`, { lastmod: '2024-05-01T10:00:00.000Z', changefreq: 'daily', priority: 0.8 }),
    urlEntry(`${base}/b?x=1,2`),
    urlEntry(`${base}/c"quoted"`),
    urlEntry(`${base}/d`),
    urlEntry(`${base}/e`),
  ]);
  await writer.finish();
  return { domain, base, rows: await pagesOf(db, domain.id) };
}

describe.each(ENGINES)('exportPages on %s', (engine) => {
  const database = useDatabase(engine);

  it('streams NDJSON one batch per chunk, every page once, in URL order', async () => {
    const db = database();
    const { domain, base, rows } = await seed(db);

    const chunks = await collect(db, { domain: domain.name, format: 'ndjson', batchSize: 2 });

    expect(chunks.map((chunk) => chunk.split('\n').length - 1)).toEqual([2, 2, 1]);
    const first = rows[0]!;
    const records = chunks.join('').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => record.url)).toEqual([`${base}/a`, `${base}/b?x=1,2`, `${base}/c"quoted"`, `${base}/d`, `${base}/e`]);
    expect(records[0]).toEqual({
      url: `${base}/a`,
      lastmod: '2024-05-01T10:00:00.000Z',
      changefreq: 'daily',
      priority: 0.8,
      page_type: 'page',
      image_count: 0,
      video_count: 0,
      news_count: 0,
      alternate_count: 0,
      first_seen: first.first_seen.toISOString(),
      last_seen: first.last_seen.toISOString(),
      updated_at: first.updated_at.toISOString(),
      gone_since: null,
      curation_status: 'unreviewed',
      processing_status: 'unprocessed',
    });
  });

  it('streams CSV with a header, CRLF records and RFC 4180 quoting', async () => {
    const db = database();
    const { domain, base, rows } = await seed(db);

    const chunks = await collect(db, { domain: domain.name, format: 'csv', batchSize: 3 });

    const [a, b, c] = rows;
    const times = (row: typeof a) => `${row!.first_seen.toISOString()},${row!.last_seen.toISOString()},${row!.updated_at.toISOString()}`;
    expect(chunks).toHaveLength(3);
    expect(chunks[0]).toBe(`${EXPORT_COLUMNS.join(',')}\r\n`);
    expect(chunks[1]).toBe(
      `${base}/a,2024-05-01T10:00:00.000Z,daily,0.8,page,0,0,0,0,${times(a)},,unreviewed,unprocessed\r\n` +
        `"${base}/b?x=1,2",,,,page,0,0,0,0,${times(b)},,unreviewed,unprocessed\r\n` +
        `"${base}/c""quoted""",,,,page,0,0,0,0,${times(c)},,unreviewed,unprocessed\r\n`,
    );
    expect(chunks[2]!.split('\r\n').map((line) => line.split(',')[0])).toEqual([`${base}/d`, `${base}/e`, '']);
  });

  it('exports only the header (CSV) or nothing (NDJSON) for a domain it does not know', async () => {
    const db = database();

    expect([await collect(db, { domain: 'unknown.example', format: 'csv' }), await collect(db, { domain: 'unknown.example', format: 'ndjson' })]).toEqual([
      [`${EXPORT_COLUMNS.join(',')}\r\n`],
      [],
    ]);
  });

  it('stops between batches when the signal aborts, and throws when it was already aborted', async () => {
    const db = database();
    const { domain } = await seed(db);
    const controller = new AbortController();
    const chunks: string[] = [];

    await expect(
      (async () => {
        for await (const chunk of exportPages(db, { domain: domain.name, format: 'ndjson', batchSize: 2, signal: controller.signal })) {
          chunks.push(chunk);
          controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(chunks).toHaveLength(1);
    await expect(collect(db, { domain: domain.name, format: 'csv', signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
