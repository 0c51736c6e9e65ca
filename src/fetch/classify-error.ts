import { FetchError, type RedirectHop, type TimeoutPhase } from './fetch-error.js';
import type { FetchLimitName } from './fetch-settings.js';
import { isRetryableErrorCode } from './retry-policy.js';

export interface ErrorContext {
  url: string;
  redirects: readonly RedirectHop[];
  /** The caller's signal: when it fired, whatever broke is reported as SS_ERR_FETCH_ABORTED. */
  callerSignal: AbortSignal;
  /** The request's combined signal; when the client aborted it (budget spent, client closed), its reason is a FetchError. */
  signal: AbortSignal;
}

export interface ClassifiedError {
  error: FetchError;
  /** Worth another attempt, if no body byte has reached the caller yet. */
  retryable: boolean;
}

const TIMEOUTS: Readonly<Record<string, readonly [TimeoutPhase, FetchLimitName]>> = {
  UND_ERR_CONNECT_TIMEOUT: ['connect', 'connectTimeoutMs'],
  UND_ERR_HEADERS_TIMEOUT: ['headers', 'headersTimeoutMs'],
  UND_ERR_BODY_TIMEOUT: ['body', 'bodyTimeoutMs'],
};

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Maps whatever undici, node:net, DNS or a signal threw to a FetchError with a stable code. The signals are asked
 * first: after an abort, undici and the streams report assorted secondary errors, and the abort is the real cause.
 */
export function classifyError(error: unknown, context: ErrorContext, limits: Readonly<Record<FetchLimitName, number>>): ClassifiedError {
  const base = { url: context.url, redirects: context.redirects, cause: error };
  if (context.callerSignal.aborted) {
    return { error: new FetchError('SS_ERR_FETCH_ABORTED', `request to ${context.url} was aborted`, { ...base, cause: context.callerSignal.reason }), retryable: false };
  }
  if (context.signal.aborted) {
    const reason: unknown = context.signal.reason;
    const own = reason instanceof FetchError ? reason : new FetchError('SS_ERR_FETCH_ABORTED', `request to ${context.url} was aborted`, { cause: reason });
    return { error: own.withContext(context), retryable: false };
  }
  if (error instanceof FetchError) return { error: error.withContext(context), retryable: false };
  const code = errorCode(error);
  const timeout = code === undefined ? undefined : TIMEOUTS[code];
  const retryable = isRetryableErrorCode(code);
  if (timeout !== undefined) {
    const [phase, limit] = timeout;
    const message = `${phase} timeout (${limit} = ${limits[limit]}) for ${context.url}`;
    return { error: new FetchError('SS_ERR_FETCH_TIMEOUT', message, { ...base, phase, limit, limitValue: limits[limit] }), retryable };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { error: new FetchError('SS_ERR_FETCH_NETWORK', `network error for ${context.url}: ${detail}`, base), retryable };
}
