import type { Database } from '../db/index.js';
import { hasSeveralStatements } from './count-statements.js';

/** The one-method database pg-boss accepts as `new PgBoss({ db })`, in place of its own pool. */
export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * pg-boss's `db` over sitescout's Database, so the queue lives in the same PostgreSQL (or PGlite) as the pages and
 * pg-boss never opens, or closes, a connection of its own.
 *
 * Parameterless text with several statements (pg-boss's schema creation, migrations and `locked()` maintenance,
 * each a BEGIN … COMMIT) goes through `exec`: PGlite's `query` uses the extended protocol, which takes one
 * statement, and pg would return one result per statement where pg-boss reads none. Everything else goes through
 * `query` and comes back as `{ rows }`.
 *
 * PGlite is one session and already runs each `query`/`exec` call whole before the next (its own mutex), and
 * pg-boss keeps every transaction inside one text, so calls need no extra serialising here. What one session
 * cannot do is keep a failed BEGIN … COMMIT text to itself: the session would stay in an aborted transaction and
 * fail every later statement, so on PGlite a failed multi-statement text is followed by a ROLLBACK. (pg's pool
 * discards a connection whose query failed.)
 * @example
 *   const boss = new PgBoss({ db: createBossDb(db), schema: 'pgboss' });
 */
export function createBossDb(db: Database): BossDb {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if ((values === undefined || values.length === 0) && hasSeveralStatements(text)) {
        try {
          await db.exec(text);
        } catch (error) {
          if (db.engine === 'pglite') await db.exec('ROLLBACK').catch(() => undefined);
          throw error;
        }
        return { rows: [] };
      }
      const result = await db.query<unknown>(text, values ?? []);
      return { rows: result.rows };
    },
  };
}
