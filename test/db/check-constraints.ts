import { beforeAll, expect, it } from 'vitest';
import {
  CHANGEFREQ_VALUES,
  type ContactRow,
  type Database,
  DatabaseQueryError,
  ENRICHMENT_STATUSES,
  PAGE_TYPE_VALUES,
} from '../../src/db/index.js';
import { rejectionOf } from './support.js';

type Values = Record<string, unknown>;

async function insert(db: Database, table: string, values: Values): Promise<number> {
  const columns = Object.keys(values);
  const placeholders = columns.map((_, i) => `$${i + 1}`);
  const { rows } = await db.query<{ id: number }>(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING id`, Object.values(values));
  return rows[0]!.id;
}

/** [table, column, bad value, the constraint that must reject it] */
const REJECTED: Array<[string, string, unknown, string]> = [
  ['pages', 'priority', 1.5, 'pages_priority_check'],
  ['pages', 'priority', -0.1, 'pages_priority_check'],
  ['pages', 'changefreq', 'sometimes', 'pages_changefreq_check'],
  ['pages', 'page_type', 'blog', 'pages_page_type_check'],
  ['pages', 'curation_status', 'maybe', 'pages_curation_status_check'],
  ['pages', 'processing_status', 'done', 'pages_processing_status_check'],
  ['pages', 'image_count', -1, 'pages_image_count_check'],
  ['pages', 'url', `https://shop.example/${'a'.repeat(2048)}`, 'pages_url_check'],
  ['contacts', 'enrichment_status', 'done', 'contacts_enrichment_status_check'],
  ['contacts', 'email_type', 'PERSONAL', 'contacts_email_type_check'],
  ['contacts', 'email', 'Sales@Shop.example', 'contacts_email_check'],
  ['contacts', 'socials', JSON.stringify(['https://x.com/shop']), 'contacts_socials_check'],
  ['contacts', 'enrichment_confidence_score', 1.2, 'contacts_enrichment_confidence_score_check'],
  ['contacts', 'enrichment_api_calls', -1, 'contacts_enrichment_api_calls_check'],
  ['contacts', 'enrichment_cost_estimate', -0.01, 'contacts_enrichment_cost_estimate_check'],
  ['contacts', 'enrichment_duration_seconds', -1, 'contacts_enrichment_duration_seconds_check'],
  ['crawl_runs', 'status', 'completed', 'crawl_runs_finished_check'],
  ['crawl_runs', 'status', 'paused', 'crawl_runs_status_check'],
  ['sitemap_files', 'http_status', 42, 'sitemap_files_http_status_check'],
  ['sitemap_files', 'discovery_method', 'guessed', 'sitemap_files_discovery_method_check'],
  ['domains', 'name', 'Shop.Example', 'domains_name_check'],
];

/**
 * The CHECK constraints of the schema the migrations create, and a full contact row written and read back.
 * Registered by schema-drift.test.ts on the databases it has already migrated (PGlite takes seconds to start).
 */
export function enforcesTheChecks(handle: () => Database): void {
  let domainId: number;
  const valid = (table: string): Values => {
    switch (table) {
      case 'domains':
        return { name: 'other.example' };
      case 'crawl_runs':
        return { domain_id: domainId };
      case 'sitemap_files':
        return { domain_id: domainId, url: 'https://shop.example/sitemap.xml', discovery_method: 'robots' };
      case 'pages':
        return { domain_id: domainId, url: 'https://shop.example/a', page_type: 'page' };
      case 'contacts':
        return { domain_id: domainId, email: 'sales@shop.example', source_url: 'https://shop.example/contact' };
      default:
        throw new Error(`no valid row for ${table}`);
    }
  };
  beforeAll(async () => {
    domainId = await insert(handle(), 'domains', { name: 'shop.example' });
  });

  it.each(REJECTED)('rejects %s.%s = %j with %s', async (table, column, value, constraint) => {
    const error = await rejectionOf(insert(handle(), table, { ...valid(table), [column]: value }));
    expect(error).toBeInstanceOf(DatabaseQueryError);
    expect(error).toMatchObject({ code: 'SS_ERR_DB_QUERY', sqlState: '23514', table, constraint });
  });

  it('accepts every changefreq, page type and the priority bounds 0 and 1', async () => {
    const db = handle();
    await db.transaction(async (tx) => {
      const values = [
        ...CHANGEFREQ_VALUES.map((changefreq, i) => ({ changefreq, page_type: 'page', priority: i % 2 })),
        ...PAGE_TYPE_VALUES.map((page_type) => ({ changefreq: null, page_type, priority: null })),
      ];
      for (const [i, v] of values.entries()) await insert(tx, 'pages', { domain_id: domainId, url: `https://shop.example/ok-${i}`, ...v });
      const { rows } = await tx.query<{ n: number }>("SELECT count(*) AS n FROM pages WHERE url LIKE 'https://shop.example/ok-%'");
      expect(rows).toEqual([{ n: values.length }]);
    });
  });

  it('accepts every enrichment status and reads a fully enriched contact back as written', async () => {
    const db = handle();
    for (const [i, status] of ENRICHMENT_STATUSES.entries()) {
      await insert(db, 'contacts', { domain_id: domainId, email: `status-${i}@shop.example`, source_url: 'https://shop.example/team', enrichment_status: status });
    }
    const startedAt = new Date('2025-01-02T03:04:05.678Z');
    const completedAt = new Date('2025-01-02T03:04:09.000Z');
    const id = await insert(db, 'contacts', {
      domain_id: domainId,
      email: 'ceo@shop.example',
      email_type: 'CORPORATE',
      has_gmail: false,
      name: 'Ada Example',
      role: 'CEO',
      phone: '+49 30 1234567',
      context: 'Geschäftsführerin: Ada Example',
      source_url: 'https://shop.example/impressum',
      socials: JSON.stringify({ linkedin: 'https://linkedin.com/in/ada' }),
      enrichment_status: 'complete',
      enrichment_started_at: startedAt,
      enrichment_completed_at: completedAt,
      last_enrichment_id: 'enr_123',
      enriched_phone: '+49301234567',
      enriched_address: JSON.stringify({ city: 'Berlin', country: 'DE' }),
      enriched_social_profiles: JSON.stringify([{ network: 'linkedin', url: 'https://linkedin.com/in/ada' }]),
      enriched_company: JSON.stringify({ name: 'Shop GmbH', employees: 12 }),
      enriched_additional_emails: JSON.stringify(['ada@shop.example']),
      enrichment_confidence_score: 0.87,
      enrichment_sources: JSON.stringify(['website', 'registry']),
      enrichment_duration_seconds: 3.322,
      enrichment_api_calls: 4,
      enrichment_cost_estimate: 0.0125,
      found_in: ['text', 'json-ld'],
      phones: ['+49301234567'],
    });
    const { rows } = await db.query<ContactRow>('SELECT * FROM contacts WHERE id = $1', [id]);
    const { first_seen, last_seen, ...rest } = rows[0]!;
    expect(first_seen).toBeInstanceOf(Date);
    expect(last_seen).toBeInstanceOf(Date);
    expect(rest).toEqual({
      id,
      domain_id: domainId,
      page_id: null,
      email: 'ceo@shop.example',
      email_type: 'CORPORATE',
      has_gmail: false,
      name: 'Ada Example',
      role: 'CEO',
      phone: '+49 30 1234567',
      context: 'Geschäftsführerin: Ada Example',
      source_url: 'https://shop.example/impressum',
      socials: { linkedin: 'https://linkedin.com/in/ada' },
      enrichment_status: 'complete',
      enrichment_started_at: startedAt,
      enrichment_completed_at: completedAt,
      enrichment_error: null,
      last_enrichment_id: 'enr_123',
      enriched_phone: '+49301234567',
      enriched_address: { city: 'Berlin', country: 'DE' },
      enriched_social_profiles: [{ network: 'linkedin', url: 'https://linkedin.com/in/ada' }],
      enriched_company: { name: 'Shop GmbH', employees: 12 },
      enriched_additional_emails: ['ada@shop.example'],
      enrichment_confidence_score: 0.87,
      enrichment_sources: ['website', 'registry'],
      enrichment_duration_seconds: 3.322,
      enrichment_api_calls: 4,
      enrichment_cost_estimate: 0.0125,
      found_in: ['text', 'json-ld'],
      phones: ['+49301234567'],
    } satisfies Omit<ContactRow, 'first_seen' | 'last_seen'>);
  });
}
