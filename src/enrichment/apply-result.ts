import { z } from 'zod';
import type { Database } from '../db/index.js';

const json = z.union([z.record(z.unknown()), z.array(z.unknown())]);
const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * The callback's body. Every enriched field is optional (null or absent: nothing found); `error` is required when
 * the status is 'failed' and allowed with 'partial' (what was missing). Unknown fields are refused, so a typo in a
 * workflow shows up as a 400 instead of a field silently dropped.
 */
export const enrichmentResultSchema = z
  .object({
    enrichment_id: z.string().uuid(),
    status: z.enum(['complete', 'partial', 'failed']),
    error: text(2_000).nullish(),
    phone: text(64).nullish(),
    address: json.nullish(),
    social_profiles: json.nullish(),
    company: json.nullish(),
    additional_emails: z.array(z.string().trim().email().max(320)).max(100).nullish(),
    confidence_score: z.number().min(0).max(1).nullish(),
    sources: z.array(text(200)).max(100).nullish(),
    api_calls: z.number().int().min(0).max(1_000_000).nullish(),
    cost_estimate: z.number().min(0).max(1e9).nullish(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.status === 'failed' && (value.error === null || value.error === undefined)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['error'], message: "required when status is 'failed'" });
    }
  });

export type EnrichmentResult = z.infer<typeof enrichmentResultSchema>;

/*
 * The one write of a result, guarded by the id: only the contact whose current request carries it, and only while it
 * is in_progress. A replay, or a second delivery racing the first, finds the status already moved on and updates no
 * row (PostgreSQL re-checks the WHERE after waiting for the first one's row lock). API calls and cost accumulate:
 * ours (one per POST) plus what the service reports. The duration runs from our last POST to now, both on the
 * database clock.
 */
export const APPLY_RESULT_SQL = `
UPDATE contacts SET
  enrichment_status = $2,
  enrichment_error = $3,
  enriched_phone = $4,
  enriched_address = $5::jsonb,
  enriched_social_profiles = $6::jsonb,
  enriched_company = $7::jsonb,
  enriched_additional_emails = $8::jsonb,
  enrichment_confidence_score = $9,
  enrichment_sources = $10::jsonb,
  enrichment_api_calls = enrichment_api_calls + $11,
  enrichment_cost_estimate = CASE WHEN $12::numeric IS NULL THEN enrichment_cost_estimate ELSE coalesce(enrichment_cost_estimate, 0) + $12::numeric END,
  enrichment_completed_at = now(),
  enrichment_duration_seconds = greatest(0, extract(epoch FROM now() - coalesce(enrichment_started_at, now())))
WHERE last_enrichment_id = $1 AND enrichment_status = 'in_progress'
RETURNING id`;

const jsonOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * Stores a result if its id is the contact's current, in-progress request; `applied: false` otherwise (an unknown
 * or superseded id, or a result already stored), changing nothing.
 * @example
 *   await applyEnrichmentResult(db, { enrichment_id, status: 'complete', phone: '+442079460000', confidence_score: 0.9 })
 *   //=> { applied: true, contactId: 42 }
 */
export async function applyEnrichmentResult(db: Database, result: EnrichmentResult): Promise<{ applied: true; contactId: number } | { applied: false }> {
  const { rows } = await db.query<{ id: number }>(APPLY_RESULT_SQL, [
    result.enrichment_id,
    result.status,
    result.status === 'complete' ? null : (result.error ?? null),
    result.phone ?? null,
    jsonOrNull(result.address),
    jsonOrNull(result.social_profiles),
    jsonOrNull(result.company),
    jsonOrNull(result.additional_emails),
    result.confidence_score ?? null,
    jsonOrNull(result.sources),
    result.api_calls ?? 0,
    result.cost_estimate ?? null,
  ]);
  const row = rows[0];
  return row === undefined ? { applied: false } : { applied: true, contactId: Number(row.id) };
}
