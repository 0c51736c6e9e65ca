import { ANALYSIS_LIMITS, CONTACT_LIMITS, DISCOVERY_LIMITS, FETCH_LIMITS, resolveAnalysisLimits, resolveContactLimits, resolveDiscoveryLimits, resolveFetchLimits, resolveSitemapLimits, SITEMAP_LIMITS } from '../config.js';
import type { AnalysisLimits, ContactLimits, DiscoveryLimits, FetchLimits, SitemapLimits } from '../config.js';
import { type DomainTarget, normalizeDomainInput, walkSitemaps, type WalkEvent, type WellKnownProbe } from '../discovery/index.js';
import { isIP } from 'node:net';
import { SitescoutError } from '../errors.js';
import { createHttpClient, type HttpClient, type ResolveHost, systemResolveHost } from '../fetch/index.js';
import { describeError } from './describe-error.js';
import { limitFlags } from './limit-options.js';
import type { SiteFlags } from './site-options.js';
import type { CliIo } from './parse-command.js';
import { formatBytes } from './progress-line.js';

export interface SiteSettings {
  fetch: Readonly<FetchLimits>;
  discovery: Readonly<DiscoveryLimits>;
  sitemap: Readonly<SitemapLimits>;
  analysis: Readonly<AnalysisLimits>;
  contacts: Readonly<ContactLimits>;
  allowPrivateNetworks: boolean;
  userAgent: string | undefined;
  followCrossHost: boolean;
  wellKnown: WellKnownProbe;
  /** Host names pinned to addresses (`--resolve`), like curl's option; the private-network guard still applies. */
  resolve: ReadonlyMap<string, string>;
}

/** Flags > environment > defaults, validated; throws SS_ERR_CONFIG_INVALID on a bad value. */
export function resolveSiteSettings(flags: SiteFlags, env: CliIo['env']): SiteSettings {
  const fetchFlags = limitFlags(flags, FETCH_LIMITS);
  if (flags.concurrency !== undefined) fetchFlags.perHostConcurrency = flags.concurrency as unknown as number;
  return {
    fetch: resolveFetchLimits(fetchFlags, env),
    discovery: resolveDiscoveryLimits(limitFlags(flags, DISCOVERY_LIMITS), env),
    sitemap: resolveSitemapLimits(limitFlags(flags, SITEMAP_LIMITS), env),
    analysis: resolveAnalysisLimits(limitFlags(flags, ANALYSIS_LIMITS), env),
    contacts: resolveContactLimits(limitFlags(flags, CONTACT_LIMITS), env),
    allowPrivateNetworks: flags.allowPrivate === true,
    userAgent: flags.userAgent,
    followCrossHost: flags.followCrossHost === true,
    wellKnown: flags.wellKnown ?? 'always',
    resolve: parseResolve(flags.resolve ?? []),
  };
}

function parseResolve(pins: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const pin of pins) {
    const at = pin.indexOf(':');
    const host = pin.slice(0, at).toLowerCase();
    const address = pin.slice(at + 1).replace(/^\[|\]$/g, '');
    if (at <= 0 || isIP(address) === 0) throw new SitescoutError('SS_ERR_USAGE', `--resolve wants host:address with an IP address, got ${JSON.stringify(pin)}`);
    map.set(host, address);
  }
  return map;
}

function pinnedLookup(pins: ReadonlyMap<string, string>): ResolveHost {
  return async (hostname) => {
    const address = pins.get(hostname.toLowerCase());
    if (address === undefined) return systemResolveHost(hostname);
    return [{ address, family: isIP(address) === 6 ? 6 : 4 }];
  };
}

export function createClient(settings: SiteSettings, env: CliIo['env']): HttpClient {
  return createHttpClient({
    limits: settings.fetch,
    env,
    userAgent: settings.userAgent,
    allowPrivateNetworks: settings.allowPrivateNetworks,
    ...(settings.resolve.size > 0 ? { lookup: pinnedLookup(settings.resolve) } : {}),
  });
}

/**
 * What `analyze` and `urls` do first: settings from flags and environment (with any extra check the command has),
 * then the domain arguments. Returns exit code 2 on bad usage, after saying why on stderr.
 */
export function prepareSiteRun(command: string, domains: readonly string[], flags: SiteFlags, io: CliIo, check: () => void = () => undefined): { settings: SiteSettings; targets: DomainTarget[] } | 2 {
  let settings: SiteSettings;
  try {
    settings = resolveSiteSettings(flags, io.env);
    check();
  } catch (error: unknown) {
    io.stderr.write(`sitescout ${command}: ${describeError(error)}\n`);
    return 2;
  }
  const targets = parseTargets(domains, io, command);
  return targets.length === 0 ? 2 : { settings, targets };
}

/** Normalises every argument; bad ones are reported per argument and left out, the rest proceed. */
export function parseTargets(args: readonly string[], io: CliIo, command: string): DomainTarget[] {
  const targets: DomainTarget[] = [];
  for (const arg of args) {
    try {
      targets.push(normalizeDomainInput(arg));
    } catch (error: unknown) {
      io.stderr.write(`sitescout ${command}: ${JSON.stringify(arg)}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return targets;
}

/** One domain's walk, with a live progress line on a terminal's stderr. */
export async function* walkWithProgress(target: DomainTarget, http: HttpClient, settings: SiteSettings, io: CliIo, signal: AbortSignal): AsyncGenerator<WalkEvent> {
  const started = performance.now();
  let sitemaps = 0;
  let urls = 0;
  let errors = 0;
  const draw = (): void => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(urls / seconds) : 0;
    io.stderr.write(
      `\r\x1b[K${target.host}: ${sitemaps} sitemaps, ${urls.toLocaleString('en-US')} URLs, ${rate.toLocaleString('en-US')}/s, ${errors} errors, ${formatBytes(process.memoryUsage().rss)} RSS`,
    );
  };
  const timer = io.stderr.isTTY ? setInterval(draw, 200) : null;
  timer?.unref();
  try {
    for await (const event of walkSitemaps(target, { http }, {
      signal,
      limits: settings.discovery,
      sitemapLimits: settings.sitemap,
      followCrossHost: settings.followCrossHost,
      wellKnown: settings.wellKnown,
    })) {
      if (event.type === 'entries') urls += event.entries.length;
      else if (event.type === 'sitemap') {
        sitemaps++;
        if (event.report.error !== null) errors++;
      }
      yield event;
    }
  } finally {
    if (timer !== null) {
      clearInterval(timer);
      io.stderr.write('\r\x1b[K');
    }
  }
}
