import { parse } from 'tldts';

/**
 * The registrable domain of a host name: `shop.example.co.uk` → `example.co.uk`. Private suffixes from the Public
 * Suffix List count (`a.github.io` and `b.github.io` are different owners); a host that is itself such a suffix
 * (`github.io`) falls back to its ICANN registrable domain. Null for IP addresses, `localhost` and bare suffixes.
 * @example
 *   registrableDomain('www.basic.test') //=> 'basic.test'
 */
export function registrableDomain(hostname: string): string | null {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const privateAware = parse(bare, { allowPrivateDomains: true });
  if (privateAware.isIp === true) return null;
  return privateAware.domain ?? parse(bare).domain;
}

/** What "the same site" means for cross-host checks: the registrable domain, or the exact host name without one. */
export function siteKey(hostname: string): string {
  return registrableDomain(hostname) ?? hostname.toLowerCase();
}

/** True when `url` is on another site than `key` (see siteKey); an unparseable URL counts as another site. */
export function isCrossHost(url: string, key: string): boolean {
  try {
    return siteKey(new URL(url).hostname) !== key;
  } catch {
    return true;
  }
}

/**
 * The de-duplication key of a sitemap URL: scheme and host lower-cased and the default port dropped (the URL parser
 * does both), the fragment removed (it is never sent). Null when the text is not an http(s) URL.
 * @example
 *   sitemapUrlKey('HTTPS://Example.COM:443/Sitemap.xml#top') //=> 'https://example.com/Sitemap.xml'
 */
export function sitemapUrlKey(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  parsed.hash = '';
  return parsed.href;
}
