import type { Command } from 'commander';
import { CONTACT_LIMITS } from '../config.js';
import { addLimitOptions } from './limit-options.js';
import type { CliIo } from './parse-command.js';

// Defining the command loads neither the extractor nor the HTTP client: run-extract-contacts.ts is imported when it runs.

export interface ExtractContactsFlags {
  url?: string;
  region?: string;
  allowPrivate?: boolean;
  userAgent?: string;
  [flag: string]: unknown;
}

export function registerExtractContactsCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('extract-contacts')
    .description('Print the emails, phone numbers, social profiles and people of one HTML page as JSON, each with where it was found')
    .argument('<source>', 'an HTML file, an http(s) URL to fetch, or - for stdin')
    .option('--url <url>', 'the page URL of a file or stdin: its domain marks CORPORATE addresses and its ccTLD the phone region (default: the file: URL of a file, the URL fetched, or about:stdin)')
    .option('--region <CC>', 'read national phone numbers in this region (ISO 3166 code such as DE; default: inferred from the URL, the page language, addresses and +international numbers)')
    .option('--allow-private', 'allow fetching from loopback, private and link-local addresses')
    .option('--user-agent <ua>', 'the User-Agent to send when fetching');
  addLimitOptions(command, CONTACT_LIMITS);
  command.addHelpText(
    'after',
    `
Output: one JSON object { url, region, emails, phones, socials, people }.
Exit codes: 0 success, 1 the page could not be read (not HTML, too large, HTTP or network error), 2 bad usage.
Examples:
  $ sitescout extract-contacts kontakt.html --url https://www.example.de/kontakt
  $ sitescout extract-contacts https://www.example.com/contact`,
  );
  command.action(async (source: string, flags: ExtractContactsFlags) => {
    const { runExtractContacts } = await import('./run-extract-contacts.js');
    setExitCode(await runExtractContacts(source, flags, io));
  });
}
