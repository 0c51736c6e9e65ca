import { SitescoutError, type ErrorCode } from '../errors.js';

/**
 * An error the service answers with deliberately: its status, code and message are meant for the client, even on
 * 5xx (a 503 while shedding load). Every other error that reaches the handler on 5xx becomes "internal error".
 */
export class HttpError extends SitescoutError {
  override name = 'HttpError';
  readonly statusCode: number;
  /** Sent as Retry-After (seconds) when set. */
  readonly retryAfterSeconds: number | null;
  constructor(statusCode: number, code: ErrorCode, message: string, options: { retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.statusCode = statusCode;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}
