import { type Command, Option } from 'commander';
import type { CliIo } from './parse-command.js';
import { addSiteOptions, type SiteFlags } from './site-options.js';

export interface UrlsFlags extends SiteFlags {
  format?: 'ndjson' | 'csv';
}

export function registerUrlsCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('urls')
    .description("Stream every page URL of a site with its metadata, from all its sitemaps, de-duplicated")
    .argument('<domain...>', 'domains, URLs or host:port')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['ndjson', 'csv']).default('ndjson'))
    .addHelpText('after', '\nExit codes: 0 when at least one site could be read, 1 when none could, 2 bad usage.');
  addSiteOptions(command);
  command.action(async (domains: string[], flags: UrlsFlags) => {
    const { runUrls } = await import('./run-urls.js');
    setExitCode(await runUrls(domains, flags, io));
  });
}

