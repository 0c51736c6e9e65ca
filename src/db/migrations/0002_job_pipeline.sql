-- 0002: the durable pipeline. A crawl run is spread over jobs (one discover job per domain, one fetch job per
-- sitemap file), possibly on many machines, so what one process used to keep in memory lives here: which files the
-- run has admitted and which are still open, the domain's URL allowance, what robots.txt and the home page said,
-- and on each page the run that first saw it (so a run's counts can be computed exactly, whatever was retried).
-- Never edit this file once applied anywhere: add 0003_….sql instead (docs/migrations.md).

ALTER TABLE crawl_runs
  -- 'published': robots.txt, page links and their trees; 'well-known': the probes made after them.
  ADD COLUMN phase text NOT NULL DEFAULT 'published' CHECK (phase IN ('published', 'well-known')),
  -- URL entries granted so far against maxUrlsPerDomain (a retried file first gives its own grant back).
  ADD COLUMN urls_taken bigint NOT NULL DEFAULT 0 CHECK (urls_taken >= 0),
  -- Where the site lives after its own redirects; the well-known paths are probed there.
  ADD COLUMN origin text,
  -- robots.txt as read at discovery (bounded by maxRobotsBytes), for `sitescout report` and robots checks.
  ADD COLUMN robots_url text,
  ADD COLUMN robots_txt text,
  -- robots.txt and the home page: [{role, url, status, answered, failure, blocked, error}], the evidence a
  -- verdict (blocked / unreachable / timed-out / no-sitemap) is drawn from.
  ADD COLUMN probes jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(probes) = 'array'),
  -- When the domain's time budget (domainBudgetMs) runs out: files fetched after it end SS_ERR_FETCH_BUDGET.
  ADD COLUMN deadline_at timestamptz,
  -- Why the run stopped reading early ('max-urls' or 'budget'), null when it did not.
  ADD COLUMN stop_reason text CHECK (stop_reason IN ('max-urls', 'budget'));

-- One sitemap file admitted into one run. The primary key is the run's duplicate check across every worker, the
-- open rows are the run's outstanding work: the last file to close finishes the run.
CREATE TABLE crawl_run_files (
  crawl_run_id bigint NOT NULL REFERENCES crawl_runs (id) ON DELETE CASCADE,
  -- The normalised URL (discovery's sitemapUrlKey): what duplicates and cycles are recognised by.
  url_key text NOT NULL CHECK (octet_length(url_key) BETWEEN 1 AND 2048),
  url text NOT NULL CHECK (octet_length(url) BETWEEN 1 AND 2048),
  discovery_method text NOT NULL CHECK (discovery_method IN ('robots', 'well-known', 'html-link', 'index-child', 'given')),
  found_on text,
  depth integer NOT NULL DEFAULT 0 CHECK (depth >= 0),
  -- Keys of the indexes above it, root first: a child among them is a cycle.
  ancestors text[] NOT NULL DEFAULT '{}',
  cross_host boolean NOT NULL DEFAULT false,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'read', 'not-modified', 'failed', 'not-read')),
  sitemap_file_id bigint REFERENCES sitemap_files (id) ON DELETE SET NULL,
  -- URL entries of the domain's allowance this file took (given back when the file is read again).
  urls_granted bigint NOT NULL DEFAULT 0 CHECK (urls_granted >= 0),
  -- The verdict's evidence: whether an answer came, how the fetch failed, what gave a refusal away.
  answered boolean NOT NULL DEFAULT false,
  failure text,
  is_sitemap boolean NOT NULL DEFAULT false,
  blocked text,
  error_code text,
  error_message text,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (crawl_run_id, url_key),
  CONSTRAINT crawl_run_files_finished_check CHECK ((finished_at IS NOT NULL) = (state <> 'queued'))
);
CREATE INDEX crawl_run_files_open_idx ON crawl_run_files (crawl_run_id) WHERE state = 'queued';

-- What the parser said of the file at its last full read (entry counts, field coverage, warnings), for reports
-- made from stored data.
ALTER TABLE sitemap_files ADD COLUMN summary jsonb CHECK (summary IS NULL OR jsonb_typeof(summary) = 'object');

-- The run that first listed the page: a run's "new" count is the pages it first saw, exact across retries.
ALTER TABLE pages ADD COLUMN first_crawl_run_id bigint REFERENCES crawl_runs (id) ON DELETE SET NULL;
UPDATE pages SET first_crawl_run_id = last_crawl_run_id WHERE first_crawl_run_id IS NULL;
