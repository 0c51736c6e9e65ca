import { describe, expect, it } from 'vitest';
import { extractContacts } from '../../src/contacts/index.js';

describe('extractContacts: people', () => {
  it('reads names and roles from JSON-LD Person (with jobTitle, nested as employee) and from hCards', () => {
    const html = `<html><body>
      <script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization","name":"Acme","employee":[{"@type":"Person","name":"Anna Berg","jobTitle":"CEO","email":"anna.berg@acme.de"}]}</script>
      <div class="vcard"><span class="fn">Max Roth</span>, <span class="role">Vertrieb</span>, <span class="org">Acme GmbH</span>, <span class="tel">+49 30 1234567</span></div>
      <p>Our friend Lisa Klein says hello.</p>
    </body></html>`;
    expect(extractContacts(html, { url: 'https://acme.de/team' }).people).toEqual([
      { name: 'Anna Berg', role: 'CEO', email: 'anna.berg@acme.de', phone: null, socials: [], where: ['json-ld'] },
      { name: 'Max Roth', role: 'Vertrieb', email: null, phone: '+49 30 1234567', socials: [], where: ['microformat'] },
    ]);
  });

  it("gives a Person's own sameAs to that person, never to the page: another address on the page does not get a founder's LinkedIn", () => {
    const html = `<html><body>
      <script type="application/ld+json">[
        {"@type":"Organization","name":"Acme","sameAs":["https://www.instagram.com/acme/"]},
        {"@type":"Person","name":"Mara Lind","jobTitle":"Customer Care","email":"mailto:mara@acme.de"},
        {"@type":"Person","name":"Jonas Brandt","jobTitle":"Founder","sameAs":["https://www.linkedin.com/in/jonas-brandt/"]},
        {"@type":"Person","name":"admin","sameAs":["https://twitter.com/acme_admin"]}
      ]</script>
    </body></html>`;
    const found = extractContacts(html, { url: 'https://acme.de/team' });
    expect(found.socials.map((s) => s.url)).toEqual(['https://www.instagram.com/acme']);
    expect(found.people.map((p) => [p.name, p.socials.map((s) => s.url)])).toEqual([
      ['Mara Lind', []],
      ['Jonas Brandt', ['https://www.linkedin.com/in/jonas-brandt']],
    ]);
  });

  it("does not take an article's author (a Person with no role or contact) or an organisation's hCard for a person", () => {
    const html = `<html><body>
      <script type="application/ld+json">{"@graph":[{"@type":"Person","name":"admin","url":"https://acme.de/author/admin"}]}</script>
      <div class="vcard"><span class="fn org">Acme GmbH</span><span class="tel">+49 30 1234567</span></div>
    </body></html>`;
    expect(extractContacts(html, { url: 'https://acme.de/' }).people).toEqual([]);
  });

  it('reads nobody from prose: names come only from structured sources', () => {
    expect(extractContacts('<html><body><h2>Anna Berg</h2><p>Geschäftsführerin</p></body></html>', { url: 'https://acme.de/' }).people).toEqual([]);
  });
});
