import type { Database } from '../db/index.js';
import type { RequestableStatus } from '../enrichment/index.js';
import type { JobQueue } from './create-job-queue.js';
import { queueEnrichment } from './enrich-contact-job.js';

export interface BackfillOptions {
  /** Which contacts: never sent ('none', the default) and/or 'failed'. */
  statuses?: readonly RequestableStatus[];
  /** Only these domains' contacts (ids); null or absent: every domain. */
  domainIds?: readonly number[] | null;
  /** Queue at most this many; absent: all. */
  limit?: number;
  /** Contacts per transaction. Default 500. */
  batchSize?: number;
}

/*
 * Keyset over the primary key, one batch per transaction: never every id at once, and a contact that moves to
 * 'pending' between the read and the update (a crawl's own request) is skipped by the update's status check.
 */
export const BACKFILL_CANDIDATES_SQL = `
SELECT id FROM contacts
WHERE enrichment_status = ANY($1::text[]) AND ($2::bigint[] IS NULL OR domain_id = ANY($2::bigint[])) AND id > $3
ORDER BY id
LIMIT $4`;

/**
 * Queues enrichment for contacts that exist already: those found before an endpoint was configured ('none'), or
 * whose enrichment failed. Each batch is marked pending and its sends queued in one transaction, like new contacts.
 * Returns how many were queued.
 * @example
 *   await backfillEnrichment(db, queue, { statuses: ['none', 'failed'] }) //=> 1234
 */
export async function backfillEnrichment(db: Database, queue: Pick<JobQueue, 'enqueueEnrichContact'>, options: BackfillOptions = {}): Promise<number> {
  const statuses = options.statuses ?? ['none'];
  const batchSize = options.batchSize ?? 500;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let queued = 0;
  let after = 0;
  while (queued < limit) {
    const want = Math.min(batchSize, limit - queued);
    const { rows } = await db.query<{ id: number }>(BACKFILL_CANDIDATES_SQL, [[...statuses], options.domainIds === undefined || options.domainIds === null ? null : [...options.domainIds], after, want]);
    if (rows.length === 0) break;
    const ids = rows.map((r) => Number(r.id));
    after = ids.at(-1)!;
    queued += await queueEnrichment(db, queue, ids, statuses);
    if (rows.length < want) break;
  }
  return queued;
}
