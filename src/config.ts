import { z } from 'zod';
import { SitescoutError } from './errors.js';

/**
 * Every limit and setting is one row: name (with its unit), default, environment variable, CLI flag, description.
 * Precedence: an explicit option (flag or API argument) > the environment variable > the default.
 * docs/config.md is generated from this table (`npm run docs:config`) and a test keeps the two equal.
 */
export interface SettingRow<T> {
  name: string;
  unit: string;
  default: T;
  env: string;
  flag: string;
  description: string;
  schema: z.ZodType<T>;
}

const GiB = 1024 ** 3;
const KiB = 1024;

const positiveInt = z.coerce.number().int().positive();

export const SITEMAP_LIMITS = {
  maxDecompressedBytes: {
    name: 'maxDecompressedBytes',
    unit: 'bytes',
    default: 2 * GiB,
    env: 'SITESCOUT_MAX_DECOMPRESSED_BYTES',
    flag: '--max-decompressed-bytes',
    description: 'Bytes of one sitemap after decompression; the parse stops with SS_ERR_LIMIT_DECOMPRESSED_BYTES past it.',
    schema: positiveInt,
  },
  maxCompressionRatio: {
    name: 'maxCompressionRatio',
    unit: 'ratio',
    default: 200,
    env: 'SITESCOUT_MAX_COMPRESSION_RATIO',
    flag: '--max-compression-ratio',
    description: 'Decompressed bytes per compressed byte (checked once 1 MiB is decompressed): a gzip bomb trips it.',
    schema: z.coerce.number().positive(),
  },
  maxEntriesPerSitemap: {
    name: 'maxEntriesPerSitemap',
    unit: 'entries',
    default: 10_000_000,
    env: 'SITESCOUT_MAX_ENTRIES_PER_SITEMAP',
    flag: '--max-entries-per-sitemap',
    description: 'Entries (URLs or child sitemaps) in one document. The protocol says 50,000; that is only a warning.',
    schema: positiveInt,
  },
  maxTokenBytes: {
    name: 'maxTokenBytes',
    unit: 'bytes',
    default: 256 * KiB,
    env: 'SITESCOUT_MAX_TOKEN_BYTES',
    flag: '--max-token-bytes',
    description: 'One tag, URL or captured text node. Bounds the parser memory whatever the document size.',
    schema: positiveInt,
  },
  maxElementDepth: {
    name: 'maxElementDepth',
    unit: 'elements',
    default: 256,
    env: 'SITESCOUT_MAX_ELEMENT_DEPTH',
    flag: '--max-element-depth',
    description: 'Nesting depth of XML elements.',
    schema: positiveInt,
  },
} as const satisfies Record<string, SettingRow<number>>;

const nonNegativeInt = z.coerce.number().int().nonnegative();
const MiB = 1024 ** 2;

/**
 * The HTTP client's limits (src/fetch). Timeouts are per attempt; the domain budget bounds everything for one domain.
 */
export const FETCH_LIMITS = {
  connectTimeoutMs: {
    name: 'connectTimeoutMs',
    unit: 'ms',
    default: 10_000,
    env: 'SITESCOUT_CONNECT_TIMEOUT_MS',
    flag: '--connect-timeout-ms',
    description: 'DNS lookup plus TCP (and TLS) connect, per attempt; SS_ERR_FETCH_TIMEOUT with phase "connect" past it.',
    schema: positiveInt,
  },
  headersTimeoutMs: {
    name: 'headersTimeoutMs',
    unit: 'ms',
    default: 30_000,
    env: 'SITESCOUT_HEADERS_TIMEOUT_MS',
    flag: '--headers-timeout-ms',
    description: 'From sending the request to receiving the complete response headers, per attempt.',
    schema: positiveInt,
  },
  bodyTimeoutMs: {
    name: 'bodyTimeoutMs',
    unit: 'ms',
    default: 30_000,
    env: 'SITESCOUT_BODY_TIMEOUT_MS',
    flag: '--body-timeout-ms',
    description: 'Longest silence between two body chunks (a slow drip that keeps sending is bounded by domainBudgetMs).',
    schema: positiveInt,
  },
  maxRedirects: {
    name: 'maxRedirects',
    unit: 'redirects',
    default: 5,
    env: 'SITESCOUT_MAX_REDIRECTS',
    flag: '--max-redirects',
    description: 'Redirects followed per request; the next one fails with SS_ERR_FETCH_TOO_MANY_REDIRECTS.',
    schema: nonNegativeInt,
  },
  maxResponseBytes: {
    name: 'maxResponseBytes',
    unit: 'bytes',
    // The protocol caps an uncompressed sitemap at 50 MB; 64 MiB leaves room for mild violators while bounding
    // what one response can cost. Callers that accept larger documents raise it.
    default: 64 * MiB,
    env: 'SITESCOUT_MAX_RESPONSE_BYTES',
    flag: '--max-response-bytes',
    description: 'Body bytes, counted both on the wire and after Content-Encoding decoding; SS_ERR_FETCH_TOO_LARGE past it.',
    schema: positiveInt,
  },
  maxRetries: {
    name: 'maxRetries',
    unit: 'retries',
    default: 2,
    env: 'SITESCOUT_MAX_RETRIES',
    flag: '--max-retries',
    description: 'Retries per request (redirect hops included) after a network error, a timeout before the body, 429 or 5xx.',
    schema: nonNegativeInt,
  },
  retryBaseDelayMs: {
    name: 'retryBaseDelayMs',
    unit: 'ms',
    default: 500,
    env: 'SITESCOUT_RETRY_BASE_DELAY_MS',
    flag: '--retry-base-delay-ms',
    description: 'First backoff step; it doubles per retry, with jitter between half and all of it.',
    schema: positiveInt,
  },
  retryMaxDelayMs: {
    name: 'retryMaxDelayMs',
    unit: 'ms',
    default: 30_000,
    env: 'SITESCOUT_RETRY_MAX_DELAY_MS',
    flag: '--retry-max-delay-ms',
    description: 'Longest backoff; a Retry-After asking for longer is not retried and its response is returned as is.',
    schema: positiveInt,
  },
  perHostConcurrency: {
    name: 'perHostConcurrency',
    unit: 'requests',
    default: 2,
    env: 'SITESCOUT_PER_HOST_CONCURRENCY',
    flag: '--per-host-concurrency',
    description: 'Requests in flight to one host (name and port), bodies included; more wait in a queue.',
    schema: positiveInt,
  },
  politenessDelayMs: {
    name: 'politenessDelayMs',
    unit: 'ms',
    // One second is the Crawl-delay most sites that set one ask for.
    default: 1_000,
    env: 'SITESCOUT_POLITENESS_DELAY_MS',
    flag: '--politeness-delay-ms',
    description: 'Least time between the starts of two requests to the same host.',
    schema: nonNegativeInt,
  },
  domainBudgetMs: {
    name: 'domainBudgetMs',
    unit: 'ms',
    default: 300_000,
    env: 'SITESCOUT_DOMAIN_BUDGET_MS',
    flag: '--domain-budget-ms',
    description: 'Wall-clock time for all requests of one domain budget (queueing, retries and bodies included).',
    schema: positiveInt,
  },
} as const satisfies Record<string, SettingRow<number>>;

/**
 * Discovery's limits (src/discovery): how far the walk through sitemap indexes goes for one domain, and how much of
 * robots.txt and the home page is read.
 */
export const DISCOVERY_LIMITS = {
  maxIndexDepth: {
    name: 'maxIndexDepth',
    unit: 'levels',
    default: 5,
    env: 'SITESCOUT_MAX_INDEX_DEPTH',
    flag: '--max-index-depth',
    description: 'Sitemap index nesting followed below a top-level sitemap (0: no child is followed); deeper children are reported as skipped.',
    schema: nonNegativeInt,
  },
  maxSitemapsPerDomain: {
    name: 'maxSitemapsPerDomain',
    unit: 'sitemaps',
    default: 1_000,
    env: 'SITESCOUT_MAX_SITEMAPS_PER_DOMAIN',
    flag: '--max-sitemaps-per-domain',
    description: 'Files fetched for one domain (candidates and index children); further children are counted as skipped, not stored.',
    schema: positiveInt,
  },
  maxUrlsPerDomain: {
    name: 'maxUrlsPerDomain',
    unit: 'URLs',
    // maxSitemapsPerDomain full-sized sitemaps (the protocol's 50,000 URLs each).
    default: 50_000_000,
    env: 'SITESCOUT_MAX_URLS_PER_DOMAIN',
    flag: '--max-urls-per-domain',
    description: 'URL entries read for one domain, all sitemaps together; reading stops there with SS_ERR_DISCOVERY_MAX_URLS.',
    schema: positiveInt,
  },
  maxPendingSitemaps: {
    name: 'maxPendingSitemaps',
    unit: 'sitemaps',
    default: 100,
    env: 'SITESCOUT_MAX_PENDING_SITEMAPS',
    flag: '--max-pending-sitemaps',
    description: 'Index children queued but not yet fetched; the index being read pauses while the queue is full.',
    schema: positiveInt,
  },
  sitemapConcurrency: {
    name: 'sitemapConcurrency',
    unit: 'sitemaps',
    default: 2,
    env: 'SITESCOUT_SITEMAP_CONCURRENCY',
    flag: '--sitemap-concurrency',
    description: "Sitemap files of one domain read at the same time; the HTTP client's perHostConcurrency still bounds each host.",
    schema: positiveInt,
  },
  maxRobotsBytes: {
    name: 'maxRobotsBytes',
    unit: 'bytes',
    // Google reads the first 500 KiB of a robots.txt and ignores the rest; reading more finds nothing it would.
    default: 500 * KiB,
    env: 'SITESCOUT_MAX_ROBOTS_BYTES',
    flag: '--max-robots-bytes',
    description: 'Bytes of robots.txt read; the rest is ignored, as Google does.',
    schema: positiveInt,
  },
  maxHomePageBytes: {
    name: 'maxHomePageBytes',
    unit: 'bytes',
    default: 2 * MiB,
    env: 'SITESCOUT_MAX_HOME_PAGE_BYTES',
    flag: '--max-home-page-bytes',
    description: 'Bytes of the home page scanned for sitemap links; the rest is not downloaded.',
    schema: positiveInt,
  },
} as const satisfies Record<string, SettingRow<number>>;

/** The analysis report's and the urls command's bounded structures. */
export const ANALYSIS_LIMITS = {
  duplicateBudgetBytes: {
    name: 'duplicateBudgetBytes',
    unit: 'bytes',
    default: 64 * MiB,
    env: 'SITESCOUT_DUPLICATE_BUDGET_BYTES',
    flag: '--duplicate-budget-bytes',
    description:
      'Memory for exact duplicate-URL detection per domain (64-bit hashes, ≈ 3 million URLs at the default). Past it the report estimates (HyperLogLog) and `urls` writes URLs unchecked, never dropping one.',
    schema: nonNegativeInt,
  },
} as const satisfies Record<string, SettingRow<number>>;

/**
 * The database layer's limits (src/db). The connection itself is chosen by DATABASE_URL (a PostgreSQL server) or
 * DATA_DIR_SETTING (embedded PGlite); see docs/migrations.md.
 */
export const DATABASE_LIMITS = {
  dbConnectTimeoutMs: {
    name: 'dbConnectTimeoutMs',
    unit: 'ms',
    default: 10_000,
    env: 'SITESCOUT_DB_CONNECT_TIMEOUT_MS',
    flag: '--db-connect-timeout-ms',
    description: 'Opening one connection to PostgreSQL (DATABASE_URL); SS_ERR_DB_CONNECT past it.',
    schema: positiveInt,
  },
  dbMaxConnections: {
    name: 'dbMaxConnections',
    unit: 'connections',
    default: 10,
    env: 'SITESCOUT_DB_MAX_CONNECTIONS',
    flag: '--db-max-connections',
    description: 'Connections one process keeps open to PostgreSQL; more queries wait for a free one. PGlite has one.',
    schema: positiveInt,
  },
  migrationLockTimeoutMs: {
    name: 'migrationLockTimeoutMs',
    unit: 'ms',
    // Long enough for another process to apply an index migration on a large inventory; short enough that a
    // process stuck behind a crashed one's lock fails visibly instead of hanging.
    default: 120_000,
    env: 'SITESCOUT_MIGRATION_LOCK_TIMEOUT_MS',
    flag: '--migration-lock-timeout-ms',
    description: 'Wait for the migration lock, and for each table lock a migration takes; SS_ERR_DB_MIGRATION_LOCKED past it.',
    schema: positiveInt,
  },
} as const satisfies Record<string, SettingRow<number>>;

/** Contact extraction's limits (src/contacts). */
export const CONTACT_LIMITS = {
  maxPageBytes: {
    name: 'maxPageBytes',
    unit: 'bytes',
    // Contact, about and imprint pages are rarely past 500 KiB even with inlined scripts; 5 MiB leaves room for page
    // builders' bloat while bounding what one page costs to decode and parse.
    default: 5 * MiB,
    env: 'SITESCOUT_MAX_PAGE_BYTES',
    flag: '--max-page-bytes',
    description: 'Bytes of one HTML page read for contacts; decodeHtml fails with SS_ERR_LIMIT_PAGE_BYTES past it.',
    schema: positiveInt,
  },
  contactPagesPerDomain: {
    name: 'contactPagesPerDomain',
    unit: 'pages',
    // The pages a person would open looking for an address: contact, about, team, imprint, and one spare.
    default: 5,
    env: 'SITESCOUT_CONTACT_PAGES_PER_DOMAIN',
    flag: '--contact-pages-per-domain',
    description: 'Inventory pages fetched per domain for contacts, the likeliest by URL, besides the home page.',
    schema: positiveInt,
  },
  maxCrawlDelayMs: {
    name: 'maxCrawlDelayMs',
    unit: 'ms',
    // robots.txt may ask for any Crawl-delay; a site asking for minutes would stall a worker for one page.
    default: 30_000,
    env: 'SITESCOUT_MAX_CRAWL_DELAY_MS',
    flag: '--max-crawl-delay-ms',
    description: "The longest robots.txt Crawl-delay obeyed between a domain's page fetches; a longer one is capped to it.",
    schema: positiveInt,
  },
} as const satisfies Record<string, SettingRow<number>>;

/**
 * The job layer's settings (src/jobs, `sitescout worker`): how fast the work of a vanished worker comes back, how
 * failed jobs retry, and how long a stopping worker waits for its jobs. See docs/operations.md.
 */
export const JOB_LIMITS = {
  jobExpireSeconds: {
    name: 'jobExpireSeconds',
    unit: 's',
    default: 600,
    env: 'SITESCOUT_JOB_EXPIRE_SECONDS',
    flag: '--job-expire-seconds',
    description: 'How long a job may stay active before it counts as failed and is retried: how soon the work of a worker killed mid-job returns. Keep it above the longest single sitemap read.',
    schema: positiveInt,
  },
  jobMaintenanceIntervalSeconds: {
    name: 'jobMaintenanceIntervalSeconds',
    unit: 's',
    default: 60,
    env: 'SITESCOUT_JOB_MAINTENANCE_INTERVAL_SECONDS',
    flag: '--job-maintenance-interval-seconds',
    description: 'How often pg-boss maintenance (expiring the jobs of vanished workers, archiving) runs; an expired job waits up to this long more.',
    schema: positiveInt,
  },
  jobRetryLimit: {
    name: 'jobRetryLimit',
    unit: 'retries',
    default: 3,
    env: 'SITESCOUT_JOB_RETRY_LIMIT',
    flag: '--job-retry-limit',
    description: 'Retries of a failed or expired job (a killed worker\'s job expires) before its dead letter; a fetch job\'s last attempt closes its file failed. A job keeps the value of when it was queued.',
    schema: nonNegativeInt,
  },
  jobRetryDelaySeconds: {
    name: 'jobRetryDelaySeconds',
    unit: 's',
    default: 30,
    env: 'SITESCOUT_JOB_RETRY_DELAY_SECONDS',
    flag: '--job-retry-delay-seconds',
    description: 'The first retry\'s delay; later ones double it, with jitter. A job keeps the value of when it was queued.',
    schema: nonNegativeInt,
  },
  shutdownTimeoutMs: {
    name: 'shutdownTimeoutMs',
    unit: 'ms',
    default: 20_000,
    env: 'SITESCOUT_SHUTDOWN_TIMEOUT_MS',
    flag: '--shutdown-timeout-ms',
    description: 'On SIGTERM/SIGINT, how long in-flight jobs may finish before they are given back to the queue (no retry spent).',
    schema: positiveInt,
  },
} as const satisfies Record<string, SettingRow<number>>;

/**
 * The service's memory watchdog (src/observability). 0 means "derive": the soft and hard limits default to 70 % and
 * 85 % of the cgroup memory limit when the process runs under one (a container), else of the machine's total memory.
 */
export const SERVICE_LIMITS = {
  memorySoftLimitBytes: {
    name: 'memorySoftLimitBytes',
    unit: 'bytes',
    default: 0,
    env: 'SITESCOUT_MEMORY_SOFT_LIMIT_BYTES',
    flag: '--memory-soft-limit-bytes',
    description: 'RSS above which workers take no new jobs, new crawl submissions get 503 and an alert is sent; 0 = 70 % of the cgroup limit, else of total memory.',
    schema: nonNegativeInt,
  },
  memoryHardLimitBytes: {
    name: 'memoryHardLimitBytes',
    unit: 'bytes',
    // Below the kernel's OOM kill (the cgroup limit itself), so the process drains and exits 75 on its own terms.
    default: 0,
    env: 'SITESCOUT_MEMORY_HARD_LIMIT_BYTES',
    flag: '--memory-hard-limit-bytes',
    description: 'RSS above which `serve` or `worker` drains its workers and exits 75 for its supervisor to restart it; 0 = 85 % of the cgroup limit, else of total memory.',
    schema: nonNegativeInt,
  },
  memoryCheckIntervalMs: {
    name: 'memoryCheckIntervalMs',
    unit: 'ms',
    default: 1_000,
    env: 'SITESCOUT_MEMORY_CHECK_INTERVAL_MS',
    flag: '--memory-check-interval-ms',
    description: 'How often the memory watchdog reads RSS.',
    schema: positiveInt,
  },
} as const satisfies Record<string, SettingRow<number>>;

/**
 * Where `sitescout serve` runs its crawl workers (docs/decisions/0018-crawl-thread.md). With PostgreSQL they run in a
 * worker thread of their own, at a lower CPU priority than the thread that answers HTTP, so probes and API reads are
 * answered first when the crawl, the database and everything else want more CPU than the machine has.
 */
export const CRAWL_THREAD_LIMITS = {
  crawlThreadNice: {
    name: 'crawlThreadNice',
    unit: 'nice',
    default: 10,
    env: 'SITESCOUT_CRAWL_THREAD_NICE',
    flag: '--crawl-thread-nice',
    description: "The crawl thread's nice value (0 to 19; Linux applies it to that thread alone): the larger, the sooner the HTTP thread gets a core the crawl wants too. 0 = the same priority.",
    schema: z.coerce.number().int().min(0).max(19),
  },
} as const satisfies Record<string, SettingRow<number>>;

/** The HTTP API's request limits (`sitescout serve`). */
export const API_LIMITS = {
  maxRequestBodyBytes: {
    name: 'maxRequestBodyBytes',
    unit: 'bytes',
    default: 1024 * KiB,
    env: 'SITESCOUT_MAX_REQUEST_BODY_BYTES',
    flag: '--max-request-body-bytes',
    description: 'Largest JSON request body the API reads (POST /v1/runs with a domain list); larger ones get 413.',
    schema: positiveInt,
  },
  maxUploadBytes: {
    name: 'maxUploadBytes',
    unit: 'bytes',
    // A million domains of ~16 bytes; read line by line as it arrives, never held whole.
    default: 16 * 1024 * KiB,
    env: 'SITESCOUT_MAX_UPLOAD_BYTES',
    flag: '--max-upload-bytes',
    description: 'Largest text/CSV domain list POST /v1/runs reads (streamed line by line); larger ones get 413 and nothing is enqueued.',
    schema: positiveInt,
  },
  maxDomainsPerSubmission: {
    name: 'maxDomainsPerSubmission',
    unit: 'domains',
    default: 10_000,
    env: 'SITESCOUT_MAX_DOMAINS_PER_SUBMISSION',
    flag: '--max-domains-per-submission',
    description: 'Most domains one POST /v1/runs may list (JSON or upload); more get 413 and nothing is enqueued.',
    schema: positiveInt,
  },
  maxPageSize: {
    name: 'maxPageSize',
    unit: 'rows',
    default: 1_000,
    env: 'SITESCOUT_MAX_PAGE_SIZE',
    flag: '--max-page-size',
    description: 'Largest `limit` a paginated API listing (runs, pages) accepts; the default page is 100 rows or this, whichever is smaller.',
    schema: positiveInt,
  },
} as const satisfies Record<string, SettingRow<number>>;

/** Where the memory watchdog POSTs one JSON alert per episode (soft or hard limit crossed). Empty: no alert. */
export const ALERT_WEBHOOK_SETTING = {
  name: 'alertWebhookUrl',
  unit: 'URL',
  default: '',
  env: 'SITESCOUT_ALERT_WEBHOOK_URL',
  flag: '--alert-webhook-url',
  description: 'http(s) URL the memory watchdog POSTs a JSON alert to, once per episode; empty for none.',
  schema: z.union([z.literal(''), z.string().url()]),
} as const satisfies SettingRow<string>;

/**
 * Enrichment's limits (src/enrichment): the outbound webhook's timeout and retries, how long a contact may wait for
 * its result, and the callback's clock tolerance. They apply only when ENRICHMENT_URL_SETTING is set (docs/enrichment.md).
 */
export const ENRICHMENT_LIMITS = {
  enrichmentTimeoutMs: {
    name: 'enrichmentTimeoutMs',
    unit: 'ms',
    default: 10_000,
    env: 'SITESCOUT_ENRICHMENT_TIMEOUT_MS',
    flag: '--enrichment-timeout-ms',
    description: 'One POST to the enrichment endpoint, connect to last body byte; past it the send counts as a network failure and is retried.',
    schema: positiveInt,
  },
  enrichmentRetryLimit: {
    name: 'enrichmentRetryLimit',
    unit: 'retries',
    default: 4,
    env: 'SITESCOUT_ENRICHMENT_RETRY_LIMIT',
    flag: '--enrichment-retry-limit',
    description: 'Retries of an enrich-contact job after a network error, a timeout, 429 or 5xx; after the last one the contact is failed. A job keeps the value of when it was queued.',
    schema: nonNegativeInt,
  },
  enrichmentRetryDelaySeconds: {
    name: 'enrichmentRetryDelaySeconds',
    unit: 's',
    default: 10,
    env: 'SITESCOUT_ENRICHMENT_RETRY_DELAY_SECONDS',
    flag: '--enrichment-retry-delay-seconds',
    description: 'The first retry\'s delay; later ones double it, with jitter.',
    schema: nonNegativeInt,
  },
  enrichmentDeadlineSeconds: {
    name: 'enrichmentDeadlineSeconds',
    unit: 's',
    // Above the retries' whole backoff at the defaults (10 + 20 + 40 + 80 s) with room for a slow enrichment run.
    default: 1_800,
    env: 'SITESCOUT_ENRICHMENT_DEADLINE_SECONDS',
    flag: '--enrichment-deadline-seconds',
    description: 'How long a contact may stay pending (since queued) or in_progress (since its last POST) before the sweep sends it again with a new id, or fails it.',
    schema: positiveInt,
  },
  enrichmentMaxSends: {
    name: 'enrichmentMaxSends',
    unit: 'POSTs',
    default: 3,
    env: 'SITESCOUT_ENRICHMENT_MAX_SENDS',
    flag: '--enrichment-max-sends',
    description: 'POSTs made for one contact (retries included, counted in enrichment_api_calls) after which the sweep fails a contact past its deadline instead of sending it again.',
    schema: positiveInt,
  },
  enrichmentSweepIntervalSeconds: {
    name: 'enrichmentSweepIntervalSeconds',
    unit: 's',
    default: 60,
    env: 'SITESCOUT_ENRICHMENT_SWEEP_INTERVAL_SECONDS',
    flag: '--enrichment-sweep-interval-seconds',
    description: 'How often each worker looks for contacts past the enrichment deadline.',
    schema: positiveInt,
  },
  enrichmentClockToleranceSeconds: {
    name: 'enrichmentClockToleranceSeconds',
    unit: 's',
    // Five minutes, as Stripe and Slack allow: enough for clock drift, short enough that a captured request soon expires.
    default: 300,
    env: 'SITESCOUT_ENRICHMENT_CLOCK_TOLERANCE_SECONDS',
    flag: '--enrichment-clock-tolerance-seconds',
    description: 'How far a callback\'s x-sitescout-timestamp may be from our clock, either way, before it is refused with 401.',
    schema: positiveInt,
  },
} as const satisfies Record<string, SettingRow<number>>;

/** The enrichment endpoint (an n8n webhook or any HTTP service). Empty: enrichment is off and contacts stay 'none'. */
export const ENRICHMENT_URL_SETTING = {
  name: 'enrichmentUrl',
  unit: 'URL',
  default: '',
  env: 'SITESCOUT_ENRICHMENT_URL',
  flag: '--enrichment-url',
  description: 'http(s) URL each new contact is POSTed to for enrichment; empty for none (contacts stay enrichment_status none).',
  schema: z.union([z.literal(''), z.string().url().refine((u) => /^https?:/i.test(u), 'expected http or https')]),
} as const satisfies SettingRow<string>;

/** The base URL the enrichment service reaches this service's callback at (payload field callback_url). */
export const ENRICHMENT_CALLBACK_BASE_URL_SETTING = {
  name: 'enrichmentCallbackBaseUrl',
  unit: 'URL',
  default: '',
  env: 'SITESCOUT_ENRICHMENT_CALLBACK_BASE_URL',
  flag: '--enrichment-callback-base-url',
  description: 'Public base URL of `sitescout serve` as the enrichment service sees it; callback_url is this plus /webhooks/enrichment. Required with the endpoint.',
  schema: z.union([z.literal(''), z.string().url().refine((u) => /^https?:/i.test(u), 'expected http or https')]),
} as const satisfies SettingRow<string>;

/**
 * The shared HMAC-SHA256 secret of the outbound request and the callback. Environment only: a flag would show it in
 * `ps`. Required (16 characters at least) when the endpoint is set.
 */
export const ENRICHMENT_SECRET_ENV = 'SITESCOUT_ENRICHMENT_SECRET';
const MIN_SECRET_LENGTH = 16;

/** Where embedded PGlite keeps its files when DATABASE_URL is not set. Relative paths resolve from the working directory. */
export const DATA_DIR_SETTING = {
  name: 'dataDir',
  unit: 'path',
  default: './.sitescout',
  env: 'SITESCOUT_DATA_DIR',
  flag: '--data-dir',
  description: 'Directory of the embedded PGlite database, created and migrated on first use; ignored when DATABASE_URL is set.',
  schema: z.string().min(1),
} as const satisfies SettingRow<string>;

type LimitTable = Record<string, SettingRow<number>>;
type Values<T extends LimitTable> = { -readonly [K in keyof T]: number };

export type SitemapLimits = Values<typeof SITEMAP_LIMITS>;
export type SitemapLimitName = keyof SitemapLimits;
export type FetchLimits = Values<typeof FETCH_LIMITS>;
export type FetchLimitName = keyof FetchLimits;
export type DiscoveryLimits = Values<typeof DISCOVERY_LIMITS>;
export type DiscoveryLimitName = keyof DiscoveryLimits;
export type AnalysisLimits = Values<typeof ANALYSIS_LIMITS>;
export type DatabaseLimits = Values<typeof DATABASE_LIMITS>;
export type DatabaseLimitName = keyof DatabaseLimits;
export type ContactLimits = Values<typeof CONTACT_LIMITS>;
export type JobLimits = Values<typeof JOB_LIMITS>;
export type JobLimitName = keyof JobLimits;
export type ServiceLimits = Values<typeof SERVICE_LIMITS>;
export type CrawlThreadLimits = Values<typeof CRAWL_THREAD_LIMITS>;
export type EnrichmentLimits = Values<typeof ENRICHMENT_LIMITS>;
export type ApiLimits = Values<typeof API_LIMITS>;

/** All rows, in the order docs/config.md and `--help` list them. */
export const SETTINGS: readonly SettingRow<number>[] = [
  ...Object.values(SITEMAP_LIMITS),
  ...Object.values(FETCH_LIMITS),
  ...Object.values(DISCOVERY_LIMITS),
  ...Object.values(ANALYSIS_LIMITS),
  ...Object.values(DATABASE_LIMITS),
  ...Object.values(CONTACT_LIMITS),
  ...Object.values(JOB_LIMITS),
  ...Object.values(SERVICE_LIMITS),
  ...Object.values(CRAWL_THREAD_LIMITS),
  ...Object.values(ENRICHMENT_LIMITS),
  ...Object.values(API_LIMITS),
];

/**
 * Resolves one table's limits: explicit overrides > environment > defaults. Validates every value, rejects names
 * the table does not have, and returns a frozen object.
 */
export function resolveLimits<T extends LimitTable>(
  table: T,
  overrides: Partial<Values<T>> = {},
  env: Readonly<Record<string, string | undefined>> = {},
): Readonly<Values<T>> {
  const names = Object.keys(table);
  for (const key of Object.keys(overrides)) {
    if (!names.includes(key)) throw new SitescoutError('SS_ERR_CONFIG_INVALID', `unknown limit ${JSON.stringify(key)}; known: ${names.join(', ')}`);
  }
  const out: Record<string, number> = {};
  for (const key of names) {
    const row = table[key]!;
    const explicit = (overrides as Record<string, unknown>)[key];
    const fromEnv = env[row.env];
    const raw: unknown = explicit !== undefined ? explicit : fromEnv !== undefined && fromEnv !== '' ? fromEnv : row.default;
    const parsed = row.schema.safeParse(raw);
    if (!parsed.success) {
      const source = explicit !== undefined ? `option ${key}` : `environment variable ${row.env}`;
      const expected = row.schema === nonNegativeInt ? 'a whole number ≥ 0' : 'a positive number';
      throw new SitescoutError('SS_ERR_CONFIG_INVALID', `${source}: expected ${expected} (${row.unit}), got ${JSON.stringify(raw)}`);
    }
    out[key] = parsed.data;
  }
  return Object.freeze(out) as Readonly<Values<T>>;
}

/**
 * The parser's limits.
 * @example
 *   resolveSitemapLimits({ maxTokenBytes: 4096 }, process.env).maxTokenBytes //=> 4096
 */
export function resolveSitemapLimits(overrides: Partial<SitemapLimits> = {}, env: Readonly<Record<string, string | undefined>> = {}): Readonly<SitemapLimits> {
  return resolveLimits(SITEMAP_LIMITS, overrides, env);
}

/** The analysis report's limits. */
export function resolveAnalysisLimits(overrides: Partial<AnalysisLimits> = {}, env: Readonly<Record<string, string | undefined>> = {}): Readonly<AnalysisLimits> {
  return resolveLimits(ANALYSIS_LIMITS, overrides, env);
}

/**
 * The HTTP client's limits.
 * @example
 *   resolveFetchLimits({ maxRedirects: 3 }, {}).maxRedirects //=> 3
 */
export function resolveFetchLimits(overrides: Partial<FetchLimits> = {}, env: Readonly<Record<string, string | undefined>> = {}): Readonly<FetchLimits> {
  return resolveLimits(FETCH_LIMITS, overrides, env);
}

/**
 * Discovery's limits.
 * @example
 *   resolveDiscoveryLimits({ maxIndexDepth: 2 }, {}).maxIndexDepth //=> 2
 */
export function resolveDiscoveryLimits(
  overrides: Partial<DiscoveryLimits> = {},
  env: Readonly<Record<string, string | undefined>> = {},
): Readonly<DiscoveryLimits> {
  return resolveLimits(DISCOVERY_LIMITS, overrides, env);
}

/**
 * The database layer's limits.
 * @example
 *   resolveDatabaseLimits({ dbMaxConnections: 4 }, {}).dbMaxConnections //=> 4
 */
export function resolveDatabaseLimits(
  overrides: Partial<DatabaseLimits> = {},
  env: Readonly<Record<string, string | undefined>> = {},
): Readonly<DatabaseLimits> {
  return resolveLimits(DATABASE_LIMITS, overrides, env);
}

/**
 * Contact extraction's limits.
 * @example
 *   resolveContactLimits({ maxPageBytes: 1_000_000 }, {}).maxPageBytes //=> 1000000
 */
export function resolveContactLimits(overrides: Partial<ContactLimits> = {}, env: Readonly<Record<string, string | undefined>> = {}): Readonly<ContactLimits> {
  return resolveLimits(CONTACT_LIMITS, overrides, env);
}

/**
 * The job layer's settings.
 * @example
 *   resolveJobLimits({}, { SITESCOUT_JOB_EXPIRE_SECONDS: '3' }).jobExpireSeconds //=> 3
 */
export function resolveJobLimits(overrides: Partial<JobLimits> = {}, env: Readonly<Record<string, string | undefined>> = {}): Readonly<JobLimits> {
  return resolveLimits(JOB_LIMITS, overrides, env);
}

/**
 * The HTTP API's request limits (body and upload sizes, domains per submission, page size).
 * @example
 *   resolveApiLimits({ maxUploadBytes: 1024 }, {}).maxUploadBytes //=> 1024
 */
export function resolveApiLimits(overrides: Partial<ApiLimits> = {}, env: Readonly<Record<string, string | undefined>> = {}): Readonly<ApiLimits> {
  return resolveLimits(API_LIMITS, overrides, env);
}

/**
 * The service's watchdog settings (0 = derive the limit from the cgroup or total memory; see SERVICE_LIMITS).
 * @example
 *   resolveServiceLimits({ memoryCheckIntervalMs: 500 }, {}).memoryCheckIntervalMs //=> 500
 */
export function resolveServiceLimits(overrides: Partial<ServiceLimits> = {}, env: Readonly<Record<string, string | undefined>> = {}): Readonly<ServiceLimits> {
  return resolveLimits(SERVICE_LIMITS, overrides, env);
}

/** Enrichment as configured: the endpoint, the secret, where we are called back, and the limits. */
export interface EnrichmentSettings extends Readonly<EnrichmentLimits> {
  url: string;
  secret: string;
  /** The full callback URL put in each payload: the base URL plus /webhooks/enrichment. */
  callbackUrl: string;
}

/** The path the callback route listens on. */
export const ENRICHMENT_CALLBACK_PATH = '/webhooks/enrichment';

/**
 * Enrichment's settings, or null when no endpoint is set (enrichment off). With an endpoint, the secret and the
 * callback base URL are required; a missing or bad one fails with SS_ERR_CONFIG_INVALID saying which.
 * @example
 *   resolveEnrichmentSettings({}, {}) //=> null
 *   resolveEnrichmentSettings({ url: 'http://n8n:5678/webhook/enrich', callbackBaseUrl: 'https://scout.example' },
 *     { SITESCOUT_ENRICHMENT_SECRET: 'a-long-shared-secret' })?.callbackUrl //=> 'https://scout.example/webhooks/enrichment'
 */
export function resolveEnrichmentSettings(
  overrides: { url?: string | undefined; callbackBaseUrl?: string | undefined; secret?: string | undefined; limits?: Partial<EnrichmentLimits> } = {},
  env: Readonly<Record<string, string | undefined>> = {},
): EnrichmentSettings | null {
  const pick = (explicit: string | undefined, row: { env: string; default: string }): string => explicit ?? env[row.env] ?? row.default;
  const url = ENRICHMENT_URL_SETTING.schema.safeParse(pick(overrides.url, ENRICHMENT_URL_SETTING).trim());
  if (!url.success) throw new SitescoutError('SS_ERR_CONFIG_INVALID', `${ENRICHMENT_URL_SETTING.env} (${ENRICHMENT_URL_SETTING.flag}): expected an http(s) URL`);
  const limits = resolveLimits(ENRICHMENT_LIMITS, overrides.limits ?? {}, env);
  if (url.data === '') return null;
  const secret = overrides.secret ?? env[ENRICHMENT_SECRET_ENV] ?? '';
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new SitescoutError(
      'SS_ERR_CONFIG_INVALID',
      `${ENRICHMENT_SECRET_ENV} is ${secret === '' ? 'not set' : 'too short'}: an enrichment endpoint (${ENRICHMENT_URL_SETTING.env}) needs a shared HMAC secret of ${MIN_SECRET_LENGTH} characters or more`,
    );
  }
  const base = ENRICHMENT_CALLBACK_BASE_URL_SETTING.schema.safeParse(pick(overrides.callbackBaseUrl, ENRICHMENT_CALLBACK_BASE_URL_SETTING).trim());
  if (!base.success || base.data === '') {
    throw new SitescoutError(
      'SS_ERR_CONFIG_INVALID',
      `${ENRICHMENT_CALLBACK_BASE_URL_SETTING.env} (${ENRICHMENT_CALLBACK_BASE_URL_SETTING.flag}) ${base.success ? 'is not set' : 'is not an http(s) URL'}: an enrichment endpoint needs the public URL it calls back`,
    );
  }
  const callbackUrl = new URL(ENRICHMENT_CALLBACK_PATH.slice(1), base.data.endsWith('/') ? base.data : `${base.data}/`).href;
  return Object.freeze({ ...limits, url: url.data, secret, callbackUrl });
}
