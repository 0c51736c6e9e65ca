/**
 * The discovery stage: from a domain to its sitemaps and their entries. Everything outside src/discovery imports
 * from here only.
 */
export { normalizeDomainInput } from './normalize-domain-input.js';
export { createDomainLineReader, readDomainLines, type DomainLine } from './read-domain-lines.js';
export { walkSitemaps, probeSite, wellKnownCandidates, type SiteProbe } from './walk-sitemaps.js';
export { readOneSitemap, type ChildOffer, type OneSitemapHooks, type ReadOneSitemapOptions } from './read-one-sitemap.js';
export { admitTopLevelStateless, admitChildStateless, type Admission, type StatelessRules, type WalkItem as AdmittedSitemap } from './admit-sitemap.js';
export type { FileResult } from './read-sitemap-file.js';
export { createEvidence, decideOutcome, type Evidence, type FetchEvidence, type StopReason } from './decide-outcome.js';
export type { FailureKind } from './describe-failure.js';
export { parseRobots, sitemapsFromRobots, type RobotsRules, type RobotsSitemaps } from './robots-sitemaps.js';
export { createSitemapLinkScanner, type LinkScanner } from './html-sitemap-links.js';
export { detectBlock } from './detect-block.js';
export { WELL_KNOWN_SITEMAP_PATHS } from './well-known-paths.js';
export { isCrossHost, registrableDomain, siteKey, sitemapUrlKey } from './site-identity.js';
export { MAX_LISTED_SKIPS } from './run-walk-pool.js';
export { DISCOVERY_LIMITS, resolveDiscoveryLimits, type DiscoveryLimitName, type DiscoveryLimits } from './discovery-settings.js';
export type {
  DiscoveryMethod,
  DomainOutcome,
  DomainTarget,
  ProbeReport,
  RedirectRecord,
  SitemapCandidate,
  FullSitemapFileReport,
  SitemapFileReport,
  SkipReason,
  WalkDeps,
  WalkEvent,
  WalkOptions,
  WalkStats,
  WellKnownProbe,
} from './types.js';
