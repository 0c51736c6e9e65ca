import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { SITEMAP_LIMITS } from '../config.js';
import { registerAnalyzeCommand } from './analyze-command.js';
import { registerContactsCommand } from './contacts-command.js';
import { registerCrawlCommand } from './crawl-command.js';
import { registerEnrichCommand } from './enrich-command.js';
import { registerExtractContactsCommand } from './extract-contacts-command.js';
import { registerMigrateCommand } from './migrate-command.js';
import { registerKeysCommand } from './keys-command.js';
import { registerInventoryCommands } from './pages-command.js';
import { registerParseCommand, type CliIo } from './parse-command.js';
import { registerReportCommand } from './report-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerUrlsCommand } from './urls-command.js';
import { registerWorkerCommands } from './worker-command.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * Builds the CLI. Returns the exit code instead of exiting, so tests run it in-process.
 * Bad usage exits 2, a document error 1.
 */
export async function runCli(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  let exitCode = 0;
  const program = new Command('sitescout')
    .description('Turn website domains into a page inventory and a contact list, by way of their sitemaps.')
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `\nParser limits (flag, environment variable, default; all settings: docs/config.md):\n${Object.values(SITEMAP_LIMITS).map((s) => `  ${s.flag.padEnd(28)} ${s.env.padEnd(36)} ${s.default.toLocaleString('en-US')} ${s.unit}`).join('\n')}\n`);
  const setExitCode = (code: number): void => {
    exitCode = code;
  };
  registerParseCommand(program, io, setExitCode);
  registerAnalyzeCommand(program, io, setExitCode);
  registerUrlsCommand(program, io, setExitCode);
  registerMigrateCommand(program, io, setExitCode);
  registerCrawlCommand(program, io, setExitCode);
  registerWorkerCommands(program, io, setExitCode);
  registerServeCommand(program, io, setExitCode);
  registerKeysCommand(program, io, setExitCode);
  registerInventoryCommands(program, io, setExitCode);
  registerExtractContactsCommand(program, io, setExitCode);
  registerContactsCommand(program, io, setExitCode);
  registerEnrichCommand(program, io, setExitCode);
  registerReportCommand(program, io, setExitCode);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error: unknown) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    throw error;
  }
  return exitCode;
}
