import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../src/fetch/index.js';
import type { WalkEvent } from '../../src/discovery/index.js';
import { startZoo, type Zoo } from '../fixtures/zoo-server.js';
import { describeEvents, walkAll, zooClient } from './walk-helpers.js';

let zoo: Zoo;
let http: HttpClient;

beforeAll(async () => {
  zoo = await startZoo();
  // Short timeouts so the stalled sites fail fast; no retries unless a test is about them.
  http = zooClient(zoo, { limits: { headersTimeoutMs: 300, bodyTimeoutMs: 300, maxRetries: 0 } });
});

afterAll(async () => {
  await http.close();
  await zoo.close();
});

/** One walker, so the events come in one order; well-known probes only where a test is about them. */
async function walk(site: string, options: Parameters<typeof walkAll>[2] = {}): Promise<string[]> {
  const events = await walkAll(zoo.url(site), http, { wellKnown: 'never', limits: { sitemapConcurrency: 1 }, ...options });
  return describeEvents(events, zoo);
}

const done = (events: WalkEvent[]): Extract<WalkEvent, { type: 'done' }> => events.at(-1) as Extract<WalkEvent, { type: 'done' }>;

const WELL_KNOWN = [
  '/sitemap.xml',
  '/sitemap_index.xml',
  '/sitemap-index.xml',
  '/sitemap.php',
  '/sitemap.txt',
  '/sitemap.xml.gz',
  '/sitemap/sitemap.xml',
  '/sitemap/index.xml',
  '/sitemapindex.xml',
  '/wp-sitemap.xml',
  '/wp-sitemap-index.xml',
  '/post-sitemap.xml',
  '/page-sitemap.xml',
  '/product-sitemap.xml',
  '/category-sitemap.xml',
  '/sitemaps.xml',
];

describe('walkSitemaps over the zoo', () => {
  it('reads a healthy site: robots.txt lines in any case and form, octet-stream XML and gzip served as text/html', async () => {
    const probed = WELL_KNOWN.filter((p) => p !== '/sitemap_index.xml');
    expect(await walk('basic.test', { wellKnown: 'always' })).toEqual([
      'robots 200 [basic.test/sitemap_index.xml basic.test/news.xml.gz]',
      'candidate robots basic.test/sitemap_index.xml depth 0 from basic.test/robots.txt',
      'candidate robots basic.test/news.xml.gz depth 0 from basic.test/robots.txt',
      'entries basic.test/sitemap_index.xml sitemap:basic.test/pages.xml sitemap:basic.test/posts.xml.gz',
      'candidate index-child basic.test/pages.xml depth 1 from basic.test/sitemap_index.xml',
      'candidate index-child basic.test/posts.xml.gz depth 1 from basic.test/sitemap_index.xml',
      'sitemap basic.test/sitemap_index.xml 200 sitemapindex',
      'entries basic.test/pages.xml basic.test/ basic.test/about basic.test/contact',
      'sitemap basic.test/pages.xml 200 urlset',
      'entries basic.test/posts.xml.gz basic.test/blog/one basic.test/blog/two',
      'sitemap basic.test/posts.xml.gz 200 urlset gzip',
      'entries basic.test/news.xml.gz basic.test/news/today',
      'sitemap basic.test/news.xml.gz 200 urlset gzip',
      ...probed.map((p) => `candidate well-known basic.test${p} depth 0`),
      ...probed.map((p) => `sitemap basic.test${p} 404 not-a-sitemap SS_ERR_DISCOVERY_HTTP_STATUS`),
      'done ok',
    ]);
  });

  it('fills every field of a file report and the verdict', async () => {
    const events = await walkAll(zoo.url('basic.test'), http, { wellKnown: 'never', limits: { sitemapConcurrency: 1 } });
    const posts = events.find((e) => e.type === 'sitemap' && e.report.url.endsWith('/posts.xml.gz'));
    const report = posts?.type === 'sitemap' ? posts.report : null;
    expect(report).toEqual({
      url: zoo.url('basic.test', '/posts.xml.gz'),
      finalUrl: zoo.url('basic.test', '/posts.xml.gz'),
      method: 'index-child',
      foundOn: zoo.url('basic.test', '/sitemap_index.xml'),
      depth: 1,
      status: 200,
      redirects: [],
      contentType: 'text/html; charset=utf-8',
      bytesCompressed: expect.any(Number),
      bytesUncompressed: expect.any(Number),
      gzip: true,
      responseTimeMs: expect.any(Number),
      totalTimeMs: expect.any(Number),
      kind: 'urlset',
      isSitemap: true,
      summary: expect.objectContaining({ kind: 'urlset', gzipLayers: 1, entries: { url: 2, sitemap: 0 }, complete: true, error: null }),
      error: null,
      blocked: null,
      skippedChildren: [],
      skippedChildrenByReason: { depth: 0, cap: 0, 'cross-host': 0, duplicate: 0, cycle: 0 },
      invalidChildren: 0,
      crossHost: false,
    });
    expect(report!.bytesCompressed).toBeLessThan(report!.bytesUncompressed);
    expect(done(events)).toEqual({
      type: 'done',
      outcome: 'ok',
      reason: null,
      origin: zoo.url('basic.test', '').replace(/\/$/, ''),
      probes: [
        expect.objectContaining({ role: 'robots', status: 200, error: null, blocked: null, truncated: false }),
        expect.objectContaining({ role: 'home', status: 200, error: null, blocked: null, truncated: false }),
      ],
      stats: {
        filesFetched: 4,
        sitemapsRead: 4,
        urlEntries: 6,
        skipped: { depth: 0, cap: 0, 'cross-host': 0, duplicate: 0, cycle: 0 },
        notRead: 0,
        peakPendingSitemaps: 2,
      },
    });
  });

  it('follows an apex → www redirect, records it, and probes the well-known paths on www', async () => {
    const events = await walkAll(zoo.url('redirect.test'), http, { wellKnown: 'fallback', limits: { sitemapConcurrency: 1 } });
    const robots = events[0];
    expect({
      lines: describeEvents(events, zoo),
      robotsRedirects: robots?.type === 'robots' ? robots.redirects : null,
      origin: done(events).origin,
    }).toEqual({
      lines: [
        'robots 200 [www.redirect.test/sitemap.xml]',
        'candidate robots www.redirect.test/sitemap.xml depth 0 from www.redirect.test/robots.txt',
        'entries www.redirect.test/sitemap.xml www.redirect.test/ www.redirect.test/shop',
        'sitemap www.redirect.test/sitemap.xml 200 urlset',
        'done ok',
      ],
      robotsRedirects: [{ from: zoo.url('redirect.test', '/robots.txt'), to: zoo.url('www.redirect.test', '/robots.txt'), status: 301 }],
      origin: zoo.url('www.redirect.test', ''),
    });
  });

  it('follows an http → https-style redirect (308 to the secure twin)', async () => {
    expect(await walk('upgrade.test')).toEqual([
      'robots 200 [secure.upgrade.test/sitemap.xml]',
      'candidate robots secure.upgrade.test/sitemap.xml depth 0 from secure.upgrade.test/robots.txt',
      'entries secure.upgrade.test/sitemap.xml secure.upgrade.test/ secure.upgrade.test/shop',
      'sitemap secure.upgrade.test/sitemap.xml 200 urlset',
      'done ok',
    ]);
  });

  it('reports no-sitemap for a site that answers 404 everywhere', async () => {
    expect(await walk('empty.test', { wellKnown: 'fallback' })).toEqual([
      'robots 404 []',
      ...WELL_KNOWN.map((p) => `candidate well-known empty.test${p} depth 0`),
      ...WELL_KNOWN.map((p) => `sitemap empty.test${p} 404 not-a-sitemap SS_ERR_DISCOVERY_HTTP_STATUS`),
      'done no-sitemap: nothing sniffed as a sitemap: 16 candidates fetched, 16 answered with an error status',
    ]);
  });

  it('does not count soft-404 HTML pages at the well-known paths as sitemaps', async () => {
    expect(await walk('soft404.test', { wellKnown: 'always' })).toEqual([
      'robots 200 []',
      ...WELL_KNOWN.map((p) => `candidate well-known soft404.test${p} depth 0`),
      ...WELL_KNOWN.map((p) => `sitemap soft404.test${p} 200 not-a-sitemap SS_ERR_NOT_A_SITEMAP`),
      'done no-sitemap: nothing sniffed as a sitemap: 16 candidates fetched, 16 were not sitemaps',
    ]);
  });

  it('does not count an HTML page listed in robots.txt and served as text/xml as a sitemap', async () => {
    expect(await walk('htmlsitemap.test')).toEqual([
      'robots 200 [htmlsitemap.test/sitemap.xml]',
      'candidate robots htmlsitemap.test/sitemap.xml depth 0 from htmlsitemap.test/robots.txt',
      'sitemap htmlsitemap.test/sitemap.xml 200 not-a-sitemap SS_ERR_NOT_A_SITEMAP',
      'done no-sitemap: nothing sniffed as a sitemap: 1 candidates fetched, 1 were not sitemaps',
    ]);
  });

  it("finds sitemaps through the home page's links, and does not follow a link to another site", async () => {
    const events = await walkAll(zoo.url('links.test'), http, { wellKnown: 'never', limits: { sitemapConcurrency: 1 } });
    expect({ lines: describeEvents(events, zoo), skipped: done(events).stats?.skipped }).toEqual({
      lines: [
        'robots 404 []',
        'candidate html-link links.test/feeds/map.xml depth 0 from links.test/',
        'candidate html-link links.test/html-sitemap depth 0 from links.test/',
        'entries links.test/feeds/map.xml links.test/ links.test/about',
        'sitemap links.test/feeds/map.xml 200 urlset',
        'sitemap links.test/html-sitemap 200 not-a-sitemap SS_ERR_NOT_A_SITEMAP',
        'done ok',
      ],
      skipped: { depth: 0, cap: 0, 'cross-host': 1, duplicate: 0, cycle: 0 },
    });
  });

  it('reports a 403 Cloudflare challenge as blocked and probes no further', async () => {
    const before = zoo.requests.length;
    const lines = await walk('blocked.test', { wellKnown: 'always' });
    expect({ lines, requests: zoo.requests.slice(before).map((r) => r.url).sort() }).toEqual({
      lines: [
        'robots 403 [] blocked: HTTP 403 (forbidden): Cloudflare challenge (cf-mitigated: challenge)',
        'done blocked: HTTP 403 (forbidden): Cloudflare challenge (cf-mitigated: challenge) at blocked.test/robots.txt',
      ],
      requests: ['/', '/robots.txt'],
    });
  });

  it('reports a 200 captcha page as blocked, never as no-sitemap', async () => {
    expect(await walk('captcha.test', { wellKnown: 'always' })).toEqual([
      'robots 200 [] blocked: captcha page',
      'done blocked: captcha page at captcha.test/robots.txt',
    ]);
  });

  it('reports blocked when only the sitemap itself sits behind a WAF block page', async () => {
    expect(await walk('guarded.test', { wellKnown: 'fallback' })).toEqual([
      'robots 200 [guarded.test/sitemap.xml]',
      'candidate robots guarded.test/sitemap.xml depth 0 from guarded.test/robots.txt',
      'sitemap guarded.test/sitemap.xml 403 not-a-sitemap SS_ERR_DISCOVERY_BLOCKED',
      ...WELL_KNOWN.filter((p) => p !== '/sitemap.xml').map((p) => `candidate well-known guarded.test${p} depth 0`),
      ...WELL_KNOWN.filter((p) => p !== '/sitemap.xml').map((p) => `sitemap guarded.test${p} 404 not-a-sitemap SS_ERR_DISCOVERY_HTTP_STATUS`),
      'done blocked: HTTP 403 (forbidden): Cloudflare block page ("Attention Required!") at guarded.test/sitemap.xml',
    ]);
  });

  it('reports blocked for a site that keeps answering 429 with a Retry-After too long to wait', async () => {
    expect(await walk('throttled.test', { wellKnown: 'always' })).toEqual([
      'robots 429 [] blocked: HTTP 429 (rate limited, still after retries)',
      'done blocked: HTTP 429 (rate limited, still after retries) at throttled.test/robots.txt',
    ]);
  });

  it('waits out a 429 with Retry-After and reads the site', async () => {
    const patient = zooClient(zoo, { limits: { maxRetries: 2 } });
    const before = zoo.requests.length;
    const events = await walkAll(zoo.url('ratelimited.test'), patient, { wellKnown: 'never' });
    await patient.close();
    expect({ lines: describeEvents(events, zoo), requests: zoo.requests.slice(before).map((r) => r.url).sort() }).toEqual({
      lines: [
        'robots 200 [ratelimited.test/sitemap.xml]',
        'candidate robots ratelimited.test/sitemap.xml depth 0 from ratelimited.test/robots.txt',
        'entries ratelimited.test/sitemap.xml ratelimited.test/',
        'sitemap ratelimited.test/sitemap.xml 200 urlset',
        'done ok',
      ],
      requests: ['/', '/', '/robots.txt', '/robots.txt', '/sitemap.xml', '/sitemap.xml'],
    });
  });

  it('reads a slow sitemap entry by entry as it drips in', async () => {
    expect(await walk('slow.test')).toEqual([
      'robots 200 [slow.test/sitemap.xml]',
      'candidate robots slow.test/sitemap.xml depth 0 from slow.test/robots.txt',
      'entries slow.test/sitemap.xml slow.test/page/1',
      'entries slow.test/sitemap.xml slow.test/page/2',
      'entries slow.test/sitemap.xml slow.test/page/3',
      'entries slow.test/sitemap.xml slow.test/page/4',
      'sitemap slow.test/sitemap.xml 200 urlset',
      'done ok',
    ]);
  });

  it('reports timed-out for a site that never answers', async () => {
    expect(await walk('stalled.test', { wellKnown: 'always' })).toEqual([
      'robots SS_ERR_FETCH_TIMEOUT []',
      'done timed-out: headers timeout (headersTimeoutMs = 300) for stalled.test/robots.txt',
    ]);
  });

  it('keeps the entries that arrived before a sitemap stalled, and says why it ended', async () => {
    expect(await walk('stalledbody.test')).toEqual([
      'robots 200 [stalledbody.test/sitemap.xml]',
      'candidate robots stalledbody.test/sitemap.xml depth 0 from stalledbody.test/robots.txt',
      'entries stalledbody.test/sitemap.xml stalledbody.test/page/1 stalledbody.test/page/2',
      'sitemap stalledbody.test/sitemap.xml 200 urlset SS_ERR_FETCH_TIMEOUT',
      'done ok',
    ]);
  });

  it('reports unreachable for a name that does not resolve', async () => {
    expect(await walk('nowhere.invalid', { wellKnown: 'always' })).toEqual([
      'robots SS_ERR_FETCH_NETWORK []',
      'done unreachable: network error for nowhere.invalid/robots.txt: getaddrinfo ENOTFOUND nowhere.invalid',
    ]);
  });

  it('reads only maxRobotsBytes of robots.txt and maxHomePageBytes of the home page', async () => {
    const basic = await walkAll(zoo.url('basic.test'), http, { wellKnown: 'never', limits: { maxRobotsBytes: 40 } });
    const links = await walkAll(zoo.url('links.test'), http, { wellKnown: 'never', limits: { maxHomePageBytes: 60 } });
    const probes = (events: WalkEvent[]) => done(events).probes?.map((p) => [p.role, p.status, p.bytes, p.truncated]);
    expect({
      basic: [describeEvents(basic, zoo), probes(basic)],
      links: [describeEvents(links, zoo), probes(links)],
    }).toEqual({
      basic: [
        ['robots 200 []', 'done no-sitemap: nothing sniffed as a sitemap: 0 candidates fetched'],
        [
          ['robots', 200, 40, true],
          ['home', 200, 102, false],
        ],
      ],
      links: [
        ['robots 404 []', 'done no-sitemap: nothing sniffed as a sitemap: 0 candidates fetched'],
        [
          ['robots', 404, 0, false],
          ['home', 200, 60, true],
        ],
      ],
    });
  });

  it('reads a sitemap URL given as the input first, as a given candidate', async () => {
    const events = await walkAll(zoo.url('huge-2x2.test', '/sitemap_index.xml?m=1'), http, { wellKnown: 'never', limits: { sitemapConcurrency: 1 } });
    expect(describeEvents(events, zoo)).toEqual([
      'robots 200 [huge-2x2.test/sitemap_index.xml]',
      'candidate given huge-2x2.test/sitemap_index.xml?m=1 depth 0',
      'candidate robots huge-2x2.test/sitemap_index.xml depth 0 from huge-2x2.test/robots.txt',
      'entries huge-2x2.test/sitemap_index.xml?m=1 sitemap:huge-2x2.test/sitemap-1.xml?m=1 sitemap:huge-2x2.test/sitemap-2.xml?m=1',
      'candidate index-child huge-2x2.test/sitemap-1.xml?m=1 depth 1 from huge-2x2.test/sitemap_index.xml?m=1',
      'candidate index-child huge-2x2.test/sitemap-2.xml?m=1 depth 1 from huge-2x2.test/sitemap_index.xml?m=1',
      'sitemap huge-2x2.test/sitemap_index.xml?m=1 200 sitemapindex',
      'entries huge-2x2.test/sitemap-1.xml?m=1 huge-2x2.test/item/1/1',
      'sitemap huge-2x2.test/sitemap-1.xml?m=1 200 urlset',
      'entries huge-2x2.test/sitemap-2.xml?m=1 huge-2x2.test/item/2/1',
      'sitemap huge-2x2.test/sitemap-2.xml?m=1 200 urlset',
      'entries huge-2x2.test/sitemap_index.xml sitemap:huge-2x2.test/sitemap-1.xml sitemap:huge-2x2.test/sitemap-2.xml',
      'candidate index-child huge-2x2.test/sitemap-1.xml depth 1 from huge-2x2.test/sitemap_index.xml',
      'candidate index-child huge-2x2.test/sitemap-2.xml depth 1 from huge-2x2.test/sitemap_index.xml',
      'sitemap huge-2x2.test/sitemap_index.xml 200 sitemapindex',
      'entries huge-2x2.test/sitemap-1.xml huge-2x2.test/item/1/1 huge-2x2.test/item/1/2',
      'sitemap huge-2x2.test/sitemap-1.xml 200 urlset',
      'entries huge-2x2.test/sitemap-2.xml huge-2x2.test/item/2/1 huge-2x2.test/item/2/2',
      'sitemap huge-2x2.test/sitemap-2.xml 200 urlset',
      'done ok',
    ]);
  });
});
