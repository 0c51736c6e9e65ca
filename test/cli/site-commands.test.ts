import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured as run, zooFlags } from '../support/run-cli.js';
import { startZoo, type Zoo } from '../fixtures/zoo-server.js';



let zoo: Zoo;
beforeAll(async () => {
  zoo = await startZoo();
});
afterAll(() => zoo.close());

const at = zooFlags;

describe('sitescout analyze', () => {
  it('prints the JSON report of a site: outcome, sitemaps with their discovery method, distinct URLs', async () => {
    const r = await run(['analyze', `http://basic.test:${zoo.port}/`, '--json', '--well-known', 'never', ...at('basic.test')]);
    expect(r.code).toBe(0);
    const [report] = JSON.parse(r.stdout) as Array<{ outcome: string; sitemaps: Array<{ url: string; kind: string; method: string }>; urls: { listed: number; distinct: number } }>;
    expect(report!.outcome).toBe('ok');
    expect(report!.sitemaps.map((s) => [new URL(s.url).pathname, s.kind, s.method]).sort()).toEqual([
      ['/news.xml.gz', 'urlset', 'robots'],
      ['/pages.xml', 'urlset', 'index-child'],
      ['/posts.xml.gz', 'urlset', 'index-child'],
      ['/sitemap_index.xml', 'sitemapindex', 'robots'],
    ]);
    expect(report!.urls).toMatchObject({ listed: 6, distinct: 6 });
  });

  it('falls back to http when a scheme-less domain cannot be reached over https', async () => {
    const r = await run(['analyze', `basic.test:${zoo.port}`, '--json', '--well-known', 'never', ...at('basic.test')]);
    expect(r.code).toBe(0);
    const [report] = JSON.parse(r.stdout) as Array<{ outcome: string; sitemaps: Array<{ url: string }> }>;
    expect(report!.outcome).toBe('ok');
    expect(report!.sitemaps.every((s) => s.url.startsWith('http://'))).toBe(true);
  });

  it("counts the listed URLs robots.txt disallows for sitescout's user agent", async () => {
    const r = await run(['analyze', `http://basic.test:${zoo.port}/`, '--json', '--well-known', 'never', ...at('basic.test')]);
    expect((JSON.parse(r.stdout) as Array<{ robotsDisallowed: unknown }>)[0]!.robotsDisallowed).toEqual({ checked: 6, disallowed: 1 });
  });

  it('prints a report for a person, without colour when stdout is not a terminal', async () => {
    const r = await run(['analyze', `http://basic.test:${zoo.port}/`, '--well-known', 'never', ...at('basic.test')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Outcome: ok');
    expect(r.stdout).toContain('SITEMAP TREE');
    expect(r.stdout.includes('\u001b[')).toBe(false);
  });

  it('tells a blocked site from one without sitemaps, and exits 1 when nothing could be read', async () => {
    const blocked = await run(['analyze', `http://blocked.test:${zoo.port}/`, '--json', '--well-known', 'never', ...at('blocked.test')]);
    expect(blocked.code).toBe(1);
    expect((JSON.parse(blocked.stdout) as Array<{ outcome: string }>)[0]!.outcome).toBe('blocked');
    expect(blocked.stderr).toMatch(/blocked\.test.*: blocked/);
    const empty = await run(['analyze', `http://empty.test:${zoo.port}/`, '--json', '--well-known', 'fallback', ...at('empty.test')]);
    expect(empty.code).toBe(0);
    expect((JSON.parse(empty.stdout) as Array<{ outcome: string }>)[0]!.outcome).toBe('no-sitemap');
  });

  it('refuses loopback unless --allow-private is given, sending nothing', async () => {
    const before = zoo.requests.length;
    const r = await run(['analyze', `http://basic.test:${zoo.port}/`, '--json', '--resolve', 'basic.test:127.0.0.1', '--retry-base-delay-ms', '1', '--max-retries', '0']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Array<{ outcome: string }>)[0]!.outcome).toBe('unreachable');
    expect(zoo.requests.length).toBe(before);
  });

  it('reports a bad domain argument and goes on with the rest', async () => {
    const r = await run(['analyze', 'not a domain', `http://basic.test:${zoo.port}/`, '--json', '--well-known', 'never', ...at('basic.test')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('sitescout analyze: "not a domain":');
    expect(JSON.parse(r.stdout)).toHaveLength(1);
  });

  it('exits 2 on a bad limit value or a bad --resolve', async () => {
    expect((await run(['analyze', 'example.com', '--max-index-depth', 'deep'])).code).toBe(2);
    expect((await run(['analyze', 'example.com', '--resolve', 'example.com:not-an-ip'])).code).toBe(2);
  });
});

describe('sitescout urls', () => {
  it('streams every page URL of the site once, as NDJSON with its sitemap', async () => {
    const r = await run(['urls', `http://basic.test:${zoo.port}/`, '--well-known', 'never', ...at('basic.test')]);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { domain: string; loc: string; sitemap: string; type: string });
    expect(rows.map((row) => new URL(row.loc).pathname).sort()).toEqual(['/', '/about', '/blog/one', '/blog/two', '/contact', '/news/today']);
    expect(new Set(rows.map((row) => row.domain))).toEqual(new Set([`basic.test:${zoo.port}`]));
    expect(r.stderr).toContain('6 distinct URLs, 0 duplicates dropped');
  });

  it('drops URLs listed twice across sitemaps and writes CSV', async () => {
    const r = await run(['urls', `http://dupes.test:${zoo.port}/`, '--format', 'csv', '--well-known', 'never', ...at('dupes.test')]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('domain,loc,lastmod,changefreq,priority,images,videos,news,alternates,sitemap');
    const locs = lines.slice(1).map((l) => l.split(',')[1]);
    expect(new Set(locs).size).toBe(locs.length);
  });
});
