import { type Command, Option } from 'commander';
import type { CliIo } from './parse-command.js';

export interface PagesFlags {
  format?: 'ndjson' | 'csv';
  dataDir?: string;
}

export interface RunsFlags {
  dataDir?: string;
  json?: boolean;
}

const DATA_DIR_HELP = 'the embedded database directory (default: SITESCOUT_DATA_DIR, else ./.sitescout; DATABASE_URL selects PostgreSQL)';

/** `pages` and `runs`: read what `crawl` stored, without fetching anything. */
export function registerInventoryCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('pages')
    .description('Export the stored pages of a domain, in URL order')
    .argument('<domain>', 'the domain as given to crawl (example.com, https://example.com/, host:port)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['ndjson', 'csv']).default('ndjson'))
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .addHelpText('after', '\nExit codes: 0 exported, 1 the domain was never crawled or the database failed, 2 bad usage.')
    .action(async (domain: string, flags: PagesFlags) => {
      const { runPages } = await import('./run-pages.js');
      setExitCode(await runPages(domain, flags, io));
    });
  program
    .command('runs')
    .description('List the crawl runs: id, domain, status, outcome, start and end, new/updated/gone pages')
    .option('--json', 'print the runs as JSON')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (flags: RunsFlags) => {
      const { runRuns } = await import('./run-pages.js');
      setExitCode(await runRuns(flags, io));
    });
}
