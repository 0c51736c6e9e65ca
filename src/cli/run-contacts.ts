import { exportContacts } from '../contacts/index.js';
import { csvText, quoteCsv } from '../csv.js';
import type { Database } from '../db/index.js';
import type { ContactsFlags } from './contacts-command.js';
import { describeError } from './describe-error.js';
import type { CliIo } from './parse-command.js';
import { openStoredDomain } from './stored-domain.js';
import { writeChunks } from './write-chunks.js';

export async function runContacts(domain: string | undefined, flags: ContactsFlags, io: CliIo): Promise<number> {
  const opened = await openStoredDomain('contacts', domain, flags.dataDir, io);
  if (typeof opened === 'number') return opened;
  const { db, host } = opened;
  try {
    const format = flags.format ?? 'ndjson';
    const chunks = flags.card === true ? exportCards(db, host, format) : exportContacts(db, { format, ...(host === undefined ? {} : { domain: host }) });
    await writeChunks(io.stdout, chunks);
    return 0;
  } catch (error: unknown) {
    io.stderr.write(`sitescout contacts: ${describeError(error)}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

interface CardRow {
  domain: string;
  best_emails: Record<string, string>;
  phones: Array<{ e164: string; kind: string; sourceUrl: string }>;
  socials: Record<string, string[]>;
  people: Array<{ name: string; role: string | null; email: string | null; phone: string | null }>;
  email_count: number;
  has_gmail: boolean;
  pages_fetched: number;
  pages_failed: number;
  updated_at: Date;
}

const CARD_COLUMNS = ['domain', 'service_email', 'corporate_email', 'free_email', 'unknown_email', 'phones', 'socials', 'people', 'email_count', 'has_gmail', 'pages_fetched', 'pages_failed'] as const;

/** The contact cards (one per domain, so a bounded number of rows per batch of domains), in domain order. */
async function* exportCards(db: Database, host: string | undefined, format: 'ndjson' | 'csv' | 'json'): AsyncGenerator<string> {
  const { rows } = await db.query<CardRow>(
    `SELECT d.name AS domain, k.best_emails, k.phones, k.socials, k.people, k.email_count, k.has_gmail, k.pages_fetched, k.pages_failed, k.updated_at
     FROM domain_contact_cards k JOIN domains d ON d.id = k.domain_id WHERE ($1::text IS NULL OR d.name = $1) ORDER BY d.name`,
    [host ?? null],
  );
  const cards = rows.map((r) => ({
    domain: r.domain,
    service_email: r.best_emails['SERVICE'] ?? null,
    corporate_email: r.best_emails['CORPORATE'] ?? null,
    free_email: r.best_emails['FREE'] ?? null,
    unknown_email: r.best_emails['UNKNOWN'] ?? null,
    phones: r.phones.map((p) => p.e164),
    socials: Object.values(r.socials).flat(),
    people: r.people.map((p) => (p.role === null ? p.name : `${p.name} (${p.role})`)),
    email_count: r.email_count,
    has_gmail: r.has_gmail,
    pages_fetched: r.pages_fetched,
    pages_failed: r.pages_failed,
  }));
  if (format === 'json') yield `${JSON.stringify(cards, null, 2)}\n`;
  else if (format === 'ndjson') for (const card of cards) yield `${JSON.stringify(card)}\n`;
  else {
    const field = (v: unknown): string =>
      v === null || v === undefined ? '' : typeof v === 'number' ? quoteCsv(String(v)) : csvText(Array.isArray(v) ? v.join(' ') : String(v));
    yield `${CARD_COLUMNS.join(',')}\r\n`;
    for (const card of cards) yield `${CARD_COLUMNS.map((c) => field(card[c])).join(',')}\r\n`;
  }
}
