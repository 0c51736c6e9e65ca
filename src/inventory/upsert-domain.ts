import { SitescoutError } from '../errors.js';
import type { Database } from '../db/index.js';

// DO UPDATE rather than DO NOTHING so RETURNING gives the id of an existing row too, in the same statement.
export const UPSERT_DOMAIN_SQL = `
INSERT INTO domains (name) VALUES ($1)
ON CONFLICT (name) DO UPDATE SET name = excluded.name
RETURNING id`;

/**
 * The id of the domain, created on first use. `name` is the host as discovery normalises it; it is lower-cased
 * here because the table's CHECK insists.
 * @example
 *   const domainId = await upsertDomain(db, 'www.example.com');
 */
export async function upsertDomain(db: Database, name: string): Promise<number> {
  const normalised = name.trim().toLowerCase();
  if (normalised === '') throw new SitescoutError('SS_ERR_CONFIG_INVALID', 'upsertDomain: the domain name is empty');
  const { rows } = await db.query<{ id: number }>(UPSERT_DOMAIN_SQL, [normalised]);
  const row = rows[0];
  if (row === undefined) throw new SitescoutError('SS_ERR_DB_QUERY', `upsertDomain: no id returned for ${normalised}`);
  return Number(row.id);
}

/** The id of the stored domain `name` (as discovery normalises it), or null when it was never crawled. */
export async function findDomainId(db: Database, name: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM domains WHERE name = $1', [name.trim().toLowerCase()]);
  const row = rows[0];
  return row === undefined ? null : Number(row.id);
}
