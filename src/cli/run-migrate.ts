import { migrateUp, migrationStatus, openDatabase } from '../db/index.js';
import { describeError } from './describe-error.js';
import type { MigrateFlags } from './migrate-command.js';
import type { CliIo } from './parse-command.js';

export async function runMigrate(action: 'up' | 'status', flags: MigrateFlags, io: CliIo): Promise<number> {
  let db;
  try {
    db = await openDatabase({ env: io.env, migrate: false, ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }) });
  } catch (error: unknown) {
    io.stderr.write(`sitescout migrate: ${describeError(error)}\n`);
    return 1;
  }
  try {
    if (action === 'up') {
      const { applied } = await migrateUp(db);
      io.stdout.write(applied.length === 0 ? 'nothing to apply: the schema is current\n' : applied.map((m) => `applied ${pad(m.version)} ${m.name}\n`).join(''));
    }
    const status = await migrationStatus(db);
    const lines = [
      `database: ${db.engine === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}`,
      ...status.applied.map((m) => `applied  ${pad(m.version)} ${m.name}  ${m.appliedAt.toISOString()}`),
      ...status.pending.map((m) => `pending  ${pad(m.version)} ${m.name}`),
      ...status.changed.map((m) => `CHANGED  ${pad(m.version)} ${m.name}  (the file differs from what was applied)`),
      ...status.unknown.map((m) => `UNKNOWN  ${pad(m.version)} ${m.name}  (applied by a newer sitescout)`),
    ];
    io.stdout.write(lines.join('\n') + '\n');
    return status.changed.length + status.unknown.length === 0 ? 0 : 1;
  } catch (error: unknown) {
    io.stderr.write(`sitescout migrate: ${describeError(error)}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

const pad = (version: number): string => String(version).padStart(4, '0');
