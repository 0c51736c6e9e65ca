import { resolve } from 'node:path';
import { DATA_DIR_SETTING, type DatabaseLimits, resolveDatabaseLimits } from '../config.js';
import { SitescoutError } from '../errors.js';
import type { Database } from './database.js';
import { migrateUp } from './migrate-up.js';
import { openPglite } from './open-pglite.js';
import { openPostgres } from './open-postgres.js';

/** The environment variable naming a PostgreSQL server; when set (and no explicit target is given) it wins over PGlite. */
export const DATABASE_URL_ENV = 'DATABASE_URL';

export interface OpenDatabaseOptions {
  /** A PostgreSQL server, `postgres://user:password@host:port/database`. Never printed: messages show it redacted. */
  url?: string;
  /** The PGlite data directory (created on first use). Default SITESCOUT_DATA_DIR, else `./.sitescout`. */
  dataDir?: string;
  /** PGlite in memory, gone on close (tests). */
  memory?: boolean;
  /**
   * A schema to keep the tables in (created when missing), first on the search_path. Default: the server's
   * search_path (`public`). Lower-case letters, digits and `_`.
   */
  schema?: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Where DATABASE_URL, SITESCOUT_DATA_DIR and the limits' variables are read; pass `process.env` from a CLI. */
  env?: Readonly<Record<string, string | undefined>>;
  limits?: Partial<DatabaseLimits>;
}

type Target = { engine: 'postgres'; url: string } | { engine: 'pglite'; dataDir: string | null };

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Which database to open. Explicit options decide first (`url`, or `dataDir`/`memory`, never both); then
 * DATABASE_URL; then SITESCOUT_DATA_DIR; then `./.sitescout`.
 */
function chooseTarget(options: OpenDatabaseOptions, env: Readonly<Record<string, string | undefined>>): Target {
  const explicitPglite = options.memory === true || options.dataDir !== undefined;
  if (options.url !== undefined && explicitPglite) {
    throw new SitescoutError('SS_ERR_CONFIG_INVALID', 'openDatabase: give url (PostgreSQL) or dataDir/memory (PGlite), not both');
  }
  if (options.memory === true && options.dataDir !== undefined) {
    throw new SitescoutError('SS_ERR_CONFIG_INVALID', 'openDatabase: memory and dataDir exclude each other');
  }
  if (options.url !== undefined) return { engine: 'postgres', url: options.url };
  if (options.memory === true) return { engine: 'pglite', dataDir: null };
  if (options.dataDir !== undefined) return { engine: 'pglite', dataDir: resolve(options.dataDir) };
  const envUrl = env[DATABASE_URL_ENV];
  if (envUrl !== undefined && envUrl !== '') return { engine: 'postgres', url: envUrl };
  const envDir = env[DATA_DIR_SETTING.env];
  return { engine: 'pglite', dataDir: resolve(envDir !== undefined && envDir !== '' ? envDir : DATA_DIR_SETTING.default) };
}

async function schemaExists(db: Database, schema: string): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS present', [schema]);
  return rows[0]?.present === true;
}

/** Creates the schema when missing (checking first: CREATE SCHEMA needs a privilege an existing schema does not). */
async function ensureSchema(db: Database, schema: string): Promise<void> {
  if (!(await schemaExists(db, schema))) {
    try {
      await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } catch (error) {
      // Two processes creating it at once can still collide; the loser finds it there and carries on.
      if (!(await schemaExists(db, schema))) throw error;
    }
  }
  // pg sets the search_path on every pooled connection at connect time; PGlite has one session to set it on.
  if (db.engine === 'pglite') await db.exec(`SET search_path TO ${schema}`);
}

/**
 * Opens the database sitescout keeps everything in, migrated to this build's schema unless `migrate: false`.
 * The caller owns the handle and closes it.
 * @example
 *   const db = await openDatabase({ env: process.env });          // DATABASE_URL, else ./.sitescout
 *   const test = await openDatabase({ memory: true });             // PGlite in memory, migrated
 *   await test.close();
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const env = options.env ?? {};
  const limits = resolveDatabaseLimits(options.limits, env);
  const schema = options.schema ?? null;
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    throw new SitescoutError('SS_ERR_CONFIG_INVALID', `schema ${JSON.stringify(schema)}: expected lower-case letters, digits and _ (at most 63)`);
  }
  const target = chooseTarget(options, env);
  const db = target.engine === 'postgres' ? await openPostgres({ url: target.url, schema, limits }) : await openPglite({ dataDir: target.dataDir });
  try {
    if (schema !== null) await ensureSchema(db, schema);
    if (options.migrate !== false) await migrateUp(db, { lockTimeoutMs: limits.migrationLockTimeoutMs });
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
