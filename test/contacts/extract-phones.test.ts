import { describe, expect, it } from 'vitest';
import { extractContacts } from '../../src/contacts/index.js';

const page = (body: string, lang = 'de'): string => `<!doctype html><html lang="${lang}"><body>${body}</body></html>`;
const phonesOf = (html: string, url = 'https://www.acme.de/impressum'): Array<[string, string, string[]]> =>
  extractContacts(html, { url }).phones.map((p) => [p.e164, p.kind, p.where]);

describe('extractContacts: phones', () => {
  it('reads tel: links, percent-escaped spaces included, as E.164', () => {
    expect(phonesOf(page('<a href="tel:+86%2017887928769">Call</a><a href="tel:+52 987 137 0546">x</a>'))).toEqual([
      ['+8617887928769', 'phone', ['tel']],
      ['+529871370546', 'phone', ['tel']],
    ]);
  });

  it('reads labelled national numbers in the page region, "(0)" trunk prefixes and &nbsp; separators included', () => {
    const html = page('<p>Telefon:&nbsp;0871&nbsp;23001</p><p>Mobil: +49&nbsp;(0)&nbsp;175&nbsp;118&nbsp;32&nbsp;51</p><p>(+49) 152/55 35 0780</p>');
    expect(phonesOf(html)).toEqual([
      ['+4987123001', 'phone', ['text']],
      ['+491751183251', 'phone', ['text']],
      ['+4915255350780', 'phone', ['text']],
    ]);
  });

  it('records numbers after a fax label with kind "fax"', () => {
    expect(phonesOf(page('<p>Tel. 089 551660, Fax 089 55166234</p><p>Telefax: 0871 841440</p>'))).toEqual([
      ['+4989551660', 'phone', ['text']],
      ['+498955166234', 'fax', ['text']],
      ['+49871841440', 'fax', ['text']],
    ]);
  });

  it('reads letterhead labels: T and M for phones, F for fax', () => {
    expect(phonesOf(page('<p>T +49 30 1234567 | F +49 30 1234568 | M: 0171 1234567</p>'))).toEqual([
      ['+49301234567', 'phone', ['text']],
      ['+49301234568', 'fax', ['text']],
      ['+491711234567', 'phone', ['text']],
    ]);
  });

  it('does not read dates, postcodes, IBANs, VAT ids, register numbers or messenger ids as phones', () => {
    const html = page(
      '<p>© 2005–2026, 1996-2022, 29.11.2026</p><p>97082 Würzburg, 84028 Landshut</p><p>IBAN: DE21 1005 0000 0190 6524 97</p>' +
        '<p>USt-IdNr DE814324878</p><p>Registernummer: VR 35736B, HRB 123456</p><p>QQ: 642190185</p><p>Licence MT-2560370</p>',
    );
    expect(phonesOf(html)).toEqual([]);
  });

  it('does not let a code glued to letters swallow the number after it ("Handy D2 0172/ 2876873")', () => {
    expect(phonesOf(page('<p>Tel. Handy D2&nbsp; 0172/\n2876873</p>'))).toEqual([['+491722876873', 'phone', ['text']]]);
  });

  it('reads only +international numbers when no region can be inferred', () => {
    const html = '<html><body><p>Tel: 030 1234567</p><p>Tel: +44 20 7946 0958</p></body></html>';
    expect(extractContacts(html, { url: 'https://acme.com/contact' })).toMatchObject({ region: 'GB', regionSource: 'international-numbers' });
    expect(phonesOf('<html><body><p>Tel: 030 1234567</p></body></html>', 'https://acme.com/contact')).toEqual([]);
  });

  it('reads JSON-LD telephone and faxNumber and hCard tel', () => {
    const html = page(
      '<script type="application/ld+json">{"@type":"Organization","telephone":"+49 30 1234567","faxNumber":"+49 30 1234568"}</script>' +
        '<div class="vcard"><span class="fn">Anna</span><span class="tel">030 7654321</span></div>',
    );
    expect(phonesOf(html)).toEqual([
      ['+49301234567', 'phone', ['json-ld']],
      ['+49301234568', 'fax', ['json-ld']],
      ['+49307654321', 'phone', ['microformat']],
    ]);
  });

  it('reads schema.org microdata telephone and faxNumber, from content or text', () => {
    const html = page('<div itemscope itemtype="https://schema.org/Organization"><span itemprop="telephone">030 1234567</span><meta itemprop="faxNumber" content="+49 30 1234568"></div>');
    expect(phonesOf(html)).toEqual([
      ['+49301234567', 'phone', ['microdata', 'text']],
      ['+49301234568', 'fax', ['microdata']],
    ]);
  });

  it('reads the number of a WhatsApp click-to-chat link as the same phone', () => {
    const html = page('<a href="https://api.whatsapp.com/send?phone=+52%20987%20137%200546">WhatsApp</a><a href="tel:+529871370546">x</a>', 'en');
    expect(phonesOf(html, 'https://acme.com/')).toEqual([['+529871370546', 'phone', ['link', 'tel']]]);
  });

  it('reads grouped North American numbers without a label once the region is known', () => {
    const html = page('<p>Call +1 844 494 6515.</p><p>Regulator: 200 E. Gaines Street, FL 32399-0376 850-487-9687</p><p>(907) 465-2521</p>', 'en');
    expect(phonesOf(html, 'https://acme.com/licenses')).toEqual([
      ['+18444946515', 'phone', ['text']],
      ['+18504879687', 'phone', ['text']],
      ['+19074652521', 'phone', ['text']],
    ]);
  });
});
