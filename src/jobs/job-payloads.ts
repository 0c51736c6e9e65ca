import { SitescoutError } from '../errors.js';
import { z } from 'zod';

/** The job kinds, each a pg-boss queue of that name with a dead-letter queue `<kind>-dead`. */
export const JOB_KINDS = ['discover-domain', 'fetch-sitemap', 'scrape-contacts', 'enrich-contact'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** The dead-letter queue of a kind: where a job lands once its retries are exhausted, with its last error. */
export function deadLetterQueueOf(kind: JobKind): `${JobKind}-dead` {
  return `${kind}-dead`;
}

const domain = z.string().trim().min(1).max(253);
/** crawl_runs.id, or null when the discover job is to open a run of its own. */
const runId = z.number().int().positive();

export const discoverDomainPayload = z
  .object({
    domain,
    runId: runId.nullable(),
    /** What the user gave when it says more than the host: a scheme (http://…) or a sitemap URL to read first. */
    input: z.string().trim().min(1).max(2048).optional(),
  })
  .strict();

/** One sitemap file of a run: the rest (URL, how it was found, its ancestors) is in the run's ledger. */
export const fetchSitemapPayload = z
  .object({
    domain,
    runId,
    urlKey: z.string().min(1).max(2048),
  })
  .strict();

/** A domain's contact extraction, after its crawl run (the run gives robots.txt and the site's origin). */
export const scrapeContactsPayload = z
  .object({
    domain,
    runId,
  })
  .strict();

/**
 * One contact sent to the enrichment endpoint under one enrichment id (its retries resend the same id, so a callback
 * answering an attempt that seemed to time out still counts). The domain is for the logs.
 */
export const enrichContactPayload = z
  .object({
    domain,
    contactId: z.number().int().positive(),
    enrichmentId: z.string().uuid(),
  })
  .strict();

export type EnrichContactPayload = z.infer<typeof enrichContactPayload>;
export type DiscoverDomainPayload = z.infer<typeof discoverDomainPayload>;
export type ScrapeContactsPayload = z.infer<typeof scrapeContactsPayload>;
export type FetchSitemapPayload = z.infer<typeof fetchSitemapPayload>;

/** The payload type of each kind. */
export interface JobPayloads {
  'discover-domain': DiscoverDomainPayload;
  'fetch-sitemap': FetchSitemapPayload;
  'scrape-contacts': ScrapeContactsPayload;
  'enrich-contact': EnrichContactPayload;
}

export const PAYLOAD_SCHEMAS: { [K in JobKind]: z.ZodType<JobPayloads[K]> } = {
  'discover-domain': discoverDomainPayload,
  'fetch-sitemap': fetchSitemapPayload,
  'scrape-contacts': scrapeContactsPayload,
  'enrich-contact': enrichContactPayload,
};

/** A payload that failed validation: at enqueue (the caller's mistake) or at dequeue (a job no handler can run). */
export class JobPayloadError extends SitescoutError {
  override name = 'JobPayloadError';
  readonly kind: JobKind;
  readonly issues: string[];

  constructor(kind: JobKind, issues: string[], options?: { cause?: unknown }) {
    super('SS_ERR_JOB_PAYLOAD_INVALID', `invalid ${kind} payload: ${issues.join('; ')}`, options);
    this.kind = kind;
    this.issues = issues;
  }
}

/**
 * The payload typed, or a JobPayloadError listing every problem.
 * @example
 *   parsePayload('discover-domain', { domain: 'example.com', runId: null }) //=> { domain: 'example.com', runId: null }
 */
export function parsePayload<K extends JobKind>(kind: K, value: unknown): JobPayloads[K] {
  const result = PAYLOAD_SCHEMAS[kind].safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`);
  throw new JobPayloadError(kind, issues, { cause: result.error });
}
