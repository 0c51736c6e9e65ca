/*
 * The HTTP service's only door: buildServer(deps) returns an un-listened Fastify app (health, readiness, metrics,
 * the /v1 API behind API keys, OpenAPI docs at /docs, one error shape). `sitescout serve` listens; tests inject.
 * The key store (create, list, revoke) is here too: `sitescout keys` manages what the server checks.
 */
export { buildServer, type ServerDeps } from './build-server.js';
export { HttpError } from './http-error.js';
export { rejectWhenShedding } from './shed-load.js';
export type { ErrorBody } from './error-handler.js';
export {
  createApiKey,
  apiKeyNameProblem,
  listApiKeys,
  revokeApiKey,
  countActiveApiKeys,
  hashApiKey,
  API_KEY_PREFIX,
  type ApiKeyInfo,
  type CreatedApiKey,
} from './api-keys.js';
export { DOCS_PREFIX } from './api-docs.js';
