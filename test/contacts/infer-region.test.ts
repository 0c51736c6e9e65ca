import { describe, expect, it } from 'vitest';
import { extractContacts, inferRegion, parseRegion } from '../../src/contacts/index.js';

const none = { languages: [], countries: [], internationalRegions: [] } as const;

describe('inferRegion', () => {
  it('prefers the setting, then the URL ccTLD, then the page language, then an address country, then international numbers', () => {
    expect(inferRegion({ ...none, url: 'https://acme.at/', setting: 'CH', languages: ['de-DE'] })).toEqual({ region: 'CH', source: 'setting' });
    expect(inferRegion({ ...none, url: 'https://acme.co.uk/', languages: ['de-DE'] })).toEqual({ region: 'GB', source: 'url-cctld' });
    expect(inferRegion({ ...none, url: 'https://acme.com/', languages: ['de-AT'] })).toEqual({ region: 'AT', source: 'html-lang' });
    expect(inferRegion({ ...none, url: 'https://acme.com/', languages: ['fr'] })).toEqual({ region: 'FR', source: 'html-lang' });
    expect(inferRegion({ ...none, url: 'https://acme.com/', languages: ['en'], countries: ['Deutschland'] })).toEqual({ region: 'DE', source: 'address' });
    expect(inferRegion({ ...none, url: 'https://acme.com/', countries: ['ch'] })).toEqual({ region: 'CH', source: 'address' });
    expect(inferRegion({ ...none, url: 'file:///tmp/x.html', internationalRegions: ['US', 'AU', 'US'] })).toEqual({ region: 'US', source: 'international-numbers' });
    expect(inferRegion({ ...none, url: 'file:///tmp/x.html' })).toEqual({ region: null, source: null });
  });

  it('does not take generic-looking ccTLDs (.io, .co, .me) or English for a country', () => {
    expect(inferRegion({ ...none, url: 'https://acme.io/', languages: ['en'] })).toEqual({ region: null, source: null });
  });

  it('breaks a tie between international calling codes by which region the national numbers read in', () => {
    const hint = { ...none, url: 'file:///x', internationalRegions: ['AU', 'US'] as const, countNationalNumbers: (r: string) => (r === 'US' ? 5 : 1) };
    expect(inferRegion(hint)).toEqual({ region: 'US', source: 'international-numbers' });
  });

  it('reads a region from JSON-LD addressCountry and <html lang> in extractContacts', () => {
    const ld = '<script type="application/ld+json">{"@type":"LocalBusiness","address":{"@type":"PostalAddress","addressCountry":"AT"}}</script>';
    expect(extractContacts(`<html><body>${ld}</body></html>`, { url: 'https://acme.com/' })).toMatchObject({ region: 'AT', regionSource: 'address' });
    expect(extractContacts('<html lang="nl-BE"><body></body></html>', { url: 'https://acme.com/' })).toMatchObject({ region: 'BE', regionSource: 'html-lang' });
  });

  it('parses region codes in any case and rejects unknown ones', () => {
    expect([parseRegion('de'), parseRegion(' US '), parseRegion('XX'), parseRegion('DEU')]).toEqual(['DE', 'US', null, null]);
  });
});
