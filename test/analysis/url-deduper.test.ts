import { describe, expect, it } from 'vitest';
import { createUrlDeduper } from '../../src/analysis/index.js';

describe('createUrlDeduper', () => {
  it('says new the first time and duplicate after', () => {
    const d = createUrlDeduper(1024 * 1024);
    expect(['https://a.example/1', 'https://a.example/2', 'https://a.example/1', 'https://a.example/2'].map((u) => d.check(u))).toEqual(['new', 'new', 'duplicate', 'duplicate']);
    expect(d.size).toBe(2);
  });

  it('passes URLs as unchecked once the budget is spent, never dropping one, and still recognises known ones', () => {
    const d = createUrlDeduper(512);
    const verdicts = Array.from({ length: 200 }, (_, i) => d.check(`https://a.example/${i}`));
    expect(d.full).toBe(true);
    expect(verdicts.filter((v) => v === 'duplicate')).toEqual([]);
    const firstUnchecked = verdicts.indexOf('unchecked');
    expect(firstUnchecked).toBeGreaterThan(0);
    expect(verdicts.slice(firstUnchecked).every((v) => v === 'unchecked')).toBe(true);
    expect(d.check('https://a.example/0')).toBe('duplicate');
  });
});
