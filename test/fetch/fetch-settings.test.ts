import { describe, expect, it } from 'vitest';
import { FETCH_LIMITS, FETCH_SETTINGS, resolveFetchLimits } from '../../src/fetch/index.js';

describe('resolveFetchLimits', () => {
  it('returns the documented defaults, frozen', () => {
    const limits = resolveFetchLimits();
    expect(limits).toEqual({
      connectTimeoutMs: 10_000,
      headersTimeoutMs: 30_000,
      bodyTimeoutMs: 30_000,
      maxRedirects: 5,
      maxResponseBytes: 64 * 1024 * 1024,
      maxRetries: 2,
      retryBaseDelayMs: 500,
      retryMaxDelayMs: 30_000,
      perHostConcurrency: 2,
      politenessDelayMs: 1_000,
      domainBudgetMs: 300_000,
    });
    expect(Object.isFrozen(limits)).toBe(true);
  });

  it('prefers an explicit option over the environment over the default', () => {
    const env = { SITESCOUT_MAX_RETRIES: '4', SITESCOUT_MAX_REDIRECTS: '7', SITESCOUT_POLITENESS_DELAY_MS: '' };
    const limits = resolveFetchLimits({ maxRetries: 0 }, env);
    expect([limits.maxRetries, limits.maxRedirects, limits.politenessDelayMs]).toEqual([0, 7, 1_000]);
  });

  it('rejects invalid values and unknown names with SS_ERR_CONFIG_INVALID', () => {
    expect(() => resolveFetchLimits({ perHostConcurrency: 0 })).toThrow(
      expect.objectContaining({ code: 'SS_ERR_CONFIG_INVALID', message: 'option perHostConcurrency: expected a positive number (requests), got 0' }),
    );
    expect(() => resolveFetchLimits({}, { SITESCOUT_MAX_RETRIES: 'many' })).toThrow(
      expect.objectContaining({ message: 'environment variable SITESCOUT_MAX_RETRIES: expected a whole number ≥ 0 (retries), got "many"' }),
    );
    expect(() => resolveFetchLimits({ maxRedirect: 3 } as never)).toThrow(expect.objectContaining({ code: 'SS_ERR_CONFIG_INVALID' }));
  });

  it('has one row per limit, each with a unit, an env var and a flag', () => {
    expect(FETCH_SETTINGS.map((row) => [row.name, row.env.startsWith('SITESCOUT_'), row.flag.startsWith('--')])).toEqual(
      Object.keys(FETCH_LIMITS).map((name) => [name, true, true]),
    );
  });
});
