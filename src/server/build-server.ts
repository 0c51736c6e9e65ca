import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { resolveAnalysisLimits, resolveApiLimits, type ApiLimits } from '../config.js';
import type { Database } from '../db/index.js';
import { enrichmentCallback } from '../enrichment/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { Logger, MemoryWatchdog, Metrics } from '../observability/index.js';
import { registerApiDocs } from './api-docs.js';
import { installApiKeyAuth } from './auth.js';
import { domainRoutes } from './domain-routes.js';
import { installErrorHandling } from './error-handler.js';
import { healthRoutes } from './health-routes.js';
import { metricsRoute } from './metrics-route.js';
import { runsRoutes } from './runs-routes.js';

export interface ServerDeps {
  db: Database;
  /** The job queue: /readyz and /metrics read it, POST /v1/runs enqueues on it (isBusy, enqueueDiscover). */
  queue?: (Pick<JobQueue, 'running' | 'jobCounts'> & Partial<Pick<JobQueue, 'isBusy' | 'enqueueDiscover'>>) | undefined;
  metrics: Metrics;
  watchdog?: Pick<MemoryWatchdog, 'state'> | undefined;
  logger?: Logger | undefined;
  /** Request limits (body and upload sizes, domains per submission, page size); default: API_LIMITS' defaults. */
  limits?: Partial<ApiLimits> | undefined;
  /** analysis' duplicateBudgetBytes, for reports; default: its default. */
  duplicateBudgetBytes?: number | undefined;
  /** When set, POST /webhooks/enrichment takes the enrichment service's signed callbacks (docs/enrichment.md). */
  enrichment?: { secret: string; clockToleranceSeconds: number } | undefined;
  /** How long /readyz waits for the database. Default 2_000. */
  readyTimeoutMs?: number | undefined;
}

const UNMATCHED_ROUTE = 'unmatched';
const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The service as an un-listened Fastify app: tests call `app.inject()`, `sitescout serve` calls `listen()`. It
 * closes nothing it was given (the database, the queue, the metrics are the caller's). Every route needs an API key
 * (auth.ts) but the probes and the docs; the /v1 routes are described by their schemas, served as OpenAPI at /docs.
 * @example
 *   const app = await buildServer({ db, metrics: createMetrics() });
 *   (await app.inject('/healthz')).json() //=> { status: 'ok' }
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    ...(deps.logger === undefined ? { logger: false } : { loggerInstance: deps.logger }),
    // Probes and scrapes arrive every few seconds; a log line each would drown the job logs. Their failures are logged.
    logController: new LogController({ disableRequestLogging: (request) => PROBE_PATHS.has(request.url.split('?')[0] ?? '') }),
    return503OnClosing: true,
    // Strict inputs: Fastify's defaults would turn `"domains": "x"` into a list (coerceTypes: 'array') and silently
    // drop unknown properties (removeAdditional). Here a scalar where a list belongs, or a property no schema names,
    // is a 400 that says so; query strings still have their numbers read from text.
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, useDefaults: true, allErrors: false } },
  }) as unknown as FastifyInstance;
  installErrorHandling(app);
  installApiKeyAuth(app, { db: deps.db });
  await registerApiDocs(app);
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: label values must stay few (/runs/:id, not /runs/1, /runs/2, …).
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    deps.metrics.httpRequestDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  await app.register(healthRoutes, { db: deps.db, queue: deps.queue, watchdog: deps.watchdog, readyTimeoutMs: deps.readyTimeoutMs });
  await app.register(metricsRoute, { metrics: deps.metrics, queue: deps.queue });
  const limits = resolveApiLimits(deps.limits ?? {});
  await app.register(runsRoutes, { db: deps.db, queue: deps.queue, watchdog: deps.watchdog, limits });
  await app.register(domainRoutes, { db: deps.db, limits, duplicateBudgetBytes: deps.duplicateBudgetBytes ?? resolveAnalysisLimits().duplicateBudgetBytes });
  if (deps.enrichment !== undefined) {
    // Public (no API key): the callback authenticates by its HMAC signature instead (config: { public: true }).
    await app.register(enrichmentCallback, {
      db: deps.db,
      ...deps.enrichment,
      logger: deps.logger,
      onOutcome: (outcome) => deps.metrics.enrichmentOutcomes.inc({ outcome }),
    });
  }
  return app;
}
