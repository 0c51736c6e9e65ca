import type { SitemapEntry, WarningCode } from '../sitemap/index.js';
import { SitescoutError } from '../errors.js';
import { buildSitemapTree } from './build-sitemap-tree.js';
import { DEFAULT_DUPLICATE_BUDGET_BYTES, DuplicateCounter } from './duplicate-counter.js';
import { inferOutcome } from './infer-outcome.js';
import { LastmodTrustTally } from './lastmod-trust.js';
import { SitemapTally } from './sitemap-tally.js';
import { SpaceSaving } from './space-saving.js';
import { sectionOf } from './section-of.js';
import { isProbe, sitemapReport, unreportedFile } from './sitemap-report.js';
import { splitUrl } from './split-url.js';
import type { DomainReport, ProbeReport, ProtocolViolations, RobotsFetchReport, SitemapReport } from './types.js';
import { UrlTally } from './url-tally.js';
import type { AnalyzerEvent, CandidateInput, SitemapFileInput, WalkStatsInput } from './walk-input.js';

export interface DomainAnalyzerOptions {
  domain: string;
  /** What "now" is for freshness and trust: injected, so a report is reproducible. */
  now: Date;
  /** robots.txt's verdict for our user agent; without it, `robotsDisallowed` is null. */
  isAllowedByRobots?: (url: string) => boolean;
  /** Memory for exact duplicate detection (64-bit URL hashes), peak included; estimated past it. Default 64 MiB. */
  duplicateBudgetBytes?: number;
  /** Counters for the top path sections (Space-Saving). Default 64; the report lists the top 10. */
  topSectionsCapacity?: number;
}

export interface DomainAnalyzer {
  /** Consumes the walk's next event. */
  add(event: AnalyzerEvent): void;
  /** The report over everything added so far; may be called more than once (a snapshot each time). */
  finish(): DomainReport;
}

const TOP_SECTIONS_SHOWN = 10;

/**
 * Builds a domain's sitemap report from its walk events, in one pass. Memory is O(1) per URL apart from the
 * duplicate detector, which is bounded by `duplicateBudgetBytes`; per sitemap file it is O(1) too. No I/O.
 * @example
 * const analyzer = createDomainAnalyzer({ domain: 'example.com', now: new Date() });
 * for await (const event of walk) analyzer.add(event);
 * const report = analyzer.finish();
 */
export function createDomainAnalyzer(options: DomainAnalyzerOptions): DomainAnalyzer {
  const nowMs = options.now.getTime();
  if (Number.isNaN(nowMs)) throw new SitescoutError('SS_ERR_CONFIG_INVALID', 'createDomainAnalyzer: `now` is an invalid Date');
  const budget = options.duplicateBudgetBytes ?? DEFAULT_DUPLICATE_BUDGET_BYTES;
  if (!Number.isSafeInteger(budget) || budget < 0) {
    throw new SitescoutError('SS_ERR_CONFIG_INVALID', `createDomainAnalyzer: duplicateBudgetBytes must be a non-negative integer, got ${budget}`);
  }
  const capacity = options.topSectionsCapacity ?? 64;
  if (!Number.isSafeInteger(capacity) || capacity < TOP_SECTIONS_SHOWN) {
    throw new SitescoutError('SS_ERR_CONFIG_INVALID', `createDomainAnalyzer: topSectionsCapacity must be an integer ≥ ${TOP_SECTIONS_SHOWN}, got ${capacity}`);
  }
  const isAllowed = options.isAllowedByRobots ?? null;

  const urls = new UrlTally(nowMs);
  const duplicates = new DuplicateCounter(budget);
  const sections = new SpaceSaving(capacity);
  const trust = new LastmodTrustTally(nowMs);
  const tallies = new Map<string, SitemapTally>();
  const files: SitemapFileInput[] = [];
  /** Candidates not yet reported: how a file cut off mid-walk was found. Bounded by the walk's sitemap cap. */
  const pending = new Map<string, CandidateInput>();
  const robots: RobotsFetchReport[] = [];
  let robotsChecked = 0;
  let robotsDisallowed = 0;
  let done: Extract<AnalyzerEvent, { type: 'done' }> | null = null;

  const addEntries = (sitemap: string, entries: readonly SitemapEntry[]): void => {
    let tally = tallies.get(sitemap);
    if (tally === undefined) tallies.set(sitemap, (tally = new SitemapTally()));
    for (const entry of entries) {
      tally.add(entry);
      if (entry.type === 'sitemap') {
        if (entry.invalid.some((v) => v.field === 'lastmod')) urls.addInvalidIndexLastmod();
        continue;
      }
      const parts = splitUrl(entry.loc);
      const lastmod = entry.lastmod;
      const lastmodMs = lastmod === null ? null : Date.parse(lastmod);
      urls.add(entry, parts, lastmodMs);
      duplicates.add(entry.loc);
      tally.addHost(parts.host);
      sections.offer(sectionOf(parts.path));
      if (lastmod !== null && lastmodMs !== null) trust.add(lastmod, lastmodMs);
      if (isAllowed !== null) {
        robotsChecked++;
        if (!isAllowed(entry.loc)) robotsDisallowed++;
      }
    }
  };

  return {
    add(event: AnalyzerEvent): void {
      switch (event.type) {
        case 'robots':
          robots.push({ url: event.url, status: event.status, sitemapsListed: event.sitemaps.length, error: event.error, blocked: event.blocked ?? null });
          break;
        case 'candidate':
          pending.set(event.candidate.url, event.candidate);
          break;
        case 'entries':
          addEntries(event.sitemap, event.entries);
          break;
        case 'sitemap':
          files.push(event.report);
          pending.delete(event.report.url);
          break;
        case 'done':
          done = event;
          break;
        default:
          event satisfies never;
      }
    },

    finish(): DomainReport {
      const sitemaps: SitemapReport[] = [];
      const notSitemaps: ProbeReport[] = [];
      for (const file of files) {
        if (isProbe(file)) notSitemaps.push({ url: file.url, method: file.method, status: file.status, error: file.error, blocked: file.blocked ?? null });
        else sitemaps.push(sitemapReport(file, tallies.get(file.url) ?? tallies.get(file.finalUrl) ?? new SitemapTally()));
      }
      const reported = new Set(files.flatMap((f) => [f.url, f.finalUrl]));
      for (const [url, tally] of tallies) if (!reported.has(url)) sitemaps.push(sitemapReport(unreportedFile(url, pending.get(url) ?? null), tally));

      const dupReport = duplicates.report();
      const home = done?.probes?.find((p) => p.role === 'home') ?? null;
      const outcome =
        done ??
        inferOutcome({
          sitemapsRead: sitemaps.filter((s) => s.kind !== null).length,
          statuses: [...robots.map((r) => r.status), ...files.map((f) => f.status)],
          errorCodes: [...robots, ...files].flatMap((x) => (x.error === null ? [] : [x.error.code])),
          blocked: [...robots, ...files].some((x) => (x.blocked ?? null) !== null),
        });
      const violations: ProtocolViolations = {
        oversizedFiles: sitemaps
          .filter((s) => s.overProtocolLimits.length > 0)
          .map((s) => ({ url: s.url, urls: s.entries.urls + s.entries.sitemaps, bytes: s.bytesUncompressed, limits: s.overProtocolLimits })),
        crossHostLocs: sum(sitemaps, (s) => s.crossHostLocs),
        relativeLocs: sumWarnings(sitemaps, ['relative-loc']),
        nonHttpLocs: sumWarnings(sitemaps, ['non-http-loc', 'unresolvable-loc']),
        invalidLastmod: urls.invalidLastmod,
        invalidChangefreq: urls.invalidChangefreq,
        invalidPriority: urls.invalidPriority,
        invalidExtensionValues: urls.invalidExtensionValues,
        duplicates: dupReport,
      };
      const perFile = [...tallies.values()].map((t) => ({ dated: t.dated, uniform: t.uniformLastmod }));
      return {
        domain: options.domain,
        analyzedAt: options.now.toISOString(),
        outcome: outcome.outcome,
        reason: outcome.reason,
        robots: robots.map((r) => ({ ...r })),
        homePage: home === null ? null : { url: home.url, status: home.status, error: home.error, blocked: home.blocked },
        walk: walkStats(done?.stats),
        sitemaps,
        notSitemaps,
        tree: buildSitemapTree(sitemaps),
        urls: { listed: urls.listed, distinct: urls.listed - dupReport.count, distinctMethod: dupReport.method },
        coverage: urls.coverageShares(),
        freshness: { ...urls.freshness },
        changefreq: { ...urls.changefreq },
        priority: { ...urls.priority },
        pageTypes: { ...urls.pageTypes },
        topSections: {
          algorithm: `Space-Saving (Metwally et al. 2005), ${capacity} counters: any section above 1/${capacity} of the URLs is listed; a count overestimates by at most its maxOverestimate`,
          capacity,
          items: sections.top(TOP_SECTIONS_SHOWN).map((s) => ({ section: s.key, count: s.count, maxOverestimate: s.error })),
        },
        violations,
        robotsDisallowed: isAllowed === null ? null : { checked: robotsChecked, disallowed: robotsDisallowed },
        lastmodTrust: trust.judge(perFile),
        generators: countGenerators(sitemaps),
      };
    },
  };
}

function sum<T>(items: readonly T[], f: (t: T) => number): number {
  return items.reduce((n, t) => n + f(t), 0);
}

function sumWarnings(sitemaps: readonly SitemapReport[], codes: readonly WarningCode[]): number {
  return sum(sitemaps, (s) => sum(codes, (c) => s.warnings[c] ?? 0));
}

function countGenerators(sitemaps: readonly SitemapReport[]): Array<{ name: string; sitemaps: number }> {
  const counts = new Map<string, number>();
  for (const s of sitemaps) if (s.generator !== null) counts.set(s.generator.name, (counts.get(s.generator.name) ?? 0) + 1);
  return [...counts].map(([name, n]) => ({ name, sitemaps: n })).sort((a, b) => b.sitemaps - a.sitemaps || a.name.localeCompare(b.name));
}

function walkStats(stats: WalkStatsInput | undefined): WalkStatsInput | null {
  if (stats === undefined) return null;
  const { filesFetched, sitemapsRead, urlEntries, notRead } = stats;
  return { filesFetched, sitemapsRead, urlEntries, notRead, skipped: { ...stats.skipped } };
}
