import { createSitemapLinkScanner, type LinkScanner } from './html-sitemap-links.js';
import { probePage, type ProbeContext, type ProbeResult } from './probe-page.js';

export interface HomePageResult extends ProbeResult {
  /** Sitemap links of the page (see createSitemapLinkScanner); empty unless it answered 2xx and was not a block page. */
  links: string[];
}

/** Fetches the home page (its first maxBytes) and scans it for sitemap links as it streams. */
export async function readHomePage(origin: string, context: ProbeContext, maxBytes: number): Promise<HomePageResult> {
  const decoder = new TextDecoder('utf-8');
  // Relative links resolve against the page's final URL (after redirects), so the scanner starts with the body.
  const state: { scanner: LinkScanner | null } = { scanner: null };
  const probe = await probePage('home', new URL('/', origin).href, context, maxBytes, (chunk, finalUrl) => {
    state.scanner ??= createSitemapLinkScanner(finalUrl);
    state.scanner.write(decoder.decode(chunk, { stream: true }));
  });
  const links = state.scanner === null ? [] : state.scanner.end();
  const { status, blocked } = probe.report;
  if (status === null || status < 200 || status > 299 || blocked !== null) return { ...probe, links: [] };
  return { ...probe, links };
}
