import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContactPageRow, ContactRow, Database, DomainContactCardRow } from '../../src/db/index.js';
import { startMutableSite, urlset, type MutableSite } from '../fixtures/mutable-site.js';
import { ENGINES, useDatabase } from '../inventory/support.js';
import { counts, crawlOnce, siteHost } from './crawl-support.js';
import { uniqueBossSchema } from './support.js';

const page = (body: string, lang = 'en-GB'): { body: string } => ({ body: `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"></head><body>${body}</body></html>` });

/** A small company site: a sitemap with a contact page, a team page, a page robots.txt forbids and one that 404s. */
function companySite(site: MutableSite): void {
  const o = site.origin;
  site.files.set('/robots.txt', { body: `User-agent: *\nDisallow: /private/\nSitemap: ${o}/sitemap.xml\n` });
  site.files.set('/sitemap.xml', { body: urlset(o, ['/', '/contact', '/team', '/private/staff-contacts', '/about-us', '/products/boots']) });
  site.files.set('/', page(`<a href="https://www.linkedin.com/company/acme-boots/">LinkedIn</a> <a href="https://www.facebook.com/sharer/sharer.php?u=x">Share</a>`));
  site.files.set(
    '/contact',
    page(`<p>Write to <a href="mailto:info@acme-boots.co.uk?subject=Hi">info@acme-boots.co.uk</a> or call <a href="tel:+442079460000">020 7946 0000</a>.</p>
      <form><input type="email" placeholder="you@example.com"></form><img src="/logo@2x.png">`),
  );
  site.files.set('/team', page(`<div class="vcard"><span class="fn">Ada Lovelace</span>, <span class="role">Founder</span> <a class="email" href="mailto:ada.lovelace@acme-boots.co.uk">ada.lovelace@acme-boots.co.uk</a></div>`));
  site.files.set('/private/staff-contacts', page('<p>secret@acme-boots.co.uk</p>'));
}

describe.each(ENGINES)('contact extraction after a crawl on %s', (engine) => {
  const database = useDatabase(engine);
  let site: MutableSite;
  let bossSchema: string;
  beforeEach(async () => {
    site = await startMutableSite();
    bossSchema = uniqueBossSchema();
  });
  afterEach(async () => {
    await site.close();
  });

  async function contactsOf(db: Database): Promise<Array<Pick<ContactRow, 'email' | 'email_type' | 'name' | 'role' | 'phones' | 'source_url'>>> {
    const { rows } = await db.query<ContactRow>('SELECT c.* FROM contacts c JOIN domains d ON d.id = c.domain_id WHERE d.name = $1 ORDER BY email', [siteHost(site)]);
    return rows.map((r) => ({ email: r.email, email_type: r.email_type, name: r.name, role: r.role, phones: r.phones, source_url: new URL(r.source_url).pathname }));
  }

  async function pagesOf(db: Database): Promise<Record<string, string>> {
    const { rows } = await db.query<ContactPageRow>('SELECT p.* FROM contact_pages p JOIN domains d ON d.id = p.domain_id WHERE d.name = $1', [siteHost(site)]);
    return Object.fromEntries(rows.map((r) => [new URL(r.url).pathname, r.error_code === null ? r.status : `${r.status} ${r.error_code}`]));
  }

  it('picks the likeliest pages, obeys robots.txt, stores each address once with where it came from, and builds the card', async () => {
    const db = database();
    companySite(site);
    const run = await crawlOnce({ db, bossSchema, site, withContacts: true });
    expect(counts(run)).toMatchObject({ status: 'completed', outcome: 'ok', new: 6 });
    expect(await pagesOf(db)).toEqual({
      '/': 'fetched',
      '/contact': 'fetched',
      '/team': 'fetched',
      '/about-us': 'failed SS_ERR_CONTACT_HTTP_STATUS',
      '/private/staff-contacts': 'skipped SS_ERR_CONTACT_ROBOTS',
    });
    expect(site.requests.some((r) => r.path === '/private/staff-contacts')).toBe(false);
    // The fixture is served from 127.0.0.1, not acme-boots.co.uk: a person's address there is UNKNOWN, not CORPORATE.
    expect(await contactsOf(db)).toEqual([
      { email: 'ada.lovelace@acme-boots.co.uk', email_type: 'UNKNOWN', name: 'Ada Lovelace', role: 'Founder', phones: [], source_url: '/team' },
      { email: 'info@acme-boots.co.uk', email_type: 'SERVICE', name: null, role: null, phones: ['+442079460000'], source_url: '/contact' },
    ]);
    const { rows } = await db.query<DomainContactCardRow>('SELECT k.* FROM domain_contact_cards k JOIN domains d ON d.id = k.domain_id WHERE d.name = $1', [siteHost(site)]);
    expect(rows.map((r) => ({ best: r.best_emails, socials: r.socials, people: r.people.length, fetched: r.pages_fetched, failed: r.pages_failed }))).toEqual([
      {
        best: { SERVICE: 'info@acme-boots.co.uk', UNKNOWN: 'ada.lovelace@acme-boots.co.uk' },
        socials: { linkedin: ['https://www.linkedin.com/company/acme-boots'] },
        people: 1,
        fetched: 3,
        failed: 1,
      },
    ]);
  }, 90_000);

  it('updates rather than duplicates when the contacts are extracted again', async () => {
    const db = database();
    companySite(site);
    await crawlOnce({ db, bossSchema, site, withContacts: true });
    site.files.set('/contact', page('<p>New desk: <a href="mailto:hello@acme-boots.co.uk">hello@acme-boots.co.uk</a>, still info@acme-boots.co.uk</p>'));
    await crawlOnce({ db, bossSchema, site, withContacts: true });
    expect((await contactsOf(db)).map((c) => c.email)).toEqual(['ada.lovelace@acme-boots.co.uk', 'hello@acme-boots.co.uk', 'info@acme-boots.co.uk']);
  }, 120_000);

  it('records a reason for every page it cannot read (binary, too large, off-site redirect, broken markup, Latin-1) and reads the rest', async () => {
    const db = database();
    const o = site.origin;
    site.files.set('/robots.txt', { body: `Sitemap: ${o}/sitemap.xml\n` });
    site.files.set('/sitemap.xml', { body: urlset(o, ['/', '/contact', '/kontakt', '/impressum', '/about', '/team']) });
    site.files.set('/', page('<p>Welcome'));
    site.files.set('/contact', { body: '%PDF-1.7\n%âãÏÓ binary', contentType: 'application/pdf' });
    site.files.set('/kontakt', page(`<p>${'x'.repeat(3000)}</p>`));
    // localhost is another site than 127.0.0.1 as far as the crawl can tell (another host, no shared registrable domain).
    site.files.set('/impressum', { body: '', redirect: `http://localhost:${site.port}/elsewhere` });
    site.files.set('/elsewhere', page('<p>someone-else@example.org</p>'));
    site.files.set('/about', { body: '<html><body><div><p>Mail <b>us: <a href="mailto:team@acme-boots.co.uk">here</a><table><tr><td>broken' });
    site.files.set('/team', { body: '<html><head><meta charset="iso-8859-1"></head><body>Geschäftsführer: J. Müller, info@acme-boots.co.uk</body></html>' });
    const run = await crawlOnce({ db, bossSchema, site, withContacts: true, contacts: { maxPageBytes: 2048 } });
    expect(counts(run)).toMatchObject({ status: 'completed', outcome: 'ok' });
    expect(await pagesOf(db)).toEqual({
      '/': 'fetched',
      '/about': 'fetched',
      '/contact': 'failed SS_ERR_CONTACT_NOT_HTML',
      '/impressum': 'failed SS_ERR_CONTACT_OFF_SITE',
      '/kontakt': 'failed SS_ERR_LIMIT_PAGE_BYTES',
      '/team': 'fetched',
    });
    expect((await contactsOf(db)).map((c) => c.email)).toEqual(['info@acme-boots.co.uk', 'team@acme-boots.co.uk']);
  }, 90_000);

  it('tries the home page and its contact links for a domain without a sitemap', async () => {
    const db = database();
    site.files.set('/', page('<nav><a href="/kontakt/">Kontakt</a> <a href="/produkte/">Produkte</a></nav>', 'de-DE'));
    site.files.set('/kontakt/', page('<p>Telefon: 030 1234567 · E-Mail: kontakt (at) baeckerei-beispiel (dot) de</p>', 'de-DE'));
    const run = await crawlOnce({ db, bossSchema, site, withContacts: true, wellKnown: 'never' });
    expect(counts(run)).toMatchObject({ status: 'completed', outcome: 'no-sitemap' });
    expect(await pagesOf(db)).toEqual({ '/': 'fetched', '/kontakt/': 'fetched' });
    expect(await contactsOf(db)).toEqual([
      { email: 'kontakt@baeckerei-beispiel.de', email_type: 'SERVICE', name: null, role: null, phones: ['+49301234567'], source_url: '/kontakt/' },
    ]);
  }, 90_000);
});
