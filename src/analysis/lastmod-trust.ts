import type { LastmodTrust } from './types.js';

/** Fewer dated URLs than this say nothing either way. */
export const MIN_DATED_URLS = 5;
/** Share of dated URLs a rule needs before it calls the dates stamped. */
export const STAMPED_SHARE = 0.9;
/**
 * "At fetch time" means within this window around `now`: the walk of a large site takes minutes, and `now` is taken
 * when the analysis starts or ends, so an hour back covers the fetch; a few minutes ahead covers clock skew.
 */
export const FETCH_WINDOW_BEFORE_MS = 60 * 60_000;
export const FETCH_WINDOW_AFTER_MS = 5 * 60_000;
/** Distinct timestamps remembered: enough to tell "one" from "many" in O(1) memory. */
const DISTINCT_CAP = 16;

/** Per sitemap file: how many of its URLs were dated, and whether they all carried one timestamp. */
export interface SitemapDates {
  dated: number;
  uniform: boolean;
}

/**
 * Whether a domain's lastmod values can be believed. Generators that stamp every entry with their build or run time
 * make lastmod say nothing about the page; the rules, tried in order:
 *  - `no-lastmod` / `too-few-dates`: nothing to judge (trusted: null);
 *  - `stamped-at-fetch-time`: ≥ 90 % of dated URLs fall within [now − 1 h, now + 5 min];
 *  - `identical-timestamps`: every dated URL carries the same timestamp;
 *  - `identical-per-sitemap`: files whose URLs each carry one timestamp hold ≥ 90 % of the dated URLs;
 *  - `varied`: none of these: trusted.
 */
export class LastmodTrustTally {
  readonly #nowMs: number;
  #dated = 0;
  #nearNow = 0;
  readonly #distinct = new Set<string>();

  constructor(nowMs: number) {
    this.#nowMs = nowMs;
  }

  /** A URL's lastmod, as written and parsed (epoch milliseconds). */
  add(lastmod: string, t: number): void {
    this.#dated++;
    if (this.#distinct.size < DISTINCT_CAP) this.#distinct.add(lastmod);
    if (t >= this.#nowMs - FETCH_WINDOW_BEFORE_MS && t <= this.#nowMs + FETCH_WINDOW_AFTER_MS) this.#nearNow++;
  }

  judge(files: readonly SitemapDates[]): LastmodTrust {
    const dated = this.#dated;
    if (dated === 0) return { trusted: null, rule: 'no-lastmod', detail: 'no listed URL carries a lastmod' };
    if (dated < MIN_DATED_URLS) {
      return { trusted: null, rule: 'too-few-dates', detail: `only ${dated} listed URL(s) carry a lastmod: too few to judge` };
    }
    if (this.#nearNow >= STAMPED_SHARE * dated) {
      return {
        trusted: false,
        rule: 'stamped-at-fetch-time',
        detail: `${fmt(this.#nearNow)} of ${fmt(dated)} dated URLs carry a lastmod within the hour before the analysis: the server stamps the time of the request`,
      };
    }
    if (this.#distinct.size === 1) {
      const [only] = this.#distinct;
      return {
        trusted: false,
        rule: 'identical-timestamps',
        detail: `all ${fmt(dated)} dated URLs carry the same lastmod (${only}): the generator stamps its build or run time`,
      };
    }
    const uniformFiles = files.filter((f) => f.dated >= 2 && f.uniform);
    const uniformDated = uniformFiles.reduce((n, f) => n + f.dated, 0);
    if (uniformDated >= STAMPED_SHARE * dated) {
      return {
        trusted: false,
        rule: 'identical-per-sitemap',
        detail: `${fmt(uniformDated)} of ${fmt(dated)} dated URLs are in ${uniformFiles.length} sitemap file(s) whose URLs each carry one timestamp: each file is stamped when it is written`,
      };
    }
    const distinct = this.#distinct.size >= DISTINCT_CAP ? `${DISTINCT_CAP} or more` : String(this.#distinct.size);
    return { trusted: true, rule: 'varied', detail: `${fmt(dated)} dated URLs carry ${distinct} distinct lastmod values and no sign of stamping` };
  }
}

const fmt = (n: number): string => n.toLocaleString('en-US');
