import type { Command } from 'commander';
import type { CliIo } from './parse-command.js';
import { addSiteOptions, type SiteFlags } from './site-options.js';

export interface CrawlFlags extends SiteFlags {
  file?: string;
  dataDir?: string;
  workers?: string;
  json?: boolean;
  contacts?: boolean;
}

export function registerCrawlCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('crawl')
    .description('Crawl the sitemaps of domains into the page inventory (embedded database, or DATABASE_URL), through the job queue, in-process')
    .argument('[domain...]', 'domains, URLs or host:port (e.g. example.com, https://www.example.com/, 127.0.0.1:8080)')
    .option('--file <path>', 'read domains from a file: one per line, or the first column of a CSV; blank lines and # comments skipped')
    .option('--data-dir <dir>', 'the embedded database directory (default: SITESCOUT_DATA_DIR, else ./.sitescout)')
    .option('--workers <n>', 'jobs run in parallel per job kind (discover, fetch-sitemap) in this process (default 2)')
    .option('--json', 'print the summary as JSON (one object per domain, in an array)')
    .option('--contacts', 'then extract contacts: the home page and the likeliest contact pages of each domain (see `sitescout contacts`)')
    .addHelpText(
      'after',
      `
Each domain gets a crawl run and a discover job (robots.txt, the home page); every sitemap file found is a
fetch-sitemap job of its own, and an index's children become jobs as it is read, so the work spreads over every
worker (here, and any \`sitescout worker\` on the same database). Files read before are requested conditionally
(If-None-Match / If-Modified-Since); a 304 keeps their pages without reading them. The last job of a run finishes it:
pages no longer listed are marked gone (only when every file was read), and new/updated/gone are counted.
With --contacts each run ends with a contact extraction job: the home page and the --contact-pages-per-domain pages
likeliest to hold contacts (by URL; for a domain without sitemap, its home page's contact links or the well-known
contact paths) are fetched as robots.txt allows, and their emails, phones and social profiles stored.
A domain whose jobs are still queued or running is not crawled twice at once (reported as busy).
Bad lines of --file are reported with their line number and skipped; the rest proceed.
Ctrl-C stops taking jobs, gives unfinished ones back to the queue and exits 130: \`sitescout worker\` finishes them.
Exit codes: 0 when at least one domain could be read, 1 when none could, 2 bad usage, 130 interrupted.
Examples:
  $ sitescout crawl example.com example.org
  $ sitescout crawl --file domains.txt --workers 4 --json > summary.json
  $ sitescout crawl --contacts example.com && sitescout contacts example.com --format csv
  $ sitescout pages example.com --format csv`,
    );
  addSiteOptions(command);
  command.action(async (domains: string[], flags: CrawlFlags) => {
    const { runCrawl } = await import('./run-crawl.js');
    setExitCode(await runCrawl(domains, flags, io));
  });
}
