import type { Database } from '../db/index.js';
import type { DomainTarget } from '../discovery/index.js';
import { startCrawlRun, upsertDomain } from '../inventory/index.js';
import type { JobQueue } from './create-job-queue.js';

/** One domain put on the queue: its new run, or why it was not. */
export type Enqueued = { host: string; runId: number; jobId: string } | { host: string; runId: null; busy: true };

/**
 * Opens a run for each domain and queues its discover job: what `crawl`, `enqueue` and `POST /v1/runs` share. A
 * domain whose jobs are still queued or running is busy: it is not crawled twice at once, and gets no run.
 * @example
 *   await enqueueTargets({ db, queue }, [normalizeDomainInput('example.com')]) //=> [{ host: 'example.com', runId: 7, jobId: '…' }]
 */
export async function enqueueTargets(
  runtime: { db: Database; queue: Pick<JobQueue, 'isBusy' | 'enqueueDiscover'> },
  targets: readonly DomainTarget[],
  options: { withContacts?: boolean } = {},
): Promise<Enqueued[]> {
  const { db, queue } = runtime;
  const out: Enqueued[] = [];
  for (const target of targets) {
    if (await queue.isBusy(target.host)) {
      out.push({ host: target.host, runId: null, busy: true });
      continue;
    }
    const domainId = await upsertDomain(db, target.host);
    const runId = await startCrawlRun(db, domainId, { withContacts: options.withContacts === true });
    const jobId = await queue.enqueueDiscover(target.host, { runId, input: target.input });
    if (jobId === null) {
      // Lost a race with another submission between isBusy and enqueue: the run closes as never started.
      await db.query(
        "UPDATE crawl_runs SET status = 'cancelled', finished_at = now(), error_code = 'SS_ERR_JOB_BUSY', error_message = 'the domain has jobs queued or running' WHERE id = $1",
        [runId],
      );
      out.push({ host: target.host, runId: null, busy: true });
    } else out.push({ host: target.host, runId, jobId });
  }
  return out;
}
