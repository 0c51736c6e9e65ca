import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured as run } from '../support/run-cli.js';
import { gzip, urlset } from '../support/collect.js';



const dir = mkdtempSync(join(tmpdir(), 'sitescout-cli-'));
const doc = urlset(`<url><loc>https://a.example/1</loc><lastmod>2024-01-01</lastmod><changefreq>daily</changefreq><priority>0.0</priority></url>
<url><loc>https://a.example/2,"x"</loc><image:image><image:loc>https://a.example/i.jpg</image:loc></image:image></url>
<url><loc>/relative</loc></url>`);
const file = join(dir, 'sitemap.xml');
writeFileSync(file, doc);
const gzFile = join(dir, 'sitemap.bin');
writeFileSync(gzFile, gzip(doc));
const broken = join(dir, 'broken.xml');
writeFileSync(broken, '<urlset><url><loc>https://a.example/1</loc></url><url><loc>https://a.example/2</lo');

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/sitemap.xml') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(doc);
    } else {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('sitescout parse', () => {
  it('streams NDJSON by default when stdout is not a terminal, one full entry per line', async () => {
    const r = await run(['parse', file, '--quiet']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { type: 'url', loc: 'https://a.example/1', lastmod: '2024-01-01T00:00:00.000Z', changefreq: 'daily', priority: 0, images: [], videos: [], news: null, alternates: [], invalid: [] },
      {
        type: 'url',
        loc: 'https://a.example/2,"x"',
        lastmod: null,
        changefreq: null,
        priority: null,
        images: [{ loc: 'https://a.example/i.jpg', title: null, caption: null, geoLocation: null, license: null }],
        videos: [],
        news: null,
        alternates: [],
        invalid: [],
      },
      { type: 'url', loc: '/relative', lastmod: null, changefreq: null, priority: null, images: [], videos: [], news: null, alternates: [], invalid: [] },
    ]);
  });

  it('writes CSV with a header and RFC 4180 quoting', async () => {
    const r = await run(['parse', gzFile, '--format', 'csv', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'type,loc,lastmod,changefreq,priority,images,videos,news,alternates,invalid\n' +
        'url,https://a.example/1,2024-01-01T00:00:00.000Z,daily,0,0,0,0,0,\n' +
        'url,"https://a.example/2,""x""",,,,1,0,0,0,\n' +
        'url,/relative,,,,0,0,0,0,\n',
    );
  });

  it('writes one JSON document with the entries and the summary', async () => {
    const r = await run(['parse', file, '--format', 'json', '--quiet']);
    const parsed = JSON.parse(r.stdout) as { entries: unknown[]; summary: { entries: { url: number }; complete: boolean } };
    expect(parsed.entries).toHaveLength(3);
    expect(parsed.summary.entries.url).toBe(3);
    expect(parsed.summary.complete).toBe(true);
  });

  it('prints only the summary with --format summary', async () => {
    const r = await run(['parse', file, '--format', 'summary', '--quiet']);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'urlset', entries: { url: 3, sitemap: 0 }, fields: { lastmod: 1, changefreq: 1, priority: 1, images: 1 }, warnings: { 'relative-loc': 1 }, complete: true });
  });

  it('stops after --limit entries', async () => {
    const r = await run(['parse', file, '--limit', '2', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it('resolves relative locs with --base-url and prints warnings on stderr', async () => {
    const r = await run(['parse', file, '--base-url', 'https://a.example/sitemaps/s.xml']);
    expect(r.stdout).toContain('"loc":"https://a.example/relative"');
    expect(r.stderr).toContain('warning relative-loc');
  });

  it('fetches a URL with a plain GET and resolves relative locs against it', async () => {
    const r = await run(['parse', `${base}/sitemap.xml`, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`"loc":"${base}/relative"`);
  });

  it('exits 1 with the reason when the URL answers an error status', async () => {
    const r = await run(['parse', `${base}/missing.xml`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`sitescout parse: SS_ERR_INPUT_READ: GET ${base}/missing.xml answered HTTP 404\n`);
  });

  it('exits 1 on a document error after writing the entries before it', async () => {
    const r = await run(['parse', broken]);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { loc: string }).loc)).toEqual(['https://a.example/1']);
    expect(r.stderr).toMatch(/^sitescout parse: SS_ERR_SITEMAP_SYNTAX: unexpected end of document/);
    expect(r.stderr).toContain('(1 entries written before the error)');
  });

  it('exits 1 when the file is missing', async () => {
    const r = await run(['parse', join(dir, 'missing.xml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SS_ERR_INPUT_READ: cannot read .*missing\.xml: ENOENT/);
  });

  it.each([
    [['parse'], /missing required argument 'source'/],
    [['parse', 'x', '--format', 'xml'], /argument 'xml' is invalid/],
    [['parse', 'x', '--limit', 'many'], /--limit must be a non-negative integer/],
    [['parse', 'x', '--max-token-bytes', '0'], /SS_ERR_CONFIG_INVALID: option maxTokenBytes/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('takes limits from the environment and lets a flag override them', async () => {
    const fromEnv = await run(['parse', file, '--quiet'], { SITESCOUT_MAX_ENTRIES_PER_SITEMAP: '1' });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toContain('SS_ERR_LIMIT_ENTRIES: limit maxEntriesPerSitemap (1) exceeded');
    const overridden = await run(['parse', file, '--quiet', '--max-entries-per-sitemap', '10'], { SITESCOUT_MAX_ENTRIES_PER_SITEMAP: '1' });
    expect(overridden.code).toBe(0);
  });

  it('reads stdin with - and exits 0 from the real binary', async () => {
    const child = spawn(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'sitescout.js'), 'parse', '-', '--format', 'csv'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(gzip(doc));
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out.split('\n')[1]).toBe('url,https://a.example/1,2024-01-01T00:00:00.000Z,daily,0,0,0,0,0,');
  });
});
