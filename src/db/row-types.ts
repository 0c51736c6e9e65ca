import type {
  ChangefreqValue,
  CrawlRunStatus,
  CurationStatus,
  DiscoveryMethodValue,
  DomainOutcomeValue,
  EmailType,
  ContactPageSource,
  ContactPageStatus,
  CrawlPhase,
  EnrichmentStatus,
  RunFileState,
  RunStopReason,
  PageTypeValue,
  ProcessingStatus,
  SitemapKindValue,
} from './column-values.js';

/*
 * One interface per table with exactly its columns, as both engines return them (bigint and numeric as number,
 * timestamptz as Date, jsonb parsed). Beside each, the runtime list of its column names: `satisfies` rejects a
 * name the interface lacks and `Exhaustive` rejects a list that misses one of the interface's names, so the list
 * and the interface cannot drift apart. test/db/schema-drift.test.ts then compares the lists with the columns the
 * migrations create: a column here that no migration creates fails CI, and so does the reverse.
 */

/** A JSON value as jsonb returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Resolves to `true` only when `List` names every key of `Row`; otherwise to an object naming the missing keys,
 * which fails the `Expect` below it at compile time.
 * @example
 *   type _Ok = Expect<Exhaustive<{ a: 1; b: 2 }, ['a', 'b']>>; // compiles
 *   type _Bad = Expect<Exhaustive<{ a: 1; b: 2 }, ['a']>>;     // error: { missingColumns: "b" } does not satisfy true
 */
export type Exhaustive<Row, List extends readonly (keyof Row)[]> = [Exclude<keyof Row, List[number]>] extends [never]
  ? true
  : { missingColumns: Exclude<keyof Row, List[number]> };
export type Expect<T extends true> = T;

export interface SchemaMigrationRow {
  version: number;
  name: string;
  checksum: string;
  applied_at: Date;
}
export const SCHEMA_MIGRATION_COLUMNS = ['version', 'name', 'checksum', 'applied_at'] as const satisfies readonly (keyof SchemaMigrationRow)[];
type _SchemaMigrationColumns = Expect<Exhaustive<SchemaMigrationRow, typeof SCHEMA_MIGRATION_COLUMNS>>;

export interface DomainRow {
  id: number;
  name: string;
  created_at: Date;
  last_crawled_at: Date | null;
  last_outcome: DomainOutcomeValue | null;
}
export const DOMAIN_COLUMNS = ['id', 'name', 'created_at', 'last_crawled_at', 'last_outcome'] as const satisfies readonly (keyof DomainRow)[];
type _DomainColumns = Expect<Exhaustive<DomainRow, typeof DOMAIN_COLUMNS>>;

export interface CrawlRunRow {
  id: number;
  domain_id: number;
  status: CrawlRunStatus;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  outcome: DomainOutcomeValue | null;
  sitemaps_fetched: number;
  pages_seen: number;
  pages_new: number;
  pages_updated: number;
  pages_gone: number;
  error_code: string | null;
  error_message: string | null;
  phase: CrawlPhase;
  urls_taken: number;
  origin: string | null;
  robots_url: string | null;
  robots_txt: string | null;
  /** robots.txt and the home page as discovery found them: [{ role, url, status, answered, failure, blocked, error }]. */
  probes: JsonValue[];
  deadline_at: Date | null;
  stop_reason: RunStopReason | null;
  /** The run ends with a contact extraction job (crawl --contacts). */
  with_contacts: boolean;
}
export const CRAWL_RUN_COLUMNS = [
  'id',
  'domain_id',
  'status',
  'created_at',
  'started_at',
  'finished_at',
  'outcome',
  'sitemaps_fetched',
  'pages_seen',
  'pages_new',
  'pages_updated',
  'pages_gone',
  'error_code',
  'error_message',
  'phase',
  'urls_taken',
  'origin',
  'robots_url',
  'robots_txt',
  'probes',
  'deadline_at',
  'stop_reason',
  'with_contacts',
] as const satisfies readonly (keyof CrawlRunRow)[];
type _CrawlRunColumns = Expect<Exhaustive<CrawlRunRow, typeof CRAWL_RUN_COLUMNS>>;

export interface SitemapFileRow {
  id: number;
  domain_id: number;
  crawl_run_id: number | null;
  url: string;
  final_url: string | null;
  /** null until the file was fetched and sniffed, or when it was not a sitemap. */
  kind: SitemapKindValue | null;
  discovery_method: DiscoveryMethodValue;
  found_on: string | null;
  depth: number;
  http_status: number | null;
  content_type: string | null;
  etag: string | null;
  /** The Last-Modified header verbatim, sent back as If-Modified-Since. */
  last_modified: string | null;
  gzip: boolean;
  bytes_compressed: number;
  bytes_uncompressed: number;
  url_entries: number;
  sitemap_entries: number;
  invalid_entries: number;
  generator: string | null;
  error_code: string | null;
  error_message: string | null;
  first_seen: Date;
  fetched_at: Date | null;
  /** The parser's summary at the last full read. */
  summary: JsonObject | null;
}
export const SITEMAP_FILE_COLUMNS = [
  'id',
  'domain_id',
  'crawl_run_id',
  'url',
  'final_url',
  'kind',
  'discovery_method',
  'found_on',
  'depth',
  'http_status',
  'content_type',
  'etag',
  'last_modified',
  'gzip',
  'bytes_compressed',
  'bytes_uncompressed',
  'url_entries',
  'sitemap_entries',
  'invalid_entries',
  'generator',
  'error_code',
  'error_message',
  'first_seen',
  'fetched_at',
  'summary',
] as const satisfies readonly (keyof SitemapFileRow)[];
type _SitemapFileColumns = Expect<Exhaustive<SitemapFileRow, typeof SITEMAP_FILE_COLUMNS>>;

export interface PageRow {
  id: number;
  domain_id: number;
  url: string;
  lastmod: Date | null;
  changefreq: ChangefreqValue | null;
  /** In [0, 1]; `0` is a value, not absence. */
  priority: number | null;
  page_type: PageTypeValue;
  image_count: number;
  video_count: number;
  news_count: number;
  alternate_count: number;
  sitemap_file_id: number | null;
  last_crawl_run_id: number | null;
  first_seen: Date;
  last_seen: Date;
  /** When the sitemap metadata (lastmod, changefreq, priority, counts) last changed. */
  updated_at: Date;
  /** Set when a completed crawl no longer listed the page; cleared when it reappears. */
  gone_since: Date | null;
  curation_status: CurationStatus;
  processing_status: ProcessingStatus;
  /** The run that first listed the page. */
  first_crawl_run_id: number | null;
}
export const PAGE_COLUMNS = [
  'id',
  'domain_id',
  'url',
  'lastmod',
  'changefreq',
  'priority',
  'page_type',
  'image_count',
  'video_count',
  'news_count',
  'alternate_count',
  'sitemap_file_id',
  'last_crawl_run_id',
  'first_seen',
  'last_seen',
  'updated_at',
  'gone_since',
  'curation_status',
  'processing_status',
  'first_crawl_run_id',
] as const satisfies readonly (keyof PageRow)[];
type _PageColumns = Expect<Exhaustive<PageRow, typeof PAGE_COLUMNS>>;

export interface CrawlRunFileRow {
  crawl_run_id: number;
  url_key: string;
  url: string;
  discovery_method: DiscoveryMethodValue;
  found_on: string | null;
  depth: number;
  ancestors: string[];
  cross_host: boolean;
  state: RunFileState;
  sitemap_file_id: number | null;
  urls_granted: number;
  answered: boolean;
  failure: string | null;
  is_sitemap: boolean;
  blocked: string | null;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  created_at: Date;
  finished_at: Date | null;
}
export const CRAWL_RUN_FILE_COLUMNS = [
  'crawl_run_id',
  'url_key',
  'url',
  'discovery_method',
  'found_on',
  'depth',
  'ancestors',
  'cross_host',
  'state',
  'sitemap_file_id',
  'urls_granted',
  'answered',
  'failure',
  'is_sitemap',
  'blocked',
  'error_code',
  'error_message',
  'attempts',
  'created_at',
  'finished_at',
] as const satisfies readonly (keyof CrawlRunFileRow)[];
type _CrawlRunFileColumns = Expect<Exhaustive<CrawlRunFileRow, typeof CRAWL_RUN_FILE_COLUMNS>>;

export interface ContactPageRow {
  domain_id: number;
  url: string;
  page_id: number | null;
  selected_by: ContactPageSource;
  score: number;
  reasons: string[];
  status: ContactPageStatus;
  http_status: number | null;
  final_url: string | null;
  charset: string | null;
  region: string | null;
  emails: number;
  phones: number;
  socials: number;
  error_code: string | null;
  error_message: string | null;
  selected_at: Date;
  fetched_at: Date | null;
}
export const CONTACT_PAGE_COLUMNS = [
  'domain_id',
  'url',
  'page_id',
  'selected_by',
  'score',
  'reasons',
  'status',
  'http_status',
  'final_url',
  'charset',
  'region',
  'emails',
  'phones',
  'socials',
  'error_code',
  'error_message',
  'selected_at',
  'fetched_at',
] as const satisfies readonly (keyof ContactPageRow)[];
type _ContactPageColumns = Expect<Exhaustive<ContactPageRow, typeof CONTACT_PAGE_COLUMNS>>;

export interface DomainContactCardRow {
  domain_id: number;
  /** Email type → the best address of that type. */
  best_emails: JsonObject;
  /** [{ e164, kind, sourceUrl }] */
  phones: JsonValue[];
  /** Platform → profile URLs. */
  socials: JsonObject;
  /** [{ name, role, email, phone }] */
  people: JsonValue[];
  email_count: number;
  has_gmail: boolean;
  pages_fetched: number;
  pages_failed: number;
  updated_at: Date;
}
export const DOMAIN_CONTACT_CARD_COLUMNS = [
  'domain_id',
  'best_emails',
  'phones',
  'socials',
  'people',
  'email_count',
  'has_gmail',
  'pages_fetched',
  'pages_failed',
  'updated_at',
] as const satisfies readonly (keyof DomainContactCardRow)[];
type _DomainContactCardColumns = Expect<Exhaustive<DomainContactCardRow, typeof DOMAIN_CONTACT_CARD_COLUMNS>>;

export interface ContactRow {
  id: number;
  domain_id: number;
  page_id: number | null;
  /** Lower-cased; UNIQUE per domain. */
  email: string;
  email_type: EmailType;
  has_gmail: boolean;
  name: string | null;
  role: string | null;
  phone: string | null;
  context: string | null;
  source_url: string;
  /** Network name → profile URL. */
  socials: JsonObject;
  first_seen: Date;
  last_seen: Date;
  enrichment_status: EnrichmentStatus;
  enrichment_started_at: Date | null;
  enrichment_completed_at: Date | null;
  enrichment_error: string | null;
  last_enrichment_id: string | null;
  enriched_phone: string | null;
  enriched_address: JsonValue | null;
  enriched_social_profiles: JsonValue | null;
  enriched_company: JsonValue | null;
  enriched_additional_emails: JsonValue | null;
  /** In [0, 1]. */
  enrichment_confidence_score: number | null;
  enrichment_sources: JsonValue | null;
  enrichment_duration_seconds: number | null;
  enrichment_api_calls: number;
  enrichment_cost_estimate: number | null;
  /** Where on its page the address was read: mailto, text, json-ld, cfemail, … */
  found_in: string[];
  /** The phone numbers (E.164) of the page it was found on. */
  phones: string[];
}
export const CONTACT_COLUMNS = [
  'id',
  'domain_id',
  'page_id',
  'email',
  'email_type',
  'has_gmail',
  'name',
  'role',
  'phone',
  'context',
  'source_url',
  'socials',
  'first_seen',
  'last_seen',
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
  'found_in',
  'phones',
] as const satisfies readonly (keyof ContactRow)[];
type _ContactColumns = Expect<Exhaustive<ContactRow, typeof CONTACT_COLUMNS>>;

export interface ApiKeyRow {
  id: number;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}
export const API_KEY_COLUMNS = ['id', 'name', 'prefix', 'key_hash', 'created_at', 'last_used_at', 'revoked_at'] as const satisfies readonly (keyof ApiKeyRow)[];
type _ApiKeyColumns = Expect<Exhaustive<ApiKeyRow, typeof API_KEY_COLUMNS>>;

/** Every table the code reads or writes, with the columns it declares. The drift check compares this with the schema. */
export const TABLE_COLUMNS = {
  schema_migrations: SCHEMA_MIGRATION_COLUMNS,
  domains: DOMAIN_COLUMNS,
  crawl_runs: CRAWL_RUN_COLUMNS,
  crawl_run_files: CRAWL_RUN_FILE_COLUMNS,
  sitemap_files: SITEMAP_FILE_COLUMNS,
  pages: PAGE_COLUMNS,
  contacts: CONTACT_COLUMNS,
  contact_pages: CONTACT_PAGE_COLUMNS,
  domain_contact_cards: DOMAIN_CONTACT_CARD_COLUMNS,
  api_keys: API_KEY_COLUMNS,
} as const satisfies Record<string, readonly string[]>;

export type TableName = keyof typeof TABLE_COLUMNS;
