import { SitescoutError } from '../errors.js';
import type { Database, Engine, QueryResult } from './database.js';

/** One connection's statements, errors already translated: what a transaction runs on. */
export interface Session {
  query<R>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  exec(sql: string): Promise<void>;
  copyFrom(sql: string, data: string): Promise<number>;
}

/** A session whose statements first run `check`: it throws once the database is closed or the transaction over. */
export function guardSession(session: Session, check: () => void): Session {
  return {
    async query<R>(sql: string, params?: unknown[]) {
      check();
      return session.query<R>(sql, params);
    },
    async exec(sql: string) {
      check();
      await session.exec(sql);
    },
    async copyFrom(sql: string, data: string) {
      check();
      return session.copyFrom(sql, data);
    },
  };
}

export interface TransactionHandle {
  tx: Database;
  /** Called when the transaction has ended: every later use of `tx` rejects instead of running outside it. */
  end(): void;
}

/**
 * The `Database` a transaction's function receives. Nested `transaction` calls become savepoints, so a helper
 * that wants atomicity can open one whether or not its caller already did.
 */
export function createTransactionHandle(session: Session, engine: Engine, depth = 1): TransactionHandle {
  let ended = false;
  const check = (): void => {
    if (ended) throw new SitescoutError('SS_ERR_DB_CLOSED', 'transaction handle used after its transaction ended');
  };
  const tx: Database = {
    engine,
    ...guardSession(session, check),
    async transaction<T>(fn: (inner: Database) => Promise<T>): Promise<T> {
      check();
      const savepoint = `sitescout_savepoint_${depth}`;
      await session.exec(`SAVEPOINT ${savepoint}`);
      const inner = createTransactionHandle(session, engine, depth + 1);
      try {
        const result = await fn(inner.tx);
        await session.exec(`RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (error) {
        await session.exec(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        throw error;
      } finally {
        inner.end();
      }
    },
    async close() {
      throw new SitescoutError('SS_ERR_DB_CLOSED', 'close() called on a transaction handle; the transaction ends when its function returns');
    },
  };
  return {
    tx,
    end: () => {
      ended = true;
    },
  };
}
