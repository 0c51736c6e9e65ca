import type { SitemapRefEntry, SitemapSummary, UrlEntry } from '../../src/sitemap/index.js';
import type { SitemapFileReport, WalkEvent } from '../../src/discovery/types.js';

/** Builders for the walk events the analyzer consumes, typed as discovery's own, so drift fails to compile. */

export const NOW = new Date('2024-06-01T12:00:00.000Z');

export function url(loc: string, extra: Partial<UrlEntry> = {}): UrlEntry {
  return { type: 'url', loc, lastmod: null, changefreq: null, priority: null, images: [], videos: [], news: null, alternates: [], invalid: [], ...extra };
}

export function ref(loc: string, extra: Partial<SitemapRefEntry> = {}): SitemapRefEntry {
  return { type: 'sitemap', loc, lastmod: null, invalid: [], ...extra };
}

export function summary(extra: Partial<SitemapSummary> = {}): SitemapSummary {
  return {
    kind: 'urlset',
    gzipLayers: 0,
    encoding: 'utf-8',
    bytesRead: 0,
    bytesDecompressed: 0,
    entries: { url: 0, sitemap: 0 },
    fields: { lastmod: 0, changefreq: 0, priority: 0, images: 0, videos: 0, news: 0, alternates: 0 },
    warnings: {},
    comments: [],
    stylesheets: [],
    peakBufferedBytes: 0,
    error: null,
    complete: true,
    ...extra,
  };
}

export function file(u: string, extra: Partial<SitemapFileReport> = {}): SitemapFileReport {
  return {
    url: u,
    finalUrl: u,
    method: 'robots',
    foundOn: 'https://example.com/robots.txt',
    depth: 0,
    status: 200,
    redirects: [],
    contentType: 'application/xml',
    bytesCompressed: 1000,
    bytesUncompressed: 1000,
    gzip: false,
    responseTimeMs: 50,
    kind: 'urlset',
    summary: summary(),
    error: null,
    skippedChildren: [],
    crossHost: false,
    ...extra,
  };
}

export const entries = (sitemap: string, list: Array<UrlEntry | SitemapRefEntry>): WalkEvent => ({ type: 'entries', sitemap, entries: list });
export const reported = (report: SitemapFileReport): WalkEvent => ({ type: 'sitemap', report });
export const done = (outcome: Extract<WalkEvent, { type: 'done' }>['outcome'] = 'ok', reason: string | null = null): WalkEvent => ({ type: 'done', outcome, reason });

/** A sitemap with its entries, reported after them as the walk does. */
export function sitemapWith(u: string, list: Array<UrlEntry | SitemapRefEntry>, extra: Partial<SitemapFileReport> = {}): WalkEvent[] {
  return [entries(u, list), reported(file(u, extra))];
}
