import { hashUrl, type Hash64 } from './hash-url.js';
import { UrlHashSet } from './url-hash-set.js';

/** The verdict on one URL: first time seen, seen before, or not checked because the budget is spent. */
export type DedupeVerdict = 'new' | 'duplicate' | 'unchecked';

/**
 * Exact de-duplication of a URL stream within a memory budget (64-bit hashes in a compact table). Once the table
 * is full, URLs already in it are still recognised; others pass as 'unchecked' rather than being dropped: a budget
 * may cost exactness, never a URL.
 */
export function createUrlDeduper(budgetBytes: number): { check(url: string): DedupeVerdict; readonly size: number; readonly full: boolean } {
  const set = new UrlHashSet(budgetBytes);
  const hash: Hash64 = { hi: 0, lo: 0 };
  return {
    check(url: string): DedupeVerdict {
      hashUrl(url, hash);
      switch (set.add(hash.hi, hash.lo)) {
        case 'added':
          return 'new';
        case 'present':
          return 'duplicate';
        case 'full':
          return 'unchecked';
      }
    },
    get size() {
      return set.size;
    },
    get full() {
      return set.full;
    },
  };
}
