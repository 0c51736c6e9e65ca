import type { Database } from '../db/index.js';
import type { EnrichmentTicket } from './types.js';

/*
 * Contacts open past the deadline (pending: since queued; in_progress: since the last POST), a batch at a time,
 * locked with SKIP LOCKED so that workers sweeping at once take different rows. A contact with sends left goes back
 * to pending under a new id (the old one is then superseded: its job sends nothing, its callback is ignored); one
 * that has had enrichmentMaxSends POSTs is failed. The row's own values are read before they are set, so every CASE
 * decides on the same, old, API-call count.
 */
export const SWEEP_STALE_SQL = `
WITH stale AS (
  SELECT id FROM contacts
  WHERE enrichment_status IN ('pending', 'in_progress') AND enrichment_started_at < now() - make_interval(secs => $1)
  ORDER BY enrichment_started_at
  LIMIT $3
  FOR UPDATE SKIP LOCKED
)
UPDATE contacts AS c SET
  enrichment_status = CASE WHEN c.enrichment_api_calls >= $2 THEN 'failed' ELSE 'pending' END,
  last_enrichment_id = CASE WHEN c.enrichment_api_calls >= $2 THEN c.last_enrichment_id ELSE gen_random_uuid()::text END,
  enrichment_started_at = CASE WHEN c.enrichment_api_calls >= $2 THEN c.enrichment_started_at ELSE now() END,
  enrichment_completed_at = CASE WHEN c.enrichment_api_calls >= $2 THEN now() ELSE NULL END,
  enrichment_error = CASE WHEN c.enrichment_api_calls >= $2
    THEN 'SS_ERR_ENRICHMENT_NO_RESULT: no result within ' || $1::text || ' s after ' || c.enrichment_api_calls || ' POSTs' ELSE NULL END
FROM stale, domains AS d
WHERE c.id = stale.id AND d.id = c.domain_id
RETURNING c.id, c.enrichment_status, c.last_enrichment_id, d.name AS domain`;

export interface SweepResult {
  /** Contacts back to pending under a new id: queue a send for each, in the same transaction. */
  resend: EnrichmentTicket[];
  /** Contacts failed with SS_ERR_ENRICHMENT_NO_RESULT. */
  failed: number[];
}

/**
 * One pass of the deadline sweep over at most `batchSize` contacts. Run it in a transaction with the enqueueing of
 * `resend`, so a contact never goes back to pending without a job.
 * @example
 *   await db.transaction(async (tx) => {
 *     const { resend } = await sweepStaleEnrichments(tx, { deadlineSeconds: 1800, maxSends: 3 });
 *     for (const t of resend) await queue.enqueueEnrichContact({ domain: t.domain, contactId: t.contactId, enrichmentId: t.enrichmentId }, { db: tx });
 *   });
 */
export async function sweepStaleEnrichments(db: Database, options: { deadlineSeconds: number; maxSends: number; batchSize?: number }): Promise<SweepResult> {
  const { rows } = await db.query<{ id: number; enrichment_status: string; last_enrichment_id: string; domain: string }>(SWEEP_STALE_SQL, [
    options.deadlineSeconds,
    options.maxSends,
    options.batchSize ?? 500,
  ]);
  const out: SweepResult = { resend: [], failed: [] };
  for (const row of rows) {
    if (row.enrichment_status === 'failed') out.failed.push(Number(row.id));
    else out.resend.push({ contactId: Number(row.id), enrichmentId: row.last_enrichment_id, domain: row.domain });
  }
  out.resend.sort((a, b) => a.contactId - b.contactId);
  out.failed.sort((a, b) => a - b);
  return out;
}
