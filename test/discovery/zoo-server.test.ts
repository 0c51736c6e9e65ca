import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../src/fetch/index.js';
import { parseSitemap } from '../../src/sitemap/index.js';
import { startZoo, type Zoo } from '../fixtures/zoo-server.js';
import { never, zooClient } from './walk-helpers.js';

let zoo: Zoo;
let http: HttpClient;

beforeAll(async () => {
  zoo = await startZoo();
  http = zooClient(zoo);
});

afterAll(async () => {
  await http.close();
  await zoo.close();
});

async function text(url: string): Promise<{ status: number; type: string | undefined; body: Buffer }> {
  const response = await http.get(url, { signal: never() });
  const chunks: Uint8Array[] = [];
  for await (const chunk of response.body) chunks.push(chunk);
  return { status: response.status, type: response.headers['content-type'], body: Buffer.concat(chunks) };
}

describe('the fixture zoo', () => {
  it('maps every *.test name to 127.0.0.1 and nothing else', async () => {
    expect([await zoo.lookup('anything.test'), await zoo.lookup('example.com').catch((e: { code: string }) => e.code)]).toEqual([
      [{ address: '127.0.0.1', family: 4 }],
      'ENOTFOUND',
    ]);
  });

  it('picks the site by Host header, and says so for a name it does not host', async () => {
    const [robots, unknown] = await Promise.all([text(zoo.url('basic.test', '/robots.txt')), text(zoo.url('nosuchsite.test'))]);
    expect([robots.status, robots.body.toString().split('\n')[2], unknown.status, unknown.body.toString()]).toEqual([
      200,
      'Sitemap: /sitemap_index.xml',
      421,
      'no zoo site is called nosuchsite.test\n',
    ]);
  });

  it('generates huge sitemaps on the fly, plain or gzip, with N children of M URLs from the name or the query', async () => {
    const count = async (url: string): Promise<{ url: number; sitemap: number }> => {
      const response = await http.get(url, { signal: never() });
      const parse = parseSitemap(response.body);
      for await (const batch of parse.batches()) void batch;
      return parse.summary.entries;
    };
    const gz = await text(zoo.url('huge-3x5-gz.test', '/sitemap-2.xml.gz'));
    expect({
      index: await count(zoo.url('huge-7x5.test', '/sitemap_index.xml')),
      child: await count(zoo.url('huge-7x5.test', '/sitemap-7.xml')),
      beyond: (await text(zoo.url('huge-7x5.test', '/sitemap-8.xml'))).status,
      query: await count(zoo.url('huge.test', '/sitemap-1.xml?m=12')),
      gzType: gz.type,
      gzUrls: gunzipSync(gz.body).toString().match(/<url>/g)?.length,
    }).toEqual({ index: { url: 0, sitemap: 7 }, child: { url: 5, sitemap: 0 }, beyond: 404, query: { url: 12, sitemap: 0 }, gzType: 'application/gzip', gzUrls: 5 });
  });
});
