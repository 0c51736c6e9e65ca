import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { type Database, type MigrationSource, openDatabase, type OpenDatabaseOptions } from '../../src/db/index.js';

/** A real PostgreSQL for the tests that need one (concurrency, the second engine of the drift check). */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || null;
if (testDatabaseUrl === null) {
  console.warn('[sitescout tests] TEST_DATABASE_URL not set: the real-PostgreSQL db tests are SKIPPED (e.g. TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/test)');
}

export const migrationsDir = new URL('../../src/db/migrations/', import.meta.url);

/** The migration files as they are on disk now (the drift check applies these, not the embedded copy). */
export function readMigrationSources(): MigrationSource[] {
  return readdirSync(migrationsDir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => ({ file, sql: readFileSync(new URL(file, migrationsDir), 'utf8') }));
}

/** A schema name no other run uses, so parallel runs against one server never collide. */
export function uniqueSchemaName(): string {
  return `sitescout_test_${randomBytes(6).toString('hex')}`;
}

export interface TestPostgres {
  db: Database;
  schema: string;
  /** Drops the schema (and everything in it) and closes the handle. */
  drop(): Promise<void>;
}

/** A handle on the real PostgreSQL in a schema of its own, created now and dropped by `drop()`. */
export async function openTestPostgres(options: Omit<OpenDatabaseOptions, 'url' | 'schema'> = {}): Promise<TestPostgres> {
  if (testDatabaseUrl === null) throw new Error('TEST_DATABASE_URL is not set');
  const schema = uniqueSchemaName();
  const db = await openDatabase({ ...options, url: testDatabaseUrl, schema });
  return {
    db,
    schema,
    async drop() {
      try {
        await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await db.close();
      }
    },
  };
}

/**
 * Moves a PGlite handle into a new, empty schema. PGlite is one session, so the search_path sticks: a file can
 * start PGlite once (seconds) and still give each test an empty database.
 */
export async function useFreshPgliteSchema(db: Database): Promise<string> {
  const schema = uniqueSchemaName();
  await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
  return schema;
}

/** Awaits `promise` and returns what it rejected with; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
