import { Agent, request } from 'undici';
import type { EnrichmentSettings } from '../config.js';
import type { Database, JsonValue } from '../db/index.js';
import { SitescoutError } from '../errors.js';
import { failEnrichment } from './request-enrichment.js';
import { signatureHeaders } from './sign-request.js';
import { silentEnrichmentLogger, type EnrichmentLogger, type EnrichmentOutcome, type EnrichmentTicket } from './types.js';

/** The JSON body POSTed to the endpoint: one contact, its domain, the id to call back with, and where. */
export interface EnrichmentRequestBody {
  enrichment_id: string;
  contact: {
    id: number;
    email: string;
    email_type: string;
    name: string | null;
    role: string | null;
    phone: string | null;
    phones: string[];
    socials: JsonValue;
    source_url: string;
    first_seen: string;
  };
  domain: { id: number; name: string };
  callback_url: string;
}

/*
 * Claims the contact for this send, if the ticket's id is still current and open: a job whose id was superseded by
 * the sweep, or whose result already came, sends nothing. Every POST counts in enrichment_api_calls (the sweep's
 * budget) and restarts the deadline.
 */
export const CLAIM_SEND_SQL = `
UPDATE contacts AS c SET enrichment_status = 'in_progress', enrichment_started_at = now(),
  enrichment_api_calls = c.enrichment_api_calls + 1
FROM domains AS d
WHERE c.id = $1 AND c.last_enrichment_id = $2 AND c.enrichment_status IN ('pending', 'in_progress') AND d.id = c.domain_id
RETURNING c.id, c.email, c.email_type, c.name, c.role, c.phone, c.phones, c.socials, c.source_url, c.first_seen,
  d.id AS domain_id, d.name AS domain_name`;

/** The contact columns the claim returns are the body's contact, first_seen still a Date, plus its domain. */
type ClaimedRow = Omit<EnrichmentRequestBody['contact'], 'first_seen'> & { first_seen: Date; domain_id: number; domain_name: string };

/** What one send did: POSTed and accepted, nothing to send (the id is stale), or the contact was failed. */
export type SendResult = { kind: 'sent'; status: number } | { kind: 'stale' } | { kind: 'failed'; error: string };

export interface SendAttempt {
  /** The job's signal: when it fires the send stops and the error is rethrown as is (the job is given back). */
  signal: AbortSignal;
  /** No retry follows: a retryable failure fails the contact instead of throwing. */
  lastAttempt: boolean;
  /** 1 for the first try (for the error text). */
  attempt: number;
}

export interface EnrichmentSender {
  /**
   * Sends one contact. Resolves when the endpoint accepted it (2xx), the id is stale, or the contact was failed (a
   * 4xx other than 429, or a retryable failure on the last attempt). Throws a SitescoutError
   * SS_ERR_ENRICHMENT_SEND on a network error, timeout, 429 or 5xx, for the job to retry with backoff.
   */
  send(ticket: Pick<EnrichmentTicket, 'contactId' | 'enrichmentId'>, attempt: SendAttempt): Promise<SendResult>;
  close(): Promise<void>;
}

/** Response text kept for an error message. */
const MAX_ERROR_TEXT = 300;

/**
 * The outbound half of enrichment: claims the contact, POSTs the signed JSON with undici (its own connection pool,
 * a timeout on the whole exchange) and classifies the answer.
 * @example
 *   const sender = createEnrichmentSender({ db, settings });
 *   await sender.send({ contactId: 42, enrichmentId }, { signal, attempt: 1, lastAttempt: false }); //=> { kind: 'sent', status: 202 }
 */
export function createEnrichmentSender(options: {
  db: Database;
  settings: EnrichmentSettings;
  logger?: EnrichmentLogger;
  onOutcome?: (outcome: EnrichmentOutcome) => void;
}): EnrichmentSender {
  const { db, settings } = options;
  const logger = options.logger ?? silentEnrichmentLogger;
  const outcome = (o: EnrichmentOutcome): void => {
    try {
      options.onOutcome?.(o);
    } catch {
      // A counter must never fail a send.
    }
  };
  const agent = new Agent({ connectTimeout: settings.enrichmentTimeoutMs, headersTimeout: settings.enrichmentTimeoutMs, bodyTimeout: settings.enrichmentTimeoutMs });

  return {
    async send(ticket, attempt) {
      const { rows } = await db.query<ClaimedRow>(CLAIM_SEND_SQL, [ticket.contactId, ticket.enrichmentId]);
      const row = rows[0];
      if (row === undefined) return { kind: 'stale' };
      const body = JSON.stringify(toRequestBody(ticket.enrichmentId, row, settings.callbackUrl));
      const log = { contactId: ticket.contactId, enrichmentId: ticket.enrichmentId, attempt: attempt.attempt };
      let failure: string;
      try {
        const response = await request(settings.url, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/json', 'user-agent': 'sitescout-enrichment', ...signatureHeaders(settings.secret, body) },
          body,
          signal: AbortSignal.any([attempt.signal, AbortSignal.timeout(settings.enrichmentTimeoutMs)]),
        });
        const status = response.statusCode;
        if (status >= 200 && status < 300) {
          await response.body.dump();
          logger.info({ ...log, status }, 'contact sent for enrichment');
          outcome('sent');
          return { kind: 'sent', status };
        }
        const text = await readSome(response.body);
        const answer = `the endpoint answered ${status}${text === '' ? '' : `: ${text}`}`;
        if (status !== 429 && status < 500) {
          const error = `SS_ERR_ENRICHMENT_REJECTED: ${answer}`;
          await failEnrichment(db, ticket, error);
          logger.warn({ ...log, status }, 'the enrichment endpoint refused a contact');
          outcome('rejected');
          return { kind: 'failed', error };
        }
        failure = answer;
      } catch (error: unknown) {
        if (attempt.signal.aborted) throw error;
        failure = describeNetworkError(error, settings.enrichmentTimeoutMs);
      }
      if (attempt.lastAttempt) {
        const error = `SS_ERR_ENRICHMENT_SEND: gave up after ${attempt.attempt} attempt${attempt.attempt === 1 ? '' : 's'}: ${failure}`;
        await failEnrichment(db, ticket, error);
        logger.warn({ ...log, failure }, 'sending a contact for enrichment failed for good');
        outcome('send_failed');
        return { kind: 'failed', error };
      }
      throw new SitescoutError('SS_ERR_ENRICHMENT_SEND', `sending contact ${ticket.contactId} for enrichment failed: ${failure}`, { url: settings.url });
    },
    close: () => agent.close(),
  };
}

function toRequestBody(enrichmentId: string, row: ClaimedRow, callbackUrl: string): EnrichmentRequestBody {
  return {
    enrichment_id: enrichmentId,
    contact: {
      id: Number(row.id),
      email: row.email,
      email_type: row.email_type,
      name: row.name,
      role: row.role,
      phone: row.phone,
      phones: row.phones,
      socials: row.socials,
      source_url: row.source_url,
      first_seen: new Date(row.first_seen).toISOString(),
    },
    domain: { id: Number(row.domain_id), name: row.domain_name },
    callback_url: callbackUrl,
  };
}

/** The first few hundred characters of an error response, for enrichment_error; the rest is discarded. */
async function readSome(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_ERROR_TEXT * 4) break;
  }
  body.destroy();
  const text = Buffer.concat(chunks).toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || /timeout/i.test((error as { code?: string }).code ?? ''))) return `no answer within ${timeoutMs} ms`;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
