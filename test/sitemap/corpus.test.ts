import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, chunked } from '../support/collect.js';
import { referenceParse } from '../support/reference-parser.js';
import { sharedDir } from '../support/shared-dir.js';

interface SitemapFact {
  file: string;
  kind: string;
  gzip: boolean;
  well_formed: boolean | null;
  entries: number;
  entries_with: Record<string, number>;
  extension_elements: Record<string, number>;
  relative_locs: number | null;
  sample_locs: string[] | null;
}

const facts: SitemapFact[] = sharedDir === null
  ? []
  : (JSON.parse(readFileSync(join(sharedDir, 'corpus', 'expected.json'), 'utf8')) as SitemapFact[]).filter((f) => f.file.startsWith('sitemaps'));

/** The corpus names per-field counts by element; these are the ones that map onto sitescout's normalised fields. */
const FIELD_OF: Record<string, 'lastmod' | 'changefreq' | 'priority'> = { lastmod: 'lastmod', changefreq: 'changefreq', priority: 'priority', pubDate: 'lastmod', updated: 'lastmod' };

describe.skipIf(sharedDir === null)('the real-world corpus', () => {
  it('has sitemap facts to check', () => {
    expect(facts.length).toBeGreaterThanOrEqual(19);
  });

  it.each(facts.map((f) => [f.file, f] as const))('%s: kind, entry count, field counts, samples and relative locs match the facts', async (_name, fact) => {
    const bytes = readFileSync(join(sharedDir!, 'corpus', fact.file));
    const r = await collect(bytes);
    if (fact.kind.startsWith('other:')) {
      expect(r.error?.code).toBe('SS_ERR_NOT_A_SITEMAP');
      expect(r.entries).toEqual([]);
      return;
    }
    expect(r.error).toBeNull();
    expect(r.summary.kind).toBe(fact.kind);
    expect(r.summary.gzipLayers).toBe(fact.gzip ? 1 : 0);
    expect(r.entries.length).toBe(fact.entries);
    for (const [field, count] of Object.entries(fact.entries_with)) {
      const ours = FIELD_OF[field];
      if (ours !== undefined) expect({ field, count: r.summary.fields[ours] }).toEqual({ field, count });
    }
    const locs = new Set(r.entries.map((e) => e.loc));
    for (const sample of fact.sample_locs ?? []) expect(locs.has(sample), sample).toBe(true);
    expect(r.summary.warnings['relative-loc'] ?? 0).toBe(fact.relative_locs ?? 0);
    const hreflang = fact.extension_elements['link {http://www.w3.org/1999/xhtml}'];
    if (hreflang !== undefined) {
      expect(r.entries.reduce((n, e) => n + (e.type === 'url' ? e.alternates.length : 0), 0)).toBe(hreflang);
    }
  });

  it.each(facts.filter((f) => f.well_formed === true && !f.kind.startsWith('other:')).map((f) => [f.file] as const))(
    '%s: the entries equal the saxes reference, whole and in 7-byte chunks',
    async (file) => {
      const bytes = readFileSync(join(sharedDir!, 'corpus', file));
      const expected = referenceParse(bytes);
      expect((await collect(bytes)).entries).toEqual(expected);
      expect((await collect(chunked(bytes, 7))).entries).toEqual(expected);
    },
  );
});
