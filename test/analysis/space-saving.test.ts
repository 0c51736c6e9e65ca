import { describe, expect, it } from 'vitest';
import { SpaceSaving } from '../../src/analysis/space-saving.js';

describe('SpaceSaving', () => {
  it('counts exactly while there are fewer keys than counters', () => {
    const s = new SpaceSaving(8);
    for (const k of ['/blog', '/shop', '/blog', '/', '/blog', '/shop']) s.offer(k);
    expect(s.top(10)).toEqual([
      { key: '/blog', count: 3, error: 0 },
      { key: '/shop', count: 2, error: 0 },
      { key: '/', count: 1, error: 0 },
    ]);
  });

  it('holds at most `capacity` counters however many distinct keys stream past, and keeps the heavy hitters', () => {
    const s = new SpaceSaving(16);
    const truth = new Map<string, number>();
    for (let i = 0; i < 200_000; i++) {
      const key = i % 4 === 0 ? '/products' : i % 10 === 1 ? '/blog' : i % 50 === 3 ? '/help' : `/slug-${i}`;
      truth.set(key, (truth.get(key) ?? 0) + 1);
      s.offer(key);
      if (s.size > 16) throw new Error(`size ${s.size} after ${i + 1} offers`);
    }
    expect([s.size, s.total]).toEqual([16, 200_000]);
    // Keys above n/capacity = 12,500 are guaranteed: /products (50,000) and /blog (20,000); /help (4,000) is not.
    const top = s.top(2);
    expect(top.map((t) => t.key)).toEqual(['/products', '/blog']);
    for (const t of top) {
      const exact = truth.get(t.key)!;
      expect(t.count).toBeGreaterThanOrEqual(exact);
      expect(t.count - t.error).toBeLessThanOrEqual(exact);
      expect(t.error).toBeLessThanOrEqual(200_000 / 16);
    }
  });

  it('rejects a capacity below one', () => {
    expect(() => new SpaceSaving(0)).toThrow(RangeError);
  });
});
