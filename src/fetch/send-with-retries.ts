import { classifyError } from './classify-error.js';
import type { DomainBudget } from './domain-budget.js';
import type { RedirectHop } from './fetch-error.js';
import type { Sleep } from './host-queue.js';
import { decideRetry, isRetryableStatus, parseRetryAfter } from './retry-policy.js';
import { sendRequest, type RawResponse, type SendDeps } from './send-request.js';

/** The state of one `get` call, shared by its redirect hops and retries. */
export interface RequestRun {
  /** Fires on the caller's abort, when the budget runs out or when the client closes. */
  signal: AbortSignal;
  callerSignal: AbortSignal;
  budget: DomainBudget;
  headers: Readonly<Record<string, string>>;
  /** Retries made so far, all hops together (maxRetries bounds the sum). */
  retries: number;
  redirects: RedirectHop[];
}

export interface RetryDeps extends SendDeps {
  now: () => number;
  sleep: Sleep;
  random: () => number;
}

export function errorContext(url: URL, run: RequestRun): Parameters<typeof classifyError>[1] {
  return { url: url.href, redirects: [...run.redirects], callerSignal: run.callerSignal, signal: run.signal };
}

/**
 * Sends `url`, retrying network errors, timeouts before the headers, 429 and 5xx with jittered backoff (or the
 * server's Retry-After). Retries stop at maxRetries or when the wait would outlast the budget: a retryable status
 * is then returned as the answer, a network error thrown. Nothing is retried once a response is returned, so a
 * body that fails mid-stream is never re-fetched behind the caller's back.
 */
export async function sendWithRetries(url: URL, run: RequestRun, deps: RetryDeps): Promise<RawResponse> {
  const retryInput = () => ({
    retriesSoFar: run.retries,
    maxRetries: deps.limits.maxRetries,
    baseDelayMs: deps.limits.retryBaseDelayMs,
    maxDelayMs: deps.limits.retryMaxDelayMs,
    remainingBudgetMs: run.budget.remainingMs(),
    random: deps.random,
  });
  for (;;) {
    let delayMs: number;
    try {
      const response = await sendRequest(url, run.headers, run.signal, deps);
      if (!isRetryableStatus(response.status)) return response;
      const decision = decideRetry({ ...retryInput(), retryAfterMs: parseRetryAfter(response.headers['retry-after'], deps.now()) });
      if (!decision.retry) return response;
      delayMs = decision.delayMs;
      await response.discard();
    } catch (error: unknown) {
      const classified = classifyError(error, errorContext(url, run), deps.limits);
      if (!classified.retryable) throw classified.error;
      const decision = decideRetry({ ...retryInput(), retryAfterMs: null });
      if (!decision.retry) throw classified.error;
      delayMs = decision.delayMs;
    }
    run.retries += 1;
    try {
      await deps.sleep(delayMs, run.signal);
    } catch (error: unknown) {
      throw classifyError(error, errorContext(url, run), deps.limits).error;
    }
  }
}
