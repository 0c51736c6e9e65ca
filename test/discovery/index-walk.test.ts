import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainBudget, type HttpClient } from '../../src/fetch/index.js';
import { MAX_LISTED_SKIPS, normalizeDomainInput, walkSitemaps, type WalkEvent } from '../../src/discovery/index.js';
import { startZoo, type Zoo } from '../fixtures/zoo-server.js';
import { describeEvents, never, walkAll, zooClient } from './walk-helpers.js';

let zoo: Zoo;
let http: HttpClient;

beforeAll(async () => {
  zoo = await startZoo();
  http = zooClient(zoo, { limits: { maxRetries: 0 } });
});

afterAll(async () => {
  await http.close();
  await zoo.close();
});

type Done = Extract<WalkEvent, { type: 'done' }>;
const done = (events: WalkEvent[]): Done => events.at(-1) as Done;
const reports = (events: WalkEvent[]) => events.flatMap((e) => (e.type === 'sitemap' ? [e.report] : []));
const urlCount = (events: WalkEvent[]): number => events.reduce((n, e) => (e.type === 'entries' ? n + e.entries.filter((x) => x.type === 'url').length : n), 0);

describe('the walk through sitemap indexes', () => {
  it('reads each sitemap of an index cycle once and reports the loop back as a cycle', async () => {
    const events = await walkAll(zoo.url('cycle.test'), http, { wellKnown: 'never', limits: { sitemapConcurrency: 1 } });
    expect(describeEvents(events, zoo)).toEqual([
      'robots 200 [cycle.test/a.xml]',
      'candidate robots cycle.test/a.xml depth 0 from cycle.test/robots.txt',
      'entries cycle.test/a.xml sitemap:cycle.test/b.xml sitemap:cycle.test/a.xml sitemap:cycle.test/leaf.xml',
      'candidate index-child cycle.test/b.xml depth 1 from cycle.test/a.xml',
      'candidate index-child cycle.test/leaf.xml depth 1 from cycle.test/a.xml',
      'sitemap cycle.test/a.xml 200 sitemapindex skipped cycle:cycle.test/a.xml',
      'entries cycle.test/b.xml sitemap:cycle.test/a.xml sitemap:cycle.test/leaf.xml sitemap:cycle.test/c.xml',
      'candidate index-child cycle.test/c.xml depth 2 from cycle.test/b.xml',
      'sitemap cycle.test/b.xml 200 sitemapindex skipped cycle:cycle.test/a.xml duplicate:cycle.test/leaf.xml',
      'entries cycle.test/leaf.xml cycle.test/leaf',
      'sitemap cycle.test/leaf.xml 200 urlset',
      'entries cycle.test/c.xml cycle.test/c',
      'sitemap cycle.test/c.xml 200 urlset',
      'done ok',
    ]);
  });

  it('stops at maxIndexDepth and reports the deeper child as skipped for depth', async () => {
    const events = await walkAll(zoo.url('deep.test'), http, { wellKnown: 'never', limits: { maxIndexDepth: 2 } });
    expect({ lines: describeEvents(events, zoo), skipped: done(events).stats?.skipped }).toEqual({
      lines: [
        'robots 200 [deep.test/level-0.xml]',
        'candidate robots deep.test/level-0.xml depth 0 from deep.test/robots.txt',
        'entries deep.test/level-0.xml sitemap:deep.test/level-1.xml',
        'candidate index-child deep.test/level-1.xml depth 1 from deep.test/level-0.xml',
        'sitemap deep.test/level-0.xml 200 sitemapindex',
        'entries deep.test/level-1.xml sitemap:deep.test/level-2.xml',
        'candidate index-child deep.test/level-2.xml depth 2 from deep.test/level-1.xml',
        'sitemap deep.test/level-1.xml 200 sitemapindex',
        'entries deep.test/level-2.xml sitemap:deep.test/level-3.xml',
        'sitemap deep.test/level-2.xml 200 sitemapindex skipped depth:deep.test/level-3.xml',
        'done ok',
      ],
      skipped: { depth: 1, cap: 0, 'cross-host': 0, duplicate: 0, cycle: 0 },
    });
  });

  it('follows five levels below a top-level sitemap by default', async () => {
    const events = await walkAll(zoo.url('deep.test'), http, { wellKnown: 'never' });
    expect(reports(events).map((r) => [r.depth, r.skippedChildren])).toEqual([
      [0, []],
      [1, []],
      [2, []],
      [3, []],
      [4, []],
      [5, [{ url: zoo.url('deep.test', '/level-6.xml'), reason: 'depth' }]],
    ]);
  });

  it('de-duplicates children by normalised URL (host case, fragment) and by where a redirect lands', async () => {
    const events = await walkAll(zoo.url('dupes.test'), http, { wellKnown: 'never', limits: { sitemapConcurrency: 1 } });
    expect(describeEvents(events, zoo)).toEqual([
      'robots 200 [dupes.test/index.xml]',
      'candidate robots dupes.test/index.xml depth 0 from dupes.test/robots.txt',
      'entries dupes.test/index.xml sitemap:dupes.test/a.xml sitemap:HTTP://DUPES.TEST/a.xml sitemap:dupes.test/a.xml#top sitemap:dupes.test/old.xml sitemap:dupes.test/b.xml',
      'candidate index-child dupes.test/a.xml depth 1 from dupes.test/index.xml',
      'candidate index-child dupes.test/old.xml depth 1 from dupes.test/index.xml',
      'candidate index-child dupes.test/b.xml depth 1 from dupes.test/index.xml',
      'sitemap dupes.test/index.xml 200 sitemapindex skipped duplicate:HTTP://DUPES.TEST/a.xml duplicate:dupes.test/a.xml#top',
      'entries dupes.test/a.xml dupes.test/a',
      'sitemap dupes.test/a.xml 200 urlset',
      'sitemap dupes.test/old.xml 200 not-a-sitemap SS_ERR_DISCOVERY_DUPLICATE redirects 301→dupes.test/a.xml',
      'entries dupes.test/b.xml dupes.test/b',
      'sitemap dupes.test/b.xml 200 urlset',
      'done ok',
    ]);
  });

  it('reports children on another site as skipped by default, but follows what robots.txt lists there', async () => {
    const events = await walkAll(zoo.url('crosshost.test'), http, { wellKnown: 'never', limits: { sitemapConcurrency: 1 } });
    expect(describeEvents(events, zoo)).toEqual([
      'robots 200 [crosshost.test/index.xml partner.test/robots-listed.xml]',
      'candidate robots crosshost.test/index.xml depth 0 from crosshost.test/robots.txt',
      'candidate robots partner.test/robots-listed.xml depth 0 from crosshost.test/robots.txt',
      'entries crosshost.test/index.xml sitemap:crosshost.test/local.xml sitemap:www.crosshost.test/www.xml sitemap:partner.test/partner.xml',
      'candidate index-child crosshost.test/local.xml depth 1 from crosshost.test/index.xml',
      'candidate index-child www.crosshost.test/www.xml depth 1 from crosshost.test/index.xml',
      'sitemap crosshost.test/index.xml 200 sitemapindex skipped cross-host:partner.test/partner.xml',
      'entries crosshost.test/local.xml crosshost.test/local',
      'sitemap crosshost.test/local.xml 200 urlset',
      'entries www.crosshost.test/www.xml www.crosshost.test/www',
      'sitemap www.crosshost.test/www.xml 200 urlset',
      'entries partner.test/robots-listed.xml partner.test/robots-listed',
      'sitemap partner.test/robots-listed.xml 200 urlset cross-host',
      'done ok',
    ]);
  });

  it('follows cross-host children when followCrossHost is set, and marks them', async () => {
    const events = await walkAll(zoo.url('crosshost.test'), http, { wellKnown: 'never', followCrossHost: true, limits: { sitemapConcurrency: 1 } });
    expect(reports(events).map((r) => [r.url.replace(`:${zoo.port}`, ''), r.crossHost, r.skippedChildren.length])).toEqual([
      ['http://crosshost.test/index.xml', false, 0],
      ['http://crosshost.test/local.xml', false, 0],
      ['http://www.crosshost.test/www.xml', false, 0],
      ['http://partner.test/partner.xml', true, 0],
      ['http://partner.test/robots-listed.xml', true, 0],
    ]);
  });

  it('stops admitting sitemaps at maxSitemapsPerDomain, counting every skipped child but listing only the first ones', async () => {
    const events = await walkAll(zoo.url('huge-400x1.test'), http, { wellKnown: 'never', limits: { maxSitemapsPerDomain: 50 } });
    const index = reports(events)[0]!;
    expect({
      reports: reports(events).length,
      urls: urlCount(events),
      listed: index.skippedChildren.length,
      firstListed: index.skippedChildren[0],
      byReason: index.skippedChildrenByReason,
      stats: done(events).stats,
      outcome: done(events).outcome,
    }).toEqual({
      reports: 50,
      urls: 49,
      listed: MAX_LISTED_SKIPS,
      firstListed: { url: zoo.url('huge-400x1.test', '/sitemap-50.xml'), reason: 'cap' },
      byReason: { depth: 0, cap: 351, 'cross-host': 0, duplicate: 0, cycle: 0 },
      stats: {
        filesFetched: 50,
        sitemapsRead: 50,
        urlEntries: 49,
        skipped: { depth: 0, cap: 351, 'cross-host': 0, duplicate: 0, cycle: 0 },
        notRead: 0,
        peakPendingSitemaps: expect.any(Number),
      },
      outcome: 'ok',
    });
  });

  it('stops reading at maxUrlsPerDomain, keeping exactly that many entries and saying where it stopped', async () => {
    const events = await walkAll(zoo.url('huge-3x1000.test'), http, { wellKnown: 'never', limits: { maxUrlsPerDomain: 1500, sitemapConcurrency: 1 } });
    expect({
      urls: urlCount(events),
      files: reports(events).map((r) => [r.url.replace(zoo.url('huge-3x1000.test', ''), ''), r.error?.code ?? null]),
      done: [done(events).outcome, done(events).reason, done(events).stats?.notRead],
    }).toEqual({
      urls: 1500,
      files: [
        ['/sitemap_index.xml', null],
        ['/sitemap-1.xml', null],
        ['/sitemap-2.xml', 'SS_ERR_DISCOVERY_MAX_URLS'],
      ],
      done: ['ok', 'stopped at maxUrlsPerDomain (1500 URL entries); 1 queued sitemaps not read', 1],
    });
  });

  it('keeps the pending queue bounded while an index of 5,000 children streams in (backpressure, counted)', async () => {
    const capacity = 8;
    const walkers = 2;
    let admitted = 0;
    let reported = 0;
    let mostAhead = 0;
    const walk = walkSitemaps(normalizeDomainInput(zoo.url('huge-5000x1.test')), { http }, {
      signal: never(),
      wellKnown: 'never',
      limits: { maxPendingSitemaps: capacity, sitemapConcurrency: walkers, maxSitemapsPerDomain: 100 },
    });
    let last: WalkEvent | undefined;
    for await (const event of walk) {
      if (event.type === 'candidate' && event.candidate.method === 'index-child') admitted += 1;
      if (event.type === 'sitemap' && event.report.depth === 1) reported += 1;
      mostAhead = Math.max(mostAhead, admitted - reported);
      last = event;
    }
    const stats = (last as Done).stats!;
    expect({ admitted, reported, cap: stats.skipped.cap, urls: stats.urlEntries }).toEqual({ admitted: 99, reported: 99, cap: 4901, urls: 99 });
    // Admitted but unfinished children: the queue's capacity, plus the ones the walkers are reading, plus the one
    // handed over while its walker's report is still on its way.
    expect(stats.peakPendingSitemaps).toBeLessThanOrEqual(capacity);
    expect(mostAhead).toBeLessThanOrEqual(capacity + walkers + 1);
  });

  it('bounds the pending queue by maxSitemapsPerDomain when a single walker cannot pause the index', async () => {
    const events = await walkAll(zoo.url('huge-5000x1.test'), http, {
      wellKnown: 'never',
      limits: { maxPendingSitemaps: 4, sitemapConcurrency: 1, maxSitemapsPerDomain: 60 },
    });
    expect([done(events).stats?.peakPendingSitemaps, done(events).stats?.skipped.cap, reports(events).length]).toEqual([59, 4941, 60]);
  });

  it('cancels the requests in flight when the consumer stops iterating early', async () => {
    const walk = walkSitemaps(normalizeDomainInput(zoo.url('huge-4x20000.test')), { http }, { signal: never(), wellKnown: 'never' });
    let batches = 0;
    for await (const event of walk) {
      if (event.type === 'entries' && event.entries[0]?.type === 'url') batches += 1;
      if (batches === 2) break;
    }
    const probe = await walkAll(zoo.url('basic.test'), http, { wellKnown: 'never' });
    expect([batches, done(probe).outcome]).toEqual([2, 'ok']);
  });

  it('throws SS_ERR_FETCH_ABORTED when the signal is already aborted, before any request', async () => {
    const before = zoo.requests.length;
    const controller = new AbortController();
    controller.abort();
    const walk = walkSitemaps(normalizeDomainInput(zoo.url('basic.test')), { http }, { signal: controller.signal });
    await expect(walk.next()).rejects.toMatchObject({ code: 'SS_ERR_FETCH_ABORTED' });
    expect(zoo.requests.length).toBe(before);
  });

  it('throws SS_ERR_FETCH_ABORTED when the signal fires mid-walk, and stops reading', async () => {
    const controller = new AbortController();
    const walk = walkSitemaps(normalizeDomainInput(zoo.url('huge-4x20000.test')), { http }, { signal: controller.signal, wellKnown: 'never' });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of walk) {
        seen.push(event.type);
        if (event.type === 'entries' && event.entries[0]?.type === 'url') controller.abort();
      }
    })().catch((e: unknown) => e);
    expect([error, seen.filter((t) => t === 'done')]).toEqual([expect.objectContaining({ code: 'SS_ERR_FETCH_ABORTED' }), []]);
  });

  it('keeps what was read when the domain budget runs out mid-file, and says so', async () => {
    const slow = zooClient(zoo, { limits: { maxRetries: 0, bodyTimeoutMs: 30_000 } });
    const events = await walkAll(zoo.url('stalledbody.test'), slow, { wellKnown: 'never', budget: createDomainBudget(600, Date.now) });
    await slow.close();
    expect(describeEvents(events, zoo)).toEqual([
      'robots 200 [stalledbody.test/sitemap.xml]',
      'candidate robots stalledbody.test/sitemap.xml depth 0 from stalledbody.test/robots.txt',
      'entries stalledbody.test/sitemap.xml stalledbody.test/page/1 stalledbody.test/page/2',
      'sitemap stalledbody.test/sitemap.xml 200 urlset SS_ERR_FETCH_BUDGET',
      'done ok: the domain budget ran out; 0 queued sitemaps not read',
    ]);
  });
});
