import { type Command, Option } from 'commander';
import { ANALYSIS_LIMITS, CONTACT_LIMITS, DISCOVERY_LIMITS, FETCH_LIMITS, SITEMAP_LIMITS } from '../config.js';
import { addLimitOptions } from './limit-options.js';

import type { WellKnownProbe } from '../discovery/index.js';

// Kept free of the stages' runtime imports (type imports are erased): defining the commands must not load the HTTP
// client, discovery or analysis; `parse` never needs them (see run-analyze.ts, run-urls.ts).

export interface SiteFlags {
  allowPrivate?: boolean;
  resolve?: string[];
  userAgent?: string;
  concurrency?: string;
  followCrossHost?: boolean;
  wellKnown?: WellKnownProbe;
  [flag: string]: unknown;
}

/** The options every command that walks a site shares: network policy and a flag for every limit. */
export function addSiteOptions(command: Command): Command {
  command
    .option('--allow-private', 'allow fetching from loopback, private and link-local addresses (off by default: a public name that resolves or redirects inward is refused)')
    .option('--resolve <host:address>', 'use this address for this host name instead of DNS (repeatable), e.g. shop.test:127.0.0.1', collect, [])
    .option('--user-agent <ua>', 'the User-Agent to send (default: sitescout/<version> with a project URL)')
    .option('--concurrency <n>', 'requests in flight per host (same as --per-host-concurrency)')
    .option('--follow-cross-host', 'follow index children on another registrable domain (default: report and skip them)')
    .addOption(new Option('--well-known <when>', 'probe the well-known sitemap paths').choices(['always', 'fallback', 'never']).default('always'));
  addLimitOptions(command, FETCH_LIMITS);
  addLimitOptions(command, DISCOVERY_LIMITS);
  addLimitOptions(command, SITEMAP_LIMITS);
  addLimitOptions(command, ANALYSIS_LIMITS);
  addLimitOptions(command, CONTACT_LIMITS);
  return command;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
