/*
 * The HTTP service's only door: buildServer(deps) returns an un-listened Fastify app (health, readiness, metrics,
 * one error shape). `sitescout serve` listens; tests inject.
 */
export { buildServer, type ServerDeps } from './build-server.js';
export { HttpError } from './http-error.js';
export { rejectWhenShedding } from './shed-load.js';
export type { ErrorBody } from './error-handler.js';
