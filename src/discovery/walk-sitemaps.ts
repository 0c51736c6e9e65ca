import { type DiscoveryLimits, resolveDiscoveryLimits } from '../config.js';
import { FetchError } from '../fetch/index.js';
import { createAdmitter } from './admit-sitemap.js';
import { createEvidence, decideOutcome } from './decide-outcome.js';
import { readHomePage, type HomePageResult } from './read-home-page.js';
import { readRobots, type RobotsResult } from './read-robots.js';
import type { ProbeContext } from './probe-page.js';
import { runWalkPool, type WalkState } from './run-walk-pool.js';
import { siteKey } from './site-identity.js';
import type { DomainTarget, SitemapCandidate, WalkDeps, WalkEvent, WalkOptions, WalkStats } from './types.js';
import { WELL_KNOWN_SITEMAP_PATHS } from './well-known-paths.js';

function aborted(target: DomainTarget, signal: AbortSignal): FetchError {
  return new FetchError('SS_ERR_FETCH_ABORTED', `the discovery walk of ${target.origin} was aborted`, { cause: signal.reason, url: target.origin });
}

/** Where the site lives once its own redirects are followed (apex → www, http → https), if it stays the same site. */
function siteOrigin(target: DomainTarget, home: HomePageResult, robots: RobotsResult): string {
  const site = siteKey(new URL(target.origin).hostname);
  for (const { status, finalUrl } of [home.report, robots.report]) {
    if (status === null || status < 200 || status > 299) continue;
    const url = new URL(finalUrl);
    if (siteKey(url.hostname) === site) return url.origin;
  }
  return target.origin;
}

function publishedCandidates(target: DomainTarget, robots: RobotsResult, home: HomePageResult): SitemapCandidate[] {
  const given: SitemapCandidate[] = target.path === '/' ? [] : [{ url: new URL(target.path, target.origin).href, method: 'given', foundOn: null, depth: 0 }];
  return [
    ...given,
    ...robots.sitemaps.map((url): SitemapCandidate => ({ url, method: 'robots', foundOn: robots.report.finalUrl, depth: 0 })),
    ...home.links.map((url): SitemapCandidate => ({ url, method: 'html-link', foundOn: home.report.finalUrl, depth: 0 })),
  ];
}

/** Not an answer of any kind: refused, reset, TLS failure, DNS failure (not a timeout, not an HTTP status). */
function unreachable(probe: { answered: boolean; failure: string | null }): boolean {
  return !probe.answered && probe.failure === 'network';
}

/** What robots.txt and the home page told about a site: where it lives and which sitemaps it publishes. */
export interface SiteProbe {
  /** The target, with http instead of https when no scheme was given and https could not be reached at all. */
  target: DomainTarget;
  robots: RobotsResult;
  home: HomePageResult;
  /** Where the site lives after its own redirects: the well-known paths are probed there. */
  origin: string;
  /** The given path, robots.txt's Sitemap: lines and the home page's sitemap links, in that order. */
  published: SitemapCandidate[];
  /** False when the site never answered, or refused both probes: probing well-known paths would only repeat that. */
  mayProbe: boolean;
}

/**
 * Fetches robots.txt and the home page together (a site that never answers then costs one timeout, not two), with
 * the http fallback for a scheme-less input that https cannot reach. Never throws for the site's sake: failures are
 * in the two reports.
 */
export async function probeSite(target: DomainTarget, context: ProbeContext, limits: Pick<DiscoveryLimits, 'maxHomePageBytes' | 'maxRobotsBytes'>): Promise<SiteProbe> {
  let homeRead = readHomePage(target.origin, context, limits.maxHomePageBytes);
  let robots = await readRobots(target.origin, context, limits.maxRobotsBytes);
  let home = await homeRead;
  if (target.schemeGiven === false && target.origin.startsWith('https:') && unreachable(robots) && unreachable(home)) {
    // No scheme was given and https cannot be reached at all: try http, as a browser would.
    target = { ...target, origin: target.origin.replace(/^https:/, 'http:') };
    homeRead = readHomePage(target.origin, context, limits.maxHomePageBytes);
    robots = await readRobots(target.origin, context, limits.maxRobotsBytes);
    home = await homeRead;
  }
  const answered = robots.answered || home.answered;
  const refused = robots.report.blocked !== null && home.report.blocked !== null;
  return { target, robots, home, origin: siteOrigin(target, home, robots), published: publishedCandidates(target, robots, home), mayProbe: answered && !refused };
}

/** The well-known sitemap paths on the site's origin. */
export function wellKnownCandidates(origin: string): SitemapCandidate[] {
  return WELL_KNOWN_SITEMAP_PATHS.map((path): SitemapCandidate => ({ url: new URL(path, origin).href, method: 'well-known', foundOn: null, depth: 0 }));
}

function emptyStats(): WalkStats {
  return {
    filesFetched: 0,
    sitemapsRead: 0,
    urlEntries: 0,
    skipped: { depth: 0, cap: 0, 'cross-host': 0, duplicate: 0, cycle: 0 },
    notRead: 0,
    peakPendingSitemaps: 0,
  };
}

/**
 * Finds and reads every sitemap of one site, as a stream of events: robots.txt (its Sitemap: lines) and the home page
 * (its sitemap links), fetched together, then the published candidates and every index below them, then the well-known paths, then
 * the verdict. Entries arrive in batches straight from the parser, never collected; a file counts as a sitemap only
 * when its bytes sniff as one. Every failure becomes a report with a reason; the generator itself throws only when
 * `options.signal` aborts (SS_ERR_FETCH_ABORTED). Stopping the iteration early cancels every request in flight.
 * @example
 *   const http = createHttpClient()
 *   for await (const event of walkSitemaps(normalizeDomainInput('example.com'), { http }, { signal })) {
 *     if (event.type === 'entries') for (const entry of event.entries) console.log(entry.loc)
 *     if (event.type === 'done') console.log(event.outcome, event.reason) //=> ok null
 *   }
 */
export async function* walkSitemaps(target: DomainTarget, deps: WalkDeps, options: WalkOptions): AsyncGenerator<WalkEvent, void, undefined> {
  const limits = resolveDiscoveryLimits(options.limits);
  const callerSignal = options.signal;
  if (callerSignal.aborted) throw aborted(target, callerSignal);
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(callerSignal.reason);
  callerSignal.addEventListener('abort', onAbort, { once: true });
  const state: WalkState = {
    http: deps.http,
    signal: controller.signal,
    abort: () => controller.abort(),
    budget: options.budget ?? deps.http.createBudget(),
    now: deps.now ?? Date.now,
    limits,
    sitemapLimits: options.sitemapLimits ?? {},
    admitter: createAdmitter({
      maxIndexDepth: limits.maxIndexDepth,
      maxSitemapsPerDomain: limits.maxSitemapsPerDomain,
      followCrossHost: options.followCrossHost ?? false,
      site: siteKey(new URL(target.origin).hostname),
    }),
    evidence: createEvidence(),
    stats: emptyStats(),
    stop: null,
  };
  const probeContext = { http: state.http, signal: state.signal, budget: state.budget };
  try {
    const site = await probeSite(target, probeContext, limits);
    if (callerSignal.aborted) throw aborted(target, callerSignal);
    const { robots, home, origin } = site;
    target = site.target;
    const { report: r } = robots;
    yield { type: 'robots', url: r.url, status: r.status, sitemaps: robots.sitemaps, error: r.error, finalUrl: r.finalUrl, redirects: r.redirects, blocked: r.blocked, body: robots.text };
    for (const probe of [robots, home]) {
      const { url, blocked, error } = probe.report;
      if (probe.failure !== 'aborted') state.evidence.add({ url, answered: probe.answered, failure: probe.failure, blocked, error });
    }

    yield* runWalkPool(site.published, state);
    if (callerSignal.aborted) throw aborted(target, callerSignal);

    const wellKnown = options.wellKnown ?? 'always';
    const wanted = wellKnown === 'always' || (wellKnown === 'fallback' && state.stats.sitemapsRead === 0);
    if (wanted && site.mayProbe && state.stop === null) {
      yield* runWalkPool(wellKnownCandidates(origin), state);
      if (callerSignal.aborted) throw aborted(target, callerSignal);
    }

    const { outcome, reason } = decideOutcome({ evidence: state.evidence, stats: state.stats, stop: state.stop, maxUrlsPerDomain: limits.maxUrlsPerDomain });
    yield { type: 'done', outcome, reason, origin, probes: [robots.report, home.report], stats: state.stats };
  } finally {
    callerSignal.removeEventListener('abort', onAbort);
    controller.abort();
  }
}
