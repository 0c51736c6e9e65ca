import type { Database } from './database.js';
import { MIGRATION_SOURCES } from './migration-sources.js';
import { type Migration, toMigrations } from './migration-files.js';
import type { SchemaMigrationRow } from './row-types.js';

/** A row of schema_migrations. */
export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
  appliedAt: Date;
}

/** How the database's applied migrations compare with a set of migration files. */
export interface MigrationStatus {
  /** Every migration the database records, in version order. */
  applied: AppliedMigration[];
  /** Files the database has not applied yet, in the order migrateUp applies them. */
  pending: Migration[];
  /** Applied migrations whose file has changed since (checksum differs): migrateUp refuses to run. */
  changed: AppliedMigration[];
  /** Applied migrations with no file in this build (the database is newer): migrateUp refuses to run. */
  unknown: AppliedMigration[];
}

export interface MigrationSetOptions {
  /** The migrations to compare with; by default the ones this build ships (src/db/migrations/). */
  migrations?: readonly Migration[];
}

/** The migrations this build ships, validated and in order. */
export function builtInMigrations(): Migration[] {
  return toMigrations(MIGRATION_SOURCES);
}

/** The rows of schema_migrations, or none when the table does not exist yet (a database never migrated). */
export async function readAppliedMigrations(db: Database): Promise<AppliedMigration[]> {
  const { rows: found } = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (found[0]?.present !== true) return [];
  const { rows } = await db.query<SchemaMigrationRow>('SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version');
  return rows.map((row) => ({ version: row.version, name: row.name, checksum: row.checksum, appliedAt: row.applied_at }));
}

/**
 * Which migrations are applied, pending, changed or unknown. Reads only: it neither creates schema_migrations nor
 * takes the lock, so `sitescout migrate status` is safe while another process migrates.
 * @example
 *   const { applied, pending } = await migrationStatus(db);
 *   pending.map((m) => m.file) //=> ['0002_page_hashes.sql']
 */
export async function migrationStatus(db: Database, options: MigrationSetOptions = {}): Promise<MigrationStatus> {
  const migrations = options.migrations ?? builtInMigrations();
  const applied = await readAppliedMigrations(db);
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  const appliedVersions = new Set(applied.map((a) => a.version));
  return {
    applied,
    pending: migrations.filter((m) => !appliedVersions.has(m.version)),
    changed: applied.filter((a) => byVersion.has(a.version) && byVersion.get(a.version)!.checksum !== a.checksum),
    unknown: applied.filter((a) => !byVersion.has(a.version)),
  };
}
