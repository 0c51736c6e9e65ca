-- 0001: the page inventory and the contacts it leads to.
-- Never edit this file once applied anywhere: add 0002_….sql instead (docs/migrations.md). Value lists in CHECK
-- constraints mirror src/db/column-values.ts; test/db/column-values.test.ts keeps the two equal.

CREATE TABLE domains (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The host as discovery normalises it: lower case, punycode, no scheme, no trailing dot.
  name text NOT NULL UNIQUE CHECK (name <> '' AND name = lower(name)),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_crawled_at timestamptz,
  last_outcome text CHECK (last_outcome IN ('ok', 'no-sitemap', 'blocked', 'unreachable', 'timed-out'))
);

-- One crawl of one domain. Gone detection compares a domain's pages with its latest completed run.
CREATE TABLE crawl_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  domain_id bigint NOT NULL REFERENCES domains (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  outcome text CHECK (outcome IN ('ok', 'no-sitemap', 'blocked', 'unreachable', 'timed-out')),
  sitemaps_fetched integer NOT NULL DEFAULT 0 CHECK (sitemaps_fetched >= 0),
  pages_seen bigint NOT NULL DEFAULT 0 CHECK (pages_seen >= 0),
  pages_new bigint NOT NULL DEFAULT 0 CHECK (pages_new >= 0),
  pages_updated bigint NOT NULL DEFAULT 0 CHECK (pages_updated >= 0),
  pages_gone bigint NOT NULL DEFAULT 0 CHECK (pages_gone >= 0),
  error_code text,
  error_message text,
  -- A run has finished exactly when its status is terminal, so "runs still open" is one predicate.
  CONSTRAINT crawl_runs_finished_check CHECK ((finished_at IS NOT NULL) = (status IN ('completed', 'failed', 'cancelled')))
);
CREATE INDEX crawl_runs_domain_created_idx ON crawl_runs (domain_id, created_at);
CREATE INDEX crawl_runs_open_idx ON crawl_runs (status) WHERE finished_at IS NULL;

-- One sitemap file of a domain, as last fetched (or attempted). The validators make re-crawls conditional.
CREATE TABLE sitemap_files (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  domain_id bigint NOT NULL REFERENCES domains (id) ON DELETE CASCADE,
  crawl_run_id bigint REFERENCES crawl_runs (id) ON DELETE SET NULL,
  -- The btree entry of UNIQUE (domain_id, url) must stay under PostgreSQL's ~2,700-byte limit; the protocol
  -- itself caps a URL at 2,048 characters. Longer URLs are the writer's to skip and report.
  url text NOT NULL CHECK (octet_length(url) BETWEEN 1 AND 2048),
  final_url text,
  kind text CHECK (kind IN ('urlset', 'sitemapindex', 'text', 'rss', 'atom')),
  discovery_method text NOT NULL CHECK (discovery_method IN ('robots', 'well-known', 'html-link', 'index-child', 'given')),
  found_on text,
  depth integer NOT NULL DEFAULT 0 CHECK (depth >= 0),
  http_status integer CHECK (http_status BETWEEN 100 AND 599),
  content_type text,
  -- Kept verbatim: they are sent back as If-None-Match and If-Modified-Since.
  etag text,
  last_modified text,
  gzip boolean NOT NULL DEFAULT false,
  bytes_compressed bigint NOT NULL DEFAULT 0 CHECK (bytes_compressed >= 0),
  bytes_uncompressed bigint NOT NULL DEFAULT 0 CHECK (bytes_uncompressed >= 0),
  url_entries bigint NOT NULL DEFAULT 0 CHECK (url_entries >= 0),
  sitemap_entries bigint NOT NULL DEFAULT 0 CHECK (sitemap_entries >= 0),
  invalid_entries bigint NOT NULL DEFAULT 0 CHECK (invalid_entries >= 0),
  generator text,
  error_code text,
  error_message text,
  first_seen timestamptz NOT NULL DEFAULT now(),
  fetched_at timestamptz,
  UNIQUE (domain_id, url)
);
CREATE INDEX sitemap_files_crawl_run_idx ON sitemap_files (crawl_run_id);

CREATE TABLE pages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  domain_id bigint NOT NULL REFERENCES domains (id) ON DELETE CASCADE,
  url text NOT NULL CHECK (octet_length(url) BETWEEN 1 AND 2048),
  lastmod timestamptz,
  changefreq text CHECK (changefreq IN ('always', 'hourly', 'daily', 'weekly', 'monthly', 'yearly', 'never')),
  -- Unscaled numeric: generators write 0.64 or 0.85 and the inventory keeps what the site said.
  priority numeric CHECK (priority >= 0 AND priority <= 1),
  page_type text NOT NULL CHECK (page_type IN (
    'product', 'category', 'tag', 'post', 'page', 'contact', 'about', 'team', 'legal', 'careers', 'pdf', 'image', 'video', 'other'
  )),
  image_count integer NOT NULL DEFAULT 0 CHECK (image_count >= 0),
  video_count integer NOT NULL DEFAULT 0 CHECK (video_count >= 0),
  news_count integer NOT NULL DEFAULT 0 CHECK (news_count >= 0),
  alternate_count integer NOT NULL DEFAULT 0 CHECK (alternate_count >= 0),
  sitemap_file_id bigint REFERENCES sitemap_files (id) ON DELETE SET NULL,
  last_crawl_run_id bigint REFERENCES crawl_runs (id) ON DELETE SET NULL,
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz NOT NULL DEFAULT now(),
  -- When lastmod, changefreq, priority or the counts last changed: what a re-crawl reports as "updated".
  updated_at timestamptz NOT NULL DEFAULT now(),
  gone_since timestamptz,
  curation_status text NOT NULL DEFAULT 'unreviewed' CHECK (curation_status IN ('unreviewed', 'selected', 'excluded')),
  processing_status text NOT NULL DEFAULT 'unprocessed' CHECK (
    processing_status IN ('unprocessed', 'queued', 'processing', 'processed', 'failed', 'skipped')
  ),
  UNIQUE (domain_id, url)
);
CREATE INDEX pages_domain_last_seen_idx ON pages (domain_id, last_seen);
CREATE INDEX pages_domain_page_type_idx ON pages (domain_id, page_type);
CREATE INDEX pages_sitemap_file_idx ON pages (sitemap_file_id);
CREATE INDEX pages_last_crawl_run_idx ON pages (last_crawl_run_id);
CREATE INDEX pages_processing_queue_idx ON pages (domain_id, processing_status) WHERE processing_status IN ('queued', 'processing');

-- One e-mail address per domain. Addresses are stored lower-cased so the unique key cannot hold two spellings.
CREATE TABLE contacts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  domain_id bigint NOT NULL REFERENCES domains (id) ON DELETE CASCADE,
  page_id bigint REFERENCES pages (id) ON DELETE SET NULL,
  email text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 320 AND email = lower(email) AND position('@' IN email) > 1),
  email_type text NOT NULL DEFAULT 'UNKNOWN' CHECK (email_type IN ('SERVICE', 'CORPORATE', 'FREE', 'UNKNOWN')),
  has_gmail boolean NOT NULL DEFAULT false,
  name text,
  role text,
  phone text,
  context text,
  source_url text NOT NULL,
  socials jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(socials) = 'object'),
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz NOT NULL DEFAULT now(),
  enrichment_status text NOT NULL DEFAULT 'none' CHECK (
    enrichment_status IN ('none', 'pending', 'in_progress', 'complete', 'partial', 'failed')
  ),
  enrichment_started_at timestamptz,
  enrichment_completed_at timestamptz,
  enrichment_error text,
  last_enrichment_id text,
  enriched_phone text,
  enriched_address jsonb,
  enriched_social_profiles jsonb,
  enriched_company jsonb,
  enriched_additional_emails jsonb,
  enrichment_confidence_score numeric CHECK (enrichment_confidence_score >= 0 AND enrichment_confidence_score <= 1),
  enrichment_sources jsonb,
  enrichment_duration_seconds numeric CHECK (enrichment_duration_seconds >= 0),
  enrichment_api_calls integer NOT NULL DEFAULT 0 CHECK (enrichment_api_calls >= 0),
  enrichment_cost_estimate numeric CHECK (enrichment_cost_estimate >= 0),
  UNIQUE (domain_id, email)
);
CREATE INDEX contacts_page_idx ON contacts (page_id);
CREATE INDEX contacts_enrichment_status_idx ON contacts (enrichment_status);
