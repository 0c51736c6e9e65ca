import { describe, expect, it } from 'vitest';
import { createSitemapLinkScanner } from '../../src/discovery/index.js';

const PAGE = `<!DOCTYPE html>
<html><head>
  <LINK REL="Sitemap" type="application/xml" title="Sitemap" HREF="/sitemap.xml">
  <link rel="stylesheet" href="/sitemap.css">
  <link rel="alternate" href="/feed.xml">
</head><body>
  <a href="/SiteMap/index.html">Site map</a>
  <a href="https://cdn.example.net/maps/sitemap-products.xml.gz">Products</a>
  <a href="/sitemap.xml#top">again, with a fragment</a>
  <a href="/search?q=sitemap">only the query says sitemap</a>
  <a href="mailto:sitemap@example.com">mail</a>
  <a href="javascript:sitemap()">script</a>
  <a href="/about">About</a>
  <a>no href</a>
  <a href="  sitemap-pages.xml  ">relative, with spaces</a>
</body></html>`;

function scan(pageUrl: string, pieces: readonly string[]): string[] {
  const scanner = createSitemapLinkScanner(pageUrl);
  for (const piece of pieces) scanner.write(piece);
  return scanner.end();
}

describe('createSitemapLinkScanner', () => {
  const expected = [
    'https://www.example.com/sitemap.xml',
    'https://www.example.com/SiteMap/index.html',
    'https://cdn.example.net/maps/sitemap-products.xml.gz',
    'https://www.example.com/blog/sitemap-pages.xml',
  ];

  it('finds <link rel="sitemap"> and links whose path says sitemap, resolved and de-duplicated, in page order', () => {
    expect(scan('https://www.example.com/blog/', [PAGE])).toEqual(expected);
  });

  it('finds the same links when the page arrives one character at a time', () => {
    expect(scan('https://www.example.com/blog/', [...PAGE])).toEqual(expected);
  });

  it('resolves relative links against <base href>', () => {
    expect(scan('https://www.example.com/', ['<head><base href="https://static.example.com/maps/"></head><a href="sitemap.xml">x</a>'])).toEqual([
      'https://static.example.com/maps/sitemap.xml',
    ]);
  });

  it('returns nothing for a page without sitemap links', () => {
    expect(scan('https://www.example.com/', ['<html><body><a href="/about">About</a></body></html>'])).toEqual([]);
  });
});
