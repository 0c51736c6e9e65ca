import { describe, expect, it } from 'vitest';
import { DuplicateCounter } from '../../src/analysis/duplicate-counter.js';
import { hashUrl } from '../../src/analysis/hash-url.js';
import { HLL_RELATIVE_STANDARD_ERROR, HyperLogLog } from '../../src/analysis/hyperloglog.js';
import { UrlHashSet } from '../../src/analysis/url-hash-set.js';

const loc = (i: number): string => `https://www.example.com/products/item-${i}?ref=${i % 7}`;

describe('DuplicateCounter', () => {
  it('counts duplicates exactly while the hashes fit the budget, and says so', () => {
    const counter = new DuplicateCounter(1024 * 1024);
    for (let i = 0; i < 10_000; i++) counter.add(loc(i));
    for (let i = 0; i < 2_500; i++) counter.add(loc(i * 4));
    expect(counter.report()).toEqual({
      count: 2_500,
      method: 'exact',
      detail: 'exact: every loc held as a 64-bit hash (128.0 KiB of a 1 MiB budget)',
      exactDistinct: 10_000,
      estimatedDistinct: 0,
      relativeStandardError: 0,
    });
    expect(counter.distinct()).toBe(10_000);
  });

  it('compares locs exactly as written: a trailing slash or another case is another URL', () => {
    const counter = new DuplicateCounter();
    for (const u of ['https://a.com/x', 'https://a.com/x/', 'https://a.com/X', 'https://a.com/x']) counter.add(u);
    expect(counter.report().count).toBe(1);
  });

  it('past a tiny budget, keeps counting repeats of the URLs it holds exactly and estimates the rest within 3 standard errors', () => {
    const counter = new DuplicateCounter(4096);
    const distinct = 60_000;
    for (let i = 0; i < distinct; i++) counter.add(loc(i));
    for (let i = 0; i < 20_000; i++) counter.add(loc((i * 7919) % distinct));
    const r = counter.report();
    expect(r.method).toBe('exact+hyperloglog');
    expect(r.exactDistinct).toBe(192);
    expect(r.detail).toMatch(/^exact for the first 192 distinct URLs \(64-bit hashes, 4\.0 KiB budget\), then estimated with HyperLogLog \(p=14, ±0\.81 % standard error/);
    expect(r.relativeStandardError).toBeCloseTo(0.008125, 6);
    const estimatedPart = distinct - r.exactDistinct;
    expect(Math.abs(r.estimatedDistinct - estimatedPart) / estimatedPart).toBeLessThan(3 * HLL_RELATIVE_STANDARD_ERROR);
    expect(Math.abs(r.count - 20_000)).toBeLessThan(3 * HLL_RELATIVE_STANDARD_ERROR * estimatedPart);
  });

  it('with a budget of zero, estimates everything', () => {
    const counter = new DuplicateCounter(0);
    for (let i = 0; i < 1_000; i++) counter.add(loc(i % 500));
    const r = counter.report();
    expect([r.method, r.exactDistinct]).toEqual(['exact+hyperloglog', 0]);
    expect(Math.abs(r.estimatedDistinct - 500)).toBeLessThan(15);
  });
});

describe('UrlHashSet', () => {
  it('never holds more bytes than its budget, the table being resized included', () => {
    const budget = 100_000;
    const set = new UrlHashSet(budget);
    const h = { hi: 0, lo: 0 };
    let previous = set.bytes;
    let peak = 0;
    for (let i = 0; i < 50_000 && !set.full; i++) {
      hashUrl(loc(i), h);
      set.add(h.hi, h.lo);
      if (set.bytes !== previous) peak = Math.max(peak, previous + set.bytes);
      previous = set.bytes;
    }
    expect(set.full).toBe(true);
    expect(peak).toBeLessThanOrEqual(budget);
    expect([set.bytes, set.size]).toEqual([65_536, 6_144]);
  });

  it('tells members from non-members, the all-zero hash included', () => {
    const set = new UrlHashSet(1024);
    expect([set.add(0, 0), set.add(0, 0), set.has(0, 0), set.has(0, 1), set.add(1, 2), set.has(1, 2), set.has(2, 1)]).toEqual([
      'added',
      'present',
      true,
      true,
      'added',
      true,
      false,
    ]);
  });
});

describe('HyperLogLog', () => {
  it.each([0, 1, 10, 1_000, 20_000, 200_000])('estimates %i distinct hashes within 3 standard errors (or ±2 when tiny)', (n) => {
    const hll = new HyperLogLog();
    const h = { hi: 0, lo: 0 };
    for (let i = 0; i < n; i++) {
      hashUrl(`https://example.org/page/${i}`, h);
      hll.add(h.hi, h.lo);
      hll.add(h.hi, h.lo);
    }
    expect(Math.abs(hll.estimate() - n)).toBeLessThanOrEqual(Math.max(2, 3 * HLL_RELATIVE_STANDARD_ERROR * n));
  });
});
