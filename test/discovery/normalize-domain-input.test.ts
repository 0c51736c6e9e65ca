import { describe, expect, it } from 'vitest';
import { normalizeDomainInput } from '../../src/discovery/index.js';

describe('normalizeDomainInput', () => {
  it.each([
    ['example.com', { host: 'example.com', origin: 'https://example.com', registrableDomain: 'example.com', path: '/' }],
    ['  Example.COM  ', { host: 'example.com', origin: 'https://example.com', registrableDomain: 'example.com', path: '/' }],
    ['example.com.', { host: 'example.com', origin: 'https://example.com', registrableDomain: 'example.com', path: '/' }],
    ['http://shop.example.co.uk/', { host: 'shop.example.co.uk', origin: 'http://shop.example.co.uk', registrableDomain: 'example.co.uk', path: '/' }],
    ['HTTPS://www.Example.com/Sitemap.xml?page=2#top', { host: 'www.example.com', origin: 'https://www.example.com', registrableDomain: 'example.com', path: '/Sitemap.xml?page=2' }],
    ['example.com/blog', { host: 'example.com', origin: 'https://example.com', registrableDomain: 'example.com', path: '/blog' }],
    ['//example.com', { host: 'example.com', origin: 'https://example.com', registrableDomain: 'example.com', path: '/' }],
    ['example.com:8443', { host: 'example.com:8443', origin: 'https://example.com:8443', registrableDomain: 'example.com', path: '/' }],
    ['https://example.com:443', { host: 'example.com', origin: 'https://example.com', registrableDomain: 'example.com', path: '/' }],
    ['http://basic.test:8080', { host: 'basic.test:8080', origin: 'http://basic.test:8080', registrableDomain: 'basic.test', path: '/' }],
    ['münchen.de', { host: 'xn--mnchen-3ya.de', origin: 'https://xn--mnchen-3ya.de', registrableDomain: 'xn--mnchen-3ya.de', path: '/' }],
    ['BÜCHER.example.de/shop', { host: 'xn--bcher-kva.example.de', origin: 'https://xn--bcher-kva.example.de', registrableDomain: 'example.de', path: '/shop' }],
    ['xn--mnchen-3ya.de', { host: 'xn--mnchen-3ya.de', origin: 'https://xn--mnchen-3ya.de', registrableDomain: 'xn--mnchen-3ya.de', path: '/' }],
    ['alice.github.io', { host: 'alice.github.io', origin: 'https://alice.github.io', registrableDomain: 'alice.github.io', path: '/' }],
    ['github.io', { host: 'github.io', origin: 'https://github.io', registrableDomain: 'github.io', path: '/' }],
    ['localhost:3000', { host: 'localhost:3000', origin: 'https://localhost:3000', registrableDomain: null, path: '/' }],
    ['http://127.0.0.1:8080/x', { host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080', registrableDomain: null, path: '/x' }],
    ['[::1]:8080', { host: '[::1]:8080', origin: 'https://[::1]:8080', registrableDomain: null, path: '/' }],
    ['::1', { host: '[::1]', origin: 'https://[::1]', registrableDomain: null, path: '/' }],
  ])('normalises %j', (input, expected) => {
    expect(normalizeDomainInput(input)).toEqual({ input, ...expected, schemeGiven: /^[a-z]+:\/\//i.test(input.trim()) });
  });

  it.each([
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['exa mple.com', 'it contains whitespace'],
    ['ftp://example.com', 'the scheme "ftp" is not http or https'],
    ['https://user:secret@example.com', 'it carries credentials (user@host); give the domain alone'],
    ['example.com:99999', 'port "99999" is not a number from 1 to 65535'],
    ['example.com:0', 'port "0" is not a number from 1 to 65535'],
    ['example.com:http', 'port "http" is not a number from 1 to 65535'],
    ['https://', 'it has no host name'],
    [':8080', 'it has no host name'],
    ['intranet', 'the host "intranet" has no dot; give a full domain such as intranet.com'],
    ['co.uk', '"co.uk" is a public suffix, not a site; give a domain registered under it, such as example.co.uk'],
    ['COM', '"com" is a public suffix, not a site; give a domain registered under it, such as example.com'],
    ['exa$mple.com', 'the label "exa$mple" is not valid in a host name (letters, digits and inner hyphens only)'],
    ['-example.com', 'the label "-example" is not valid in a host name (letters, digits and inner hyphens only)'],
    ['example..com', 'an empty label (two dots in a row, or a leading dot) is not valid in a host name (letters, digits and inner hyphens only)'],
    ['exa<mple.com', 'the host "exa<mple.com" contains characters not allowed in a host name'],
    ['[::1', 'the IPv6 address has no closing "]"'],
  ])('rejects %j with SS_ERR_DISCOVERY_INPUT saying why', (input, why) => {
    expect(() => normalizeDomainInput(input)).toThrow(
      expect.objectContaining({ code: 'SS_ERR_DISCOVERY_INPUT', message: `${JSON.stringify(input)} is not a usable domain: ${why}` }),
    );
  });
});
