import { describe, expect, it } from 'vitest';
import { createDomainAnalyzer, type DomainReport } from '../../src/analysis/index.js';
import type { WalkEvent } from '../../src/discovery/types.js';
import { done, entries, file, NOW, ref, reported, sitemapWith, summary, url } from './walk-events.js';

function analyze(events: WalkEvent[], options: Partial<Parameters<typeof createDomainAnalyzer>[0]> = {}): DomainReport {
  const analyzer = createDomainAnalyzer({ domain: 'example.com', now: NOW, ...options });
  for (const e of events) analyzer.add(e);
  return analyzer.finish();
}

const DAY = 86_400_000;
const ago = (days: number): string => new Date(NOW.getTime() - days * DAY).toISOString();
const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

describe('createDomainAnalyzer', () => {
  it('reports a walk that found no sitemap, with every histogram present and zero', () => {
    const report = analyze([
      { type: 'robots', url: 'https://example.com/robots.txt', status: 404, sitemaps: [], error: null },
      reported(file('https://example.com/sitemap.xml', { method: 'well-known', foundOn: null, status: 404, kind: null, summary: null, error: { code: 'SS_ERR_DISCOVERY_HTTP_STATUS', message: '404' } })),
      done('no-sitemap', 'no candidate was a sitemap'),
    ]);
    const coverage = { count: 0, percent: 0 };
    expect(report).toEqual({
      domain: 'example.com',
      analyzedAt: '2024-06-01T12:00:00.000Z',
      outcome: 'no-sitemap',
      reason: 'no candidate was a sitemap',
      robots: [{ url: 'https://example.com/robots.txt', status: 404, sitemapsListed: 0, error: null, blocked: null }],
      homePage: null,
      walk: null,
      sitemaps: [],
      notSitemaps: [{ url: 'https://example.com/sitemap.xml', method: 'well-known', status: 404, error: { code: 'SS_ERR_DISCOVERY_HTTP_STATUS', message: '404' }, blocked: null }],
      tree: [],
      urls: { listed: 0, distinct: 0, distinctMethod: 'exact' },
      coverage: { lastmod: coverage, changefreq: coverage, priority: coverage, images: coverage, videos: coverage, news: coverage, alternates: coverage },
      freshness: zeros(['future', 'days7', 'days30', 'days90', 'year', 'older', 'invalid', 'missing']),
      changefreq: zeros(['always', 'hourly', 'daily', 'weekly', 'monthly', 'yearly', 'never', 'invalid', 'missing']),
      priority: zeros(['0.0', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '1.0', 'invalid', 'missing']),
      pageTypes: zeros(['product', 'category', 'tag', 'post', 'page', 'contact', 'about', 'team', 'legal', 'careers', 'pdf', 'image', 'video', 'other']),
      topSections: {
        algorithm: 'Space-Saving (Metwally et al. 2005), 64 counters: any section above 1/64 of the URLs is listed; a count overestimates by at most its maxOverestimate',
        capacity: 64,
        items: [],
      },
      violations: {
        oversizedFiles: [],
        crossHostLocs: 0,
        relativeLocs: 0,
        nonHttpLocs: 0,
        invalidLastmod: 0,
        invalidChangefreq: 0,
        invalidPriority: 0,
        invalidExtensionValues: 0,
        duplicates: {
          count: 0,
          method: 'exact',
          detail: 'exact: every loc held as a 64-bit hash (0.1 KiB of a 64 MiB budget)',
          exactDistinct: 0,
          estimatedDistinct: 0,
          relativeStandardError: 0,
        },
      },
      robotsDisallowed: null,
      lastmodTrust: { trusted: null, rule: 'no-lastmod', detail: 'no listed URL carries a lastmod' },
      generators: [],
    } satisfies DomainReport);
  });

  it('measures metadata coverage over listed URLs', () => {
    const u = 'https://example.com/sitemap.xml';
    const report = analyze(
      sitemapWith(u, [
        url('https://example.com/a', { lastmod: ago(1), changefreq: 'daily', priority: 0.5 }),
        url('https://example.com/b', { images: [{ loc: 'https://example.com/i.jpg', title: null, caption: null, geoLocation: null, license: null }] }),
        url('https://example.com/c', { videos: [{ thumbnailLoc: null, title: 'v', description: null, contentLoc: null, playerLoc: null, duration: 60, publicationDate: null }] }),
        url('https://example.com/d', { news: { publicationName: 'N', publicationLanguage: 'en', publicationDate: null, title: 't', keywords: null }, alternates: [{ hreflang: 'de', href: 'https://example.com/de/d' }] }),
      ]),
    );
    expect(report.coverage).toEqual({
      lastmod: { count: 1, percent: 25 },
      changefreq: { count: 1, percent: 25 },
      priority: { count: 1, percent: 25 },
      images: { count: 1, percent: 25 },
      videos: { count: 1, percent: 25 },
      news: { count: 1, percent: 25 },
      alternates: { count: 1, percent: 25 },
    });
  });

  it('buckets lastmods by age, future-dated, invalid and missing ones included', () => {
    const report = analyze(
      sitemapWith('https://example.com/s.xml', [
        url('https://example.com/1', { lastmod: ago(-2) }),
        url('https://example.com/2', { lastmod: ago(0) }),
        url('https://example.com/3', { lastmod: ago(7) }),
        url('https://example.com/4', { lastmod: ago(20) }),
        url('https://example.com/5', { lastmod: ago(60) }),
        url('https://example.com/6', { lastmod: ago(200) }),
        url('https://example.com/7', { lastmod: ago(400) }),
        url('https://example.com/8', { invalid: [{ field: 'lastmod', raw: 'yesterday' }] }),
        url('https://example.com/9'),
      ]),
    );
    expect(report.freshness).toEqual({ future: 1, days7: 2, days30: 1, days90: 1, year: 1, older: 1, invalid: 1, missing: 1 });
  });

  it('counts changefreq and priority values, invalid and missing ones apart', () => {
    const report = analyze(
      sitemapWith('https://example.com/s.xml', [
        url('https://example.com/1', { changefreq: 'daily', priority: 0.8 }),
        url('https://example.com/2', { changefreq: 'daily', priority: 0.84 }),
        url('https://example.com/3', { changefreq: 'never', priority: 0 }),
        url('https://example.com/4', { invalid: [{ field: 'changefreq', raw: 'sometimes' }, { field: 'priority', raw: 'high' }] }),
        url('https://example.com/5', { priority: 1 }),
      ]),
    );
    expect(report.changefreq).toEqual({ ...zeros(['always', 'hourly', 'weekly', 'monthly', 'yearly']), daily: 2, never: 1, invalid: 1, missing: 1 });
    expect(report.priority).toEqual({ ...zeros(['0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.9', 'missing']), '0.0': 1, '0.8': 2, '1.0': 1, invalid: 1 });
    expect(report.violations).toMatchObject({ invalidChangefreq: 1, invalidPriority: 1, invalidLastmod: 0 });
  });

  it('counts listed and distinct URLs across every sitemap of the domain', () => {
    const report = analyze([
      ...sitemapWith('https://example.com/a.xml', [url('https://example.com/1'), url('https://example.com/2'), url('https://example.com/1')]),
      ...sitemapWith('https://example.com/b.xml', [url('https://example.com/2'), url('https://example.com/3')]),
      done(),
    ]);
    expect([report.urls, report.violations.duplicates.count]).toEqual([{ listed: 5, distinct: 3, distinctMethod: 'exact' }, 2]);
  });

  it('breaks URLs down by page type and top path section', () => {
    const report = analyze(
      sitemapWith('https://example.com/s.xml', [
        url('https://example.com/'),
        url('https://example.com/blog/a'),
        url('https://example.com/blog/b'),
        url('https://example.com/Blog/c'),
        url('https://example.com/products/x'),
        url('https://example.com/kontakt'),
        url('https://example.com/files/x.pdf'),
      ]),
    );
    expect(report.pageTypes).toEqual({ ...zeros(['category', 'tag', 'about', 'team', 'legal', 'careers', 'image', 'video', 'other']), page: 1, post: 3, product: 1, contact: 1, pdf: 1 });
    expect(report.topSections.items).toEqual([
      { section: '/blog', count: 3, maxOverestimate: 0 },
      { section: '/', count: 1, maxOverestimate: 0 },
      { section: '/files', count: 1, maxOverestimate: 0 },
      { section: '/kontakt', count: 1, maxOverestimate: 0 },
      { section: '/products', count: 1, maxOverestimate: 0 },
    ]);
  });

  it('reports protocol violations: oversized files, cross-host and relative locs, invalid values', () => {
    const big = 'https://example.com/big.xml';
    const report = analyze([
      entries(big, [url('https://example.com/1'), url('https://www.example.com/2'), url('https://cdn.other.org/3'), url('https://sub.example.com/4')]),
      reported(file(big, { bytesUncompressed: 60 * 1024 * 1024, summary: summary({ entries: { url: 50_001, sitemap: 0 }, warnings: { 'relative-loc': 2, 'non-http-loc': 1, 'unresolvable-loc': 1 } }) })),
      ...sitemapWith('https://example.com/index.xml', [ref('https://example.com/big.xml', { invalid: [{ field: 'lastmod', raw: 'soon' }] })], { kind: 'sitemapindex' }),
      ...sitemapWith('https://example.com/v.xml', [url('https://example.com/v', { invalid: [{ field: 'video:duration', raw: 'long' }, { field: 'news:publication_date', raw: 'x' }] })]),
    ]);
    expect(report.violations).toEqual({
      oversizedFiles: [{ url: big, urls: 50_001, bytes: 60 * 1024 * 1024, limits: ['max-urls', 'max-bytes'] }],
      crossHostLocs: 2,
      relativeLocs: 2,
      nonHttpLocs: 2,
      invalidLastmod: 1,
      invalidChangefreq: 0,
      invalidPriority: 0,
      invalidExtensionValues: 2,
      duplicates: expect.objectContaining({ count: 0, method: 'exact' }) as unknown,
    });
    expect(report.sitemaps.map((s) => [s.url, s.crossHostLocs, s.overProtocolLimits])).toEqual([
      [big, 2, ['max-urls', 'max-bytes']],
      ['https://example.com/index.xml', 0, []],
      ['https://example.com/v.xml', 0, []],
    ]);
  });

  it('judges cross-host against the final URL after a redirect', () => {
    const report = analyze([
      entries('https://example.com/s.xml', [url('https://shop.example.net/a'), url('https://shop.example.net/b')]),
      reported(file('https://example.com/s.xml', { finalUrl: 'https://shop.example.net/s.xml', redirects: [{ from: 'https://example.com/s.xml', to: 'https://shop.example.net/s.xml', status: 301 }] })),
    ]);
    expect(report.violations.crossHostLocs).toBe(0);
  });

  it('counts listed URLs that robots.txt disallows, and says null when no rules were given', () => {
    const events = sitemapWith('https://example.com/s.xml', [url('https://example.com/a'), url('https://example.com/private/b'), url('https://example.com/private/c')]);
    expect(analyze(events, { isAllowedByRobots: (u) => !u.includes('/private/') }).robotsDisallowed).toEqual({ checked: 3, disallowed: 2 });
    expect(analyze(events).robotsDisallowed).toBeNull();
  });

  it('builds the sitemap tree from foundOn, keeping skipped children and their count', () => {
    const index = 'https://example.com/sitemap_index.xml';
    const child = (u: string, n: number): WalkEvent[] =>
      sitemapWith(u, Array.from({ length: n }, (_, i) => url(`${u}/p${i}`)), { method: 'index-child', foundOn: index, depth: 1 });
    const report = analyze([
      ...sitemapWith(index, [ref('https://example.com/a.xml'), ref('https://example.com/b.xml'), ref('https://other.org/c.xml')], {
        kind: 'sitemapindex',
        skippedChildren: [{ url: 'https://other.org/c.xml', reason: 'cross-host' }],
        skippedChildrenByReason: { depth: 0, cap: 3, 'cross-host': 1, duplicate: 0, cycle: 0 },
      }),
      ...child('https://example.com/a.xml', 2),
      ...child('https://example.com/b.xml', 1),
      ...sitemapWith('https://example.com/extra.xml', [url('https://example.com/e')], { method: 'well-known', foundOn: null }),
    ]);
    expect(report.tree).toEqual([
      {
        url: index,
        kind: 'sitemapindex',
        urls: 0,
        children: [
          { url: 'https://example.com/a.xml', kind: 'urlset', urls: 2, children: [], skipped: [], skippedCount: 0 },
          { url: 'https://example.com/b.xml', kind: 'urlset', urls: 1, children: [], skipped: [], skippedCount: 0 },
        ],
        skipped: [{ url: 'https://other.org/c.xml', reason: 'cross-host' }],
        skippedCount: 4,
      },
      { url: 'https://example.com/extra.xml', kind: 'urlset', urls: 1, children: [], skipped: [], skippedCount: 0 },
    ]);
  });

  it('cuts a foundOn loop instead of hanging', () => {
    const report = analyze([
      reported(file('https://example.com/a.xml', { kind: 'sitemapindex', foundOn: 'https://example.com/b.xml' })),
      reported(file('https://example.com/b.xml', { kind: 'sitemapindex', foundOn: 'https://example.com/a.xml' })),
    ]);
    expect(report.tree.map((n) => [n.url, n.children.map((c) => c.url)])).toEqual([['https://example.com/a.xml', ['https://example.com/b.xml']]]);
  });

  it("describes each sitemap file: the walk's facts, its entries, lastmod range and generator", () => {
    const u = 'https://example.com/post-sitemap.xml';
    const report = analyze(
      sitemapWith(u, [url('https://example.com/a', { lastmod: ago(3) }), url('https://example.com/b', { lastmod: ago(30) })], {
        gzip: true,
        bytesCompressed: 300,
        bytesUncompressed: 1200,
        responseTimeMs: 87,
        totalTimeMs: 120,
        summary: summary({ comments: ['XML Sitemap generated by Yoast SEO'], warnings: { 'invalid-lastmod': 1 } }),
      }),
    );
    expect(report.sitemaps).toEqual([
      {
        url: u,
        finalUrl: u,
        kind: 'urlset',
        method: 'robots',
        foundOn: 'https://example.com/robots.txt',
        depth: 0,
        status: 200,
        redirects: [],
        contentType: 'application/xml',
        bytesCompressed: 300,
        bytesUncompressed: 1200,
        gzip: true,
        responseTimeMs: 87,
        totalTimeMs: 120,
        generator: { name: 'Yoast SEO', evidence: `comment "XML Sitemap generated by Yoast SEO": Yoast's signature comment` },
        entries: { urls: 2, sitemaps: 0 },
        lastmod: { oldest: ago(30), newest: ago(3) },
        crossHostLocs: 0,
        overProtocolLimits: [],
        error: null,
        blocked: null,
        warnings: { 'invalid-lastmod': 1 },
        skippedChildren: [],
        skippedByReason: { depth: 0, cap: 0, 'cross-host': 0, duplicate: 0, cycle: 0 },
        invalidChildren: 0,
      },
    ]);
    expect(report.generators).toEqual([{ name: 'Yoast SEO', sitemaps: 1 }]);
  });

  it('lists a file whose entries arrived but whose report never did (the walk was cut off), as its candidate was found', () => {
    const report = analyze([
      { type: 'candidate', candidate: { url: 'https://example.com/s.xml', method: 'index-child', foundOn: 'https://example.com/index.xml', depth: 1 } },
      entries('https://example.com/s.xml', [url('https://example.com/a')]),
    ]);
    expect(report.sitemaps.map((s) => [s.url, s.kind, s.method, s.foundOn, s.depth, s.entries])).toEqual([
      ['https://example.com/s.xml', null, 'index-child', 'https://example.com/index.xml', 1, { urls: 1, sitemaps: 0 }],
    ]);
  });

  it('keeps the outcome the walk reported, blocked included, with its probes and stats', () => {
    const report = analyze([
      { type: 'robots', url: 'https://example.com/robots.txt', status: 403, sitemaps: [], error: null, blocked: '403 Forbidden' },
      {
        type: 'done',
        outcome: 'blocked',
        reason: 'robots.txt and the home page answered 403',
        origin: 'https://example.com',
        probes: [
          { role: 'home', url: 'https://example.com/', finalUrl: 'https://example.com/', status: 403, redirects: [], contentType: 'text/html', bytes: 100, truncated: false, responseTimeMs: 5, error: null, blocked: 'Cloudflare challenge' },
        ],
        stats: { filesFetched: 3, sitemapsRead: 0, urlEntries: 0, skipped: { depth: 0, cap: 0, 'cross-host': 0, duplicate: 0, cycle: 0 }, notRead: 0, peakPendingSitemaps: 0 },
      },
    ]);
    expect([report.outcome, report.reason, report.homePage, report.walk]).toEqual([
      'blocked',
      'robots.txt and the home page answered 403',
      { url: 'https://example.com/', status: 403, error: null, blocked: 'Cloudflare challenge' },
      { filesFetched: 3, sitemapsRead: 0, urlEntries: 0, skipped: { depth: 0, cap: 0, 'cross-host': 0, duplicate: 0, cycle: 0 }, notRead: 0 },
    ]);
  });

  it('without a done event, calls a refusing site blocked, never no-sitemap', () => {
    const report = analyze([{ type: 'robots', url: 'https://example.com/robots.txt', status: 403, sitemaps: [], error: null }]);
    expect([report.outcome, report.reason]).toEqual(['blocked', 'the walk ended without reporting its outcome; the site refused requests (401, 403, 429 or a challenge page)']);
  });

  it.each([
    ['a sitemap was read', sitemapWith('https://example.com/s.xml', [url('https://example.com/a')]), 'ok'],
    ['requests timed out', [reported(file('https://example.com/s.xml', { status: null, kind: null, method: 'well-known', error: { code: 'SS_ERR_FETCH_TIMEOUT', message: 't' } }))], 'timed-out'],
    ['the site answered 404', [reported(file('https://example.com/s.xml', { status: 404, kind: null, method: 'well-known' }))], 'no-sitemap'],
    ['nothing answered', [reported(file('https://example.com/s.xml', { status: null, kind: null, method: 'well-known', error: { code: 'SS_ERR_FETCH_NETWORK', message: 'refused' } }))], 'unreachable'],
  ] as const)('without a done event, infers the outcome when %s', (_name, events, outcome) => {
    expect(analyze([...events]).outcome).toBe(outcome);
  });

  it('judges lastmod trust over the whole domain', () => {
    const stamp = '2024-05-01T00:00:00.000Z';
    const report = analyze(sitemapWith('https://example.com/s.xml', Array.from({ length: 8 }, (_, i) => url(`https://example.com/${i}`, { lastmod: stamp }))));
    expect(report.lastmodTrust).toEqual({
      trusted: false,
      rule: 'identical-timestamps',
      detail: `all 8 dated URLs carry the same lastmod (${stamp}): the generator stamps its build or run time`,
    });
  });

  it('makes a report that survives JSON unchanged', () => {
    const report = analyze([...sitemapWith('https://example.com/s.xml', [url('https://example.com/a', { lastmod: ago(2), priority: 0.3 })]), done()]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('may be asked for a report more than once, each a snapshot of what was added', () => {
    const analyzer = createDomainAnalyzer({ domain: 'example.com', now: NOW });
    analyzer.add(entries('https://example.com/s.xml', [url('https://example.com/a')]));
    const first = analyzer.finish();
    analyzer.add(entries('https://example.com/s.xml', [url('https://example.com/b')]));
    expect([first.urls.listed, analyzer.finish().urls.listed]).toEqual([1, 2]);
  });

  it('streams 200,000 URLs in batches with a small duplicate budget, estimating past it', () => {
    const analyzer = createDomainAnalyzer({ domain: 'example.com', now: NOW, duplicateBudgetBytes: 64 * 1024 });
    for (let batch = 0; batch < 500; batch++) {
      analyzer.add(entries('https://example.com/big.xml', Array.from({ length: 400 }, (_, i) => url(`https://example.com/p/${(batch * 400 + i) % 150_000}`))));
    }
    const r = analyzer.finish();
    expect(r.urls.listed).toBe(200_000);
    expect(r.urls.distinctMethod).toBe('exact+hyperloglog');
    expect(Math.abs(r.urls.distinct - 150_000) / 150_000).toBeLessThan(0.025);
  });

  it('rejects an invalid now, duplicate budget or top-k capacity', () => {
    expect(() => createDomainAnalyzer({ domain: 'e.com', now: new Date('nope') })).toThrow(/`now` is an invalid Date/);
    expect(() => createDomainAnalyzer({ domain: 'e.com', now: NOW, duplicateBudgetBytes: -1 })).toThrow(/duplicateBudgetBytes/);
    expect(() => createDomainAnalyzer({ domain: 'e.com', now: NOW, topSectionsCapacity: 3 })).toThrow(/topSectionsCapacity/);
  });
});
