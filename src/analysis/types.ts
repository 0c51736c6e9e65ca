import type { Changefreq, SitemapKind, WarningCode } from '../sitemap/index.js';
import type { DiscoveryMethod, DomainOutcome, ErrorInfo, RedirectInfo, SkipReason, WalkStatsInput } from './walk-input.js';

/** What a URL's shape says the page is (see classify-page-type.ts for the rule table). */
export const PAGE_TYPES = [
  'product',
  'category',
  'tag',
  'post',
  'page',
  'contact',
  'about',
  'team',
  'legal',
  'careers',
  'pdf',
  'image',
  'video',
  'other',
] as const;
export type PageType = (typeof PAGE_TYPES)[number];

/** Which software wrote a sitemap, and what in the file or its URL gave it away. */
export interface GeneratorGuess {
  name: string;
  evidence: string;
}

/** Disjoint lastmod buckets by age relative to `now` (see freshness.ts for the boundaries). */
export const FRESHNESS_BUCKETS = ['future', 'days7', 'days30', 'days90', 'year', 'older', 'invalid', 'missing'] as const;
export type FreshnessBucket = (typeof FRESHNESS_BUCKETS)[number];

/** Priority values rounded to one decimal place: `'0.0'` … `'1.0'`. */
export const PRIORITY_BUCKETS = ['0.0', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '1.0'] as const;
export type PriorityBucket = (typeof PRIORITY_BUCKETS)[number];

export const COVERAGE_FIELDS = ['lastmod', 'changefreq', 'priority', 'images', 'videos', 'news', 'alternates'] as const;
export type CoverageField = (typeof COVERAGE_FIELDS)[number];

export interface Share {
  count: number;
  /** Of all listed URLs, 0–100, one decimal place. */
  percent: number;
}

export interface RobotsFetchReport {
  url: string;
  status: number | null;
  sitemapsListed: number;
  error: ErrorInfo | null;
  blocked: string | null;
}

export interface SitemapReport {
  url: string;
  finalUrl: string;
  kind: SitemapKind | null;
  method: DiscoveryMethod;
  foundOn: string | null;
  depth: number;
  status: number | null;
  redirects: RedirectInfo[];
  contentType: string | null;
  bytesCompressed: number;
  bytesUncompressed: number;
  gzip: boolean;
  responseTimeMs: number | null;
  totalTimeMs: number | null;
  generator: GeneratorGuess | null;
  /** Entries in the file: page URLs and child sitemaps (the parser's count when more than reached the analyzer). */
  entries: { urls: number; sitemaps: number };
  lastmod: { oldest: string | null; newest: string | null };
  /** Page URLs on another host than this file's final URL (a leading `www.` ignored on both sides). */
  crossHostLocs: number;
  /** Protocol limits this file breaks: `max-urls` (over 50,000 entries) and `max-bytes` (over 50 MiB uncompressed). */
  overProtocolLimits: Array<'max-urls' | 'max-bytes'>;
  error: ErrorInfo | null;
  /** What gave a refusal away, when the answer was one. */
  blocked: string | null;
  warnings: Partial<Record<WarningCode, number>>;
  /** The first skipped children, as the walk listed them; `skippedByReason` counts them all. */
  skippedChildren: Array<{ url: string; reason: SkipReason }>;
  skippedByReason: Record<SkipReason, number>;
  /** Child locs of an index that are not http(s) URLs. */
  invalidChildren: number;
}

/** A candidate that was fetched but turned out not to be a sitemap (a 404 at a well-known path, an HTML page…). */
export interface ProbeReport {
  url: string;
  method: DiscoveryMethod;
  status: number | null;
  error: ErrorInfo | null;
  blocked: string | null;
}

export interface SitemapTreeNode {
  url: string;
  kind: SitemapKind | null;
  urls: number;
  children: SitemapTreeNode[];
  /** Children the index listed that the walk did not follow, and why (the first few). */
  skipped: Array<{ url: string; reason: SkipReason }>;
  /** All children not followed, listed or not. */
  skippedCount: number;
}

export type DistinctMethod = 'exact' | 'exact+hyperloglog';

export interface DuplicateReport {
  /** Listed URLs minus distinct URLs (estimated when `method` says so). */
  count: number;
  method: DistinctMethod;
  /** How the count was made, in a sentence, with the error bound when estimated. */
  detail: string;
  /** Distinct URLs counted exactly (held as 64-bit hashes) before the memory budget ran out. */
  exactDistinct: number;
  /** Distinct URLs estimated past the budget (0 when exact). */
  estimatedDistinct: number;
  /** Relative standard error of `estimatedDistinct` (0 when exact). */
  relativeStandardError: number;
}

export interface ProtocolViolations {
  oversizedFiles: Array<{ url: string; urls: number; bytes: number; limits: Array<'max-urls' | 'max-bytes'> }>;
  crossHostLocs: number;
  /** Relative locs (resolved against the sitemap URL when the parser had one, and reported either way). */
  relativeLocs: number;
  /** Locs that are not http(s) URLs or could not be resolved. */
  nonHttpLocs: number;
  invalidLastmod: number;
  invalidChangefreq: number;
  invalidPriority: number;
  /** Invalid video durations, video publication dates and news publication dates. */
  invalidExtensionValues: number;
  duplicates: DuplicateReport;
}

export type LastmodTrustRule =
  | 'no-lastmod'
  | 'too-few-dates'
  | 'stamped-at-fetch-time'
  | 'identical-timestamps'
  | 'identical-per-sitemap'
  | 'varied';

export interface LastmodTrust {
  /** null when there is nothing to judge. */
  trusted: boolean | null;
  rule: LastmodTrustRule;
  detail: string;
}

export interface TopSections {
  algorithm: string;
  /** Counters kept: memory is O(capacity) however many sections the site has. */
  capacity: number;
  /** Sections with their counts; `count` may overestimate by at most `maxOverestimate`. */
  items: Array<{ section: string; count: number; maxOverestimate: number }>;
}

/**
 * The analysis of one domain's sitemaps: what `sitescout analyze --json` prints. Plain JSON: no Dates, Maps or
 * undefined values; every histogram lists every bucket, zeros included.
 */
export interface DomainReport {
  domain: string;
  /** The `now` the report was made against (ISO-8601). */
  analyzedAt: string;
  outcome: DomainOutcome;
  reason: string | null;
  robots: RobotsFetchReport[];
  homePage: { url: string; status: number | null; error: ErrorInfo | null; blocked: string | null } | null;
  /** The walk's own counts, when it reported them. */
  walk: WalkStatsInput | null;
  sitemaps: SitemapReport[];
  notSitemaps: ProbeReport[];
  tree: SitemapTreeNode[];
  urls: { listed: number; distinct: number; distinctMethod: DistinctMethod };
  coverage: Record<CoverageField, Share>;
  freshness: Record<FreshnessBucket, number>;
  changefreq: Record<Changefreq | 'invalid' | 'missing', number>;
  priority: Record<PriorityBucket | 'invalid' | 'missing', number>;
  pageTypes: Record<PageType, number>;
  topSections: TopSections;
  violations: ProtocolViolations;
  /** Listed URLs that robots.txt disallows for our user agent; null when no robots rules were given. */
  robotsDisallowed: { checked: number; disallowed: number } | null;
  lastmodTrust: LastmodTrust;
  /** Generators detected, with how many sitemap files each wrote. */
  generators: Array<{ name: string; sitemaps: number }>;
}
