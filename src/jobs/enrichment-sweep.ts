import type { EnrichmentSettings } from '../config.js';
import type { Database } from '../db/index.js';
import { sweepStaleEnrichments, type EnrichmentOutcome } from '../enrichment/index.js';
import type { JobQueue } from './create-job-queue.js';
import { silentLogger, toErrorRecord, type JobLogger } from './job-logger.js';

export interface EnrichmentSweep {
  /** One pass (batches until none is left): how many contacts were queued again and how many failed. */
  runOnce(): Promise<{ resent: number; failed: number }>;
  /** Sweeps now and then every enrichmentSweepIntervalSeconds until `stop()`. */
  start(): void;
  /** Clears the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

const BATCH = 500;

/**
 * The deadline sweep, a timer in each worker process rather than a pg-boss schedule: the queue runs pg-boss with
 * its scheduler off, and the sweep is safe to run anywhere at any time (SKIP LOCKED batches, each in the transaction
 * that queues its re-sends), so several workers sweeping at once only share the work.
 * @example
 *   const sweep = createEnrichmentSweep({ db, queue, settings });
 *   sweep.start();
 *   await sweep.stop();
 */
export function createEnrichmentSweep(options: {
  db: Database;
  queue: Pick<JobQueue, 'enqueueEnrichContact'>;
  settings: Pick<EnrichmentSettings, 'enrichmentDeadlineSeconds' | 'enrichmentMaxSends' | 'enrichmentSweepIntervalSeconds'>;
  logger?: JobLogger;
  onOutcome?: (outcome: EnrichmentOutcome) => void;
}): EnrichmentSweep {
  const { db, queue, settings } = options;
  const logger = options.logger ?? silentLogger;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  const count = (outcome: EnrichmentOutcome, n: number): void => {
    for (let i = 0; i < n; i += 1) options.onOutcome?.(outcome);
  };

  async function runOnce(): Promise<{ resent: number; failed: number }> {
    let resent = 0;
    let failed = 0;
    for (;;) {
      const batch = await db.transaction(async (tx) => {
        const result = await sweepStaleEnrichments(tx, { deadlineSeconds: settings.enrichmentDeadlineSeconds, maxSends: settings.enrichmentMaxSends, batchSize: BATCH });
        for (const t of result.resend) await queue.enqueueEnrichContact({ domain: t.domain, contactId: t.contactId, enrichmentId: t.enrichmentId }, { db: tx });
        return result;
      });
      resent += batch.resend.length;
      failed += batch.failed.length;
      count('resent', batch.resend.length);
      count('no_result', batch.failed.length);
      if (batch.resend.length + batch.failed.length < BATCH) break;
    }
    if (resent + failed > 0) logger.info({ resent, failed }, 'enrichment sweep: contacts past the deadline sent again or failed');
    return { resent, failed };
  }

  let busy = false;
  const tick = (): void => {
    // A pass still running when the next interval comes (a large backlog) is left to finish: no overlapping passes.
    if (busy) return;
    busy = true;
    running = runOnce()
      .catch((error: unknown) => logger.error({ err: toErrorRecord(error) }, 'the enrichment sweep failed; it runs again at the next interval'))
      .finally(() => {
        busy = false;
      });
  };

  return {
    runOnce,
    start() {
      if (timer !== null) return;
      tick();
      timer = setInterval(tick, settings.enrichmentSweepIntervalSeconds * 1000);
      timer.unref();
    },
    async stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
