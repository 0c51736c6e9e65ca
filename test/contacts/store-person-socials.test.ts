import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractContacts, upsertPageContacts } from '../../src/contacts/index.js';
import { openDatabase, type Database } from '../../src/db/index.js';

// A team page like the demo's: one person with an address, another with only a LinkedIn profile, the company's
// profile in a link. The second person's profile must not be stored on the first person's contact.
const TEAM_PAGE = `<html><head><script type="application/ld+json">[
  {"@type":"Person","name":"Mara Lind","jobTitle":"Customer Care","email":"mailto:mara@acme.de"},
  {"@type":"Person","name":"Jonas Brandt","jobTitle":"Founder","email":"jonas@acme.de","sameAs":["https://www.linkedin.com/in/jonas-brandt/"]}
]</script></head><body><a href="https://www.linkedin.com/company/acme/">LinkedIn</a> <a href="mailto:info@acme.de">info@acme.de</a></body></html>`;

describe('upsertPageContacts: whose profiles a contact gets', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ memory: true });
  }, 120_000);
  afterAll(async () => {
    await db.close();
  });

  it("stores the page's profiles on every address of the page, and a person's own sameAs on that person's address only", async () => {
    const { rows } = await db.query<{ id: number }>("INSERT INTO domains (name) VALUES ('acme.de') RETURNING id");
    const domainId = Number(rows[0]!.id);
    const extracted = extractContacts(TEAM_PAGE, { url: 'https://acme.de/team' });
    await upsertPageContacts(db, { domainId, pageId: null, sourceUrl: 'https://acme.de/team', extracted, extractionStart: new Date() });
    const stored = await db.query<{ email: string; socials: Record<string, string> }>('SELECT email, socials FROM contacts ORDER BY email');
    expect(stored.rows).toEqual([
      { email: 'info@acme.de', socials: { linkedin: 'https://www.linkedin.com/company/acme' } },
      { email: 'jonas@acme.de', socials: { linkedin: 'https://www.linkedin.com/in/jonas-brandt' } },
      { email: 'mara@acme.de', socials: { linkedin: 'https://www.linkedin.com/company/acme' } },
    ]);
  });
});
