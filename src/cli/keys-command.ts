import type { Command } from 'commander';
import type { CliIo } from './parse-command.js';

export interface KeysFlags {
  dataDir?: string;
  json?: boolean;
}

export interface KeysCreateFlags extends KeysFlags {
  name: string;
}

const DATA_DIR_HELP = 'the embedded database directory (default: SITESCOUT_DATA_DIR, else ./.sitescout; DATABASE_URL selects PostgreSQL)';

/** `keys create|list|revoke`: the API keys `sitescout serve` accepts. */
export function registerKeysCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const keys = program
    .command('keys')
    .description('Manage the API keys of the HTTP service (`serve`): every route but /healthz, /readyz and /docs needs one')
    .addHelpText(
      'after',
      `
A key is "ss_" and 32 random bytes (base64url). It is printed once, by create, and stored only as its SHA-256 hash:
a lost key cannot be shown again; revoke it and create another. Clients send "Authorization: Bearer <key>" (or
"x-api-key: <key>"). Revocation takes effect on the next request. Names stay taken after revocation.
Exit codes: 0 success, 1 a database error, an unknown name or a name already taken, 2 bad usage.
Examples:
  $ sitescout keys create --name ci
  $ DATABASE_URL=postgres://app@db/sitescout sitescout keys list --json
  $ sitescout keys revoke ci`,
    );
  keys
    .command('create')
    .description('Create a key and print it (the only time it is shown)')
    .requiredOption('--name <name>', 'what to call it (1 to 64 letters, digits, ".", "_", "-"); `keys revoke <name>` names it')
    .option('--json', 'print {name, prefix, key, createdAt, …} as JSON')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (flags: KeysCreateFlags) => {
      const { runKeysCreate } = await import('./run-keys.js');
      setExitCode(await runKeysCreate(flags, io));
    });
  keys
    .command('list')
    .description('List the keys: name, prefix, created, last used, revoked (never the keys themselves)')
    .option('--json', 'print the list as JSON')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (flags: KeysFlags) => {
      const { runKeysList } = await import('./run-keys.js');
      setExitCode(await runKeysList(flags, io));
    });
  keys
    .command('revoke')
    .description('Revoke a key: requests with it get 401 from now on')
    .argument('<name>', 'the name given at create')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (name: string, flags: KeysFlags) => {
      const { runKeysRevoke } = await import('./run-keys.js');
      setExitCode(await runKeysRevoke(name, flags, io));
    });
}
