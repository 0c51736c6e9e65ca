import { requestEnrichment, type EnrichmentSender, type RequestableStatus } from '../enrichment/index.js';
import type { Database } from '../db/index.js';
import type { JobQueue } from './create-job-queue.js';
import type { EnrichContactPayload } from './job-payloads.js';
import type { JobContext } from './run-worker-slot.js';

/**
 * One contact to the enrichment endpoint. A network error, timeout, 429 or 5xx throws, and pg-boss retries the job
 * with the enrich-contact queue's backoff; the last attempt fails the contact instead. A stale id (superseded by the
 * sweep, or its result already in) sends nothing.
 */
export async function enrichContact(sender: EnrichmentSender, payload: EnrichContactPayload, job: JobContext): Promise<void> {
  await sender.send({ contactId: payload.contactId, enrichmentId: payload.enrichmentId }, { signal: job.signal, attempt: job.attempt, lastAttempt: job.lastAttempt });
}

/**
 * Marks the given contacts (those still in a `from` status, default 'none') pending and queues a send for each, in one transaction: a contact
 * is pending exactly when a job for its current id exists (or, after a crash, until the sweep's deadline).
 * One job per contact rather than per domain: each contact is one webhook call (what an n8n workflow takes), its
 * retries and failures stay its own, and a domain with hundreds of addresses does not make one long job.
 */
export async function queueEnrichment(db: Database, queue: Pick<JobQueue, 'enqueueEnrichContact'>, contactIds: readonly number[], from?: readonly RequestableStatus[]): Promise<number> {
  if (contactIds.length === 0) return 0;
  return db.transaction(async (tx) => {
    const tickets = await requestEnrichment(tx, contactIds, from);
    for (const t of tickets) await queue.enqueueEnrichContact({ domain: t.domain, contactId: t.contactId, enrichmentId: t.enrichmentId }, { db: tx });
    return tickets.length;
  });
}
