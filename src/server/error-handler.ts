import type { FastifyError, FastifyInstance } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { ErrorCode } from '../errors.js';
import { HttpError } from './http-error.js';

/** The one error shape every route answers with (Fastify's own, with a stable SS_ERR_* code). */
export interface ErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
}

/** The code of a 4xx Fastify raised itself (a body too large, a bad content type, bad JSON). */
function clientErrorCode(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'SS_ERR_UNAUTHORIZED';
    case 404:
      return 'SS_ERR_NOT_FOUND';
    case 413:
      return 'SS_ERR_PAYLOAD_TOO_LARGE';
    default:
      return 'SS_ERR_VALIDATION';
  }
}

const body = (statusCode: number, code: string, message: string): ErrorBody => ({ statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message });

/**
 * Maps whatever a route throws to ErrorBody. 4xx keep their message (they describe the client's request); 5xx say
 * "internal error" unless they are an HttpError the service raised on purpose, because a driver's or a parser's
 * message can carry SQL, file paths or credentials. The details go to the log instead.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError | Error, request, reply) => {
    if (error instanceof HttpError) {
      if (error.retryAfterSeconds !== null) void reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.code(error.statusCode).send(body(error.statusCode, error.code, error.message));
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation !== undefined) return reply.code(400).send(body(400, 'SS_ERR_VALIDATION', error.message));
    const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
    if (status >= 400 && status < 500) return reply.code(status).send(body(status, clientErrorCode(status), error.message));
    request.log.error({ err: error, url: request.url, method: request.method }, 'request failed');
    return reply.code(500).send(body(500, 'SS_ERR_INTERNAL', 'internal error'));
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send(body(404, 'SS_ERR_NOT_FOUND', `no route for ${request.method} ${request.url.split('?')[0]}`)));
}
