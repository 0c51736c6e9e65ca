import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Database } from '../db/index.js';
import { enrichmentCallback } from '../enrichment/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { Logger, MemoryWatchdog, Metrics } from '../observability/index.js';
import { installErrorHandling } from './error-handler.js';
import { healthRoutes } from './health-routes.js';
import { metricsRoute } from './metrics-route.js';

export interface ServerDeps {
  db: Database;
  queue?: Pick<JobQueue, 'running' | 'jobCounts'> | undefined;
  metrics: Metrics;
  watchdog?: Pick<MemoryWatchdog, 'state'> | undefined;
  logger?: Logger | undefined;
  /** Reserved for the authenticated routes (not in this slice). */
  apiKeys?: readonly string[] | undefined;
  /** When set, POST /webhooks/enrichment takes the enrichment service's signed callbacks (docs/enrichment.md). */
  enrichment?: { secret: string; clockToleranceSeconds: number } | undefined;
  /** How long /readyz waits for the database. Default 2_000. */
  readyTimeoutMs?: number | undefined;
}

const UNMATCHED_ROUTE = 'unmatched';
const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The service as an un-listened Fastify app: tests call `app.inject()`, `sitescout serve` calls `listen()`. It
 * closes nothing it was given (the database, the queue, the metrics are the caller's).
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
  }) as unknown as FastifyInstance;
  installErrorHandling(app);
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: label values must stay few (/runs/:id, not /runs/1, /runs/2, …).
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    deps.metrics.httpRequestDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  await app.register(healthRoutes, { db: deps.db, queue: deps.queue, watchdog: deps.watchdog, readyTimeoutMs: deps.readyTimeoutMs });
  await app.register(metricsRoute, { metrics: deps.metrics, queue: deps.queue });
  if (deps.enrichment !== undefined) {
    await app.register(enrichmentCallback, {
      db: deps.db,
      ...deps.enrichment,
      logger: deps.logger,
      onOutcome: (outcome) => deps.metrics.enrichmentOutcomes.inc({ outcome }),
    });
  }
  return app;
}
