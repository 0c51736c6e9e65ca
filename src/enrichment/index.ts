/*
 * The enrichment stage's only door: the state machine of a contact's enrichment (none → pending → in_progress →
 * complete | partial | failed), the signed outbound webhook, the signed callback route, and the deadline sweep's
 * SQL. The jobs layer queues and runs the sends and the sweep; the server registers the callback. docs/enrichment.md.
 */
export { signBody, signatureHeaders, verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, type SignatureCheck } from './sign-request.js';
export { requestEnrichment, failEnrichment, REQUESTABLE_STATUSES, type RequestableStatus } from './request-enrichment.js';
export { createEnrichmentSender, type EnrichmentRequestBody, type EnrichmentSender, type SendAttempt, type SendResult } from './send-enrichment.js';
export { applyEnrichmentResult, enrichmentResultSchema, type EnrichmentResult } from './apply-result.js';
export { enrichmentCallback, type EnrichmentCallbackOptions } from './enrichment-callback.js';
export { sweepStaleEnrichments, type SweepResult } from './sweep-stale-enrichments.js';
export type { EnrichmentLogger, EnrichmentOutcome, EnrichmentTicket } from './types.js';
