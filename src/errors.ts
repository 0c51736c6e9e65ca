/**
 * Every error sitescout raises is a SitescoutError with a stable `code`. Match on `error.code`, never on the message
 * or the class name. Codes are never reused; docs/errors.md lists the same catalogue (a test keeps the two equal).
 */
export const ERROR_CODES = {
  SS_ERR_SITEMAP_SYNTAX: 'The document is not well-formed XML at the given byte offset; the entries before it were yielded.',
  SS_ERR_NOT_A_SITEMAP: 'The document is not a sitemap, RSS/Atom feed or text list of URLs (HTML, JSON, binary, empty or another XML vocabulary).',
  SS_ERR_GZIP_TRUNCATED: 'The gzip stream ended before its end marker; the entries decompressed so far were yielded.',
  SS_ERR_GZIP_CORRUPT: 'The gzip stream is corrupt (bad header, bad checksum or invalid deflate data).',
  SS_ERR_LIMIT_DECOMPRESSED_BYTES: 'The document grew past maxDecompressedBytes after decompression.',
  SS_ERR_LIMIT_COMPRESSION_RATIO: 'The decompressed size grew past maxCompressionRatio times the compressed size (a gzip bomb).',
  SS_ERR_LIMIT_ENTRIES: 'The document holds more entries than maxEntriesPerSitemap.',
  SS_ERR_LIMIT_TOKEN_BYTES: 'A single token (a tag, a URL, a text node) is longer than maxTokenBytes.',
  SS_ERR_LIMIT_ELEMENT_DEPTH: 'Elements are nested deeper than maxElementDepth.',
  SS_ERR_INPUT_READ: 'Reading the input failed (file missing, stream error, HTTP error status).',
  SS_ERR_INPUT_TYPE: 'The input is not a Node Readable, a web ReadableStream or an AsyncIterable of bytes.',
  SS_ERR_CONFIG_INVALID: 'A setting or limit has an invalid value.',
  SS_ERR_USAGE: 'The command line is invalid.',
  SS_ERR_FETCH_URL: 'The URL (or a redirect Location) cannot be parsed as an absolute URL.',
  SS_ERR_FETCH_SCHEME: 'The URL scheme is not http or https (checked on the first URL and on every redirect).',
  SS_ERR_FETCH_PRIVATE_ADDRESS:
    'The host is, or resolves to, a loopback, private, link-local or otherwise non-public address and allowPrivateNetworks is off.',
  SS_ERR_FETCH_TIMEOUT: 'Connecting, waiting for the response headers or waiting for the next body chunk took too long; `phase` says which.',
  SS_ERR_FETCH_TOO_LARGE: 'The response body grew past maxResponseBytes; the bytes up to the limit were delivered.',
  SS_ERR_FETCH_TOO_MANY_REDIRECTS: 'The URL redirected more than maxRedirects times; `redirects` lists the hops followed.',
  SS_ERR_FETCH_REDIRECT_LOOP: 'A redirect pointed back to a URL already visited in the same request.',
  SS_ERR_FETCH_NETWORK: 'The connection failed or broke (refused, reset, DNS failure, TLS failure) after every retry.',
  SS_ERR_FETCH_BUDGET: 'The time budget (domainBudgetMs) ran out before the response or its body was complete.',
  SS_ERR_FETCH_ABORTED: "The caller's AbortSignal fired.",
  SS_ERR_FETCH_CLOSED: 'The client was closed while the request was queued, in flight or streaming its body.',
  SS_ERR_FETCH_ENCODING: 'The response has a Content-Encoding other than gzip, deflate, br or identity; the body was cancelled.',
  SS_ERR_FETCH_DECODE: 'The compressed body is corrupt or truncated; the bytes decoded before the fault were delivered.',
  SS_ERR_DISCOVERY_INPUT: 'The domain or URL given to discovery is not usable (empty, whitespace, bad port, invalid characters, no dot, a bare public suffix); the message says why.',
  SS_ERR_DISCOVERY_HTTP_STATUS: 'A candidate sitemap answered with a status other than 2xx (404, 410, 5xx, …); its body was not read as a sitemap.',
  SS_ERR_DISCOVERY_BLOCKED:
    'The site refused the request (401, 403, 429 after retries) or answered with a WAF or challenge page (Cloudflare "Just a moment...", a captcha); the message names the signal.',
  SS_ERR_DISCOVERY_DUPLICATE: 'The candidate redirected to a sitemap already read or queued in the same walk; it was not read twice.',
  SS_ERR_DISCOVERY_MAX_URLS: 'The domain\'s sitemaps listed more URL entries than maxUrlsPerDomain; reading stopped there and the entries up to the limit were yielded.',
  SS_ERR_DISCOVERY_STOPPED:
    'The walk stopped (maxUrlsPerDomain reached, the domain budget spent) while this file was being read; the entries before the stop were yielded.',
  SS_ERR_DB_CONNECT:
    'Opening the database failed: PostgreSQL refused or timed out, the host is unknown, authentication failed, the database does not exist, or the PGlite data directory is unusable. The message names the server with its credentials removed.',
  SS_ERR_DB_QUERY: 'PostgreSQL rejected a statement (a constraint, a syntax error, a missing table); `sqlState`, `constraint`, `table` and `column` say which.',
  SS_ERR_DB_CLOSED: 'The database handle was used after close(), a transaction handle after its transaction ended, or close() was called on a transaction handle.',
  SS_ERR_DB_MIGRATION_INVALID: 'A migration file name is not NNNN_name.sql, or the versions are duplicated or not consecutive from 0001.',
  SS_ERR_DB_MIGRATION_CHANGED: 'An applied migration no longer matches the checksum recorded when it was applied. Applied migrations are never edited: add a new one.',
  SS_ERR_DB_MIGRATION_UNKNOWN: 'The database records an applied migration this build does not have (the database is newer than this sitescout).',
  SS_ERR_DB_MIGRATION_FAILED: "A migration's SQL failed; its transaction was rolled back and the migrations after it were not applied.",
  SS_ERR_DB_MIGRATION_LOCKED: 'A lock the migration runner needs (the migration lock, or a table lock a migration takes) was held elsewhere for longer than migrationLockTimeoutMs.',
  SS_ERR_DOMAIN_BLOCKED: 'A crawl run read nothing: the site refused us (401/403/429 or a challenge page); recorded on the run.',
  SS_ERR_DOMAIN_UNREACHABLE: 'A crawl run read nothing: the site could not be reached (DNS, refused, TLS); recorded on the run.',
  SS_ERR_DOMAIN_TIMED_OUT: 'A crawl run read nothing before its time budget ran out; recorded on the run.',
  SS_ERR_CRAWL_FAILED: "A crawl job failed for good (its retries ran out) for a reason that is not the site's (the database, a bug); recorded on the run or on the sitemap file.",
  SS_ERR_JOB_BUSY: 'The domain already has crawl jobs queued or running; the new run was not started (a domain is never crawled twice at once).',
  SS_ERR_CONTACT_HTTP_STATUS: 'A page chosen for contact extraction answered with a status other than 2xx; recorded on the page.',
  SS_ERR_CONTACT_OFF_SITE: 'A page chosen for contact extraction redirected to another site; it was not read (recorded on the page).',
  SS_ERR_CONTACT_ROBOTS: "A page chosen for contact extraction is disallowed for sitescout's user agent by robots.txt; it was not fetched.",
  SS_ERR_CONTACT_NOT_HTML: 'The page given to contact extraction is not HTML (NUL bytes, a PDF, image or archive signature, or a binary Content-Type); `found` names what.',
  SS_ERR_LIMIT_PAGE_BYTES: 'The page given to contact extraction is larger than maxPageBytes; it was not decoded.',
  SS_ERR_JOB_PAYLOAD_INVALID: 'A job payload failed validation when enqueued or fetched; `issues` lists each problem.',
  SS_ERR_VALIDATION: 'An HTTP request was rejected as malformed: it failed validation (HTTP 400, the message names the field), or its body could not be read (unsupported media type, too large, bad JSON).',
  SS_ERR_NOT_FOUND: 'No HTTP route matches the method and path, or the run or domain it names does not exist; HTTP 404.',
  SS_ERR_UNAUTHORIZED: 'The HTTP request carries no API key, or one that is unknown or revoked (`Authorization: Bearer <key>` or `x-api-key`); HTTP 401.',
  SS_ERR_PAYLOAD_TOO_LARGE: 'The request body or upload is larger than maxRequestBodyBytes / maxUploadBytes, or lists more domains than maxDomainsPerSubmission; HTTP 413, nothing was enqueued.',
  SS_ERR_OVERLOADED: 'The service is shedding load (memory above memorySoftLimitBytes) and takes no new crawl submissions; HTTP 503 with Retry-After.',
  SS_ERR_ENRICHMENT_SIGNATURE:
    'An enrichment callback was refused (HTTP 401): x-sitescout-signature is missing, malformed, or not the HMAC-SHA256 of its timestamp and body under the shared secret.',
  SS_ERR_ENRICHMENT_TIMESTAMP:
    'An enrichment callback was refused (HTTP 401): x-sitescout-timestamp is missing, not Unix seconds, or further than enrichmentClockToleranceSeconds from our clock (a replayed or delayed request).',
  SS_ERR_ENRICHMENT_REJECTED: 'The enrichment endpoint refused a contact with a 4xx other than 429; it is not retried, and the contact is failed (recorded in enrichment_error).',
  SS_ERR_ENRICHMENT_SEND:
    'Sending a contact to the enrichment endpoint failed (network error, timeout, 429 or 5xx); the job retries with backoff, and after its last retry the contact is failed.',
  SS_ERR_ENRICHMENT_NO_RESULT: 'No enrichment result came back before the deadline after enrichmentMaxSends POSTs; the contact is failed.',
  SS_ERR_INTERNAL: 'An unexpected server error; HTTP 500 with message "internal error" (the details are logged, never sent).',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface SitescoutErrorOptions {
  cause?: unknown;
  /** Byte offset in the decoded document where the problem was found. */
  offset?: number | null;
  url?: string | null;
}

export class SitescoutError extends Error {
  override name = 'SitescoutError';
  readonly code: ErrorCode;
  readonly offset: number | null;
  readonly url: string | null;

  constructor(code: ErrorCode, message: string, options: SitescoutErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.offset = options.offset ?? null;
    this.url = options.url ?? null;
  }
}

/** The XML is malformed; `offset` is where the parser stopped. */
export class SitemapSyntaxError extends SitescoutError {
  override name = 'SitemapSyntaxError';
  constructor(message: string, offset: number, options: Omit<SitescoutErrorOptions, 'offset'> = {}) {
    super('SS_ERR_SITEMAP_SYNTAX', `${message} (at byte ${offset})`, { ...options, offset });
  }
}

/** The document is something else (HTML, JSON, binary, …); `found` names what. */
export class NotASitemapError extends SitescoutError {
  override name = 'NotASitemapError';
  readonly found: string;
  constructor(found: string, options: SitescoutErrorOptions = {}) {
    super('SS_ERR_NOT_A_SITEMAP', `not a sitemap: found ${found}`, options);
    this.found = found;
  }
}

export type LimitCode = Extract<ErrorCode, `SS_ERR_LIMIT_${string}`>;

/** A named limit tripped. Everything read before it was yielded. */
export class LimitExceededError extends SitescoutError {
  override name = 'LimitExceededError';
  /** The limit's name in the settings table, e.g. `maxTokenBytes`. */
  readonly limit: string;
  readonly limitValue: number;
  readonly actual: number;
  constructor(code: LimitCode, limit: string, limitValue: number, actual: number, options: SitescoutErrorOptions = {}) {
    const where = options.offset == null ? '' : ` at byte ${options.offset}`;
    super(code, `limit ${limit} (${limitValue}) exceeded: ${actual}${where}`, options);
    this.limit = limit;
    this.limitValue = limitValue;
    this.actual = actual;
  }
}

/** A page handed to contact extraction is not HTML; `found` names what it is instead. */
export class NotHtmlError extends SitescoutError {
  override name = 'NotHtmlError';
  readonly found: string;
  constructor(found: string, options: SitescoutErrorOptions = {}) {
    super('SS_ERR_CONTACT_NOT_HTML', `not an HTML page: found ${found}`, options);
    this.found = found;
  }
}

export class GzipError extends SitescoutError {
  override name = 'GzipError';
}

/** True when `error` is a SitescoutError (any subclass), typed for the `catch (error: unknown)` idiom. */
export function isSitescoutError(error: unknown): error is SitescoutError {
  return error instanceof SitescoutError;
}
