import { mkdir } from 'node:fs/promises';
import { PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import { SitescoutError } from '../errors.js';
import type { Database, QueryResult } from './database.js';
import { toDatabaseError, type ErrorContext } from './query-error.js';
import { createTransactionHandle, guardSession, type Session } from './transaction-handle.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Where PGlite keeps its files; null keeps them in memory (tests). */
export interface PgliteTarget {
  dataDir: string | null;
}

function toResult<R>(result: Results<R>): QueryResult<R> {
  // PGlite reports 0 affected rows for a SELECT; pg reports the rows returned. Take whichever says more.
  return { rows: result.rows, rowCount: Math.max(result.rows.length, result.affectedRows ?? 0) };
}

function sessionOf(runner: PGlite | Transaction, context: ErrorContext): Session {
  return {
    async query<R>(sql: string, params?: unknown[]) {
      try {
        return toResult(await runner.query<R>(sql, params));
      } catch (error) {
        throw toDatabaseError(error, context);
      }
    },
    async exec(sql: string) {
      try {
        await runner.exec(sql);
      } catch (error) {
        throw toDatabaseError(error, context);
      }
    },
    async copyFrom(sql: string, data: string) {
      // PGlite has no COPY sub-protocol: its COPY reads the input from the virtual file /dev/blob, given per query.
      const fromBlob = sql.replace(FROM_STDIN, "FROM '/dev/blob'");
      if (fromBlob === sql) throw new SitescoutError('SS_ERR_USAGE', `copyFrom: expected COPY … FROM STDIN, got ${sql.slice(0, 80)}`);
      try {
        const result = await runner.query(fromBlob, [], { blob: new Blob([data]) });
        return result.affectedRows ?? 0;
      } catch (error) {
        throw toDatabaseError(error, context);
      }
    },
  };
}

const FROM_STDIN = /\bFROM\s+STDIN\b/i;

/** Opens (creating on first use) an embedded PostgreSQL in `dataDir`, or in memory. */
export async function openPglite(target: PgliteTarget): Promise<Database> {
  const context: ErrorContext = { target: target.dataDir === null ? 'PGlite (in memory)' : `PGlite data directory ${target.dataDir}`, password: null };
  let pglite: PGlite;
  try {
    if (target.dataDir !== null) await mkdir(target.dataDir, { recursive: true });
    // int8 and numeric as numbers, as the pg adapter parses them: one row shape whichever engine runs.
    pglite = await PGlite.create({ dataDir: target.dataDir ?? undefined, parsers: { [INT8_OID]: Number, [NUMERIC_OID]: Number } });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SitescoutError('SS_ERR_DB_CONNECT', `cannot open ${context.target}: ${reason}`, { cause: error });
  }
  const session = sessionOf(pglite, context);
  let closed = false;
  const check = (): void => {
    if (closed) throw new SitescoutError('SS_ERR_DB_CLOSED', `${context.target} used after close()`);
  };
  return {
    engine: 'pglite',
    ...guardSession(session, check),
    async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
      check();
      try {
        return await pglite.transaction(async (raw) => {
          const handle = createTransactionHandle(sessionOf(raw, context), 'pglite');
          try {
            return await fn(handle.tx);
          } finally {
            handle.end();
          }
        });
      } catch (error) {
        throw toDatabaseError(error, context);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pglite.close();
    },
  };
}
