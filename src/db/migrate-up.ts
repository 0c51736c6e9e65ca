import { DATABASE_LIMITS } from '../config.js';
import type { Database } from './database.js';
import { MigrationError } from './migration-error.js';
import type { Migration } from './migration-files.js';
import { isLockTimeout, withMigrationLock } from './migration-lock.js';
import { type AppliedMigration, builtInMigrations, type MigrationSetOptions, migrationStatus } from './migration-status.js';

export interface MigrateUpOptions extends MigrationSetOptions {
  /** Longest wait for the migration lock and for each table lock (migrationLockTimeoutMs). */
  lockTimeoutMs?: number;
}

export interface MigrateUpResult {
  /** The migrations this call applied, in order (empty when another process had applied them, or none were pending). */
  applied: Migration[];
}

/** The runner's own table, created under the lock before the first migration (the columns are SchemaMigrationRow's). */
const SCHEMA_MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY CHECK (version > 0),
  name text NOT NULL,
  checksum text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

const pad = (version: number): string => String(version).padStart(4, '0');

function refuseChanged(file: string, recordedChecksum: string): never {
  throw new MigrationError(
    'SS_ERR_DB_MIGRATION_CHANGED',
    `migration ${file} was changed after it was applied (recorded checksum ${recordedChecksum.slice(0, 12)}…): restore the file and put the change in a new migration`,
    file,
  );
}

function refuseUnknown(unknown: AppliedMigration): never {
  const file = `${pad(unknown.version)}_${unknown.name}.sql`;
  throw new MigrationError('SS_ERR_DB_MIGRATION_UNKNOWN', `the database has applied ${file}, which this build does not have: run a newer sitescout`, file);
}

/**
 * Applies every pending migration in version order, each in its own transaction under the migration lock, and
 * records it in schema_migrations. Safe to call from many processes at once: inside the lock each migration is
 * checked again, so each is applied exactly once. Refuses to start when an applied migration has changed or is
 * unknown to this build.
 * @example
 *   const { applied } = await migrateUp(db);
 *   applied.map((m) => m.file) //=> ['0001_initial.sql'] on a new database, [] afterwards
 */
export async function migrateUp(db: Database, options: MigrateUpOptions = {}): Promise<MigrateUpResult> {
  const migrations = options.migrations ?? builtInMigrations();
  const lockTimeoutMs = options.lockTimeoutMs ?? DATABASE_LIMITS.migrationLockTimeoutMs.default;
  const { rows } = await db.query<{ schema: string | null }>('SELECT current_schema() AS schema');
  if (rows[0]?.schema == null) {
    throw new MigrationError('SS_ERR_DB_MIGRATION_FAILED', 'nothing to migrate into: no schema on the search_path exists', null);
  }
  const status = await migrationStatus(db, { migrations });
  const changed = status.changed[0];
  if (changed !== undefined) refuseChanged(migrations.find((m) => m.version === changed.version)!.file, changed.checksum);
  const unknown = status.unknown[0];
  if (unknown !== undefined) refuseUnknown(unknown);
  if (status.pending.length === 0) return { applied: [] };

  await withMigrationLock(db, lockTimeoutMs, (tx) => tx.exec(SCHEMA_MIGRATIONS_DDL));
  const applied: Migration[] = [];
  for (const migration of status.pending) {
    const didApply = await withMigrationLock(db, lockTimeoutMs, async (tx) => {
      const { rows: recorded } = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [migration.version]);
      if (recorded[0] !== undefined) {
        if (recorded[0].checksum !== migration.checksum) refuseChanged(migration.file, recorded[0].checksum);
        return false;
      }
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw migrationFailure(error, migration, lockTimeoutMs);
      }
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [migration.version, migration.name, migration.checksum]);
      return true;
    });
    if (didApply) applied.push(migration);
  }
  return { applied };
}

function migrationFailure(error: unknown, migration: Migration, lockTimeoutMs: number): MigrationError {
  if (isLockTimeout(error)) {
    return new MigrationError(
      'SS_ERR_DB_MIGRATION_LOCKED',
      `migration ${migration.file} waited longer than ${lockTimeoutMs} ms (migrationLockTimeoutMs) for a table lock; it was rolled back`,
      migration.file,
      error,
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new MigrationError('SS_ERR_DB_MIGRATION_FAILED', `migration ${migration.file} failed and was rolled back: ${reason}`, migration.file, error);
}
