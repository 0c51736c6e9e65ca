import type { FastifyInstance } from 'fastify';
import type { ApiLimits } from '../config.js';
import { exportContacts } from '../contacts/index.js';
import type { Database } from '../db/index.js';
import { normalizeDomainInput } from '../discovery/index.js';
import { SitescoutError } from '../errors.js';
import { exportPages, findDomainId, pageRecord, readPageBatch } from '../inventory/index.js';
import { buildStoredReport } from '../jobs/index.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { HttpError } from './http-error.js';
import { sendStream } from './send-stream.js';
import { contactRecordSchema, domainParams, errorResponses, limitQuery, pageRecordSchema, streamed } from './schemas.js';

export interface DomainRoutesDeps {
  db: Database;
  limits: Readonly<ApiLimits>;
  /** analysis' duplicateBudgetBytes, for reports. */
  duplicateBudgetBytes: number;
}

const NDJSON = 'application/x-ndjson';
const CSV = 'text/csv; charset=utf-8';
const PAGES_CURSOR = 'pages';

/** The host a `:domain` parameter names, normalised as crawl stores it: 400 when malformed. */
function hostOf(domain: string): string {
  try {
    return normalizeDomainInput(domain).host;
  } catch (error: unknown) {
    throw new HttpError(400, error instanceof SitescoutError ? error.code : 'SS_ERR_VALIDATION', error instanceof Error ? error.message : String(error));
  }
}

/** The stored domain a request names: 400 when malformed, 404 when never crawled. */
async function storedDomain(db: Database, domain: string): Promise<{ host: string; domainId: number }> {
  const host = hostOf(domain);
  const domainId = await findDomainId(db, host);
  if (domainId === null) throw new HttpError(404, 'SS_ERR_NOT_FOUND', `${host}: never crawled (no such domain in the inventory)`);
  return { host, domainId };
}

const formatQuery = (formats: readonly string[], fallback: string) => ({ type: 'string', enum: [...formats], default: fallback }) as const;

/** A domain's stored report, pages and contacts, and the contact export of every domain. */
export async function domainRoutes(app: FastifyInstance, deps: DomainRoutesDeps): Promise<void> {
  const { db, limits } = deps;

  app.get(
    '/v1/domains/:domain/report',
    {
      schema: {
        summary: "A domain's analysis report, from a stored crawl run",
        description: 'What `sitescout report --json` prints: the latest completed run (or `?run=`) replayed into the analyzer; nothing is fetched.',
        tags: ['domains'],
        params: domainParams,
        querystring: { type: 'object', additionalProperties: false, properties: { run: { type: 'integer', minimum: 1, description: "A run of this domain (default: its latest completed one)." } } },
        response: {
          200: {
            type: 'object',
            required: ['domain', 'run', 'laterRunId', 'report'],
            properties: {
              domain: { type: 'string' },
              run: {
                type: 'object',
                properties: { id: { type: 'integer' }, status: { type: 'string' }, startedAt: { type: 'string', nullable: true }, finishedAt: { type: 'string' } },
              },
              laterRunId: { type: 'integer', nullable: true, description: 'A later completed run, which counts the pages and files it read again.' },
              report: { type: 'object', additionalProperties: true, description: 'The DomainReport of `sitescout analyze --json`.' },
            },
          },
          ...errorResponses(400, 404, 409),
        },
      },
    },
    async (request) => {
      const { host, domainId } = await storedDomain(db, (request.params as { domain: string }).domain);
      const runId = (request.query as { run?: number }).run ?? null;
      const stored = await buildStoredReport(db, { domainId, host, runId, duplicateBudgetBytes: deps.duplicateBudgetBytes });
      if (stored.kind === 'no-run') throw new HttpError(404, 'SS_ERR_NOT_FOUND', runId === null ? `${host}: no completed crawl run yet` : `${host}: no crawl run ${runId} of this domain`);
      const { run } = stored;
      if (stored.kind === 'unfinished') throw new HttpError(409, 'SS_ERR_VALIDATION', `${host}: crawl run ${run.id} has not finished (${run.status})`);
      return {
        domain: host,
        run: { id: run.id, status: run.status, startedAt: run.startedAt === null ? null : new Date(run.startedAt).toISOString(), finishedAt: new Date(run.finishedAt!).toISOString() },
        laterRunId: run.latestCompletedId !== null && run.latestCompletedId !== run.id ? run.latestCompletedId : null,
        report: stored.report,
      };
    },
  );

  app.get(
    '/v1/domains/:domain/pages',
    {
      schema: {
        summary: "A domain's pages",
        description:
          'JSON, one page at a time in URL order (`limit`, `cursor`; `next_cursor` is null on the last page), or with `format=ndjson|csv` every page in one streamed response of any size (`limit` and `cursor` are then ignored).',
        tags: ['domains'],
        params: domainParams,
        querystring: { type: 'object', additionalProperties: false, properties: { ...limitQuery(limits.maxPageSize), format: formatQuery(['json', 'ndjson', 'csv'], 'json') } },
        response: {
          200: {
            description: 'A page of pages (JSON), or every page (NDJSON, CSV).',
            content: {
              'application/json': {
                schema: { type: 'object', required: ['items', 'next_cursor'], properties: { items: { type: 'array', items: pageRecordSchema }, next_cursor: { type: 'string', nullable: true } } },
              },
              [NDJSON]: { schema: streamed('One JSON page per line.') },
              'text/csv': { schema: streamed('RFC 4180, a header row first.') },
            },
          },
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const { host, domainId } = await storedDomain(db, (request.params as { domain: string }).domain);
      const { limit, cursor, format } = request.query as { limit: number; cursor?: string; format: 'json' | 'ndjson' | 'csv' };
      if (format !== 'json') return sendStream(reply, format === 'csv' ? CSV : NDJSON, (signal) => exportPages(db, { domain: host, format, signal }));
      const after = cursor === undefined ? '' : decodeCursor(PAGES_CURSOR, cursor, 'string');
      const rows = await readPageBatch(db, domainId, after, limit + 1);
      const items = rows.slice(0, limit);
      return reply.type('application/json').send({ items: items.map(pageRecord), next_cursor: rows.length > limit ? encodeCursor(PAGES_CURSOR, items.at(-1)!.url) : null });
    },
  );

  app.get(
    '/v1/domains/:domain/contacts',
    {
      schema: {
        summary: "A domain's contacts",
        description: 'Every contact found on the domain, in e-mail order, as a JSON array (streamed).',
        tags: ['contacts'],
        params: domainParams,
        response: { 200: { description: 'The contacts.', content: { 'application/json': { schema: { type: 'array', items: contactRecordSchema } } } }, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { host } = await storedDomain(db, (request.params as { domain: string }).domain);
      return sendStream(reply, 'application/json; charset=utf-8', () => exportContacts(db, { domain: host, format: 'json' }));
    },
  );

  app.get(
    '/v1/contacts/export',
    {
      schema: {
        summary: 'Export contacts',
        description: "Every domain's contacts (or one domain's with `domain=`) in (domain, e-mail) order, streamed: NDJSON, or CSV with a header row.",
        tags: ['contacts'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { format: formatQuery(['ndjson', 'csv'], 'ndjson'), domain: { type: 'string', minLength: 1, maxLength: 300 } },
        },
        response: {
          200: { description: 'The contacts.', content: { [NDJSON]: { schema: streamed('One JSON contact per line.') }, 'text/csv': { schema: streamed('RFC 4180, a header row first.') } } },
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const { format, domain } = request.query as { format: 'ndjson' | 'csv'; domain?: string };
      const host = domain === undefined ? undefined : (await storedDomain(db, domain)).host;
      return sendStream(reply, format === 'csv' ? CSV : NDJSON, () => exportContacts(db, { format, ...(host === undefined ? {} : { domain: host }) }));
    },
  );
}
