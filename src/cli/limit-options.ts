import { type Command, Option } from 'commander';
import { SITEMAP_LIMITS, type SitemapLimitName, type SitemapLimits } from '../config.js';

/** Adds one flag per limit in the settings table, with its unit, default and environment variable in --help. */
export function addLimitOptions(command: Command): Command {
  for (const row of Object.values(SITEMAP_LIMITS)) {
    command.addOption(new Option(`${row.flag} <${row.unit}>`, `${row.description} (default ${row.default.toLocaleString('en-US')}; env ${row.env})`));
  }
  return command;
}

/** The limit values given as flags (strings, validated later with the environment and the defaults). */
export function limitFlags(opts: Record<string, unknown>): Partial<Record<SitemapLimitName, string>> {
  const out: Partial<Record<SitemapLimitName, string>> = {};
  for (const key of Object.keys(SITEMAP_LIMITS) as SitemapLimitName[]) {
    const value = opts[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

export type { SitemapLimits };
