import type { ContactPageSource, ContactPageStatus, Database, JsonValue } from '../db/index.js';
import { isGmail } from './classify-email.js';
import type { ExtractedContacts, FoundPhone, SocialPlatform } from './types.js';

/** A page chosen for contact extraction, as contact_pages records it. */
export interface ContactPageChoice {
  url: string;
  pageId: number | null;
  selectedBy: ContactPageSource;
  score: number;
  reasons: readonly string[];
}

/** How fetching and reading one chosen page went. */
export interface ContactPageOutcome {
  url: string;
  status: Exclude<ContactPageStatus, 'queued'>;
  httpStatus: number | null;
  finalUrl: string | null;
  charset: string | null;
  region: string | null;
  emails: number;
  phones: number;
  socials: number;
  error: { code: string; message: string } | null;
}

export const RECORD_CONTACT_PAGE_CHOICE_SQL = `
INSERT INTO contact_pages (domain_id, url, page_id, selected_by, score, reasons, status, selected_at)
VALUES ($1, $2, $3, $4, $5, $6::text[], 'queued', now())
ON CONFLICT (domain_id, url) DO UPDATE SET
  page_id = excluded.page_id, selected_by = excluded.selected_by, score = excluded.score, reasons = excluded.reasons,
  status = 'queued', selected_at = now()`;

/** Records the pages chosen for a domain (re-choosing a page resets it to queued). */
export async function recordContactPageChoices(db: Database, domainId: number, choices: readonly ContactPageChoice[]): Promise<void> {
  for (const c of choices) {
    await db.query(RECORD_CONTACT_PAGE_CHOICE_SQL, [domainId, c.url, c.pageId, c.selectedBy, c.score, [...c.reasons]]);
  }
}

export const RECORD_CONTACT_PAGE_OUTCOME_SQL = `
UPDATE contact_pages SET status = $3, http_status = $4, final_url = $5, charset = $6, region = $7, emails = $8,
  phones = $9, socials = $10, error_code = $11, error_message = $12, fetched_at = now()
WHERE domain_id = $1 AND url = $2`;

/** Records how a chosen page went, and moves its inventory page's processing status along. */
export async function recordContactPageOutcome(db: Database, domainId: number, outcome: ContactPageOutcome): Promise<void> {
  const status = outcome.httpStatus !== null && outcome.httpStatus >= 100 && outcome.httpStatus <= 599 ? outcome.httpStatus : null;
  await db.query(RECORD_CONTACT_PAGE_OUTCOME_SQL, [
    domainId,
    outcome.url,
    outcome.status,
    status,
    outcome.finalUrl,
    outcome.charset,
    outcome.region,
    outcome.emails,
    outcome.phones,
    outcome.socials,
    outcome.error?.code ?? null,
    outcome.error?.message ?? null,
  ]);
  const processing = outcome.status === 'fetched' ? 'processed' : outcome.status;
  await db.query('UPDATE pages SET processing_status = $3 WHERE domain_id = $1 AND url = $2', [domainId, outcome.url, processing]);
}

/*
 * One row per (domain, address). Within one extraction (`$14`, its start), the first page an address is seen on
 * keeps it (pages are read best first); a later extraction moves it to where it is seen now. Names, roles and
 * phones are kept when a later sighting lacks them; where it was found, and the page's phones, accumulate.
 */
export const UPSERT_CONTACT_SQL = `
INSERT INTO contacts AS c (domain_id, page_id, email, email_type, has_gmail, name, role, phone, context, source_url, socials, found_in, phones)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::text[], $13::text[])
ON CONFLICT (domain_id, email) DO UPDATE SET
  page_id = CASE WHEN c.last_seen >= $14 THEN c.page_id ELSE excluded.page_id END,
  source_url = CASE WHEN c.last_seen >= $14 THEN c.source_url ELSE excluded.source_url END,
  context = CASE WHEN c.last_seen >= $14 THEN c.context ELSE excluded.context END,
  email_type = excluded.email_type,
  has_gmail = excluded.has_gmail,
  name = coalesce(excluded.name, c.name),
  role = coalesce(excluded.role, c.role),
  phone = coalesce(c.phone, excluded.phone),
  socials = excluded.socials || c.socials,
  found_in = ARRAY(SELECT DISTINCT x FROM unnest(c.found_in || excluded.found_in) AS x ORDER BY x),
  phones = ARRAY(SELECT DISTINCT x FROM unnest(c.phones || excluded.phones) AS x ORDER BY x),
  last_seen = now()
RETURNING id, (xmax = 0) AS inserted`;

/** Context snippets are short by contract; the column is kept to this many characters. */
const MAX_CONTEXT = 300;

/**
 * Stores the addresses one page gave: each with the page, a context snippet, the person named with it (when the page
 * names one in a structured way), the page's phones and social profiles. Returns how many addresses were new.
 * @example
 *   const added = await upsertPageContacts(db, { domainId, pageId, sourceUrl, extracted, extractionStart });
 */
export async function upsertPageContacts(
  db: Database,
  options: { domainId: number; pageId: number | null; sourceUrl: string; extracted: ExtractedContacts; extractionStart: Date },
): Promise<number[]> {
  const { extracted } = options;
  const phones = extracted.phones.filter((p) => p.kind === 'phone').map((p) => p.e164);
  const pageSocials: Record<string, string> = {};
  for (const s of extracted.socials) pageSocials[s.platform] ??= s.url;
  const added: number[] = [];
  for (const email of extracted.emails) {
    const person = extracted.people.find((p) => p.email === email.address) ?? null;
    // The page's profiles, and this person's own over them (a person's sameAs goes to their address only).
    const socials = { ...pageSocials };
    for (const s of person?.socials ?? []) socials[s.platform] = s.url;
    const { rows } = await db.query<{ id: number; inserted: boolean }>(UPSERT_CONTACT_SQL, [
      options.domainId,
      options.pageId,
      email.address,
      email.type,
      isGmail(email.address),
      person?.name ?? null,
      person?.role ?? null,
      person?.phone === null || person?.phone === undefined ? null : (extracted.phones.find((p) => p.raw === person.phone)?.e164 ?? person.phone),
      email.context.slice(0, MAX_CONTEXT),
      options.sourceUrl,
      JSON.stringify(socials),
      [...email.where],
      phones,
      options.extractionStart,
    ]);
    if (rows[0]?.inserted === true) added.push(Number(rows[0].id));
  }
  return added;
}

/** What one extraction found across a domain's pages, folded into its contact card. */
export interface ContactCardBuilder {
  add(sourceUrl: string, extracted: ExtractedContacts): void;
  addOutcome(outcome: ContactPageOutcome): void;
  card(): ContactCard;
}

export interface ContactCard {
  bestEmails: Partial<Record<'SERVICE' | 'CORPORATE' | 'FREE' | 'UNKNOWN', string>>;
  phones: Array<{ e164: string; kind: FoundPhone['kind']; sourceUrl: string }>;
  socials: Partial<Record<SocialPlatform, string[]>>;
  /** The people named, each with their own profile URLs (JSON-LD Person.sameAs). */
  people: Array<{ name: string; role: string | null; email: string | null; phone: string | null; socials: string[] }>;
  emailCount: number;
  hasGmail: boolean;
  pagesFetched: number;
  pagesFailed: number;
}

/** Bounded by the pages of one extraction (contactPagesPerDomain + the home page, or the well-known paths). */
const MAX_CARD_ITEMS = 50;

/**
 * Folds the pages of one extraction, best page first, into the domain's card: the first address of each type
 * (the best page's), every distinct phone and profile, the people named.
 */
export function createContactCardBuilder(): ContactCardBuilder {
  const card: ContactCard = { bestEmails: {}, phones: [], socials: {}, people: [], emailCount: 0, hasGmail: false, pagesFetched: 0, pagesFailed: 0 };
  const emails = new Set<string>();
  return {
    add(sourceUrl, extracted) {
      for (const email of extracted.emails) {
        card.bestEmails[email.type] ??= email.address;
        emails.add(email.address);
      }
      card.hasGmail ||= extracted.hasGmail;
      for (const phone of extracted.phones) {
        if (card.phones.length < MAX_CARD_ITEMS && !card.phones.some((p) => p.e164 === phone.e164)) card.phones.push({ e164: phone.e164, kind: phone.kind, sourceUrl });
      }
      for (const social of extracted.socials) {
        const list = (card.socials[social.platform] ??= []);
        if (list.length < MAX_CARD_ITEMS && !list.includes(social.url)) list.push(social.url);
      }
      for (const person of extracted.people) {
        if (card.people.length < MAX_CARD_ITEMS && !card.people.some((p) => p.name === person.name)) card.people.push({ name: person.name, role: person.role, email: person.email, phone: person.phone, socials: person.socials.map((s) => s.url) });
      }
      card.emailCount = emails.size;
    },
    addOutcome(outcome) {
      if (outcome.status === 'fetched') card.pagesFetched += 1;
      else if (outcome.status === 'failed') card.pagesFailed += 1;
    },
    card: () => card,
  };
}

export const UPSERT_CONTACT_CARD_SQL = `
INSERT INTO domain_contact_cards (domain_id, best_emails, phones, socials, people, email_count, has_gmail, pages_fetched, pages_failed, updated_at)
VALUES ($1, $2::jsonb, $3::jsonb, $4::jsonb, $5::jsonb, $6, $7, $8, $9, now())
ON CONFLICT (domain_id) DO UPDATE SET
  best_emails = excluded.best_emails, phones = excluded.phones, socials = excluded.socials, people = excluded.people,
  email_count = excluded.email_count, has_gmail = excluded.has_gmail, pages_fetched = excluded.pages_fetched,
  pages_failed = excluded.pages_failed, updated_at = now()`;

/** Replaces the domain's card with what the latest extraction found. */
export async function saveContactCard(db: Database, domainId: number, card: ContactCard): Promise<void> {
  const json = (value: unknown): string => JSON.stringify(value as JsonValue);
  await db.query(UPSERT_CONTACT_CARD_SQL, [
    domainId,
    json(card.bestEmails),
    json(card.phones),
    json(card.socials),
    json(card.people),
    card.emailCount,
    card.hasGmail,
    card.pagesFetched,
    card.pagesFailed,
  ]);
}
