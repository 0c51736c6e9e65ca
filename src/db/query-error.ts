import { SitescoutError } from '../errors.js';
import { scrubSecret } from './database-url.js';

/** A statement PostgreSQL rejected, the same shape from PGlite and from pg. Match on `sqlState` and `constraint`. */
export class DatabaseQueryError extends SitescoutError {
  override name = 'DatabaseQueryError';
  /** The SQLSTATE, e.g. `23514` for a CHECK violation, `23505` for a unique one. */
  readonly sqlState: string;
  readonly constraint: string | null;
  readonly table: string | null;
  readonly column: string | null;
  readonly detail: string | null;

  constructor(message: string, fields: { sqlState: string; constraint?: string; table?: string; column?: string; detail?: string }, cause: unknown) {
    super('SS_ERR_DB_QUERY', message, { cause });
    this.sqlState = fields.sqlState;
    this.constraint = fields.constraint ?? null;
    this.table = fields.table ?? null;
    this.column = fields.column ?? null;
    this.detail = fields.detail ?? null;
  }
}

interface PostgresErrorFields {
  message: string;
  code: string;
  severity: string;
  constraint?: string;
  table?: string;
  column?: string;
  detail?: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const CONNECTION_MESSAGE = /connection terminated|timeout expired|timeout exceeded when trying to connect|connection timeout/i;

/** A server-side error as pg and PGlite both raise it (pg-protocol's DatabaseError): a SQLSTATE plus a severity. */
function isPostgresError(error: unknown): error is PostgresErrorFields {
  if (!(error instanceof Error)) return false;
  const { code, severity } = error as Error & { code?: unknown; severity?: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string';
}

function isConnectionError(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  return (typeof code === 'string' && NETWORK_CODES.has(code)) || CONNECTION_MESSAGE.test(error.message);
}

/** SQLSTATE classes that mean "could not get or keep a session", not "the statement was wrong". */
function isConnectionState(sqlState: string): boolean {
  return sqlState.startsWith('08') || sqlState.startsWith('28') || sqlState === '3D000' || sqlState === '57P03' || sqlState === '53300';
}

export interface ErrorContext {
  /** Where the database is, safe to print: the redacted URL or the PGlite data directory. */
  target: string;
  password: string | null;
}

/**
 * Turns what pg or PGlite threw into a SitescoutError: SS_ERR_DB_CONNECT when no session could be had, a
 * DatabaseQueryError when the server rejected a statement. Anything else (a caller's own error thrown inside a
 * transaction, a programming error) is returned unchanged.
 */
export function toDatabaseError(error: unknown, context: ErrorContext): unknown {
  if (error instanceof SitescoutError) return error;
  if (isPostgresError(error)) {
    const message = scrubSecret(error.message, context.password);
    if (isConnectionState(error.code)) return connectError(`${message} (SQLSTATE ${error.code})`, context, error);
    const fields = { sqlState: error.code, constraint: error.constraint, table: error.table, column: error.column, detail: error.detail };
    return new DatabaseQueryError(message, fields, error);
  }
  if (error instanceof Error && isConnectionError(error)) return connectError(describe(error), context, error);
  return error;
}

function connectError(reason: string, context: ErrorContext, cause: unknown): SitescoutError {
  return new SitescoutError('SS_ERR_DB_CONNECT', `cannot connect to ${context.target}: ${scrubSecret(reason, context.password)}`, { cause });
}

function describe(error: Error): string {
  if (error instanceof AggregateError && error.message === '') return error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join('; ');
  return error.message;
}
