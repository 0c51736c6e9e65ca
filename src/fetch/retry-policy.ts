/**
 * When to retry and how long to wait. Pure functions: the client feeds them the clock, the random source and the
 * remaining budget, so tests can pin every delay.
 */

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: 'retries-exhausted' | 'retry-after-too-long' | 'budget' };

/** 429 and 5xx are worth another try; 501 (Not Implemented) will answer the same forever. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

// Transport failures that a second attempt can plausibly get past. DNS "no such name", TLS certificate errors and
// the private-network guard are answers, not accidents, and are not retried.
const RETRYABLE_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/** True for a network error code (Node `code` or undici `UND_ERR_*`) that is worth retrying before any body byte. */
export function isRetryableErrorCode(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_ERROR_CODES.has(code);
}

/**
 * Retry-After as milliseconds from `nowMs`: either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). A date in the
 * past means "now" (0). Anything unparseable is null, and the normal backoff applies.
 * @example
 *   parseRetryAfter('120', 0) //=> 120000
 *   parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z')) //=> 60000
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only the IMF-fixdate form and its obsolete siblings carry a weekday and a zone; a bare number or junk must
  // not be read as a date by Date.parse's lenient parser.
  if (!/^[A-Za-z]{3,9}, /.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/**
 * Exponential backoff with "equal jitter": between half and all of `base * 2^retryIndex`, capped at `max`. Jitter
 * keeps many workers that failed together from retrying together; the guaranteed half keeps a retry from landing
 * immediately.
 */
export function backoffDelay(retryIndex: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** retryIndex);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface RetryInput {
  /** Retries already made for this request. */
  retriesSoFar: number;
  maxRetries: number;
  /** From Retry-After, when the response had a usable one. */
  retryAfterMs: number | null;
  baseDelayMs: number;
  maxDelayMs: number;
  remainingBudgetMs: number;
  random: () => number;
}

/**
 * Decides whether a retryable failure is retried and after how long. A Retry-After is honoured exactly; one longer
 * than maxDelayMs, or a wait that would outlast the budget, ends the retries instead of cutting the wait short.
 */
export function decideRetry(input: RetryInput): RetryDecision {
  if (input.retriesSoFar >= input.maxRetries) return { retry: false, reason: 'retries-exhausted' };
  let delayMs: number;
  if (input.retryAfterMs === null) {
    delayMs = backoffDelay(input.retriesSoFar, input.baseDelayMs, input.maxDelayMs, input.random);
  } else if (input.retryAfterMs > input.maxDelayMs) {
    return { retry: false, reason: 'retry-after-too-long' };
  } else {
    delayMs = input.retryAfterMs;
  }
  if (delayMs >= input.remainingBudgetMs) return { retry: false, reason: 'budget' };
  return { retry: true, delayMs };
}
