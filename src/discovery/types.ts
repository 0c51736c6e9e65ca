import type { DiscoveryLimits, SitemapLimits } from '../config.js';
import type { DomainBudget, HttpClient } from '../fetch/index.js';
import type { SitemapEntry, SitemapKind, SitemapSummary } from '../sitemap/index.js';

/** A domain as the user gave it, normalised. */
export interface DomainTarget {
  /** What the user typed. */
  input: string;
  /** Lower-case host in ASCII (punycode), with the port when one was given: `www.example.com`, `127.0.0.1:8080`. */
  host: string;
  /** `https://www.example.com` (scheme from the input, https when none was given; http for a host:port input is allowed). */
  origin: string;
  /** The registrable domain (tldts), e.g. `example.co.uk`; null for IP addresses and hosts without a public suffix. */
  registrableDomain: string | null;
  /** The path and query a URL input named (`/sitemap_index.xml`), `/` when none. Read first, as a 'given' candidate. */
  path: string;
  /**
   * False when the input named no scheme: https was assumed, and the walk falls back to http when https cannot be
   * reached at all (refused, TLS failure), as browsers do. Absent counts as true.
   */
  schemeGiven?: boolean;
}

/** How a sitemap was found. */
export type DiscoveryMethod = 'robots' | 'well-known' | 'html-link' | 'index-child' | 'given';

export interface SitemapCandidate {
  url: string;
  method: DiscoveryMethod;
  /** The index that listed it (for 'index-child'), the robots.txt or page URL (for 'robots' / 'html-link'). */
  foundOn: string | null;
  /** 0 for top-level candidates, parent depth + 1 for index children. */
  depth: number;
}

export interface RedirectRecord {
  from: string;
  to: string;
  status: number;
}

/** Why a listed child sitemap (or a top-level candidate) was not fetched. */
export type SkipReason = 'depth' | 'cap' | 'cross-host' | 'duplicate' | 'cycle';

/**
 * What fetching and parsing one sitemap file produced. The optional fields were added after the first contract;
 * walkSitemaps always sets them (see FullSitemapFileReport), so only hand-built reports may lack them.
 */
export interface SitemapFileReport {
  url: string;
  finalUrl: string;
  method: DiscoveryMethod;
  foundOn: string | null;
  depth: number;
  /** HTTP status of the final response; null when no response arrived. */
  status: number | null;
  redirects: RedirectRecord[];
  contentType: string | null;
  /** Bytes on the wire and after decompression (Content-Encoding and gzip files both counted). */
  bytesCompressed: number;
  bytesUncompressed: number;
  gzip: boolean;
  /** From the request to the final response's headers (redirects and retries included). */
  responseTimeMs: number | null;
  /** From the request to the end of the body. */
  totalTimeMs?: number | null;
  kind: SitemapKind | null;
  /** True when the bytes sniffed as a sitemap (kind is set), even if the document broke later. */
  isSitemap?: boolean;
  /** The parser's summary (entry counts, field coverage, warnings, prolog comments and stylesheets). */
  summary: SitemapSummary | null;
  /** The reason the file could not be (fully) read: a stable code and a message. */
  error: { code: string; message: string } | null;
  /** Set when the answer was a refusal (401/403/429) or a WAF/challenge page: what gave it away. */
  blocked?: string | null;
  /**
   * Child sitemaps listed but not followed, and why (depth, cap, cross-host, duplicate, cycle). The first
   * MAX_LISTED_SKIPS are listed; `skippedChildrenByReason` counts them all, so a huge index costs no memory here.
   */
  skippedChildren: Array<{ url: string; reason: SkipReason }>;
  skippedChildrenByReason?: Record<SkipReason, number>;
  /** Child locs that are not http(s) URLs and so cannot be fetched. */
  invalidChildren?: number;
  crossHost: boolean;
}

/** A report as walkSitemaps emits it: every field set. */
export type FullSitemapFileReport = Required<SitemapFileReport>;

export type DomainOutcome = 'ok' | 'no-sitemap' | 'blocked' | 'unreachable' | 'timed-out';

/** robots.txt and the home page: fetched to find candidates and to tell a blocked site from one without sitemaps. */
export interface ProbeReport {
  role: 'robots' | 'home';
  url: string;
  finalUrl: string;
  status: number | null;
  redirects: RedirectRecord[];
  contentType: string | null;
  /** Decoded body bytes read (at most maxRobotsBytes / maxHomePageBytes). */
  bytes: number;
  /** True when the body was longer than the cap and the rest was not read. */
  truncated: boolean;
  responseTimeMs: number | null;
  error: { code: string; message: string } | null;
  blocked: string | null;
}

export interface WalkStats {
  /** Files requested (candidates and children), whatever they turned out to be. */
  filesFetched: number;
  /** Files whose bytes sniffed as a sitemap. */
  sitemapsRead: number;
  /** URL entries yielded (not distinct: the analysis counts distinct URLs). */
  urlEntries: number;
  /** Children and top-level candidates not fetched, by reason. */
  skipped: Record<SkipReason, number>;
  /** Admitted sitemaps never fetched because the walk stopped (URL cap, budget). */
  notRead: number;
  /** The most index children ever queued and not yet started: bounded by maxPendingSitemaps (see the README). */
  peakPendingSitemaps: number;
}

/**
 * Events of one domain's walk, in the order they happen. Entries come in batches, never as a whole list. The
 * optional fields are always set by walkSitemaps (they are optional so events built by hand stay valid).
 */
export type WalkEvent =
  | {
      type: 'robots';
      url: string;
      status: number | null;
      sitemaps: string[];
      error: { code: string; message: string } | null;
      finalUrl?: string;
      redirects?: RedirectRecord[];
      blocked?: string | null;
      /** The robots.txt text (bounded by maxRobotsBytes) when it answered 2xx; null otherwise. */
      body?: string | null;
    }
  | { type: 'candidate'; candidate: SitemapCandidate }
  | { type: 'entries'; sitemap: string; entries: SitemapEntry[] }
  | { type: 'sitemap'; report: SitemapFileReport }
  | {
      type: 'done';
      outcome: DomainOutcome;
      reason: string | null;
      /** The origin the well-known paths were probed on: the target's, or where its home page redirected. */
      origin?: string;
      probes?: ProbeReport[];
      stats?: WalkStats;
    };

export interface WalkDeps {
  /** All fetching goes through it; the walk never closes it. */
  http: HttpClient;
  /** Epoch milliseconds, for the report's timings. Default Date.now. */
  now?: () => number;
}

/** Which well-known paths are probed: all of them, only when the published candidates gave no sitemap, or none. */
export type WellKnownProbe = 'always' | 'fallback' | 'never';

export interface WalkOptions {
  signal: AbortSignal;
  /** Overrides for DISCOVERY_LIMITS (see docs/config.md). */
  limits?: Partial<DiscoveryLimits>;
  /** Overrides for the parser's SITEMAP_LIMITS, applied to every file. */
  sitemapLimits?: Partial<SitemapLimits>;
  /** Follow index children on another registrable domain. Default false: they are reported as skipped. */
  followCrossHost?: boolean;
  /** Default 'always': every well-known path is probed, after the published candidates and their trees. */
  wellKnown?: WellKnownProbe;
  /** The domain's time budget. Default: a fresh one from the client (domainBudgetMs). */
  budget?: DomainBudget;
}
