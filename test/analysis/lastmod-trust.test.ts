import { describe, expect, it } from 'vitest';
import { LastmodTrustTally, type SitemapDates } from '../../src/analysis/lastmod-trust.js';

const NOW = Date.parse('2024-06-01T12:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();
const DAY = 86_400_000;

function judge(lastmods: string[], files: SitemapDates[] = [{ dated: lastmods.length, uniform: false }]) {
  const t = new LastmodTrustTally(NOW);
  for (const l of lastmods) t.add(l, Date.parse(l));
  return t.judge(files);
}

describe('LastmodTrustTally', () => {
  it('cannot judge without lastmods, or with fewer than five', () => {
    expect(judge([])).toEqual({ trusted: null, rule: 'no-lastmod', detail: 'no listed URL carries a lastmod' });
    expect(judge(['2024-01-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z'])).toEqual({
      trusted: null,
      rule: 'too-few-dates',
      detail: 'only 2 listed URL(s) carry a lastmod: too few to judge',
    });
  });

  it('distrusts dates stamped at fetch time: 90 % within the hour before now', () => {
    const stamped = Array.from({ length: 9 }, (_, i) => iso(NOW - i * 60_000));
    expect(judge([...stamped, '2020-01-01T00:00:00.000Z'])).toEqual({
      trusted: false,
      rule: 'stamped-at-fetch-time',
      detail: '9 of 10 dated URLs carry a lastmod within the hour before the analysis: the server stamps the time of the request',
    });
  });

  it('does not call 80 % near now stamped', () => {
    const recent = Array.from({ length: 8 }, (_, i) => iso(NOW - i * 60_000));
    expect(judge([...recent, '2020-01-01T00:00:00.000Z', '2021-01-01T00:00:00.000Z']).rule).toBe('varied');
  });

  it('distrusts one timestamp on every URL (a build time)', () => {
    expect(judge(Array(6).fill('2023-03-04T05:06:07.000Z'))).toEqual({
      trusted: false,
      rule: 'identical-timestamps',
      detail: 'all 6 dated URLs carry the same lastmod (2023-03-04T05:06:07.000Z): the generator stamps its build or run time',
    });
  });

  it('distrusts files that each carry one timestamp when they hold 90 % of the dated URLs', () => {
    const dates = [...Array(5).fill('2023-03-04T05:06:07.000Z'), ...Array(5).fill('2023-03-04T05:06:09.000Z')];
    expect(judge(dates, [{ dated: 5, uniform: true }, { dated: 5, uniform: true }])).toEqual({
      trusted: false,
      rule: 'identical-per-sitemap',
      detail: '10 of 10 dated URLs are in 2 sitemap file(s) whose URLs each carry one timestamp: each file is stamped when it is written',
    });
  });

  it('trusts varied dates', () => {
    const dates = Array.from({ length: 20 }, (_, i) => iso(NOW - (i + 3) * DAY));
    expect(judge(dates)).toEqual({ trusted: true, rule: 'varied', detail: '20 dated URLs carry 16 or more distinct lastmod values and no sign of stamping' });
  });
});
