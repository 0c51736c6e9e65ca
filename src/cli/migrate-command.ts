import { Argument, type Command } from 'commander';
import type { CliIo } from './parse-command.js';

export interface MigrateFlags {
  dataDir?: string;
}

export function registerMigrateCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('migrate')
    .description('Apply the schema migrations (up) or list them (status); DATABASE_URL selects PostgreSQL, else the embedded database')
    .addArgument(new Argument('<action>', 'up: apply pending migrations; status: list applied and pending ones').choices(['up', 'status']))
    .option('--data-dir <dir>', 'the embedded database directory (default: SITESCOUT_DATA_DIR, else ./.sitescout)')
    .addHelpText(
      'after',
      `
The database is never named on the command line: set DATABASE_URL=postgres://… to use PostgreSQL.
Exit codes: 0 success, 1 a database or migration error, 2 bad usage.
Examples:
  $ DATABASE_URL=postgres://app@db.internal/sitescout sitescout migrate status
  $ sitescout migrate up --data-dir ./data`,
    )
    .action(async (action: 'up' | 'status', flags: MigrateFlags) => {
      const { runMigrate } = await import('./run-migrate.js');
      setExitCode(await runMigrate(action, flags, io));
    });
}
