import type { Command } from 'commander';
import type { CliIo } from './parse-command.js';
import { addSiteOptions, type SiteFlags } from './site-options.js';

export interface AnalyzeFlags extends SiteFlags {
  json?: boolean;
}

export function registerAnalyzeCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('analyze')
    .description("Find every sitemap a site publishes, walk its indexes and report what is in them")
    .argument('<domain...>', 'domains, URLs or host:port (e.g. example.com, https://www.example.com/, 127.0.0.1:8080)')
    .option('--json', 'print the report as JSON (one object per domain, in an array)')
    .addHelpText(
      'after',
      `
Exit codes: 0 when at least one site could be read, 1 when none could (the reasons are printed), 2 bad usage.
Examples:
  $ sitescout analyze example.com
  $ sitescout analyze example.com --json > report.json
  $ sitescout analyze 127.0.0.1:8080 --allow-private`,
    );
  addSiteOptions(command);
  command.action(async (domains: string[], flags: AnalyzeFlags) => {
    const { runAnalyze } = await import('./run-analyze.js');
    setExitCode(await runAnalyze(domains, flags, io));
  });
}

