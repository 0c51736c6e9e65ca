import { probePage, type ProbeContext, type ProbeResult } from './probe-page.js';
import { sitemapsFromRobots } from './robots-sitemaps.js';

export interface RobotsResult extends ProbeResult {
  /** The Sitemap: URLs (absolute, de-duplicated); empty unless robots.txt answered 2xx and was not a block page. */
  sitemaps: string[];
  invalid: string[];
  /** The robots.txt text (its first maxBytes) when it answered 2xx and was not a block page; else null. */
  text: string | null;
}

/** Fetches `<origin>/robots.txt` (its first maxBytes; redirects followed and recorded) and reads its Sitemap: lines. */
export async function readRobots(origin: string, context: ProbeContext, maxBytes: number): Promise<RobotsResult> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  const probe = await probePage('robots', new URL('/robots.txt', origin).href, context, maxBytes, (chunk) => {
    text += decoder.decode(chunk, { stream: true });
  });
  text += decoder.decode();
  const { status, blocked, finalUrl } = probe.report;
  if (status === null || status < 200 || status > 299 || blocked !== null) return { ...probe, sitemaps: [], invalid: [], text: null };
  return { ...probe, ...sitemapsFromRobots(text, finalUrl), text };
}
