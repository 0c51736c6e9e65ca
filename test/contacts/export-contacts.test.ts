import { describe, expect, it } from 'vitest';
import { exportContacts, extractContacts, upsertPageContacts } from '../../src/contacts/index.js';
import type { Database } from '../../src/db/index.js';
import { ENGINES, freshDomain, useDatabase } from '../inventory/support.js';

async function text(db: Database, domain: string, format: 'csv' | 'ndjson'): Promise<string> {
  let out = '';
  for await (const chunk of exportContacts(db, { domain, format })) out += chunk;
  return out;
}

/** A page that names its contact person with a spreadsheet formula: the export must show it, never run it. */
const HOSTILE_PAGE = `<html><head><script type="application/ld+json">
{"@context":"https://schema.org","@type":"Person","name":"=HYPERLINK(\\"http://evil.test\\",\\"Click\\")","email":"jane@acme-widgets.com","jobTitle":"+Owner"}
</script></head><body><p>Write to <a href="mailto:jane@acme-widgets.com">jane@acme-widgets.com</a></p></body></html>`;

describe.each(ENGINES)('exportContacts on %s', (engine) => {
  const database = useDatabase(engine);

  it('guards text that a spreadsheet would run as a formula, in CSV only', async () => {
    const db = database();
    const domain = await freshDomain(db);
    const url = `https://${domain.name}/contact`;
    const extracted = extractContacts(HOSTILE_PAGE, { url });
    expect(extracted.people.map((p) => p.name)).toEqual(['=HYPERLINK("http://evil.test","Click")']);
    await upsertPageContacts(db, { domainId: domain.id, pageId: null, sourceUrl: url, extracted, extractionStart: new Date() });

    const csv = await text(db, domain.name, 'csv');
    const [header, row] = csv.split('\r\n');
    const nameAt = header!.split(',').indexOf('name');
    expect(nameAt).toBeGreaterThanOrEqual(0);
    expect(row).toContain(`"'=HYPERLINK(""http://evil.test"",""Click"")"`);
    expect(row).not.toMatch(/(^|,)=HYPERLINK/);
    expect(row).toContain('jane@acme-widgets.com');

    const [record] = (await text(db, domain.name, 'ndjson')).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(record?.name).toBe('=HYPERLINK("http://evil.test","Click")');
  });
});
