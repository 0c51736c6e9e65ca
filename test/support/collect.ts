import { gzipSync } from 'node:zlib';
import { parseSitemap, type ParseSitemapOptions, type SitemapEntry, type SitemapInput, type SitemapSummary, type SitemapWarning, type UrlEntry } from '../../src/sitemap/index.js';

export interface Collected {
  entries: SitemapEntry[];
  error: (Error & { code?: string; offset?: number | null; limit?: string }) | null;
  summary: SitemapSummary;
  warnings: SitemapWarning[];
}

/** Parses to the end, keeping the entries, the error that ended the parse (if any) and every warning. */
export async function collect(input: SitemapInput, options: ParseSitemapOptions = {}): Promise<Collected> {
  const warnings: SitemapWarning[] = [];
  const parse = parseSitemap(input, { ...options, onWarning: (w) => warnings.push(w) });
  const entries: SitemapEntry[] = [];
  let error: Collected['error'] = null;
  try {
    for await (const entry of parse) entries.push(entry);
  } catch (e: unknown) {
    if (!(e instanceof Error)) throw e;
    error = e;
  }
  return { entries, error, summary: parse.summary, warnings };
}

/** Only the url entries, typed. */
export function urls(c: Collected): UrlEntry[] {
  return c.entries.filter((e): e is UrlEntry => e.type === 'url');
}

/** A url entry with every optional part empty, for whole-object comparisons. */
export function url(loc: string, extra: Partial<UrlEntry> = {}): UrlEntry {
  return { type: 'url', loc, lastmod: null, changefreq: null, priority: null, images: [], videos: [], news: null, alternates: [], invalid: [], ...extra };
}

/** Feeds `bytes` in chunks of `size` bytes. */
export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

export const gzip = (text: string | Uint8Array): Buffer => gzipSync(typeof text === 'string' ? Buffer.from(text) : text);

export const urlset = (body: string, attrs = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"${attrs}>\n${body}\n</urlset>\n`;
