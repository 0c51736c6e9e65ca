import { CONTACT_EXPORT_COLUMNS } from '../contacts/index.js';
import { CRAWL_PHASES, CRAWL_RUN_STATUSES, DOMAIN_OUTCOME_VALUES, RUN_STOP_REASONS } from '../db/index.js';
import { EXPORT_COLUMNS } from '../inventory/index.js';

/*
 * The JSON Schemas of the API's inputs and outputs. Fastify validates every input with them (params, querystring,
 * body) and serialises every JSON output through them; @fastify/swagger turns the same objects into the OpenAPI
 * document at /docs/json, so the document cannot drift from what the routes accept.
 */

const nullable = <T extends object>(schema: T): T & { nullable: true } => ({ ...schema, nullable: true });

/** The one error shape (error-handler.ts). */
export const errorSchema = {
  type: 'object',
  required: ['statusCode', 'code', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', description: 'A stable SS_ERR_* code (docs/errors.md).' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
} as const;

/** The error responses every authenticated route can give, plus the ones listed. */
export function errorResponses(...statuses: number[]): Record<number, typeof errorSchema & { description: string }> {
  const descriptions: Record<number, string> = {
    400: 'The request failed validation (SS_ERR_VALIDATION) or names a malformed domain (SS_ERR_DISCOVERY_INPUT).',
    401: 'No API key, or an unknown or revoked one (SS_ERR_UNAUTHORIZED).',
    404: 'No such run or domain (SS_ERR_NOT_FOUND).',
    409: 'The run has not finished yet (SS_ERR_VALIDATION).',
    413: 'The body or upload is too large, or lists too many domains (SS_ERR_PAYLOAD_TOO_LARGE).',
    415: 'The Content-Type is not accepted (SS_ERR_VALIDATION).',
    500: 'An unexpected error (SS_ERR_INTERNAL); the details are logged, never sent.',
    503: 'The service is shedding load (SS_ERR_OVERLOADED); retry after Retry-After seconds.',
  };
  const out: Record<number, typeof errorSchema & { description: string }> = {};
  for (const status of [401, ...statuses, 500]) out[status] = { ...errorSchema, description: descriptions[status] ?? 'Error' };
  return out;
}

export const limitQuery = (maxPageSize: number) =>
  ({
    limit: { type: 'integer', minimum: 1, maximum: maxPageSize, default: Math.min(100, maxPageSize), description: `Rows per page (1 to ${maxPageSize}).` },
    cursor: { type: 'string', minLength: 1, maxLength: 8192, description: 'The previous page’s next_cursor; absent for the first page.' },
  }) as const;

export const domainParams = {
  type: 'object',
  required: ['domain'],
  properties: { domain: { type: 'string', minLength: 1, maxLength: 300, description: 'The domain as given to a crawl: example.com, www.example.com, host:port.' } },
} as const;

const counts = {
  type: 'object',
  required: ['new', 'updated', 'gone', 'seen'],
  properties: { new: { type: 'integer' }, updated: { type: 'integer' }, gone: { type: 'integer' }, seen: { type: 'integer' } },
} as const;

const runSummaryProperties = {
  id: { type: 'integer' },
  domain: { type: 'string' },
  status: { type: 'string', enum: [...CRAWL_RUN_STATUSES] },
  outcome: nullable({ type: 'string', enum: [...DOMAIN_OUTCOME_VALUES, null] }),
  startedAt: nullable({ type: 'string', format: 'date-time' }),
  finishedAt: nullable({ type: 'string', format: 'date-time' }),
  sitemaps: { type: 'integer', description: 'Sitemap files read.' },
  pages: counts,
  error: nullable({ type: 'string' }),
} as const;

export const runSummarySchema = { type: 'object', required: Object.keys(runSummaryProperties), properties: runSummaryProperties } as const;

const runProgressProperties = {
  ...runSummaryProperties,
  withContacts: { type: 'boolean' },
  phase: { type: 'string', enum: [...CRAWL_PHASES], description: "'published': robots.txt, page links and their trees; 'well-known': the probes after them." },
  files: {
    type: 'object',
    required: ['total', 'done', 'failed'],
    description: 'Sitemap files admitted into the run; done = read, not modified, failed or not read.',
    properties: { total: { type: 'integer' }, done: { type: 'integer' }, failed: { type: 'integer' } },
  },
  urlsTaken: { type: 'integer', description: 'URL entries granted so far against maxUrlsPerDomain.' },
  stopReason: nullable({ type: 'string', enum: [...RUN_STOP_REASONS, null], description: 'Why reading stopped early, if it did.' }),
  errorCode: nullable({ type: 'string' }),
} as const;

export const runProgressSchema = { type: 'object', required: Object.keys(runProgressProperties), properties: runProgressProperties } as const;

const cell = { type: ['string', 'number', 'null'] } as const;

export const pageRecordSchema = {
  type: 'object',
  description: 'A page of the inventory: the columns of the CSV export, dates as ISO-8601.',
  properties: Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, cell])),
} as const;

export const contactRecordSchema = {
  type: 'object',
  description: 'A contact: the columns of the contact export.',
  properties: Object.fromEntries(CONTACT_EXPORT_COLUMNS.map((c) => [c, {}])),
} as const;

/** A text body the route streams itself (NDJSON or CSV): documented, not serialised. */
export const streamed = (description: string) => ({ type: 'string', description }) as const;
