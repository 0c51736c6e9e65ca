import type { Database } from '../db/index.js';
import type { EnrichmentTicket } from './types.js';

/*
 * 'none' (or, asked for, 'failed') → 'pending' with a fresh id. enrichment_started_at is when the current step
 * began: queued here, sent when the job claims the contact (the deadline sweep measures from it). Only contacts
 * still in a `from` status move, so asking twice queues nothing twice.
 */
export const REQUEST_ENRICHMENT_SQL = `
UPDATE contacts AS c SET enrichment_status = 'pending', last_enrichment_id = gen_random_uuid()::text,
  enrichment_started_at = now(), enrichment_completed_at = NULL, enrichment_error = NULL
FROM domains AS d
WHERE c.id = ANY($1::bigint[]) AND c.enrichment_status = ANY($2::text[]) AND d.id = c.domain_id
RETURNING c.id, c.last_enrichment_id, d.name AS domain`;

/** The statuses a contact may be (re-)requested from: never sent, or failed. */
export const REQUESTABLE_STATUSES = ['none', 'failed'] as const;
export type RequestableStatus = (typeof REQUESTABLE_STATUSES)[number];

/**
 * Marks contacts (those still in a `from` status, default 'none') pending, each with a fresh enrichment id, and
 * returns the tickets the caller queues a send for. Pass the transaction that queues the jobs, so a contact is never
 * pending without one (and if it were, the deadline sweep would queue it again).
 * @example
 *   const tickets = await requestEnrichment(tx, newContactIds);
 *   for (const t of tickets) await queue.enqueueEnrichContact({ domain: t.domain, contactId: t.contactId, enrichmentId: t.enrichmentId }, { db: tx });
 */
export async function requestEnrichment(db: Database, contactIds: readonly number[], from: readonly RequestableStatus[] = ['none']): Promise<EnrichmentTicket[]> {
  if (contactIds.length === 0) return [];
  const { rows } = await db.query<{ id: number; last_enrichment_id: string; domain: string }>(REQUEST_ENRICHMENT_SQL, [[...contactIds], [...from]]);
  return rows.map((r) => ({ contactId: Number(r.id), enrichmentId: r.last_enrichment_id, domain: r.domain })).sort((a, b) => a.contactId - b.contactId);
}

/*
 * Fails the contact's current request, if it is still open under that id: a late job or a superseded id changes
 * nothing. The duration runs from the last POST (or from queueing, when none was made).
 */
export const FAIL_ENRICHMENT_SQL = `
UPDATE contacts SET enrichment_status = 'failed', enrichment_error = $3, enrichment_completed_at = now(),
  enrichment_duration_seconds = greatest(0, extract(epoch FROM now() - coalesce(enrichment_started_at, now())))
WHERE id = $1 AND last_enrichment_id = $2 AND enrichment_status IN ('pending', 'in_progress')`;

/** Fails an open request (`error` starts with its SS_ERR_* code); false when the id is no longer current or open. */
export async function failEnrichment(db: Database, ticket: Pick<EnrichmentTicket, 'contactId' | 'enrichmentId'>, error: string): Promise<boolean> {
  const { rowCount } = await db.query(FAIL_ENRICHMENT_SQL, [ticket.contactId, ticket.enrichmentId, error]);
  return rowCount > 0;
}
