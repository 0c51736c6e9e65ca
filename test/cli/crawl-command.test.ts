import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured as run, zooFlags } from '../support/run-cli.js';
import { startZoo, type Zoo } from '../fixtures/zoo-server.js';



interface Summary {
  domain: string;
  status: string;
  outcome: string;
  sitemaps: number;
  pages: { new: number; updated: number; unchanged: number; gone: number };
}

let zoo: Zoo;
const dirs: string[] = [];
const tempDir = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'sitescout-crawl-'));
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

describe('sitescout crawl, pages and runs', () => {
  it('crawls a site into the inventory, exports its pages, re-crawls it unchanged and lists both runs', async () => {
    const dataDir = await tempDir();
    const site = `basic.test:${zoo.port}`;
    const first = await run(['crawl', `http://${site}/`, '--data-dir', dataDir, '--json', ...at('basic.test')]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const [one] = JSON.parse(first.stdout) as Summary[];
    expect(one).toMatchObject({ domain: site, status: 'completed', outcome: 'ok', sitemaps: 4, pages: { new: 6, updated: 0, unchanged: 0, gone: 0 } });

    const pages = await run(['pages', site, '--format', 'csv', '--data-dir', dataDir]);
    expect(pages.code).toBe(0);
    const lines = pages.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^url,/);
    const urls = lines.slice(1).map((l) => l.split(',')[0]);
    expect(urls).toHaveLength(6);
    expect(urls.every((u) => u!.startsWith(`http://${site}/`))).toBe(true);

    const second = await run(['crawl', site, '--data-dir', dataDir, ...at('basic.test')]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^DOMAIN\s+OUTCOME\s+SITEMAPS\s+NEW\s+UPDATED\s+UNCHANGED\s+GONE\s+ERRORS$/m);
    expect(second.stdout).toMatch(new RegExp(`^${site.replace('.', '\\.')}\\s+ok\\s+4\\s+0\\s+0\\s+6\\s+0\\s+0$`, 'm'));

    const runs = await run(['runs', '--json', '--data-dir', dataDir]);
    expect(runs.code).toBe(0);
    const list = JSON.parse(runs.stdout) as Array<{ domain: string; status: string; outcome: string; pages: { new: number; updated: number; gone: number } }>;
    expect(list.map((r) => [r.domain, r.status, r.outcome, r.pages.new, r.pages.gone])).toEqual([
      [site, 'completed', 'ok', 6, 0],
      [site, 'completed', 'ok', 0, 0],
    ]);
    const table = await run(['runs', '--data-dir', dataDir]);
    expect(table.stdout).toMatch(/^ID\s+DOMAIN\s+STATUS\s+OUTCOME\s+STARTED\s+FINISHED\s+NEW\s+UPDATED\s+GONE$/m);
  }, 60_000);

  it('reports a bad line of --file with its line number and crawls the rest', async () => {
    const dir = await tempDir();
    const file = join(dir, 'domains.csv');
    await writeFile(file, `domain,note\n# a comment\n\nnot a domain!,x\n"basic.test:${zoo.port}",good\n`);
    const r = await run(['crawl', '--file', file, '--data-dir', join(dir, 'db'), '--json', ...at('basic.test')]);
    expect(r.stderr).toMatch(/domains\.csv:4: "not a domain!": .*skipped/);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as Summary[];
    expect(summary.map((s) => [s.domain, s.outcome, s.pages.new])).toEqual([[`basic.test:${zoo.port}`, 'ok', 6]]);
  }, 60_000);

  it('exits 1 when no domain could be read (a blocked site), and 2 on bad usage', async () => {
    const dir = await tempDir();
    const r = await run(['crawl', `http://blocked.test:${zoo.port}/`, '--data-dir', dir, ...at('blocked.test')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/blocked\.test\S*\s+blocked/);
    expect(r.stderr).toMatch(/blocked\.test.*: blocked/);
    expect((await run(['crawl', '--data-dir', dir])).code).toBe(2);
    expect((await run(['crawl', 'basic.test', '--workers', '0', '--data-dir', dir])).code).toBe(2);
  }, 60_000);
});
