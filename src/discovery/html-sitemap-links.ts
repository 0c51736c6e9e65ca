import { Parser } from 'htmlparser2';
import { sitemapUrlKey } from './site-identity.js';

export interface LinkScanner {
  write(text: string): void;
  /** Ends the document and returns the links found, absolute and de-duplicated, in document order. */
  end(): string[];
}

/**
 * Finds sitemap links in an HTML page fed in pieces: `<link rel="sitemap" href>` and `<a href>` whose path contains
 * "sitemap" (any case), resolved against the page URL or its `<base href>`. Memory is the links found, never the page.
 * @example
 *   const scanner = createSitemapLinkScanner('https://x.com/')
 *   scanner.write('<link rel="sitemap" href="/map.xml"><a href="/about">About</a>')
 *   scanner.end() //=> ['https://x.com/map.xml']
 */
export function createSitemapLinkScanner(pageUrl: string): LinkScanner {
  let base = pageUrl;
  let baseSeen = false;
  const links: string[] = [];
  const seen = new Set<string>();
  const add = (href: string, pathMustSay: boolean): void => {
    let url: URL;
    try {
      url = new URL(href.trim(), base);
    } catch {
      return;
    }
    if (pathMustSay && !url.pathname.toLowerCase().includes('sitemap')) return;
    const key = sitemapUrlKey(url.href);
    if (key === null || seen.has(key)) return;
    seen.add(key);
    links.push(url.href);
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const href = attributes['href'];
        if (href === undefined || href.trim() === '') return;
        if (name === 'base' && !baseSeen) {
          baseSeen = true;
          try {
            base = new URL(href.trim(), pageUrl).href;
          } catch {
            // An unusable <base> is ignored, as browsers do.
          }
        } else if (name === 'link' && (attributes['rel'] ?? '').toLowerCase().split(/\s+/).includes('sitemap')) {
          add(href, false);
        } else if (name === 'a') {
          add(href, true);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  return {
    write: (text) => parser.write(text),
    end() {
      parser.end();
      return links;
    },
  };
}
