import { HttpError } from './http-error.js';

/*
 * Listing cursors are opaque to clients (base64url of a small JSON object) so the keyset behind them can change
 * without breaking anyone who only passes `next_cursor` back. Each listing has its own kind, so a runs cursor handed to
 * the pages listing is rejected instead of silently meaning something else.
 */

export function encodeCursor(kind: string, after: string | number): string {
  return Buffer.from(JSON.stringify({ k: kind, a: after }), 'utf8').toString('base64url');
}

/** The position a cursor carries; 400 SS_ERR_VALIDATION when it is not one this listing issued. */
export function decodeCursor<T extends 'string' | 'number'>(kind: string, cursor: string, type: T): T extends 'string' ? string : number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const record = parsed as { k?: unknown; a?: unknown } | null;
  if (record === null || typeof record !== 'object' || record.k !== kind || typeof record.a !== type || (type === 'number' && !Number.isSafeInteger(record.a))) {
    throw new HttpError(400, 'SS_ERR_VALIDATION', 'querystring/cursor is not a cursor this listing issued (pass back next_cursor as it was given)');
  }
  return record.a as T extends 'string' ? string : number;
}
