import { describe, expect, it } from 'vitest';
import { CONTACT_COLUMNS, type ContactRow, type Exhaustive, type Expect, type PageRow, TABLE_COLUMNS } from '../../src/db/index.js';

// The compile-time half of the drift check: a column list that misses a column of its interface does not compile.
type _Complete = Expect<Exhaustive<PageRow, ['id', 'domain_id', 'url', 'lastmod', 'changefreq', 'priority', 'page_type', 'image_count', 'video_count', 'news_count', 'alternate_count', 'sitemap_file_id', 'last_crawl_run_id', 'first_seen', 'last_seen', 'updated_at', 'gone_since', 'curation_status', 'processing_status', 'first_crawl_run_id']>>;
// @ts-expect-error the list misses gone_since, so Exhaustive names it instead of resolving to true
type _Incomplete = Expect<Exhaustive<PageRow, ['id', 'domain_id', 'url', 'lastmod', 'changefreq', 'priority', 'page_type', 'image_count', 'video_count', 'news_count', 'alternate_count', 'sitemap_file_id', 'last_crawl_run_id', 'first_seen', 'last_seen', 'updated_at', 'curation_status', 'processing_status']>>;
// @ts-expect-error a name the interface does not have is rejected by the list's element type
type _Unknown = Exhaustive<PageRow, ['id', 'page_hash']>;

describe('the row types', () => {
  it('list every column once', () => {
    for (const [table, columns] of Object.entries(TABLE_COLUMNS)) {
      expect(new Set(columns).size, table).toBe(columns.length);
    }
  });

  it('carry the fifteen enrichment columns the original system read but never created', () => {
    const enrichment = CONTACT_COLUMNS.filter((c) => c.startsWith('enrich') || c === 'last_enrichment_id');
    expect(enrichment).toEqual([
      'enrichment_status',
      'enrichment_started_at',
      'enrichment_completed_at',
      'enrichment_error',
      'last_enrichment_id',
      'enriched_phone',
      'enriched_address',
      'enriched_social_profiles',
      'enriched_company',
      'enriched_additional_emails',
      'enrichment_confidence_score',
      'enrichment_sources',
      'enrichment_duration_seconds',
      'enrichment_api_calls',
      'enrichment_cost_estimate',
    ] satisfies Array<keyof ContactRow>);
  });
});
