import { isCrossHost, sitemapUrlKey } from './site-identity.js';
import type { SitemapCandidate, SkipReason } from './types.js';

/** A candidate the walk has accepted, with what the walk needs to check its children. */
export interface WalkItem extends SitemapCandidate {
  /** The normalised URL (see sitemapUrlKey). */
  key: string;
  /** Keys of the indexes above it, root first: a child among them is a cycle. */
  ancestors: readonly string[];
  crossHost: boolean;
}

export type Admission = { admitted: true; item: WalkItem } | { admitted: false; reason: SkipReason | 'invalid-url' };

export interface AdmissionRules {
  maxIndexDepth: number;
  maxSitemapsPerDomain: number;
  followCrossHost: boolean;
  /** The target's site (see siteKey). */
  site: string;
}

export interface Admitter {
  /** A top-level candidate. robots.txt and the user vouch for cross-host sitemaps; a page link does not. */
  topLevel(candidate: SitemapCandidate): Admission;
  /** A child listed by `parent`. */
  child(parent: WalkItem, loc: string): Admission;
  /**
   * Records the URL a fetch ended on after redirects; false when it is another admitted sitemap (read or queued),
   * so the same document is not read twice.
   */
  claimFinalUrl(item: WalkItem, finalUrl: string): boolean;
}

/** The checks that need no memory of the walk: what one job can decide about one candidate alone. */
export type StatelessRules = Omit<AdmissionRules, 'maxSitemapsPerDomain'>;

/**
 * Checks a candidate without the walk's memory: invalid URL, cycle (against `ancestors`), too deep, cross-host.
 * Duplicates and the per-domain cap need the walk's record of what it admitted: createAdmitter keeps it in memory,
 * the job pipeline in the crawl_run_files table.
 */
export function admitStateless(candidate: SitemapCandidate, ancestors: readonly string[], crossHostAllowed: boolean, rules: StatelessRules): Admission {
  const key = sitemapUrlKey(candidate.url);
  if (key === null) return { admitted: false, reason: 'invalid-url' };
  if (ancestors.includes(key)) return { admitted: false, reason: 'cycle' };
  if (candidate.depth > rules.maxIndexDepth) return { admitted: false, reason: 'depth' };
  const crossHost = isCrossHost(key, rules.site);
  if (crossHost && !crossHostAllowed && !rules.followCrossHost) return { admitted: false, reason: 'cross-host' };
  return { admitted: true, item: { ...candidate, key, ancestors, crossHost } };
}

/** A top-level candidate: robots.txt and the user vouch for a cross-host sitemap; a page link does not. */
export function admitTopLevelStateless(candidate: SitemapCandidate, rules: StatelessRules): Admission {
  return admitStateless(candidate, [], candidate.method === 'robots' || candidate.method === 'given', rules);
}

/** A child listed by `parent`, before the duplicate and cap checks. */
export function admitChildStateless(parent: WalkItem, loc: string, rules: StatelessRules): Admission {
  return admitStateless({ url: loc, method: 'index-child', foundOn: parent.url, depth: parent.depth + 1 }, [...parent.ancestors, parent.key], false, rules);
}

/**
 * The walk's memory of what it has accepted: one key per admitted sitemap, so at most maxSitemapsPerDomain (plus
 * redirect targets) whatever the indexes list. Checks run in the order a reader would want the reason: an invalid
 * URL, a cycle, a duplicate, too deep, cross-host, over the cap.
 */
export function createAdmitter(rules: AdmissionRules): Admitter {
  const seen = new Set<string>();
  let admitted = 0;

  function admit(admission: Admission): Admission {
    if (!admission.admitted) return admission;
    if (seen.has(admission.item.key)) return { admitted: false, reason: 'duplicate' };
    if (admitted >= rules.maxSitemapsPerDomain) return { admitted: false, reason: 'cap' };
    seen.add(admission.item.key);
    admitted += 1;
    return admission;
  }

  return {
    topLevel: (candidate) => admit(withDuplicateFirst(candidate.url, seen, () => admitTopLevelStateless(candidate, rules))),
    child: (parent, loc) => admit(withDuplicateFirst(loc, seen, () => admitChildStateless(parent, loc, rules))),
    claimFinalUrl(item, finalUrl) {
      const key = sitemapUrlKey(finalUrl);
      if (key === null || key === item.key) return true;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    },
  };
}

/** Keeps the reasons' order: invalid URL and cycle first, then duplicate, then depth and cross-host. */
function withDuplicateFirst(url: string, seen: ReadonlySet<string>, check: () => Admission): Admission {
  const admission = check();
  if (admission.admitted || admission.reason === 'invalid-url' || admission.reason === 'cycle') return admission;
  const key = sitemapUrlKey(url);
  return key !== null && seen.has(key) ? { admitted: false, reason: 'duplicate' } : admission;
}
