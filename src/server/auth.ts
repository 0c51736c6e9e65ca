import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/index.js';
import { findApiKey, touchApiKey } from './api-keys.js';
import { HttpError } from './http-error.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route answers without an API key. Set it on a route (`app.get('/healthz', { config: { public: true } }, …)`)
     * that must stay open: probes, the docs, and callbacks that authenticate themselves (a webhook checking its own
     * signature). Every other route, and every unmatched URL, needs a key.
     */
    public?: boolean;
  }
}

/** The key a request presents: `Authorization: Bearer <key>`, else `x-api-key: <key>`; null when neither. */
export function presentedKey(request: Pick<FastifyRequest, 'headers'>): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (match !== null) return match[1]!;
  }
  const header = request.headers['x-api-key'];
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined || value.trim() === '' ? null : value.trim();
}

/**
 * Requires an API key on every request whose route is not `config.public`, in an onRequest hook: before the body is
 * read, so an unauthenticated upload costs nothing. Missing, unknown and revoked keys all get 401
 * SS_ERR_UNAUTHORIZED (with `WWW-Authenticate: Bearer`); the key is looked up by its SHA-256, never compared as text.
 */
export function installApiKeyAuth(app: FastifyInstance, deps: { db: Database }): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.public === true) return;
    const key = presentedKey(request);
    void reply.header('www-authenticate', 'Bearer');
    if (key === null) throw new HttpError(401, 'SS_ERR_UNAUTHORIZED', 'an API key is required: send "Authorization: Bearer <key>" (or "x-api-key: <key>"); `sitescout keys create` makes one');
    const match = await findApiKey(deps.db, key);
    if (match === null) throw new HttpError(401, 'SS_ERR_UNAUTHORIZED', 'the API key is unknown or revoked');
    reply.removeHeader('www-authenticate');
    try {
      await touchApiKey(deps.db, match);
    } catch (error: unknown) {
      request.log.warn({ err: error, apiKey: match.name }, 'recording the API key as used failed');
    }
  });
}
