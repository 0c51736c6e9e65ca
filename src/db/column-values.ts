/*
 * The values each enumerable column accepts, the same lists the CHECK constraints in migrations/ spell out.
 * db imports no stage (STYLE.md), so the lists owned elsewhere (changefreq in sitemap/, page types in analysis/,
 * discovery methods and outcomes in discovery/) are repeated here; test/db/column-values.test.ts fails when a list
 * differs from its CHECK constraint or from the stage's own list.
 */

export const CHANGEFREQ_VALUES = ['always', 'hourly', 'daily', 'weekly', 'monthly', 'yearly', 'never'] as const;
export type ChangefreqValue = (typeof CHANGEFREQ_VALUES)[number];

export const PAGE_TYPE_VALUES = [
  'product',
  'category',
  'tag',
  'post',
  'page',
  'contact',
  'about',
  'team',
  'legal',
  'careers',
  'pdf',
  'image',
  'video',
  'other',
] as const;
export type PageTypeValue = (typeof PAGE_TYPE_VALUES)[number];

export const DOMAIN_OUTCOME_VALUES = ['ok', 'no-sitemap', 'blocked', 'unreachable', 'timed-out'] as const;
export type DomainOutcomeValue = (typeof DOMAIN_OUTCOME_VALUES)[number];

export const CRAWL_RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type CrawlRunStatus = (typeof CRAWL_RUN_STATUSES)[number];

export const SITEMAP_KIND_VALUES = ['urlset', 'sitemapindex', 'text', 'rss', 'atom'] as const;
export type SitemapKindValue = (typeof SITEMAP_KIND_VALUES)[number];

export const DISCOVERY_METHOD_VALUES = ['robots', 'well-known', 'html-link', 'index-child', 'given'] as const;
export type DiscoveryMethodValue = (typeof DISCOVERY_METHOD_VALUES)[number];

/** A person's decision about a page: picked for contact extraction, ruled out, or not looked at yet. */
export const CURATION_STATUSES = ['unreviewed', 'selected', 'excluded'] as const;
export type CurationStatus = (typeof CURATION_STATUSES)[number];

/** Where a page is in contact extraction. */
export const PROCESSING_STATUSES = ['unprocessed', 'queued', 'processing', 'processed', 'failed', 'skipped'] as const;
export type ProcessingStatus = (typeof PROCESSING_STATUSES)[number];

/** Which part of a run's discovery is being read: published sitemaps and their trees, then the well-known probes. */
export const CRAWL_PHASES = ['published', 'well-known'] as const;
export type CrawlPhase = (typeof CRAWL_PHASES)[number];

/** Why a run stopped reading before every admitted file was read. */
export const RUN_STOP_REASONS = ['max-urls', 'budget'] as const;
export type RunStopReason = (typeof RUN_STOP_REASONS)[number];

/** Where one admitted sitemap file is in its run: queued (a fetch job is due), or how its job ended. */
export const RUN_FILE_STATES = ['queued', 'read', 'not-modified', 'failed', 'not-read'] as const;
export type RunFileState = (typeof RUN_FILE_STATES)[number];

/** How a page came to be chosen for contact extraction. */
export const CONTACT_PAGE_SOURCES = ['home', 'inventory', 'home-link', 'well-known'] as const;
export type ContactPageSource = (typeof CONTACT_PAGE_SOURCES)[number];

/** Where a chosen page is in contact extraction. */
export const CONTACT_PAGE_STATUSES = ['queued', 'fetched', 'failed', 'skipped'] as const;
export type ContactPageStatus = (typeof CONTACT_PAGE_STATUSES)[number];

export const EMAIL_TYPES = ['SERVICE', 'CORPORATE', 'FREE', 'UNKNOWN'] as const;
export type EmailType = (typeof EMAIL_TYPES)[number];

export const ENRICHMENT_STATUSES = ['none', 'pending', 'in_progress', 'complete', 'partial', 'failed'] as const;
export type EnrichmentStatus = (typeof ENRICHMENT_STATUSES)[number];

/** Every `table.column` restricted to a list, with its list: what the CHECK constraint `<table>_<column>_check` allows. */
export const CHECKED_COLUMN_VALUES = {
  'domains.last_outcome': DOMAIN_OUTCOME_VALUES,
  'crawl_runs.status': CRAWL_RUN_STATUSES,
  'crawl_runs.outcome': DOMAIN_OUTCOME_VALUES,
  'crawl_runs.phase': CRAWL_PHASES,
  'crawl_runs.stop_reason': RUN_STOP_REASONS,
  'crawl_run_files.discovery_method': DISCOVERY_METHOD_VALUES,
  'crawl_run_files.state': RUN_FILE_STATES,
  'sitemap_files.kind': SITEMAP_KIND_VALUES,
  'sitemap_files.discovery_method': DISCOVERY_METHOD_VALUES,
  'pages.changefreq': CHANGEFREQ_VALUES,
  'pages.page_type': PAGE_TYPE_VALUES,
  'pages.curation_status': CURATION_STATUSES,
  'pages.processing_status': PROCESSING_STATUSES,
  'contact_pages.selected_by': CONTACT_PAGE_SOURCES,
  'contact_pages.status': CONTACT_PAGE_STATUSES,
  'contacts.email_type': EMAIL_TYPES,
  'contacts.enrichment_status': ENRICHMENT_STATUSES,
} as const satisfies Record<string, readonly string[]>;
