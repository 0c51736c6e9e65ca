import { ANALYSIS_LIMITS } from '../config.js';
import { hashUrl, type Hash64 } from './hash-url.js';
import { HLL_PRECISION, HLL_RELATIVE_STANDARD_ERROR, HyperLogLog } from './hyperloglog.js';
import type { DuplicateReport } from './types.js';
import { UrlHashSet } from './url-hash-set.js';

/** 64 MiB of URL hashes: ≈ 3.1 million distinct URLs counted exactly (the table may grow to half the budget). */
export const DEFAULT_DUPLICATE_BUDGET_BYTES = ANALYSIS_LIMITS.duplicateBudgetBytes.default;

/**
 * Distinct and duplicate URLs in bounded memory. Every loc is hashed to 64 bits. While the hash table fits the budget,
 * the count is exact (up to a 64-bit collision). Once it is full it stops growing but is still consulted, so repeats
 * of the URLs it holds stay exact; hashes it does not hold go into a HyperLogLog (16 KiB), whose estimate of their
 * distinct count is added to the table's exact one. Locs are compared exactly as written.
 */
export class DuplicateCounter {
  readonly #set: UrlHashSet;
  readonly #budgetBytes: number;
  #hll: HyperLogLog | null = null;
  #listed = 0;
  readonly #hash: Hash64 = { hi: 0, lo: 0 };

  constructor(budgetBytes: number = DEFAULT_DUPLICATE_BUDGET_BYTES) {
    this.#budgetBytes = budgetBytes;
    this.#set = new UrlHashSet(budgetBytes);
  }

  add(loc: string): void {
    this.#listed++;
    const h = hashUrl(loc, this.#hash);
    if (this.#set.add(h.hi, h.lo) !== 'full') return;
    this.#hll ??= new HyperLogLog();
    this.#hll.add(h.hi, h.lo);
  }

  get listed(): number {
    return this.#listed;
  }

  distinct(): number {
    return this.#set.size + (this.#hll === null ? 0 : Math.round(this.#hll.estimate()));
  }

  report(): DuplicateReport {
    const exactDistinct = this.#set.size;
    if (this.#hll === null) {
      return {
        count: this.#listed - exactDistinct,
        method: 'exact',
        detail: `exact: every loc held as a 64-bit hash (${formatMiB(this.#set.bytes)} of a ${formatMiB(this.#budgetBytes)} budget)`,
        exactDistinct,
        estimatedDistinct: 0,
        relativeStandardError: 0,
      };
    }
    const estimatedDistinct = Math.round(this.#hll.estimate());
    const rse = HLL_RELATIVE_STANDARD_ERROR;
    return {
      count: Math.max(0, this.#listed - exactDistinct - estimatedDistinct),
      method: 'exact+hyperloglog',
      detail:
        `exact for the first ${exactDistinct.toLocaleString('en-US')} distinct URLs (64-bit hashes, ${formatMiB(this.#budgetBytes)} budget), ` +
        `then estimated with HyperLogLog (p=${HLL_PRECISION}, ±${(rse * 100).toFixed(2)} % standard error on the ` +
        `${estimatedDistinct.toLocaleString('en-US')} estimated)`,
      exactDistinct,
      estimatedDistinct,
      relativeStandardError: Number(rse.toFixed(6)),
    };
  }
}

function formatMiB(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}
