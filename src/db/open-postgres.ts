import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyStream } from 'pg-copy-streams';
import type { DatabaseLimits } from '../config.js';
import { SitescoutError } from '../errors.js';
import type { Database, QueryResult } from './database.js';
import { parseDatabaseUrl } from './database-url.js';
import { toDatabaseError, type ErrorContext } from './query-error.js';
import { createTransactionHandle, guardSession, type Session } from './transaction-handle.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export interface PostgresTarget {
  url: string;
  /** Put first on every connection's search_path; null keeps the server's default. */
  schema: string | null;
  limits: Pick<DatabaseLimits, 'dbConnectTimeoutMs' | 'dbMaxConnections'>;
}

/*
 * A per-pool parser table rather than pg.types.setTypeParser, which would change every pg user in the process:
 * int8 (ids, counts) and numeric (priority, scores) come back as numbers, as PGlite returns them.
 */
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID ? Number : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

function toResult<R>(result: pg.QueryResult): QueryResult<R> {
  return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
}

/** COPY … FROM STDIN on one connection: the whole input in one write, then the end of the copy. */
async function copyOn(client: pg.PoolClient, sql: string, data: string): Promise<number> {
  const stream = client.query(copyStream(sql));
  stream.end(data);
  await finished(stream);
  return stream.rowCount;
}

function sessionOf(runner: pg.Pool | pg.PoolClient, context: ErrorContext): Session {
  return {
    async query<R>(sql: string, params?: unknown[]) {
      try {
        return toResult<R>(await runner.query(sql, params));
      } catch (error) {
        throw toDatabaseError(error, context);
      }
    },
    async exec(sql: string) {
      try {
        // Without parameters pg uses the simple query protocol, which runs several statements.
        await runner.query(sql);
      } catch (error) {
        throw toDatabaseError(error, context);
      }
    },
    async copyFrom(sql: string, data: string) {
      // COPY needs one connection for its whole exchange: outside a transaction, one is borrowed from the pool.
      let client: pg.PoolClient;
      try {
        client = runner instanceof pg.Pool ? await runner.connect() : runner;
      } catch (error) {
        throw toDatabaseError(error, context);
      }
      let broken = false;
      try {
        return await copyOn(client, sql, data);
      } catch (error) {
        // A failed COPY leaves the connection ready for the next statement; a lost one is not given back.
        broken = !isServerError(error);
        throw toDatabaseError(error, context);
      } finally {
        if (client !== runner) client.release(broken);
      }
    },
  };
}

/** An error the server answered with (the connection is still in step), as opposed to a broken connection. */
function isServerError(error: unknown): boolean {
  return error instanceof Error && typeof (error as Error & { severity?: unknown }).severity === 'string';
}

/**
 * Opens a pool on a PostgreSQL server and checks that one connection can be made, so a wrong URL fails here with
 * SS_ERR_DB_CONNECT (credentials redacted) rather than at the first query.
 */
export async function openPostgres(target: PostgresTarget): Promise<Database> {
  const url = parseDatabaseUrl(target.url);
  const context: ErrorContext = { target: url.redacted, password: url.password };
  const pool = new pg.Pool({
    connectionString: url.connectionString,
    max: target.limits.dbMaxConnections,
    connectionTimeoutMillis: target.limits.dbConnectTimeoutMs,
    application_name: 'sitescout',
    types: typeParsers,
    ...(target.schema === null ? {} : { options: `-c search_path=${target.schema}` }),
  });
  // An idle connection that breaks (server restart, network drop) is emitted here; without a listener the process
  // would crash. The pool has already dropped that client, and the next query opens a new connection or fails
  // with SS_ERR_DB_CONNECT, so there is nothing more to do.
  pool.on('error', () => {});
  const session = sessionOf(pool, context);
  try {
    await session.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw error;
  }

  let closed = false;
  const check = (): void => {
    if (closed) throw new SitescoutError('SS_ERR_DB_CLOSED', `${context.target} used after close()`);
  };
  return {
    engine: 'postgres',
    ...guardSession(session, check),
    async transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
      check();
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw toDatabaseError(error, context);
      }
      // A connection whose ROLLBACK failed is in an unknown state: destroy it rather than return it to the pool.
      let broken = false;
      // The pool listens for errors on idle connections only. A checked-out one that breaks between two statements
      // (a terminated backend, a server restart) emits 'error', which would crash the process unheard: the next
      // statement on it fails instead, and the transaction with it.
      const onLost = (): void => {
        broken = true;
      };
      client.on('error', onLost);
      const clientSession = sessionOf(client, context);
      const handle = createTransactionHandle(clientSession, 'postgres');
      try {
        await clientSession.exec('BEGIN');
        const result = await fn(handle.tx);
        await clientSession.exec('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        handle.end();
        client.release(broken);
        // A destroyed connection keeps the listener: it may still report its end.
        if (!broken) client.removeListener('error', onLost);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
