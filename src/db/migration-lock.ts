import type { Database } from './database.js';
import { MigrationError } from './migration-error.js';
import { DatabaseQueryError } from './query-error.js';

/**
 * The advisory lock's two keys: a fixed class ('SSMG' as an int4) and the hash of the schema being migrated, so
 * two sitescout installations in different schemas of one database never wait for each other.
 */
const LOCK_CLASS = 0x53_53_4d_47;

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Runs `fn` in a transaction that first takes the migration lock. The lock is transaction-scoped
 * (pg_advisory_xact_lock), so it is released by COMMIT, by ROLLBACK, and by the death of the process holding it:
 * nothing can leave it held. lock_timeout bounds the wait for it, and for every table lock `fn` then takes.
 */
export async function withMigrationLock<T>(db: Database, lockTimeoutMs: number, fn: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT set_config('lock_timeout', $1, true)", [`${lockTimeoutMs}ms`]);
    try {
      await tx.query(`SELECT pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(coalesce(current_schema(), '')))`);
    } catch (error) {
      if (isLockTimeout(error)) {
        throw new MigrationError(
          'SS_ERR_DB_MIGRATION_LOCKED',
          `waited longer than ${lockTimeoutMs} ms (migrationLockTimeoutMs) for the migration lock: another process is migrating this schema`,
          null,
          error,
        );
      }
      throw error;
    }
    return fn(tx);
  });
}

/** True for PostgreSQL's lock_timeout error (SQLSTATE 55P03, lock_not_available). */
export function isLockTimeout(error: unknown): boolean {
  return error instanceof DatabaseQueryError && error.sqlState === LOCK_NOT_AVAILABLE;
}
