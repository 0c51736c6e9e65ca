import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { JOB_LIMITS } from '../config.js';
import type { Database } from '../db/index.js';
import { createBossDb } from './boss-db.js';
import { type JobErrorRecord, type JobLogger, silentLogger, toErrorRecord } from './job-logger.js';
import {
  type DiscoverDomainPayload,
  type FetchSitemapPayload,
  type ScrapeContactsPayload,
  type EnrichContactPayload,
  JOB_KINDS,
  type JobKind,
  type JobPayloads,
  deadLetterQueueOf,
  parsePayload,
} from './job-payloads.js';
import { type InFlightJob, type JobHandler, runWorkerSlot } from './run-worker-slot.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** How a kind retries: pg-boss's retryLimit, retryDelay (seconds) and retryBackoff (doubling delay with jitter). */
export interface RetryPolicy {
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  retryLimit: JOB_LIMITS.jobRetryLimit.default,
  retryDelaySeconds: JOB_LIMITS.jobRetryDelaySeconds.default,
  retryBackoff: true,
});

export interface JobQueueOptions {
  db: Database;
  /** The schema pg-boss keeps its tables in (created on start). Default `pgboss`. */
  schema?: string;
  logger?: JobLogger;
  retry?: Partial<RetryPolicy>;
  /** A kind's own policy over `retry` (enrich-contact: the enrichment endpoint's retries and backoff). */
  retryByKind?: Partial<Record<JobKind, Partial<RetryPolicy>>>;
  /** How long an idle worker waits before asking for a job again. Default 2_000. */
  pollIntervalMs?: number;
  /**
   * How long a job may stay active before pg-boss counts it failed and retries it: how soon the work of a worker
   * killed mid-job (kill -9, a lost machine) is picked up by another. Default 600 (10 minutes); keep it above the
   * longest single sitemap file's read. (JOB_LIMITS.jobExpireSeconds)
   */
  expireInSeconds?: number;
  /**
   * How often pg-boss's maintenance (expiry, archiving) runs: an expired job waits up to this long more before it
   * is retried. Default 60 (JOB_LIMITS.jobMaintenanceIntervalSeconds).
   */
  maintenanceIntervalSeconds?: number;
}

export const DEFAULT_JOB_EXPIRE_SECONDS = JOB_LIMITS.jobExpireSeconds.default;

export interface StopOptions {
  /** Wait for in-flight handlers (up to `timeoutMs`) before releasing them. Default true. */
  graceful?: boolean;
  /** The deadline for in-flight handlers. Default 30_000. */
  timeoutMs?: number;
}

export type JobHandlers = { [K in JobKind]?: JobHandler<K> };

/** A job whose retries ran out, as its dead-letter queue holds it. */
export type DeadLetter = {
  [K in JobKind]: {
    kind: K;
    /** The dead-letter job's id (pg-boss gives the copy an id of its own). */
    id: string;
    /** The payload, or null when it no longer validates. */
    payload: JobPayloads[K] | null;
    data: unknown;
    /** The last error the job failed with. */
    error: JobErrorRecord | null;
    createdOn: Date;
  };
}[JobKind];

export interface JobQueue {
  /** Creates (or migrates) pg-boss's schema and the queues with their dead-letter queues. */
  start(): Promise<void>;
  /**
   * Takes no more jobs, waits for in-flight handlers until the deadline, then aborts the rest and fails them back
   * to the queue (each release uses one retry). Stops pg-boss's timers; the Database stays open (the caller's).
   */
  stop(options?: StopOptions): Promise<void>;
  /** Queues a discover job; null when the domain has a discover or fetch job queued, retrying or running. */
  enqueueDiscover(domain: string, options?: { runId?: number; input?: string }): Promise<string | null>;
  /** Queues a fetch job; pass `db` (a transaction) to queue it atomically with the caller's own writes. */
  enqueueFetchSitemap(payload: FetchSitemapPayload, options?: { db?: Database }): Promise<string | null>;
  /** Queues a domain's contact extraction; pass `db` to queue it atomically with the caller's writes. */
  enqueueScrapeContacts(payload: ScrapeContactsPayload, options?: { db?: Database }): Promise<string | null>;
  /**
   * Queues one contact's send to the enrichment endpoint; pass `db` (the transaction that marked it pending) to
   * queue it atomically. No singleton key: a domain's enrichment never makes the domain busy for crawls.
   */
  enqueueEnrichContact(payload: EnrichContactPayload, options?: { db?: Database }): Promise<string | null>;
  /** True when the domain has a discover or fetch job queued, retrying or running. */
  isBusy(domain: string): Promise<boolean>;
  /** Jobs of every kind queued, retrying or running (dead letters not counted). */
  openJobs(): Promise<number>;
  /** Job counts by queue (dead-letter queues included) and pg-boss state, for /metrics. */
  jobCounts(): Promise<{ queue: string; state: string; count: number }[]>;
  /** Starts `concurrency` workers per given handler (default 1). */
  work(handlers: JobHandlers, options?: { concurrency?: number }): void;
  /**
   * Starts one worker over the dead-letter queues: each job whose retries ran out (a handler that kept failing, or
   * a job whose worker died on its last attempt and which expired) is handed to `handler` once, then completed.
   */
  workDeadLetters(handler: (letter: DeadLetter) => Promise<void>): void;
  /**
   * Workers take no new job until `resume()`; jobs in flight run on. The memory watchdog calls it above its soft
   * limit. Enqueueing still works.
   */
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  /** True between a successful `start()` and `stop()`: what a readiness check asks. */
  readonly running: boolean;
  deadLetters(): Promise<DeadLetter[]>;
}

/**
 * The durable job layer: pg-boss in the same database as everything else, typed payloads checked with zod on the
 * way in and out, retries with backoff, one discover job per domain at a time, and a dead-letter queue per kind.
 * @example
 *   const queue = createJobQueue({ db, logger });
 *   await queue.start();
 *   await queue.enqueueDiscover('example.com');
 *   queue.work({ 'discover-domain': async ({ domain }, { signal }) => discover(domain, signal) }, { concurrency: 4 });
 *   process.once('SIGTERM', () => void queue.stop({ graceful: true, timeoutMs: 20_000 }));
 */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const schema = options.schema ?? 'pgboss';
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`pg-boss schema ${JSON.stringify(schema)}: expected lower-case letters, digits and _`);
  const { db } = options;
  const logger = options.logger ?? silentLogger;
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const expireInSeconds = options.expireInSeconds ?? DEFAULT_JOB_EXPIRE_SECONDS;
  const boss = new PgBoss({ db: createBossDb(db), schema, schedule: false, maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? JOB_LIMITS.jobMaintenanceIntervalSeconds.default });
  // An 'error' event without a listener would crash the process: pg-boss emits its maintenance failures there.
  boss.on('error', (error) => logger.error({ err: toErrorRecord(error) }, 'pg-boss error'));

  const stopController = new AbortController();
  const inFlight = new Set<InFlightJob>();
  const slots: Promise<void>[] = [];
  let state: 'new' | 'started' | 'stopped' = 'new';
  let paused = false;

  const send = async <K extends JobKind>(kind: K, payload: JobPayloads[K], sendOptions: PgBoss.SendOptions = {}): Promise<string | null> => {
    const data = parsePayload(kind, payload);
    return boss.send(kind, data, sendOptions);
  };

  return {
    get paused() {
      return paused;
    },
    get running() {
      return state === 'started';
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
    },

    async start() {
      if (state !== 'new') return;
      await boss.start();
      for (const kind of JOB_KINDS) {
        const deadLetter = deadLetterQueueOf(kind);
        if ((await boss.getQueue(deadLetter)) === null) await boss.createQueue(deadLetter);
        const policy: RetryPolicy = { ...retry, ...options.retryByKind?.[kind] };
        const queue = { name: kind, retryLimit: policy.retryLimit, retryDelay: policy.retryDelaySeconds, retryBackoff: policy.retryBackoff, deadLetter, expireInSeconds };
        if ((await boss.getQueue(kind)) === null) await boss.createQueue(kind, queue);
        else await boss.updateQueue(kind, queue);
      }
      state = 'started';
    },

    async stop({ graceful = true, timeoutMs = 30_000 } = {}) {
      if (state === 'stopped') return;
      const wasStarted = state === 'started';
      state = 'stopped';
      stopController.abort();
      const deadline = new AbortController();
      if (graceful) {
        await Promise.race([Promise.allSettled(slots), sleep(timeoutMs, undefined, { signal: deadline.signal }).catch(() => undefined)]);
        deadline.abort();
      }
      await releaseAll([...inFlight]);
      if (wasStarted) await boss.stop({ graceful: false, close: false });
    },

    async enqueueDiscover(domain, { runId, input } = {}) {
      const payload: DiscoverDomainPayload = parsePayload('discover-domain', { domain, runId: runId ?? null, ...(input === undefined || input === domain ? {} : { input }) });
      // A singleton key binds only under a queue policy, and pg-boss 10's 'stately' policy lets a second job queue
      // behind a running one; fetching it then violates the policy's unique index, which pg-boss swallows as "no
      // job", so every other domain queued behind it waits too (checked on PGlite). So the check is ours: under an
      // advisory lock on the domain, no job is queued while one for the domain is created, retrying or active.
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sitescout.jobs.${schema}.discover.${payload.domain}`]);
        if (await busy(tx, payload.domain)) return null;
        return send('discover-domain', payload, { singletonKey: payload.domain, db: createBossDb(tx) });
      });
    },

    async enqueueFetchSitemap(payload, { db: handle } = {}) {
      // The domain as singleton key too: it is what tells a domain busy while its files are still being read.
      return send('fetch-sitemap', payload, { singletonKey: payload.domain, ...(handle === undefined ? {} : { db: createBossDb(handle) }) });
    },

    async enqueueScrapeContacts(payload, { db: handle } = {}) {
      return send('scrape-contacts', payload, { singletonKey: payload.domain, ...(handle === undefined ? {} : { db: createBossDb(handle) }) });
    },

    async enqueueEnrichContact(payload, { db: handle } = {}) {
      return send('enrich-contact', payload, handle === undefined ? {} : { db: createBossDb(handle) });
    },

    isBusy: (domain) => busy(db, domain),

    async openJobs() {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${schema}.job WHERE name = ANY($1::text[]) AND state < 'completed'`, [[...JOB_KINDS]]);
      return Number(rows[0]?.n ?? 0);
    },

    work(handlers, { concurrency = 1 } = {}) {
      if (state !== 'started') throw new Error(`work() needs a started queue (it is ${state})`);
      const common = { boss, pollIntervalMs, stopSignal: stopController.signal, isPaused: () => paused, inFlight, logger };
      for (let i = 0; i < concurrency; i += 1) {
        const discover = handlers['discover-domain'];
        if (discover !== undefined) slots.push(runWorkerSlot({ ...common, kind: 'discover-domain', handler: discover }));
        const fetchSitemap = handlers['fetch-sitemap'];
        if (fetchSitemap !== undefined) slots.push(runWorkerSlot({ ...common, kind: 'fetch-sitemap', handler: fetchSitemap }));
        const scrapeContacts = handlers['scrape-contacts'];
        if (scrapeContacts !== undefined) slots.push(runWorkerSlot({ ...common, kind: 'scrape-contacts', handler: scrapeContacts }));
        const enrichContact = handlers['enrich-contact'];
        if (enrichContact !== undefined) slots.push(runWorkerSlot({ ...common, kind: 'enrich-contact', handler: enrichContact }));
      }
    },

    workDeadLetters(handler) {
      if (state !== 'started') throw new Error(`workDeadLetters() needs a started queue (it is ${state})`);
      slots.push(runDeadLetterSlot(handler));
    },

    async jobCounts() {
      const names = [...JOB_KINDS, ...JOB_KINDS.map(deadLetterQueueOf)];
      const { rows } = await db.query<{ queue: string; state: string; count: number }>(
        `SELECT name AS queue, state::text AS state, count(*)::int AS count FROM ${schema}.job WHERE name = ANY($1::text[]) GROUP BY name, state ORDER BY name, state`,
        [names],
      );
      return rows.map((r) => ({ queue: r.queue, state: r.state, count: Number(r.count) }));
    },

    async deadLetters() {
      const names = JOB_KINDS.map(deadLetterQueueOf);
      const { rows } = await db.query<{ id: string; name: string; data: unknown; output: unknown; created_on: Date }>(
        `SELECT id::text AS id, name, data, output, created_on FROM ${schema}.job WHERE name = ANY($1::text[]) ORDER BY created_on, id`,
        [names],
      );
      return rows.map((row) => toDeadLetter(row));
    },
  };

  async function runDeadLetterSlot(handler: (letter: DeadLetter) => Promise<void>): Promise<void> {
    const signal = stopController.signal;
    while (!signal.aborted) {
      let handled = 0;
      for (const kind of JOB_KINDS) {
        const queue = deadLetterQueueOf(kind);
        try {
          const [job] = await boss.fetch<unknown>(queue, { batchSize: 1, includeMetadata: true });
          if (job === undefined) continue;
          handled += 1;
          try {
            await handler(toDeadLetter({ id: job.id, name: queue, data: job.data, output: job.output, created_on: job.createdOn }));
            await boss.complete(queue, job.id);
          } catch (error) {
            logger.error({ kind, jobId: job.id, err: toErrorRecord(error) }, 'handling a dead letter failed');
            await boss.fail(queue, job.id, toErrorRecord(error)).catch(() => undefined);
          }
        } catch (error) {
          logger.error({ kind, err: toErrorRecord(error) }, 'fetching a dead letter failed');
        }
      }
      if (handled === 0) await sleep(pollIntervalMs, undefined, { signal }).catch(() => undefined);
    }
  }

  async function busy(handle: Database, domain: string): Promise<boolean> {
    const { rows } = await handle.query<{ busy: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${schema}.job WHERE name = ANY($1::text[]) AND singleton_key = $2 AND state < 'completed') AS busy`,
      [[...JOB_KINDS], domain],
    );
    return rows[0]?.busy === true;
  }

  async function releaseAll(jobs: InFlightJob[]): Promise<void> {
    for (const job of jobs) {
      job.released = true;
      job.controller.abort(new Error('the job queue stopped before the job finished'));
      try {
        // Back to 'created' rather than failed: a job the worker gave up at a stop has not failed, and must not
        // spend one of its retries. Only while still active, so a job that finished meanwhile stays finished.
        await db.query(`UPDATE ${schema}.job SET state = 'created', started_on = NULL WHERE name = $1 AND id = $2 AND state = 'active'`, [job.kind, job.id]);
        logger.warn({ kind: job.kind, jobId: job.id }, 'released an unfinished job at stop');
      } catch (error) {
        logger.error({ kind: job.kind, jobId: job.id, err: toErrorRecord(error) }, 'releasing a job failed; it returns when it expires');
      }
    }
  }
}

function toDeadLetter(row: { id: string; name: string; data: unknown; output: unknown; created_on: Date }): DeadLetter {
  const kind = JOB_KINDS.find((k) => deadLetterQueueOf(k) === row.name) ?? 'discover-domain';
  const error = toStoredError(row.output);
  const base = { id: row.id, data: row.data, error, createdOn: row.created_on };
  switch (kind) {
    case 'discover-domain':
      return { ...base, kind, payload: tryParse(kind, row.data) };
    case 'fetch-sitemap':
      return { ...base, kind, payload: tryParse(kind, row.data) };
    case 'scrape-contacts':
      return { ...base, kind, payload: tryParse(kind, row.data) };
    case 'enrich-contact':
      return { ...base, kind, payload: tryParse(kind, row.data) };
    default:
      return kind satisfies never;
  }
}

function tryParse<K extends JobKind>(kind: K, data: unknown): JobPayloads[K] | null {
  try {
    return parsePayload(kind, data);
  } catch {
    return null;
  }
}

function toStoredError(output: unknown): JobErrorRecord | null {
  if (typeof output !== 'object' || output === null) return null;
  const { name, message, code } = output as Record<string, unknown>;
  if (typeof message !== 'string') return null;
  return { name: typeof name === 'string' ? name : 'Error', message, code: typeof code === 'string' ? code : null };
}
