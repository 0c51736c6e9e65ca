import type { Command } from 'commander';
import type { CliIo } from './parse-command.js';
import { addSiteOptions, type SiteFlags } from './site-options.js';

export interface CrawlFlags extends SiteFlags {
  file?: string;
  dataDir?: string;
  workers?: string;
  json?: boolean;
}

export function registerCrawlCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('crawl')
    .description('Crawl the sitemaps of domains into the page inventory (embedded database, or DATABASE_URL), through the job queue, in-process')
    .argument('[domain...]', 'domains, URLs or host:port (e.g. example.com, https://www.example.com/, 127.0.0.1:8080)')
    .option('--file <path>', 'read domains from a file: one per line, or the first column of a CSV; blank lines and # comments skipped')
    .option('--data-dir <dir>', 'the embedded database directory (default: SITESCOUT_DATA_DIR, else ./.sitescout)')
    .option('--workers <n>', 'domains crawled in parallel (default 2)')
    .option('--json', 'print the summary as JSON (one object per domain, in an array)')
    .addHelpText(
      'after',
      `
Each domain is one discover-domain job (with its own crawl run) that walks every sitemap of the domain and streams
its pages into the inventory. For now the whole walk runs in that one job, not one job per sitemap file: discovery
is a single generator per domain. Pages no longer listed are marked gone when the walk ends 'ok'.
Bad lines of --file are reported with their line number and skipped; the rest proceed.
Exit codes: 0 when at least one domain could be read, 1 when none could, 2 bad usage.
Examples:
  $ sitescout crawl example.com example.org
  $ sitescout crawl --file domains.txt --workers 4 --json > summary.json
  $ sitescout pages example.com --format csv`,
    );
  addSiteOptions(command);
  command.action(async (domains: string[], flags: CrawlFlags) => {
    const { runCrawl } = await import('./run-crawl.js');
    setExitCode(await runCrawl(domains, flags, io));
  });
}
