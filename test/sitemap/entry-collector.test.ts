import { describe, expect, it } from 'vitest';
import { EntryCollector, PROTOCOL_MAX_URLS } from '../../src/sitemap/entry-collector.js';
import { NONE, urlEntry } from '../../src/sitemap/entry-shapes.js';
import { parserInternals } from '../../src/sitemap/parse-sitemap.js';
import type { SitemapEntry, SitemapSummary, SitemapWarning } from '../../src/sitemap/index.js';
import { collect } from '../support/collect.js';

/*
 * The collector checks the protocol's 50,000-entry warning only at counts it computes ahead (`#watch`), and the
 * entries are made by constructors (entry-shapes.ts) rather than object literals: these tests pin what must not
 * change with that — the warning's entry, offset and count, the entry limit, and entries indistinguishable from
 * plain objects whichever path read them.
 */

function summary(): SitemapSummary {
  return {
    kind: null, gzipLayers: 0, encoding: null, bytesRead: 0, bytesDecompressed: 0, entries: { url: 0, sitemap: 0 },
    fields: { lastmod: 0, changefreq: 0, priority: 0, images: 0, videos: 0, news: 0, alternates: 0 }, warnings: {},
    comments: [], stylesheets: [], peakBufferedBytes: 0, error: null, complete: false,
  };
}

const url = (i: number): SitemapEntry => urlEntry(`https://a.example/${i}`, null, null, null, NONE, NONE, null, NONE, NONE);
const ref = (i: number): SitemapEntry => ({ type: 'sitemap', loc: `https://a.example/${i}.xml`, lastmod: null, invalid: NONE });

describe('EntryCollector', () => {
  for (const [kind, make] of [['url', url], ['sitemap', ref]] as const) {
    it(`warns once, at the ${PROTOCOL_MAX_URLS + 1}th ${kind} entry and with its offset, among 120,000`, () => {
      const warnings: Array<SitemapWarning & { counted: number }> = [];
      const s = summary();
      const sink = new EntryCollector(s, 1_000_000, (w) => warnings.push({ ...w, counted: s.entries[kind] }));
      for (let i = 1; i <= 120_000; i++) sink.push(make(i), i * 10);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ code: 'protocol-max-urls', offset: (PROTOCOL_MAX_URLS + 1) * 10, counted: PROTOCOL_MAX_URLS + 1 });
      expect(s.warnings).toEqual({ 'protocol-max-urls': 1 });
      expect(s.entries[kind]).toBe(120_000);
      expect(sink.drain()).toHaveLength(120_000);
      expect(sink.out).toHaveLength(0);
    });
  }

  it('stops at maxEntriesPerSitemap whatever the watch count, with the offending entry in the error', () => {
    for (const max of [1, 63, 64, 65, 50_001, 50_002]) {
      const sink = new EntryCollector(summary(), max);
      for (let i = 1; i <= max; i++) sink.push(url(i), i);
      expect(() => sink.push(url(max + 1), 7)).toThrow(expect.objectContaining({ code: 'SS_ERR_LIMIT_ENTRIES', offset: 7 }));
      expect(sink.out).toHaveLength(max);
    }
  });
});

describe('entries as made by both readers', () => {
  it('are plain objects with the same keys in the same order, fast path on or off', async () => {
    const doc =
      '<urlset xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">' +
      '<url><loc>https://a.example/1</loc><lastmod>2024-05-01</lastmod><changefreq>daily</changefreq><priority>0.5</priority>' +
      '<image:image><image:loc>https://a.example/1.png</image:loc></image:image></url>' +
      '<url><loc>https://a.example/2</loc><priority>1.0</priority></url>' +
      '<url><loc>https://a.example/3</loc><image:image><image:loc>https://a.example/3.png</image:loc><image:title>t</image:title></image:image></url>' +
      '</urlset>';
    const runs = [];
    for (const fastPath of [true, false]) {
      parserInternals.fastPath = fastPath;
      try {
        runs.push(await collect(doc));
      } finally {
        parserInternals.fastPath = true;
      }
    }
    const [fast, general] = runs;
    expect(fast!.entries).toStrictEqual(general!.entries);
    for (const entries of [fast!.entries, general!.entries]) {
      expect(entries).toHaveLength(3);
      for (const e of entries) {
        expect(Object.getPrototypeOf(e)).toBe(Object.prototype);
        expect(Object.keys(e)).toEqual(['type', 'loc', 'lastmod', 'changefreq', 'priority', 'images', 'videos', 'news', 'alternates', 'invalid']);
        if (e.type !== 'url') continue;
        for (const image of e.images) {
          expect(Object.getPrototypeOf(image)).toBe(Object.prototype);
          expect(Object.keys(image)).toEqual(['loc', 'title', 'caption', 'geoLocation', 'license']);
        }
      }
      expect(JSON.stringify(entries)).toBe(JSON.stringify(fast!.entries));
    }
    expect(fast!.entries.map((e) => (e.type === 'url' ? e.priority : undefined))).toEqual([0.5, 1, null]);
  });
});
