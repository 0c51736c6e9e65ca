import { describe, expect, it } from 'vitest';
import { decodeCloudflareEmail, readMailto } from '../../src/contacts/index.js';

describe('readMailto', () => {
  it('drops the query, decodes escapes, splits on commas and semicolons and strips angle brackets', () => {
    expect(readMailto('mailto:Info@Acme.de?subject=Hi&cc=x@acme.de')).toEqual(['info@acme.de']);
    expect(readMailto('MAILTO:a%40acme.de;%20b@acme.de')).toEqual(['a@acme.de', 'b@acme.de']);
    expect(readMailto('mailto:<c@acme.de>')).toEqual(['c@acme.de']);
    expect(readMailto('mailto:sav@acme.com%20')).toEqual(['sav@acme.com']);
  });

  it('keeps a stray % as written and returns nothing for a mailto without an address', () => {
    expect(readMailto('mailto:100%@acme.de')).toEqual(['100%@acme.de']);
    expect(readMailto('mailto:?subject=Hallo')).toEqual([]);
  });
});

describe('decodeCloudflareEmail', () => {
  it('XORs every byte with the first', () => {
    expect(decodeCloudflareEmail('422b2c242d0223212f276c212d2f')).toBe('info@acme.com');
  });

  it('returns null for a payload that is not hex, has an odd length or is too short', () => {
    expect([decodeCloudflareEmail('zz12'), decodeCloudflareEmail('422b2'), decodeCloudflareEmail('42')]).toEqual([null, null, null]);
  });
});
