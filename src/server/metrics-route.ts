import type { FastifyInstance } from 'fastify';
import type { JobQueue } from '../jobs/index.js';
import type { Metrics } from '../observability/index.js';

export interface MetricsDeps {
  metrics: Metrics;
  queue?: Pick<JobQueue, 'jobCounts'> | undefined;
}

/**
 * /metrics in the Prometheus text format, from the app's own registry. Job counts are read from the queue at scrape
 * time (one GROUP BY), so they cost nothing between scrapes.
 */
export async function metricsRoute(app: FastifyInstance, deps: MetricsDeps): Promise<void> {
  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics',
        description: 'The Prometheus text format. Needs an API key like the API: in the scrape config, `authorization: { credentials: ss_… }` (type Bearer is the default).',
        tags: ['service'],
      },
    },
    async (request, reply) => {
      if (deps.queue !== undefined) {
        try {
          const counts = await deps.queue.jobCounts();
          deps.metrics.jobs.reset();
          for (const { queue, state, count } of counts) deps.metrics.jobs.set({ queue, state }, count);
        } catch (error: unknown) {
          request.log.warn({ err: error }, 'counting jobs for /metrics failed');
        }
      }
      return reply.type(deps.metrics.contentType).send(await deps.metrics.render());
    },
  );
}
