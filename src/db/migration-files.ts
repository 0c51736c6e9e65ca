import { createHash } from 'node:crypto';
import { MigrationError } from './migration-error.js';

/** A migration file as shipped: its name and its exact text. */
export interface MigrationSource {
  file: string;
  sql: string;
}

/** A validated migration, ready to apply. */
export interface Migration {
  /** 1 for `0001_initial.sql`. */
  version: number;
  /** `initial` for `0001_initial.sql`. */
  name: string;
  file: string;
  sql: string;
  /** sha256 of the file's UTF-8 bytes, hex. */
  checksum: string;
}

const FILE_NAME = /^(\d{4})_([a-z0-9][a-z0-9_]*)\.sql$/;

/** sha256 of a migration's text, as recorded in schema_migrations.checksum. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/**
 * Validates migration files and puts them in order: names must be `NNNN_name.sql` and the versions 1, 2, 3, …
 * without gaps or repeats (a gap usually means a file was lost in a merge).
 * @example
 *   toMigrations([{ file: '0001_initial.sql', sql: 'CREATE TABLE t (id int);' }])[0].version //=> 1
 */
export function toMigrations(sources: readonly MigrationSource[]): Migration[] {
  const migrations = sources.map(({ file, sql }) => {
    const match = FILE_NAME.exec(file);
    if (match === null) throw new MigrationError('SS_ERR_DB_MIGRATION_INVALID', `migration file ${file} is not named NNNN_name.sql (lower case)`, file);
    return { version: Number(match[1]), name: match[2]!, file, sql, checksum: migrationChecksum(sql) };
  });
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      const expected = String(index + 1).padStart(4, '0');
      throw new MigrationError('SS_ERR_DB_MIGRATION_INVALID', `migration ${migration.file}: expected version ${expected} next (versions run 0001, 0002, … without gaps or repeats)`, migration.file);
    }
  });
  return migrations;
}
