/** One contact's current enrichment request: the id its callback must carry. */
export interface EnrichmentTicket {
  contactId: number;
  enrichmentId: string;
  /** The contact's domain name (jobs log it). */
  domain: string;
}

/**
 * What happened, for the outcome counter (sitescout_enrichment_outcomes_total): a POST accepted; a callback applied
 * (complete, partial, failed), ignored (unknown, superseded or replayed id) or refused (signature, timestamp, body);
 * a contact failed by us (the endpoint refused it, its retries ran out, no result by the deadline); a contact sent again.
 */
export type EnrichmentOutcome =
  | 'sent'
  | 'complete'
  | 'partial'
  | 'failed'
  | 'ignored'
  | 'refused'
  | 'rejected'
  | 'send_failed'
  | 'no_result'
  | 'resent';

/** The slice of a pino logger enrichment writes to. */
export interface EnrichmentLogger {
  info(bindings: Record<string, unknown>, message: string): void;
  warn(bindings: Record<string, unknown>, message: string): void;
  error(bindings: Record<string, unknown>, message: string): void;
}

export const silentEnrichmentLogger: EnrichmentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
