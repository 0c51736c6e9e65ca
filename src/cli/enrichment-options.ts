import { Option, type Command } from 'commander';
import {
  ENRICHMENT_CALLBACK_BASE_URL_SETTING,
  ENRICHMENT_LIMITS,
  ENRICHMENT_SECRET_ENV,
  ENRICHMENT_URL_SETTING,
  resolveEnrichmentSettings,
  type EnrichmentSettings,
} from '../config.js';
import { addLimitOptions, limitFlags } from './limit-options.js';
import type { CliIo } from './parse-command.js';

export interface EnrichmentFlags {
  enrichmentUrl?: string;
  enrichmentCallbackBaseUrl?: string;
}

/** The enrichment flags `serve` and `worker` share: the endpoint, the callback's base URL, and the limits. */
export function addEnrichmentOptions(command: Command): Command {
  command
    .addOption(new Option(`${ENRICHMENT_URL_SETTING.flag} <url>`, `${ENRICHMENT_URL_SETTING.description} (env ${ENRICHMENT_URL_SETTING.env}; the secret: env ${ENRICHMENT_SECRET_ENV})`))
    .addOption(new Option(`${ENRICHMENT_CALLBACK_BASE_URL_SETTING.flag} <url>`, `${ENRICHMENT_CALLBACK_BASE_URL_SETTING.description} (env ${ENRICHMENT_CALLBACK_BASE_URL_SETTING.env})`));
  return addLimitOptions(command, ENRICHMENT_LIMITS);
}

/** Enrichment's settings from flags and environment; null when no endpoint is set. Throws SS_ERR_CONFIG_INVALID. */
export function resolveEnrichmentFlags(flags: EnrichmentFlags & Record<string, unknown>, env: CliIo['env']): EnrichmentSettings | null {
  return resolveEnrichmentSettings({ url: flags.enrichmentUrl, callbackBaseUrl: flags.enrichmentCallbackBaseUrl, limits: limitFlags(flags, ENRICHMENT_LIMITS) }, env);
}
