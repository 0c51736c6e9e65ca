import { Parser } from 'htmlparser2';
import { siteKey } from '../discovery/index.js';
import type { DomainBudget, HttpClient } from '../fetch/index.js';
import { SitescoutError } from '../errors.js';
import { decodeHtml } from './decode-html.js';

/** A page fetched for contacts, decoded. */
export interface FetchedContactPage {
  status: number;
  finalUrl: string;
  charset: string;
  html: string;
}

export interface FetchContactPageOptions {
  signal: AbortSignal;
  budget?: DomainBudget;
  /** Bytes of HTML read at most (maxPageBytes); past it the page fails with SS_ERR_LIMIT_PAGE_BYTES, unread. */
  maxPageBytes: number;
}

/**
 * The site a URL belongs to, as discovery decides it (siteKey): its registrable domain with private suffixes counted
 * (`a.github.io` and `b.github.io` are different sites), or its host when it has none (an IP address, localhost).
 */
function siteOf(url: string): string {
  return siteKey(new URL(url).hostname);
}

/**
 * Fetches one page for contact extraction through the project's HTTP client (timeouts, retries, per-host politeness,
 * the private-network guard), reading at most `maxPageBytes`, and decodes it (charset from the header, a BOM or a
 * meta tag). Typed errors with stable codes: SS_ERR_CONTACT_HTTP_STATUS, SS_ERR_CONTACT_OFF_SITE (redirected to
 * another site), SS_ERR_LIMIT_PAGE_BYTES, SS_ERR_CONTACT_NOT_HTML, and the client's SS_ERR_FETCH_* codes.
 * @example
 *   const page = await fetchContactPage(http, 'https://example.com/contact', { signal, maxPageBytes: 5 << 20 });
 *   extractContacts(page.html, { url: page.finalUrl });
 */
export async function fetchContactPage(http: HttpClient, url: string, options: FetchContactPageOptions): Promise<FetchedContactPage> {
  const response = await http.get(url, { signal: options.signal, ...(options.budget === undefined ? {} : { budget: options.budget }) });
  try {
    if (siteOf(response.url) !== siteOf(url)) {
      throw new SitescoutError('SS_ERR_CONTACT_OFF_SITE', `${url} redirected to ${response.url}, another site`);
    }
    if (response.status < 200 || response.status > 299) {
      throw new SitescoutError('SS_ERR_CONTACT_HTTP_STATUS', `HTTP ${response.status} for ${response.url}`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      chunks.push(chunk);
      // One byte past the cap is enough to know the page is too large: decodeHtml reports it.
      if (size > options.maxPageBytes) break;
    }
    const bytes = Buffer.concat(chunks, size);
    const contentType = response.headers['content-type'];
    const decoded = decodeHtml(bytes, { maxPageBytes: options.maxPageBytes, url: response.url, ...(contentType === undefined ? {} : { contentType }) });
    return { status: response.status, finalUrl: response.url, charset: decoded.charset, html: decoded.html };
  } finally {
    await response.cancel();
  }
}

/** The same-site links of a page (absolute, without fragments), at most `max`: where a home page says its contact page is. */
export function sameSiteLinks(html: string, pageUrl: string, max = 500): string[] {
  const site = siteOf(pageUrl);
  const links = new Set<string>();
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name !== 'a' || links.size >= max) return;
        const href = attributes['href'];
        if (href === undefined) return;
        try {
          const url = new URL(href, pageUrl);
          if ((url.protocol === 'http:' || url.protocol === 'https:') && siteOf(url.href) === site) {
            url.hash = '';
            links.add(url.href);
          }
        } catch {
          // not a URL
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return [...links];
}
