import { describe, expect, it } from 'vitest';
import { freshnessBucket, FUTURE_TOLERANCE_MS } from '../../src/analysis/freshness.js';

const NOW = Date.parse('2024-06-01T12:00:00.000Z');
const DAY = 86_400_000;

describe('freshnessBucket', () => {
  it.each([
    ['exactly now', NOW, 'days7'],
    ['one day ahead (a date-only lastmod east of UTC)', NOW + FUTURE_TOLERANCE_MS, 'days7'],
    ['one day and 1 ms ahead', NOW + FUTURE_TOLERANCE_MS + 1, 'future'],
    ['exactly 7 days old', NOW - 7 * DAY, 'days7'],
    ['7 days and 1 ms old', NOW - 7 * DAY - 1, 'days30'],
    ['exactly 30 days old', NOW - 30 * DAY, 'days30'],
    ['30 days and 1 ms old', NOW - 30 * DAY - 1, 'days90'],
    ['exactly 90 days old', NOW - 90 * DAY, 'days90'],
    ['90 days and 1 ms old', NOW - 90 * DAY - 1, 'year'],
    ['exactly 365 days old', NOW - 365 * DAY, 'year'],
    ['365 days and 1 ms old', NOW - 365 * DAY - 1, 'older'],
    ['from 1999', Date.parse('1999-01-01T00:00:00Z'), 'older'],
  ] as const)('puts a lastmod %s in %s', (_name, ms, bucket) => {
    expect(freshnessBucket(ms, false, NOW)).toBe(bucket);
  });

  it('calls a lastmod that was present but unreadable invalid, and an absent one missing', () => {
    expect([freshnessBucket(null, true, NOW), freshnessBucket(null, false, NOW), freshnessBucket(Number.NaN, false, NOW)]).toEqual([
      'invalid',
      'missing',
      'invalid',
    ]);
  });
});
