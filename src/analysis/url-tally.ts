import { CHANGEFREQS, type Changefreq, type UrlEntry } from '../sitemap/index.js';
import { classifyUrlParts } from './classify-page-type.js';
import { freshnessBucket } from './freshness.js';
import type { UrlParts } from './split-url.js';
import {
  COVERAGE_FIELDS,
  FRESHNESS_BUCKETS,
  PAGE_TYPES,
  PRIORITY_BUCKETS,
  type CoverageField,
  type FreshnessBucket,
  type PageType,
  type PriorityBucket,
  type Share,
} from './types.js';

type ChangefreqKey = Changefreq | 'invalid' | 'missing';
type PriorityKey = PriorityBucket | 'invalid' | 'missing';

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * The per-URL metrics of a domain, as counters: metadata coverage, lastmod freshness, changefreq and priority
 * distributions, page types, and invalid values. O(1) memory however many URLs pass.
 */
export class UrlTally {
  listed = 0;
  readonly coverage = zeros<CoverageField>(COVERAGE_FIELDS);
  readonly freshness = zeros<FreshnessBucket>(FRESHNESS_BUCKETS);
  readonly changefreq = zeros<ChangefreqKey>([...CHANGEFREQS, 'invalid', 'missing']);
  readonly priority = zeros<PriorityKey>([...PRIORITY_BUCKETS, 'invalid', 'missing']);
  readonly pageTypes = zeros<PageType>(PAGE_TYPES);
  invalidLastmod = 0;
  invalidChangefreq = 0;
  invalidPriority = 0;
  invalidExtensionValues = 0;
  readonly #nowMs: number;

  constructor(nowMs: number) {
    this.#nowMs = nowMs;
  }

  /** `lastmodMs`: the entry's lastmod parsed (null when absent), parsed once by the caller for every use. */
  add(entry: UrlEntry, parts: UrlParts, lastmodMs: number | null): void {
    this.listed++;
    let badLastmod = false;
    let badChangefreq = false;
    let badPriority = false;
    for (const v of entry.invalid) {
      switch (v.field) {
        case 'lastmod':
          badLastmod = true;
          this.invalidLastmod++;
          break;
        case 'changefreq':
          badChangefreq = true;
          this.invalidChangefreq++;
          break;
        case 'priority':
          badPriority = true;
          this.invalidPriority++;
          break;
        case 'video:duration':
        case 'video:publication_date':
        case 'news:publication_date':
          this.invalidExtensionValues++;
          break;
        default:
          v.field satisfies never;
      }
    }
    const c = this.coverage;
    if (entry.lastmod !== null) c.lastmod++;
    if (entry.changefreq !== null) c.changefreq++;
    if (entry.priority !== null) c.priority++;
    if (entry.images.length > 0) c.images++;
    if (entry.videos.length > 0) c.videos++;
    if (entry.news !== null) c.news++;
    if (entry.alternates.length > 0) c.alternates++;

    this.freshness[freshnessBucket(lastmodMs, badLastmod, this.#nowMs)]++;
    this.changefreq[entry.changefreq ?? (badChangefreq ? 'invalid' : 'missing')]++;
    this.priority[entry.priority === null ? (badPriority ? 'invalid' : 'missing') : priorityBucket(entry.priority)]++;
    this.pageTypes[classifyUrlParts(parts)]++;
  }

  /** Counts an invalid lastmod on a child-sitemap entry of an index (a protocol violation, not a page). */
  addInvalidIndexLastmod(): void {
    this.invalidLastmod++;
  }

  coverageShares(): Record<CoverageField, Share> {
    const out = {} as Record<CoverageField, Share>;
    for (const field of COVERAGE_FIELDS) out[field] = { count: this.coverage[field], percent: percent(this.coverage[field], this.listed) };
    return out;
  }
}

/** Rounds to one decimal place; values outside [0, 1] (the parser rejects them) are clamped. */
export function priorityBucket(p: number): PriorityBucket {
  const i = Math.min(10, Math.max(0, Math.round(p * 10)));
  return PRIORITY_BUCKETS[i]!;
}

export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10;
}
