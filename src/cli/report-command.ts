import { type Command, InvalidArgumentError } from 'commander';
import type { CliIo } from './parse-command.js';

export interface ReportFlags {
  dataDir?: string;
  run?: number;
  json?: boolean;
}

function runId(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < 1) throw new InvalidArgumentError('expected a crawl run id (a positive integer; `sitescout runs` lists them)');
  return Number(value);
}

/** `report`: the analysis report of a stored crawl run, without fetching anything. */
export function registerReportCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('report')
    .description("The analysis report of a stored crawl, as `analyze` prints it, made from the database without fetching anything")
    .argument('<domain>', 'the domain as given to crawl (example.com, https://example.com/, host:port)')
    .option('--run <id>', "the crawl run to report on (default: the domain's latest completed run)", runId)
    .option('--json', 'print the report as JSON (the DomainReport object of `analyze --json`, in an array)')
    .option('--data-dir <dir>', 'the embedded database directory (default: SITESCOUT_DATA_DIR, else ./.sitescout; DATABASE_URL selects PostgreSQL)')
    .addHelpText(
      'after',
      `
The stored run is replayed into the analyzer: its robots.txt, its sitemap files (status, size, kind and the parser's
summary at their last full read) and the pages it listed. Freshness is measured from when the run finished. Not
stored, so empty in the report: redirects, timings, skipped index children, image and video URLs, duplicate listings
(a page is stored once). A run other than the latest completed one lists only the pages and files no later run has read since.
Exit codes: 0 reported, 1 the domain was never crawled, has no such run, the run has not finished, or the
database failed, 2 bad usage.
Examples:
  $ sitescout crawl example.com && sitescout report example.com
  $ sitescout report example.com --run 7 --json > report.json`,
    )
    .action(async (domain: string, flags: ReportFlags) => {
      const { runReport } = await import('./run-report.js');
      setExitCode(await runReport(domain, flags, io));
    });
}
