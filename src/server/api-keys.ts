import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/index.js';
import { SitescoutError } from '../errors.js';

/** Every key starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'ss_';
/** 32 random bytes: 256 bits, beyond guessing, so a fast unsalted hash is enough to store it. */
const KEY_BYTES = 32;
/** How much of the key `keys list` shows: the prefix and 8 characters (48 of its 256 bits). */
const SHOWN_CHARS = API_KEY_PREFIX.length + 8;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A key as listed: never the key itself, which is not stored. */
export interface ApiKeyInfo {
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A key just created: the only time `key` is known. */
export interface CreatedApiKey extends ApiKeyInfo {
  key: string;
}

/** Why `name` cannot name a key, or null when it can. */
export function apiKeyNameProblem(name: string): string | null {
  return NAME.test(name) ? null : `key name ${JSON.stringify(name)}: expected 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`;
}

/** The hex SHA-256 of a key: what is stored, and what a presented key is looked up by. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());

interface KeyRow {
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toInfo = (row: KeyRow): ApiKeyInfo => ({
  name: row.name,
  prefix: row.prefix,
  createdAt: new Date(row.created_at).toISOString(),
  lastUsedAt: iso(row.last_used_at),
  revokedAt: iso(row.revoked_at),
});

export const INSERT_API_KEY_SQL = `
INSERT INTO api_keys (name, prefix, key_hash) VALUES ($1, $2, $3)
ON CONFLICT (name) DO NOTHING
RETURNING name, prefix, created_at, last_used_at, revoked_at`;

/**
 * Creates a key named `name` (letters, digits, `.`, `_`, `-`; up to 64): `ss_` and 32 random bytes in base64url.
 * Only its hash is stored, so the returned `key` is the one chance to see it. Throws SS_ERR_USAGE for a bad or
 * taken name (names stay taken after revocation).
 * @example
 *   const { key } = await createApiKey(db, 'ci'); // 'ss_q3J…' (46 characters)
 */
export async function createApiKey(db: Database, name: string): Promise<CreatedApiKey> {
  const problem = apiKeyNameProblem(name);
  if (problem !== null) throw new SitescoutError('SS_ERR_USAGE', problem);
  const key = API_KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
  const { rows } = await db.query<KeyRow>(INSERT_API_KEY_SQL, [name, key.slice(0, SHOWN_CHARS), hashApiKey(key)]);
  const row = rows[0];
  if (row === undefined) throw new SitescoutError('SS_ERR_USAGE', `an API key named ${JSON.stringify(name)} already exists (names stay taken after revocation)`);
  return { ...toInfo(row), key };
}

/** Every key, oldest first, revoked ones included. */
export async function listApiKeys(db: Database): Promise<ApiKeyInfo[]> {
  const { rows } = await db.query<KeyRow>('SELECT name, prefix, created_at, last_used_at, revoked_at FROM api_keys ORDER BY id');
  return rows.map(toInfo);
}

/** How many keys are not revoked: `serve` warns when none is, since every API route would answer 401. */
export async function countActiveApiKeys(db: Database): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys WHERE revoked_at IS NULL');
  return Number(rows[0]?.n ?? 0);
}

/**
 * Revokes the key named `name` from now on (the next request with it gets 401). 'revoked', 'already-revoked' (its
 * revocation time is kept) or 'unknown'.
 */
export async function revokeApiKey(db: Database, name: string): Promise<'revoked' | 'already-revoked' | 'unknown'> {
  const { rows } = await db.query<{ was_revoked: boolean }>(
    `UPDATE api_keys k SET revoked_at = coalesce(k.revoked_at, now())
     FROM (SELECT id, revoked_at IS NOT NULL AS was_revoked FROM api_keys WHERE name = $1) old
     WHERE k.id = old.id RETURNING old.was_revoked`,
    [name],
  );
  const row = rows[0];
  if (row === undefined) return 'unknown';
  return row.was_revoked ? 'already-revoked' : 'revoked';
}

/** The key a request presented, if it is known and not revoked. */
export interface KeyMatch {
  id: number;
  name: string;
  lastUsedAt: Date | null;
}

export const FIND_API_KEY_SQL = 'SELECT id, name, last_used_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL';

/**
 * Looks a presented key up by its hash. The lookup is an index probe on a value the caller cannot steer byte by
 * byte (a SHA-256 of their guess), so its timing says nothing about any stored key.
 */
export async function findApiKey(db: Database, key: string): Promise<KeyMatch | null> {
  const { rows } = await db.query<{ id: number; name: string; last_used_at: Date | null }>(FIND_API_KEY_SQL, [hashApiKey(key)]);
  const row = rows[0];
  return row === undefined ? null : { id: Number(row.id), name: row.name, lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at) };
}

/** last_used_at is written at most this often per key: a read per request, a write per minute. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** Records a use of the key unless one was recorded within LAST_USED_RESOLUTION_MS (checked again in SQL for races). */
export async function touchApiKey(db: Database, match: KeyMatch, now = Date.now()): Promise<void> {
  if (match.lastUsedAt !== null && now - match.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  await db.query("UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')", [match.id]);
}
