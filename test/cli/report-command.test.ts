import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainReport } from '../../src/analysis/index.js';
import { runCliCaptured as run, zooFlags } from '../support/run-cli.js';
import { startZoo, type Zoo } from '../fixtures/zoo-server.js';

let zoo: Zoo;
const dirs: string[] = [];
const tempDir = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'sitescout-report-'));
  dirs.push(dir);
  return dir;
};
beforeAll(async () => {
  zoo = await startZoo();
});
afterAll(async () => {
  await zoo.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const at = (...hosts: string[]): string[] => [...zooFlags(...hosts), '--well-known', 'never'];

/** The figures a report from stored data must share with a live analysis of the same site. */
function keyFigures(report: DomainReport): unknown {
  return {
    domain: report.domain,
    outcome: report.outcome,
    reason: report.reason,
    urls: report.urls,
    sitemaps: report.sitemaps
      .map((s) => ({ url: s.url, kind: s.kind, method: s.method, foundOn: s.foundOn, depth: s.depth, status: s.status, entries: s.entries, gzip: s.gzip, bytes: s.bytesUncompressed, error: s.error }))
      .sort((a, b) => a.url.localeCompare(b.url)),
    tree: report.tree.length,
    pageTypes: report.pageTypes,
    coverage: report.coverage,
    changefreq: report.changefreq,
    priority: report.priority,
    robots: report.robots.map((r) => ({ url: r.url, status: r.status, sitemapsListed: r.sitemapsListed })),
    robotsDisallowed: report.robotsDisallowed,
    walk: { filesFetched: report.walk?.filesFetched, sitemapsRead: report.walk?.sitemapsRead, urlEntries: report.walk?.urlEntries },
  };
}

describe('sitescout report', () => {
  it('reports a crawled site from the database with the figures a live analyze of the site gives, fetching nothing', async () => {
    const dataDir = await tempDir();
    const site = `basic.test:${zoo.port}`;
    const crawl = await run(['crawl', `http://${site}/`, '--data-dir', dataDir, ...at('basic.test')]);
    expect(crawl.code).toBe(0);
    const live = await run(['analyze', `http://${site}/`, '--json', ...at('basic.test')]);
    expect(live.code).toBe(0);
    const [analyzed] = JSON.parse(live.stdout) as DomainReport[];

    const served = zoo.requests.length;
    const stored = await run(['report', site, '--json', '--data-dir', dataDir]);
    expect(stored.code).toBe(0);
    expect(zoo.requests.length).toBe(served);
    expect(stored.stderr).toMatch(new RegExp(`^sitescout report: ${site.replace('.', '\\.')}: crawl run 1 \\(completed\\), crawled \\S+ to \\S+; replayed from the database, nothing was fetched\\n$`));
    const [reported] = JSON.parse(stored.stdout) as DomainReport[];
    expect(keyFigures(reported!)).toEqual(keyFigures(analyzed!));
    expect(reported).toMatchObject({
      outcome: 'ok',
      urls: { listed: 6, distinct: 6 },
      pageTypes: { page: 1, about: 1, contact: 1, post: 3 },
      robotsDisallowed: { checked: 6, disallowed: 1 },
    });
    expect(reported!.sitemaps.map((s) => s.url).sort()).toEqual(['/news.xml.gz', '/pages.xml', '/posts.xml.gz', '/sitemap_index.xml'].map((p) => `http://${site}${p}`));

    const text = await run(['report', `http://${site}/`, '--data-dir', dataDir]);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    const [header, blank, title] = text.stdout.split('\n');
    expect(header).toMatch(/crawl run 1 \(completed\).*nothing was fetched$/);
    expect(blank).toBe('');
    expect(title).toBe(`sitescout report ${site}  ${reported!.analyzedAt}`);
    expect(text.stdout).toContain('Outcome: ok');
  }, 120_000);

  it('says when the report is of a run a later one has superseded', async () => {
    const dataDir = await tempDir();
    const site = `cycle.test:${zoo.port}`;
    for (let i = 0; i < 2; i++) expect((await run(['crawl', site, '--data-dir', dataDir, ...at('cycle.test')])).code).toBe(0);
    const older = await run(['report', site, '--run', '1', '--json', '--data-dir', dataDir]);
    expect(older.code).toBe(0);
    expect(older.stderr).toMatch(/crawl run 1 \(completed\).*\nsitescout report: run 2 is later: /);
    const latest = await run(['report', site, '--json', '--data-dir', dataDir]);
    expect(latest.stderr).toMatch(/crawl run 2 \(completed\)/);
    const [report] = JSON.parse(latest.stdout) as DomainReport[];
    expect(report).toMatchObject({ outcome: 'ok', urls: { listed: 2 } });
    expect(report!.sitemaps.map((s) => [new URL(s.url).pathname, s.kind, s.entries])).toEqual(
      expect.arrayContaining([
        ['/a.xml', 'sitemapindex', { urls: 0, sitemaps: 3 }],
        ['/leaf.xml', 'urlset', { urls: 1, sitemaps: 0 }],
      ]),
    );
  }, 120_000);

  it('exits 1 for a domain never crawled or a run it does not have, and 2 on bad usage', async () => {
    const dataDir = await tempDir();
    const site = `basic.test:${zoo.port}`;
    const never = await run(['report', 'never-crawled.example', '--data-dir', dataDir]);
    expect(never.code).toBe(1);
    expect(never.stderr).toBe('sitescout report: never-crawled.example: never crawled (no such domain in the inventory)\n');
    expect((await run(['crawl', site, '--data-dir', dataDir, ...at('basic.test')])).code).toBe(0);
    const missing = await run(['report', site, '--run', '99', '--data-dir', dataDir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no crawl run 99 of this domain/);
    for (const bad of ['abc', '0', '-1', '1.5']) {
      const r = await run(['report', site, '--run', bad, '--data-dir', dataDir]);
      expect(r.code, bad).toBe(2);
      expect(r.stdout).toBe('');
    }
    expect((await run(['report', '--data-dir', dataDir])).code).toBe(2);
    expect((await run(['report', 'not a domain!', '--data-dir', dataDir])).code).toBe(2);
  }, 120_000);
});
