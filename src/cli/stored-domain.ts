import { type Database, openDatabase } from '../db/index.js';
import { normalizeDomainInput } from '../discovery/index.js';
import { describeError } from './describe-error.js';
import type { CliIo } from './parse-command.js';

/**
 * What the commands that read stored data (pages, report, contacts) do first: the domain argument normalised as crawl
 * stores it (2 on a bad one), the database opened (1 when it cannot be), the domain looked up (1 when it was never
 * crawled). Says why on stderr. `domain` undefined means every domain. The caller closes `db`.
 */
export async function openStoredDomain(
  command: string,
  domain: string | undefined,
  dataDir: string | undefined,
  io: CliIo,
): Promise<{ db: Database; host: string | undefined; domainId: number | undefined } | 1 | 2> {
  let host: string | undefined;
  if (domain !== undefined) {
    try {
      host = normalizeDomainInput(domain).host;
    } catch (error: unknown) {
      io.stderr.write(`sitescout ${command}: ${JSON.stringify(domain)}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
  }
  let db: Database;
  try {
    db = await openDatabase({ env: io.env, ...(dataDir === undefined ? {} : { dataDir }) });
  } catch (error: unknown) {
    io.stderr.write(`sitescout ${command}: ${describeError(error)}\n`);
    return 1;
  }
  if (host === undefined) return { db, host, domainId: undefined };
  try {
    const { rows } = await db.query<{ id: number }>('SELECT id FROM domains WHERE name = $1', [host]);
    const row = rows[0];
    if (row !== undefined) return { db, host, domainId: Number(row.id) };
    io.stderr.write(`sitescout ${command}: ${host}: never crawled (no such domain in the inventory)\n`);
  } catch (error: unknown) {
    io.stderr.write(`sitescout ${command}: ${describeError(error)}\n`);
  }
  await db.close();
  return 1;
}
