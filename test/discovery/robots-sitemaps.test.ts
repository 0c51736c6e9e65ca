import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sitemapsFromRobots } from '../../src/discovery/index.js';
import { sharedDir } from '../support/shared-dir.js';

interface RobotsFact {
  file: string;
  sitemap_urls: string[];
}

const facts: RobotsFact[] =
  sharedDir === null ? [] : (JSON.parse(readFileSync(join(sharedDir, 'corpus', 'expected.json'), 'utf8')) as RobotsFact[]).filter((f) => f.file.startsWith('robots/'));

const ROBOTS_URL = 'https://www.example.org/robots.txt';

/** The corpus lists the values as written; sitescout resolves them and drops repeats, keeping the first. */
function resolvedOnce(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const href = new URL(value, ROBOTS_URL).href;
    if (!out.includes(href)) out.push(href);
  }
  return out;
}

describe('sitemapsFromRobots', () => {
  it('reads Sitemap lines in any case, with or without a space, resolving relative ones and dropping duplicates', () => {
    const text = [
      'User-agent: *',
      'Disallow: /sitemap.xml',
      'Sitemap: /sitemap_index.xml',
      'SITEMAP: https://www.example.org/sitemap_index.xml',
      'sitemap:news.xml',
      'Sitemap: https://WWW.EXAMPLE.ORG/sitemap_index.xml#x',
      'Sitemap: https://cdn.example.net/maps/a.xml.gz',
      'Sitemap: ftp://example.org/old.xml',
      'Sitemap:',
    ].join('\r');
    expect(sitemapsFromRobots(text, ROBOTS_URL)).toEqual({
      sitemaps: ['https://www.example.org/sitemap_index.xml', 'https://www.example.org/news.xml', 'https://cdn.example.net/maps/a.xml.gz'],
      invalid: ['ftp://example.org/old.xml'],
    });
  });

  it('finds nothing in an empty file or an HTML page served as robots.txt', () => {
    expect([sitemapsFromRobots('', ROBOTS_URL), sitemapsFromRobots('<html><body>Sitemap: not here</body></html>', ROBOTS_URL)]).toEqual([
      { sitemaps: [], invalid: [] },
      { sitemaps: [], invalid: [] },
    ]);
  });

  describe.skipIf(sharedDir === null)('on the real-world robots.txt corpus', () => {
    it('has robots.txt facts to check', () => {
      expect(facts.length).toBeGreaterThanOrEqual(10);
    });

    it.each(facts.map((f) => [f.file, f] as const))('finds the sitemaps the corpus lists in %s', (_name, fact) => {
      const text = readFileSync(join(sharedDir!, 'corpus', fact.file), 'utf8');
      expect(sitemapsFromRobots(text, ROBOTS_URL)).toEqual({ sitemaps: resolvedOnce(fact.sitemap_urls), invalid: [] });
    });
  });
});
