import { describe, expect, it } from 'vitest';
import { backoffDelay, decideRetry, isRetryableErrorCode, isRetryableStatus, parseRetryAfter } from '../../src/fetch/retry-policy.js';

const base = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1_000, remainingBudgetMs: 60_000, random: () => 0.5 };

describe('retry policy', () => {
  it('retries 429 and 5xx except 501, and nothing else', () => {
    const statuses = [200, 304, 404, 429, 500, 501, 502, 503, 504, 599];
    expect(statuses.filter(isRetryableStatus)).toEqual([429, 500, 502, 503, 504, 599]);
  });

  it('retries transient network errors but not DNS misses, TLS or guard refusals', () => {
    const codes = ['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'ENOTFOUND', 'CERT_HAS_EXPIRED', 'SS_ERR_FETCH_PRIVATE_ADDRESS', undefined];
    expect(codes.map(isRetryableErrorCode)).toEqual([true, true, true, true, false, false, false, false]);
  });

  it('reads Retry-After as seconds or as an HTTP-date, and ignores junk', () => {
    const now = Date.parse('2015-10-21T07:27:00Z');
    expect([
      parseRetryAfter('120', now),
      parseRetryAfter(' 0 ', now),
      parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now),
      parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now),
      parseRetryAfter('soon', now),
      parseRetryAfter('-5', now),
      parseRetryAfter('1.5', now),
      parseRetryAfter(undefined, now),
    ]).toEqual([120_000, 0, 60_000, 0, null, null, null, null]);
  });

  it('backs off exponentially between half and all of the step, capped', () => {
    expect([0, 1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, 100, 1_000, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, 100, 1_000, () => 0.999_999))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('honours Retry-After exactly, or declines when it is longer than the cap', () => {
    expect(decideRetry({ ...base, retriesSoFar: 0, retryAfterMs: 700 })).toEqual({ retry: true, delayMs: 700 });
    expect(decideRetry({ ...base, retriesSoFar: 0, retryAfterMs: 5_000 })).toEqual({ retry: false, reason: 'retry-after-too-long' });
  });

  it('stops at maxRetries and when the wait would outlast the budget', () => {
    expect(decideRetry({ ...base, retriesSoFar: 1, retryAfterMs: null })).toEqual({ retry: true, delayMs: 150 });
    expect(decideRetry({ ...base, retriesSoFar: 2, retryAfterMs: null })).toEqual({ retry: false, reason: 'retries-exhausted' });
    expect(decideRetry({ ...base, retriesSoFar: 0, retryAfterMs: 500, remainingBudgetMs: 400 })).toEqual({ retry: false, reason: 'budget' });
  });
});
