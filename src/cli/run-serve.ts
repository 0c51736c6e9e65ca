import {
  API_LIMITS,
  CRAWL_THREAD_LIMITS,
  JOB_LIMITS,
  SERVICE_LIMITS,
  resolveApiLimits,
  resolveLimits,
  resolveJobLimits,
  resolveServiceLimits,
  type ApiLimits,
  type EnrichmentSettings,
  type JobLimits,
  type ServiceLimits,
} from '../config.js';
import { resolveAlertWebhookUrl } from './alert-webhook-flag.js';
import { resolveEnrichmentFlags } from './enrichment-options.js';
import type { EnrichmentOutcome } from '../enrichment/index.js';
import type { CrawlEvent } from '../jobs/index.js';
import { createLogger, createMetrics } from '../observability/index.js';
import { openCrawlRuntime, type CrawlRuntime } from './crawl-runtime.js';
import { describeError } from './describe-error.js';
import { limitFlags } from './limit-options.js';
import type { CliIo } from './parse-command.js';
import { parseWorkers } from './run-crawl.js';
import { startCrawlThread } from './crawl-thread.js';
import { CRAWL_THREAD_ENV, CRAWL_THREAD_MODES, type ServeFlags } from './serve-command.js';
import { resolveSiteSettings, type SiteSettings } from './site-walk.js';
import { crawlEventMetrics, startService, type CrawlWorkers, type Service } from './start-service.js';

interface ServeSettings {
  site: SiteSettings;
  port: number;
  host: string;
  workers: number;
  shutdownTimeoutMs: number;
  jobLimits: Readonly<JobLimits>;
  service: Readonly<ServiceLimits>;
  api: Readonly<ApiLimits>;
  alertWebhookUrl: string;
  enrichment: EnrichmentSettings | null;
  crawlThread: (typeof CRAWL_THREAD_MODES)[number];
  crawlThreadNice: number;
}

function integer(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw new Error(`${name} ${JSON.stringify(value)}: expected an integer from ${min} to ${max}`);
  return n;
}

function resolveServeSettings(flags: ServeFlags, env: CliIo['env']): ServeSettings {
  const alertWebhookUrl = resolveAlertWebhookUrl(flags.alertWebhookUrl, env);
  const jobLimits = resolveJobLimits(limitFlags(flags, JOB_LIMITS), env);
  return {
    site: resolveSiteSettings(flags, env),
    port: integer('--port', flags.port, 8080, 0, 65_535),
    host: flags.host ?? '127.0.0.1',
    workers: flags.workers === false ? 0 : parseWorkers(flags.workers),
    shutdownTimeoutMs: jobLimits.shutdownTimeoutMs,
    jobLimits,
    service: resolveServiceLimits(limitFlags(flags, SERVICE_LIMITS), env),
    api: resolveApiLimits(limitFlags(flags, API_LIMITS), env),
    alertWebhookUrl,
    enrichment: resolveEnrichmentFlags(flags as ServeFlags & Record<string, unknown>, env),
    crawlThread: crawlThreadMode(flags.crawlThread ?? env[CRAWL_THREAD_ENV]),
    crawlThreadNice: resolveLimits(CRAWL_THREAD_LIMITS, limitFlags(flags, CRAWL_THREAD_LIMITS), env).crawlThreadNice,
  };
}

/** The environment without unset entries: a thread's process.env would turn them into the string "undefined". */
function definedOnly(env: CliIo['env']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  return out;
}

function crawlThreadMode(value: string | undefined): ServeSettings['crawlThread'] {
  if (value === undefined || value === '') return 'auto';
  const mode = CRAWL_THREAD_MODES.find((m) => m === value);
  if (mode === undefined) throw new Error(`--crawl-thread (${CRAWL_THREAD_ENV}) ${JSON.stringify(value)}: expected ${CRAWL_THREAD_MODES.join(' or ')}`);
  return mode;
}

export async function runServe(flags: ServeFlags, io: CliIo): Promise<number> {
  let settings: ServeSettings;
  try {
    settings = resolveServeSettings(flags, io.env);
  } catch (error: unknown) {
    io.stderr.write(`sitescout serve: ${describeError(error)}\n`);
    return 2;
  }
  const logger = createLogger({ ...(io.env.SITESCOUT_LOG_LEVEL === undefined ? {} : { level: io.env.SITESCOUT_LOG_LEVEL }), destination: io.stderr }).child({ component: 'serve' });
  const metrics = createMetrics();
  const countEvent = crawlEventMetrics(metrics);
  const onEvent = (event: CrawlEvent): void => {
    countEvent(event);
    if (event.type === 'run-finished') logger.info({ runId: event.runId, domain: event.domain, status: event.status, outcome: event.outcome }, 'run finished');
    else if (event.type === 'sitemap' && event.error !== null) logger.warn({ runId: event.runId, url: event.url, err: event.error }, 'sitemap file not read in full');
  };
  const onEnrichmentOutcome = (outcome: EnrichmentOutcome): void => metrics.enrichmentOutcomes.inc({ outcome });
  let runtime: CrawlRuntime;
  try {
    runtime = await openCrawlRuntime(settings.site, io, {
      dataDir: flags.dataDir,
      jobLimits: settings.jobLimits,
      logger,
      enrichment: settings.enrichment,
      onEnrichmentOutcome,
      onEvent,
    });
  } catch (error: unknown) {
    metrics.close();
    io.stderr.write(`sitescout serve: ${describeError(error)}\n`);
    return 1;
  }
  // Signals are taken from here on: one that comes while the service starts stops it as soon as it has started.
  let service: Service | null = null;
  let signalled: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    signalled ??= signal;
    service?.stop(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    service = await startService({
      runtime,
      logger,
      port: settings.port,
      host: settings.host,
      workers: settings.workers,
      shutdownTimeoutMs: settings.shutdownTimeoutMs,
      ...settings.service,
      alertWebhookUrl: settings.alertWebhookUrl,
      metrics,
      enrichment: settings.enrichment === null ? undefined : { secret: settings.enrichment.secret, clockToleranceSeconds: settings.enrichment.enrichmentClockToleranceSeconds },
      apiLimits: settings.api,
      duplicateBudgetBytes: settings.site.analysis.duplicateBudgetBytes,
      // The embedded database lives on this thread: only PostgreSQL can be reached from a second one.
      ...(settings.crawlThread === 'auto' && runtime.db.engine === 'postgres'
        ? {
            startWorkers: async (workers: number, onFailure: (error: Error) => void): Promise<CrawlWorkers> => {
              const thread = await startCrawlThread(
                { settings: settings.site, env: definedOnly(io.env), jobLimits: settings.jobLimits, enrichment: settings.enrichment, workers, nice: settings.crawlThreadNice, logLevel: io.env.SITESCOUT_LOG_LEVEL },
                {
                  onEvent,
                  onEnrichmentOutcome,
                  onStats: (stats) => {
                    metrics.crawlThread.setHeap(stats.heapUsedBytes, stats.heapTotalBytes);
                    for (const [kind, seconds] of stats.gcPauses) metrics.crawlThread.observeGcPause(kind, seconds);
                  },
                  onFailure: (error) => {
                    metrics.crawlThread.setUtilizationSource(null);
                    onFailure(error);
                  },
                },
              );
              metrics.crawlThread.setUtilizationSource(() => thread.utilization());
              return {
                where: `crawl thread ${thread.threadId} (nice ${thread.nice})`,
                pause: thread.pause,
                resume: thread.resume,
                close: async (options) => {
                  await thread.close(options);
                  metrics.crawlThread.setUtilizationSource(null);
                },
              };
            },
          }
        : {}),
    });
    io.stdout.write(`listening on ${service.url}\n`);
    if (signalled !== null) service.stop(signalled);
    return await service.done;
  } catch (error: unknown) {
    await runtime.close({ timeoutMs: settings.shutdownTimeoutMs }).catch(() => undefined);
    io.stderr.write(`sitescout serve: ${describeError(error)}\n`);
    return 1;
  } finally {
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
  }
}
