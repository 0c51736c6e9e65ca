/*
 * The storage layer's only door: open a database (PGlite or PostgreSQL behind one port), migrate it, describe
 * its schema, and the row types of its tables. Queries live beside their callers as named SQL.
 */
export type { Database, Engine, QueryResult } from './database.js';
export { openDatabase, DATABASE_URL_ENV, type OpenDatabaseOptions } from './open-database.js';
export { redactDatabaseUrl } from './database-url.js';
export { copyText } from './copy-text.js';
export { DatabaseQueryError } from './query-error.js';
export { MigrationError, type MigrationErrorCode } from './migration-error.js';
export { migrateUp, type MigrateUpOptions, type MigrateUpResult } from './migrate-up.js';
export {
  migrationStatus,
  builtInMigrations,
  type AppliedMigration,
  type MigrationSetOptions,
  type MigrationStatus,
} from './migration-status.js';
export { toMigrations, migrationChecksum, type Migration, type MigrationSource } from './migration-files.js';
export { renderMigrationModule, MIGRATION_MODULE_PATH } from './render-migration-module.js';
export {
  describeSchema,
  type SchemaDescription,
  type TableDescription,
  type ColumnDescription,
  type ConstraintDescription,
} from './describe-schema.js';
export { diffColumns } from './diff-columns.js';
export { renderSchemaSnapshot } from './render-schema-snapshot.js';
export * from './row-types.js';
export * from './column-values.js';
