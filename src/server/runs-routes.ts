import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';
import type { ApiLimits } from '../config.js';
import type { Database } from '../db/index.js';
import { listRuns, readRunProgress } from '../inventory/index.js';
import { enqueueTargets, type JobQueue } from '../jobs/index.js';
import type { MemoryWatchdog } from '../observability/index.js';
import { collectUploadedDomains, createDomainCollector, type CollectedDomains } from './collect-domains.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { HttpError } from './http-error.js';
import { errorResponses, limitQuery, runProgressSchema, runSummarySchema } from './schemas.js';
import { rejectWhenShedding } from './shed-load.js';

export interface RunsRoutesDeps {
  db: Database;
  queue?: Partial<Pick<JobQueue, 'isBusy' | 'enqueueDiscover'>> | undefined;
  watchdog?: Pick<MemoryWatchdog, 'state'> | undefined;
  limits: Readonly<ApiLimits>;
}

/** The media types POST /v1/runs reads as a streamed domain list rather than JSON. */
export const UPLOAD_MEDIA_TYPES = ['text/plain', 'text/csv'] as const;

const lineItem = (extra: Record<string, object>) =>
  ({
    type: 'object',
    properties: { line: { type: 'integer', description: 'The 1-based line of the upload, or position in `domains`.' }, input: { type: 'string' }, ...extra },
  }) as const;

const submissionResponse = {
  type: 'object',
  required: ['runs', 'busy', 'errors', 'duplicates'],
  properties: {
    runs: { type: 'array', description: 'One new crawl run per domain enqueued.', items: lineItem({ domain: { type: 'string' }, runId: { type: 'integer' } }) },
    busy: { type: 'array', description: 'Domains already being crawled: no second run was started.', items: lineItem({ domain: { type: 'string' } }) },
    errors: { type: 'array', description: 'Lines that name no usable domain; the others were enqueued.', items: lineItem({ code: { type: 'string' }, message: { type: 'string' } }) },
    duplicates: { type: 'integer', description: 'Lines naming a domain an earlier line named.' },
  },
} as const;

const RUNS_CURSOR = 'runs';

/** POST /v1/runs (submit domains), GET /v1/runs (newest first, cursor-paginated), GET /v1/runs/:id (live progress). */
export async function runsRoutes(app: FastifyInstance, deps: RunsRoutesDeps): Promise<void> {
  const { db, limits } = deps;

  // A text or CSV body reaches the handler as the raw request stream, read there line by line (never buffered
  // whole, unlike Fastify's own text parser), with its own size cap: Fastify's bodyLimit only covers parsers that
  // buffer. A declared Content-Length over the cap is refused before a byte is read.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser([...UPLOAD_MEDIA_TYPES], (request, payload, done) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxUploadBytes) {
      done(new HttpError(413, 'SS_ERR_PAYLOAD_TOO_LARGE', `the upload is larger than ${limits.maxUploadBytes} bytes (maxUploadBytes); nothing was enqueued`), undefined);
      return;
    }
    done(null, payload);
  });

  app.post(
    '/v1/runs',
    {
      bodyLimit: limits.maxRequestBodyBytes,
      preHandler: rejectWhenShedding(deps.watchdog),
      schema: {
        summary: 'Submit domains to crawl',
        description: `A JSON list (\`{ "domains": [...] }\`, at most ${limits.maxRequestBodyBytes} bytes) or a text/CSV upload, one domain per line or a CSV's first column (at most ${limits.maxUploadBytes} bytes, read as it arrives; \`#\` comments, blank lines and a header row are skipped). At most ${limits.maxDomainsPerSubmission} distinct domains. Bad lines are reported per line and the rest enqueued; a domain already being crawled is reported as busy.`,
        tags: ['runs'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { contacts: { type: 'boolean', description: 'For uploads: also extract contacts when each crawl finishes (JSON bodies say so in `contacts`).' } },
        },
        body: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['domains'],
                additionalProperties: false,
                properties: {
                  domains: { type: 'array', minItems: 1, items: { type: 'string', maxLength: 2048 }, description: 'Domains or site URLs: example.com, https://www.example.com/, host:port.' },
                  contacts: { type: 'boolean', default: false, description: 'Also extract contacts when each crawl finishes.' },
                },
              },
            },
            // Validated line by line by the handler; the OpenAPI document shows these as binary uploads (api-docs.ts).
            'text/csv': { schema: { description: 'One domain per line, or a CSV whose first column holds them.' } },
            'text/plain': { schema: { description: 'One domain per line.' } },
          },
        },
        response: { 202: { description: 'The runs started, the busy domains and the bad lines.', ...submissionResponse }, ...errorResponses(400, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const query = request.query as { contacts?: boolean };
      let collected: CollectedDomains;
      let withContacts = query.contacts === true;
      if (request.body !== null && typeof request.body === 'object' && 'domains' in request.body) {
        const body = request.body as { domains: string[]; contacts?: boolean };
        withContacts = body.contacts ?? withContacts;
        const collector = createDomainCollector(limits.maxDomainsPerSubmission);
        body.domains.forEach((input, i) => collector.add(i + 1, input));
        collected = collector.result();
      } else if (request.body === undefined || request.body === null) {
        // An empty body (Content-Length: 0) never reaches a content-type parser.
        collected = createDomainCollector(limits.maxDomainsPerSubmission).result();
      } else {
        try {
          collected = await collectUploadedDomains(request.body as Readable, { maxBytes: limits.maxUploadBytes, maxDomains: limits.maxDomainsPerSubmission });
        } catch (error: unknown) {
          // The rest of an oversized upload is not worth reading: close the connection instead of draining it.
          if (error instanceof HttpError && error.statusCode === 413) void reply.header('connection', 'close');
          throw error;
        }
      }
      if (collected.targets.length === 0) {
        const first = collected.errors[0];
        const detail = first === undefined ? 'the list is empty' : `${collected.errors.length} bad line(s); line ${first.line} ${JSON.stringify(first.input)}: ${first.message}`;
        throw new HttpError(400, 'SS_ERR_VALIDATION', `no usable domain (${detail})`);
      }
      const queue = deps.queue;
      if (queue?.isBusy === undefined || queue.enqueueDiscover === undefined) throw new Error('POST /v1/runs: the server was built without a job queue');
      const enqueued = await enqueueTargets(
        { db, queue: { isBusy: queue.isBusy.bind(queue), enqueueDiscover: queue.enqueueDiscover.bind(queue) } },
        collected.targets.map((t) => t.target),
        { withContacts },
      );
      const runs: Array<{ line: number; input: string; domain: string; runId: number }> = [];
      const busy: Array<{ line: number; input: string; domain: string }> = [];
      enqueued.forEach((result, i) => {
        const { line, target } = collected.targets[i]!;
        if (result.runId === null) busy.push({ line, input: target.input, domain: result.host });
        else runs.push({ line, input: target.input, domain: result.host, runId: result.runId });
      });
      request.log.info({ runs: runs.length, busy: busy.length, errors: collected.errors.length }, 'domains submitted');
      return reply.code(202).send({ runs, busy, errors: collected.errors, duplicates: collected.duplicates });
    },
  );

  app.get(
    '/v1/runs',
    {
      schema: {
        summary: 'List crawl runs, newest first',
        tags: ['runs'],
        querystring: { type: 'object', additionalProperties: false, properties: limitQuery(limits.maxPageSize) },
        response: {
          200: {
            type: 'object',
            required: ['items', 'next_cursor'],
            properties: { items: { type: 'array', items: runSummarySchema }, next_cursor: { type: 'string', nullable: true, description: 'Pass as `cursor` for the next page; null on the last.' } },
          },
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query as { limit: number; cursor?: string };
      const beforeId = cursor === undefined ? null : decodeCursor(RUNS_CURSOR, cursor, 'number');
      // One row more than asked says whether another page exists, so next_cursor is null exactly on the last page.
      const rows = await listRuns(db, { limit: limit + 1, beforeId });
      const items = rows.slice(0, limit);
      return { items, next_cursor: rows.length > limit ? encodeCursor(RUNS_CURSOR, items.at(-1)!.id) : null };
    },
  );

  app.get(
    '/v1/runs/:id',
    {
      schema: {
        summary: "A crawl run's live progress",
        tags: ['runs'],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } } },
        response: { 200: runProgressSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { id } = request.params as { id: number };
      const progress = await readRunProgress(db, id);
      if (progress === null) throw new HttpError(404, 'SS_ERR_NOT_FOUND', `no crawl run ${id}`);
      return progress;
    },
  );
}
