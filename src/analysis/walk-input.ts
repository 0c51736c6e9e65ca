import type { SitemapEntry, SitemapKind, SitemapSummary } from '../sitemap/index.js';

/*
 * The part of a discovery walk the analyzer reads, declared here rather than imported: stages never import one
 * another (STYLE.md), and TypeScript's structural typing lets the composer pass discovery's `WalkEvent` straight
 * in. test/analysis/walk-input.test.ts fails to compile when the two drift apart.
 */

export type DomainOutcome = 'ok' | 'no-sitemap' | 'blocked' | 'unreachable' | 'timed-out';

export type DiscoveryMethod = 'robots' | 'well-known' | 'html-link' | 'index-child' | 'given';

export type SkipReason = 'depth' | 'cap' | 'cross-host' | 'duplicate' | 'cycle';

export interface ErrorInfo {
  code: string;
  message: string;
}

export interface RedirectInfo {
  from: string;
  to: string;
  status: number;
}

/** A URL the walk will try as a sitemap, and how it was found. */
export interface CandidateInput {
  url: string;
  method: DiscoveryMethod;
  foundOn: string | null;
  depth: number;
}

/** One fetched (or attempted) sitemap file, as the walk reports it after its entries. */
export interface SitemapFileInput {
  url: string;
  finalUrl: string;
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
  totalTimeMs?: number | null;
  kind: SitemapKind | null;
  isSitemap?: boolean;
  summary: SitemapSummary | null;
  error: ErrorInfo | null;
  /** What gave a refusal away (401/403/429, a challenge page), when the answer was one. */
  blocked?: string | null;
  /** The first few skipped children; `skippedChildrenByReason` counts them all. */
  skippedChildren: Array<{ url: string; reason: SkipReason }>;
  skippedChildrenByReason?: Record<SkipReason, number>;
  invalidChildren?: number;
  crossHost: boolean;
}

/** robots.txt or the home page, fetched by the walk to find candidates and to tell a blocked site. */
export interface ProbeInput {
  role: 'robots' | 'home';
  url: string;
  status: number | null;
  error: ErrorInfo | null;
  blocked: string | null;
}

export interface WalkStatsInput {
  filesFetched: number;
  sitemapsRead: number;
  urlEntries: number;
  skipped: Record<SkipReason, number>;
  notRead: number;
}

/**
 * The events of one domain's walk, in order; entries arrive in batches. Mirrors discovery's `WalkEvent`; the optional
 * fields are set by the walk and may be missing from events built by hand.
 */
export type AnalyzerEvent =
  | { type: 'robots'; url: string; status: number | null; sitemaps: string[]; error: ErrorInfo | null; blocked?: string | null }
  | { type: 'candidate'; candidate: CandidateInput }
  | { type: 'entries'; sitemap: string; entries: SitemapEntry[] }
  | { type: 'sitemap'; report: SitemapFileInput }
  | { type: 'done'; outcome: DomainOutcome; reason: string | null; probes?: ProbeInput[]; stats?: WalkStatsInput };
