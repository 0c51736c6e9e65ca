import { type Command, Option } from 'commander';
import type { CliIo } from './parse-command.js';

export interface ContactsFlags {
  format?: 'ndjson' | 'csv' | 'json';
  dataDir?: string;
  card?: boolean;
}

/** `contacts`: the stored contacts, without fetching anything. */
export function registerContactsCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('contacts')
    .description('Export the stored contacts (from `crawl --contacts`): one domain, or every domain')
    .argument('[domain]', 'the domain as given to crawl (example.com, https://example.com/, host:port); all when omitted')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['ndjson', 'csv', 'json']).default('ndjson'))
    .option('--card', "print each domain's contact card instead (best address per type, phones, social profiles, people)")
    .option('--data-dir <dir>', 'the embedded database directory (default: SITESCOUT_DATA_DIR, else ./.sitescout; DATABASE_URL selects PostgreSQL)')
    .addHelpText(
      'after',
      `
One row per (domain, address): type (SERVICE, CORPORATE, FREE, UNKNOWN), has_gmail, the person named with it, the
phones and social profiles of its page, where on the page it was read, a context snippet and the page's URL.
Exit codes: 0 exported, 1 the domain was never crawled or the database failed, 2 bad usage.
Examples:
  $ sitescout contacts example.com --format csv > contacts.csv
  $ sitescout contacts --card --format json`,
    )
    .action(async (domain: string | undefined, flags: ContactsFlags) => {
      const { runContacts } = await import('./run-contacts.js');
      setExitCode(await runContacts(domain, flags, io));
    });
}
