import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database, type PageRow } from '../../src/db/index.js';
import { upsertDomain } from '../../src/inventory/index.js';
import type { UrlEntry } from '../../src/sitemap/index.js';
import { openTestPostgres, testDatabaseUrl } from '../db/support.js';

/** The engines every inventory test runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const ENGINES = testDatabaseUrl === null ? (['pglite'] as const) : (['pglite', 'postgres'] as const);
export type TestEngine = (typeof ENGINES)[number];

/**
 * One migrated database per describe block, opened once (PGlite takes seconds to start) and closed after. Tests
 * stay apart by each using a domain of its own (`freshDomain`), since everything the inventory does is per domain.
 */
export function useDatabase(engine: TestEngine): () => Database {
  let db: Database | null = null;
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    if (engine === 'pglite') {
      const opened = await openDatabase({ memory: true });
      db = opened;
      close = () => opened.close();
    } else {
      const handle = await openTestPostgres();
      db = handle.db;
      close = () => handle.drop();
    }
    // PGlite's start (WASM compile, initdb) takes seconds, more while other test files start theirs.
  }, 60_000);
  afterAll(async () => {
    await close();
  });
  return () => {
    if (db === null) throw new Error('the database is opened in beforeAll');
    return db;
  };
}

/** A domain no other test uses, and its id. */
export async function freshDomain(db: Database): Promise<{ name: string; id: number }> {
  const name = `site-${randomBytes(5).toString('hex')}.example`;
  return { name, id: await upsertDomain(db, name) };
}

export function urlEntry(loc: string, fields: Partial<Omit<UrlEntry, 'type' | 'loc'>> = {}): UrlEntry {
  return {
    type: 'url',
    loc,
    lastmod: null,
    changefreq: null,
    priority: null,
    images: [],
    videos: [],
    news: null,
    alternates: [],
    invalid: [],
    ...fields,
  };
}

/** The domain's pages in URL order, as the table holds them. */
export async function pagesOf(db: Database, domainId: number): Promise<PageRow[]> {
  const { rows } = await db.query<PageRow>('SELECT * FROM pages WHERE domain_id = $1 ORDER BY url', [domainId]);
  return rows;
}

/** The sitemap metadata of the domain's pages, without the timestamps and ids that differ from run to run. */
export async function pageMetadataOf(db: Database, domainId: number): Promise<Array<Pick<PageRow, 'url' | 'lastmod' | 'changefreq' | 'priority' | 'page_type' | 'image_count' | 'video_count' | 'news_count' | 'alternate_count'>>> {
  return (await pagesOf(db, domainId)).map((row) => ({
    url: row.url,
    lastmod: row.lastmod,
    changefreq: row.changefreq,
    priority: row.priority,
    page_type: row.page_type,
    image_count: row.image_count,
    video_count: row.video_count,
    news_count: row.news_count,
    alternate_count: row.alternate_count,
  }));
}
