import { STATUS_CODES } from 'node:http';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { ENRICHMENT_CALLBACK_PATH } from '../config.js';
import type { Database } from '../db/index.js';
import { applyEnrichmentResult, enrichmentResultSchema } from './apply-result.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './sign-request.js';
import type { EnrichmentLogger, EnrichmentOutcome } from './types.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route authenticates on its own (the enrichment callback: by signature), so API-key auth skips it. */
    public?: boolean;
  }
}

export interface EnrichmentCallbackOptions {
  db: Database;
  /** The shared HMAC secret (EnrichmentSettings.secret). */
  secret: string;
  /** How far the callback's timestamp may be from our clock, either way (enrichmentClockToleranceSeconds). */
  clockToleranceSeconds: number;
  onOutcome?: ((outcome: EnrichmentOutcome) => void) | undefined;
  logger?: EnrichmentLogger | undefined;
  /** The clock (ms); tests inject one. */
  now?: (() => number) | undefined;
}

/** A callback body is a few kilobytes of enriched fields; anything much larger is not one. */
const CALLBACK_BODY_LIMIT = 256 * 1024;

/**
 * `POST /webhooks/enrichment`: the enrichment service's result for one contact. Authenticated by its signature
 * (HMAC-SHA256 of `${timestamp}.${raw body}`, timestamp within the tolerance), not by API key, so the route is marked
 * public. The JSON parser of this plugin (encapsulated: other routes keep Fastify's) hands over the raw bytes, since
 * the signature covers them exactly. Answers 401 (bad signature or timestamp), 400 (bad JSON or body) or 200 with
 * `{ applied }`: false for an unknown, superseded or already stored id, so a replay changes nothing.
 * @example
 *   await app.register(enrichmentCallback, { db, secret: settings.secret, clockToleranceSeconds: 300 });
 */
export const enrichmentCallback: FastifyPluginAsync<EnrichmentCallbackOptions> = async (app, options) => {
  const count = (outcome: EnrichmentOutcome): void => {
    try {
      options.onOutcome?.(outcome);
    } catch {
      // A counter must never fail a callback.
    }
  };
  // Only JSON, as raw bytes: the inherited parsers (text/plain among them) would hand over a decoded string.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: CALLBACK_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post(ENRICHMENT_CALLBACK_PATH, { config: { public: true } }, async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const check = verifySignature({
      secret: options.secret,
      timestamp: request.headers[TIMESTAMP_HEADER],
      signature: request.headers[SIGNATURE_HEADER],
      body: raw,
      toleranceSeconds: options.clockToleranceSeconds,
      ...(options.now === undefined ? {} : { nowMs: options.now() }),
    });
    if (!check.ok) {
      count('refused');
      options.logger?.warn({ code: check.code, reason: check.message }, 'enrichment callback refused');
      return sendError(reply, 401, check.code, check.message);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      count('refused');
      return sendError(reply, 400, 'SS_ERR_VALIDATION', 'the body is not valid JSON');
    }
    const result = enrichmentResultSchema.safeParse(parsed);
    if (!result.success) {
      count('refused');
      const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
      return sendError(reply, 400, 'SS_ERR_VALIDATION', `invalid enrichment result: ${issues.join('; ')}`);
    }
    const applied = await applyEnrichmentResult(options.db, result.data);
    count(applied.applied ? result.data.status : 'ignored');
    options.logger?.info({ enrichmentId: result.data.enrichment_id, status: result.data.status, ...applied }, applied.applied ? 'enrichment result stored' : 'enrichment result ignored');
    return reply.code(200).send(applied.applied ? { applied: true, status: result.data.status } : { applied: false });
  });
};

/** The service's one error shape ({ statusCode, code, error, message }), answered here because the codes are ours. */
function sendError(reply: FastifyReply, statusCode: number, code: string, message: string): FastifyReply {
  return reply.code(statusCode).send({ statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message });
}
