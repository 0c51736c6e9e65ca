import { describe, expect, it } from 'vitest';
import { extractContacts } from '../../src/contacts/index.js';

const URL_ = 'https://www.acme.de/kontakt';
const emailsOf = (html: string, url = URL_): string[] => extractContacts(html, { url }).emails.map((e) => e.address);
const page = (body: string, head = ''): string => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

describe('extractContacts: emails', () => {
  it('reads mailto links: query string dropped, percent-escapes decoded, several addresses split, lower-cased', () => {
    const result = extractContacts(page('<a href="mailto:Info@Acme.de?subject=Hallo%20Welt">Schreiben</a> <a href="mailto:a%40acme.de,b@acme.de%20">x</a>'), { url: URL_ });
    expect(result.emails).toEqual([
      { address: 'info@acme.de', type: 'SERVICE', where: ['mailto'], context: 'Schreiben' },
      { address: 'a@acme.de', type: 'CORPORATE', where: ['mailto'], context: 'x' },
      { address: 'b@acme.de', type: 'CORPORATE', where: ['mailto'], context: 'x' },
    ]);
  });

  it('reads addresses in text and trims the sentence-final period', () => {
    expect(emailsOf(page('<p>Write to office@acme.de. We answer fast.</p>'))).toEqual(['office@acme.de']);
  });

  it('does not cut an address with a non-ASCII local part down to its ASCII tail (müller@ is not ller@)', () => {
    expect(emailsOf(page('<p>müller@acme.de jörg.berg@acme.de anna@acme.de</p>'))).toEqual(['anna@acme.de']);
  });

  it('decodes entity-encoded mailto links and numeric character references (htmlparser2 decodes them)', () => {
    const html = page('<a href="&#109;&#97;&#105;&#108;&#116;&#111;&#58;&#105;&#110;&#102;&#111;&#64;acme.de">info&#64;acme&#46;de</a>');
    expect(extractContacts(html, { url: URL_ }).emails).toEqual([{ address: 'info@acme.de', type: 'SERVICE', where: ['mailto', 'text'], context: 'info@acme.de' }]);
  });

  it('reads addresses in meta content and in prose attributes (title, alt, data-*)', () => {
    const result = extractContacts(page('<img alt="anna@acme.de" src="a.png"><span data-contact="bob@acme.de">x</span>', '<meta name="description" content="Mail us: sales@acme.de.">'), { url: URL_ });
    expect(result.emails.map((e) => [e.address, e.where])).toEqual([
      ['sales@acme.de', ['meta']],
      ['anna@acme.de', ['attribute']],
      ['bob@acme.de', ['attribute']],
    ]);
  });

  it('decodes Cloudflare data-cfemail and /cdn-cgi/l/email-protection#hex links (XOR with the first byte)', () => {
    const hex = '422b2c242d0223212f276c212d2f';
    const html = page(`<a href="/cdn-cgi/l/email-protection#${hex}"><span class="__cf_email__" data-cfemail="${hex}">[email&#160;protected]</span></a>`);
    expect(extractContacts(html, { url: 'https://acme.com/' }).emails).toEqual([{ address: 'info@acme.com', type: 'SERVICE', where: ['cfemail'], context: 'info@acme.com' }]);
  });

  it('drops the capitalised word a Cloudflare address swallowed when the source lacked a space ("…com.It")', () => {
    const key = 0x17;
    const hex = key.toString(16) + Buffer.from(Buffer.from('support@acme.com.It').map((b) => b ^ key)).toString('hex');
    expect(emailsOf(page(`<span data-cfemail="${hex}">x</span>`))).toEqual(['support@acme.com']);
  });

  it('reads obfuscated addresses: [at] / (at) / {at} with [dot] or dots, and "at … dot" only after a contact word', () => {
    const html = page('<p>a [at] acme [dot] de</p><p>b(at)acme.de</p><p>c {at} acme {dot} de</p><p>E-Mail: d at acme dot de</p><p>We met at home dot com</p>');
    expect(extractContacts(html, { url: URL_ }).emails.map((e) => [e.address, e.where])).toEqual([
      ['a@acme.de', ['obfuscated-text']],
      ['b@acme.de', ['obfuscated-text']],
      ['c@acme.de', ['obfuscated-text']],
      ['d@acme.de', ['obfuscated-text']],
    ]);
  });

  it('reads JSON-LD email, nested in @graph and arrays, and tolerates broken JSON', () => {
    const ld = (json: string): string => `<script type="application/ld+json">${json}</script>`;
    const html = page(
      ld('{"@context":"https://schema.org","@graph":[{"@type":"Organization","contactPoint":[{"@type":"ContactPoint","email":"mailto:service@acme.de"}]}]}') +
        ld('{"@type":"LocalBusiness","email":"shop@acme.de",}') +
        ld('{"@type":"Person","email":"ceo@acme.de" "broken": }'),
    );
    expect(extractContacts(html, { url: URL_ }).emails.map((e) => [e.address, e.where])).toEqual([
      ['service@acme.de', ['json-ld']],
      ['shop@acme.de', ['json-ld']],
      ['ceo@acme.de', ['json-ld']],
    ]);
  });

  it('reads hCard emails (class="vcard" … class="email")', () => {
    const html = page('<div class="vcard"><span class="fn">Anna Berg</span><a class="email" href="mailto:anna.berg@acme.de">Mail</a></div>');
    expect(extractContacts(html, { url: URL_ }).emails.map((e) => [e.address, e.where])).toEqual([['anna.berg@acme.de', ['mailto', 'microformat']]]);
  });

  it('reads schema.org microdata email (itemprop="email")', () => {
    const html = page('<div itemscope><a itemprop="email" href="mailto:shop@acme.de">Mail</a><meta itemprop="email" content="desk@acme.de"></div>');
    expect(extractContacts(html, { url: URL_ }).emails.map((e) => [e.address, e.where])).toEqual([
      ['shop@acme.de', ['mailto', 'microdata']],
      ['desk@acme.de', ['microdata', 'meta']],
    ]);
  });

  it('ignores addresses in scripts, styles and HTML comments', () => {
    const html = page('<!-- <a href="mailto:old@acme.de">old@acme.de</a> --><script>var e = "js@acme.de";</script><style>/* css@acme.de */</style><p>none here</p>');
    expect(emailsOf(html)).toEqual([]);
  });

  it('drops decoys: retina image names, placeholders, form placeholders, tracking and invalid TLDs', () => {
    const html = page(
      '<img src="logo@2x.png"><p>logo@2x.png icon@3x.jpg Zeichenfläche-1@2x-32x32.png</p>' +
        '<p>you@example.com name@domain.com email@email.com user@acme.de john.doe@acme.de test@test.com</p>' +
        '<input type="email" placeholder="ihre@acme.de" value="max.mustermann@acme.de">' +
        '<p>605a2b0b3f1c4b2e8a8b5c7d9e0f1a2b@o123.ingest.sentry.io 8f2e@sentry-next.wixpress.com</p>' +
        '<p>foo@bar.notatld x@1.2.3.4 flickr.com/photos/129237139@N06/albums DE21@1005.0000</p>' +
        '<p>real@acme.de</p>',
    );
    expect(emailsOf(html)).toEqual(['real@acme.de']);
  });

  it('dedupes one address seen in several places and lists every place once, in order', () => {
    const html = page('<a href="mailto:info@acme.de">info@acme.de</a><p>info@acme.de</p>', '<meta name="description" content="info@acme.de">');
    expect(extractContacts(html, { url: URL_ }).emails).toEqual([{ address: 'info@acme.de', type: 'SERVICE', where: ['mailto', 'text', 'meta'], context: 'info@acme.de' }]);
  });

  it('gives a context snippet of at most 160 characters around a text address', () => {
    const filler = 'word '.repeat(100);
    const [email] = extractContacts(page(`<p>${filler}Kontakt: hello@acme.de ${filler}</p>`), { url: URL_ }).emails;
    expect(email!.context.length).toBeLessThanOrEqual(160);
    expect(email!.context).toContain('Kontakt: hello@acme.de');
  });

  it('sets hasGmail when a Gmail or googlemail address is on the page', () => {
    expect(extractContacts(page('<p>a.b@googlemail.com</p>'), { url: URL_ }).hasGmail).toBe(true);
    expect(extractContacts(page('<p>a.b@gmx.de</p>'), { url: URL_ }).hasGmail).toBe(false);
  });
});
