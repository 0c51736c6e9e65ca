import type { FreshnessBucket } from './types.js';

const DAY_MS = 86_400_000;

/**
 * A lastmod up to this far past `now` is not called future-dated: a date-only lastmod written in a time zone ahead
 * of UTC (`2024-05-02` in Sydney while it is still May 1st in London) is read as midnight UTC of that day.
 */
export const FUTURE_TOLERANCE_MS = DAY_MS;

/**
 * The upper bound, in days of age, of each dated bucket: a lastmod exactly 7 days old is in `days7`, 7 days and
 * 1 ms old in `days30`. A year is 365 days.
 */
export const FRESHNESS_LIMIT_DAYS = { days7: 7, days30: 30, days90: 90, year: 365 } as const;

/**
 * Which freshness bucket a lastmod falls in, relative to `nowMs`; both in epoch milliseconds (the caller parses the
 * lastmod once for every use). `invalid` is for a lastmod that was present but could not be read (or is NaN);
 * `missing` for none.
 */
export function freshnessBucket(lastmodMs: number | null, invalid: boolean, nowMs: number): FreshnessBucket {
  if (lastmodMs === null) return invalid ? 'invalid' : 'missing';
  const t = lastmodMs;
  if (Number.isNaN(t)) return 'invalid';
  const age = nowMs - t;
  if (age < -FUTURE_TOLERANCE_MS) return 'future';
  if (age <= FRESHNESS_LIMIT_DAYS.days7 * DAY_MS) return 'days7';
  if (age <= FRESHNESS_LIMIT_DAYS.days30 * DAY_MS) return 'days30';
  if (age <= FRESHNESS_LIMIT_DAYS.days90 * DAY_MS) return 'days90';
  if (age <= FRESHNESS_LIMIT_DAYS.year * DAY_MS) return 'year';
  return 'older';
}
