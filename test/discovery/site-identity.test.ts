import { describe, expect, it } from 'vitest';
import { isCrossHost, registrableDomain, sitemapUrlKey } from '../../src/discovery/index.js';

describe('sitemapUrlKey', () => {
  it('lower-cases scheme and host, drops the default port and the fragment, and keeps path and query as they are', () => {
    expect(
      [
        'HTTPS://WWW.Example.COM:443/Sitemap.xml#top',
        'http://example.com:80/a.xml?b=1',
        'http://example.com:8080/a.xml',
        'https://example.com/a.xml?',
        'ftp://example.com/a.xml',
        'not a url',
      ].map(sitemapUrlKey),
    ).toEqual(['https://www.example.com/Sitemap.xml', 'http://example.com/a.xml?b=1', 'http://example.com:8080/a.xml', 'https://example.com/a.xml?', null, null]);
  });
});

describe('registrableDomain and isCrossHost', () => {
  it('treat hosts under the same registrable domain as one site and anything else as another', () => {
    expect({
      domains: ['www.example.co.uk', 'a.github.io', '127.0.0.1', 'localhost', 'www.basic.test'].map(registrableDomain),
      cross: [
        isCrossHost('https://cdn.example.com/sitemap.xml', 'example.com'),
        isCrossHost('https://example.net/sitemap.xml', 'example.com'),
        isCrossHost('https://b.github.io/sitemap.xml', 'a.github.io'),
        isCrossHost('http://127.0.0.1:8080/sitemap.xml', '127.0.0.1'),
        isCrossHost('http://127.0.0.2/sitemap.xml', '127.0.0.1'),
        isCrossHost('nonsense', 'example.com'),
      ],
    }).toEqual({ domains: ['example.co.uk', 'a.github.io', null, null, 'basic.test'], cross: [false, true, true, false, true, true] });
  });
});
