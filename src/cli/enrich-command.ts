import { Option, type Command } from 'commander';
import { REQUESTABLE_STATUSES } from '../enrichment/index.js';
import { addEnrichmentOptions, type EnrichmentFlags } from './enrichment-options.js';
import type { CliIo } from './parse-command.js';

export interface EnrichFlags extends EnrichmentFlags {
  status?: string[];
  limit?: string;
  dataDir?: string;
  json?: boolean;
}

/** `enrich`: queue enrichment for contacts that exist already (found before an endpoint was set, or failed). */
export function registerEnrichCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const enrich = program
    .command('enrich')
    .description('Queue enrichment for stored contacts: those found before an endpoint was configured, or (--status failed) whose enrichment failed')
    .argument('[domain...]', "only these domains' contacts (default: every domain)")
    .addOption(new Option('--status <status...>', 'which contacts: none (never sent) and/or failed').choices(REQUESTABLE_STATUSES).default(['none']))
    .option('--limit <n>', 'queue at most this many')
    .option('--json', 'print {"queued": n}')
    .option('--data-dir <dir>', 'the embedded database directory (default: SITESCOUT_DATA_DIR, else ./.sitescout; DATABASE_URL selects PostgreSQL)');
  addEnrichmentOptions(enrich);
  enrich.addHelpText(
    'after',
    `
New contacts are queued for enrichment by the crawl itself when an endpoint is configured; this command is for the
ones that are not: contacts found before, and failed ones to try again. Each is marked pending with a fresh
enrichment id and gets one enrich-contact job, in batches of 500 per transaction; \`sitescout worker\` or \`serve\`
processes with the same enrichment settings send them, and \`serve\` takes the callbacks. The endpoint settings are
required here too (SITESCOUT_ENRICHMENT_URL, SITESCOUT_ENRICHMENT_SECRET, SITESCOUT_ENRICHMENT_CALLBACK_BASE_URL), so
that nothing is queued that no worker would send. Running it twice queues nothing twice. See docs/enrichment.md.
Exit codes: 0 queued (possibly none), 1 a database error or a domain never crawled, 2 bad usage or enrichment not configured.
Examples:
  $ sitescout enrich
  $ sitescout enrich acme-boots.co.uk --status none failed --limit 1000`,
  );
  enrich.action(async (domains: string[], flags: EnrichFlags) => {
    const { runEnrich } = await import('./run-enrich.js');
    setExitCode(await runEnrich(domains, flags, io));
  });
}
