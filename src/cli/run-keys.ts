import { openDatabase, type Database } from '../db/index.js';
import { apiKeyNameProblem, createApiKey, listApiKeys, revokeApiKey } from '../server/index.js';
import { describeError } from './describe-error.js';
import type { KeysCreateFlags, KeysFlags } from './keys-command.js';
import type { CliIo } from './parse-command.js';
import { renderTable } from './render-table.js';

async function withDatabase(command: string, dataDir: string | undefined, io: CliIo, work: (db: Database) => Promise<number>): Promise<number> {
  let db: Database;
  try {
    db = await openDatabase({ env: io.env, ...(dataDir === undefined ? {} : { dataDir }) });
  } catch (error: unknown) {
    io.stderr.write(`sitescout keys ${command}: ${describeError(error)}\n`);
    return 1;
  }
  try {
    return await work(db);
  } catch (error: unknown) {
    io.stderr.write(`sitescout keys ${command}: ${describeError(error)}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

export async function runKeysCreate(flags: KeysCreateFlags, io: CliIo): Promise<number> {
  const problem = apiKeyNameProblem(flags.name);
  if (problem !== null) {
    io.stderr.write(`sitescout keys create: ${problem}\n`);
    return 2;
  }
  return withDatabase('create', flags.dataDir, io, async (db) => {
    const created = await createApiKey(db, flags.name);
    if (flags.json) io.stdout.write(JSON.stringify(created, null, 2) + '\n');
    else {
      io.stdout.write(`${created.key}\n`);
      io.stderr.write(`sitescout keys create: key ${JSON.stringify(created.name)} created; it is shown this once and stored only hashed, so keep it now\n`);
    }
    return 0;
  });
}

export async function runKeysList(flags: KeysFlags, io: CliIo): Promise<number> {
  return withDatabase('list', flags.dataDir, io, async (db) => {
    const keys = await listApiKeys(db);
    if (flags.json) io.stdout.write(JSON.stringify(keys, null, 2) + '\n');
    else if (keys.length === 0) io.stdout.write('no API keys yet (`sitescout keys create --name <name>`)\n');
    else
      io.stdout.write(
        renderTable(
          ['NAME', 'PREFIX', 'CREATED', 'LAST USED', 'REVOKED'],
          keys.map((k) => [k.name, `${k.prefix}…`, k.createdAt, k.lastUsedAt ?? '-', k.revokedAt ?? '-']),
          6,
        ),
      );
    return 0;
  });
}

export async function runKeysRevoke(name: string, flags: KeysFlags, io: CliIo): Promise<number> {
  return withDatabase('revoke', flags.dataDir, io, async (db) => {
    const result = await revokeApiKey(db, name);
    switch (result) {
      case 'revoked':
        io.stdout.write(`revoked ${name}\n`);
        return 0;
      case 'already-revoked':
        io.stdout.write(`${name} was already revoked\n`);
        return 0;
      case 'unknown':
        io.stderr.write(`sitescout keys revoke: no API key named ${JSON.stringify(name)} (\`sitescout keys list\` lists them)\n`);
        return 1;
      default:
        return result satisfies never;
    }
  });
}
