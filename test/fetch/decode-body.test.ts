import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../src/fetch/index.js';
import { never, readUntilError, startServer, testClient, type TestServer } from './fixtures.js';

let server: TestServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
});

const xml = Buffer.from(`<?xml version="1.0"?><urlset>${'<url><loc>https://example.com/page</loc></url>'.repeat(2_000)}</urlset>`);

/** Serves `xml` under each Content-Encoding, with the body written in small pieces. */
async function encodingServer(): Promise<TestServer> {
  const bodies: Record<string, readonly [string, Buffer]> = {
    '/gzip': ['gzip', gzipSync(xml)],
    '/x-gzip': ['x-gzip', gzipSync(xml)],
    '/deflate': ['deflate', deflateSync(xml)],
    '/deflate-raw': ['deflate', deflateRawSync(xml)],
    '/br': ['br', brotliCompressSync(xml)],
    '/gzip-then-br': ['gzip, br', brotliCompressSync(gzipSync(xml))],
    '/identity': ['identity', xml],
    '/truncated-gzip': ['gzip', gzipSync(xml).subarray(0, Math.floor(gzipSync(xml).length / 2))],
    '/corrupt-gzip': ['gzip', Buffer.concat([gzipSync(xml).subarray(0, 20), Buffer.alloc(200, 0xff)])],
    '/zstd': ['zstd', xml],
    '/bomb': ['gzip', gzipSync(Buffer.alloc(4 * 1024 * 1024))],
  };
  return startServer((req, res) => {
    const entry = bodies[req.url ?? ''];
    if (entry === undefined) return void res.writeHead(404).end();
    const [encoding, body] = entry;
    res.writeHead(200, { 'content-encoding': encoding, 'content-type': 'application/xml' });
    for (let at = 0; at < body.length; at += 512) res.write(body.subarray(at, at + 512));
    res.end();
  });
}

describe('decodeBody', () => {
  it.each(['/gzip', '/x-gzip', '/deflate', '/deflate-raw', '/br', '/gzip-then-br', '/identity'])(
    'decodes the %s body back to the original bytes and counts the wire bytes',
    async (path) => {
      server = await encodingServer();
      client = testClient();
      const response = await client.get(`${server.origin}${path}`, { signal: never() });
      const { bytes, error } = await readUntilError(response.body);
      expect([bytes.equals(xml), error, response.rawBytes() === xml.length]).toEqual([true, null, path === '/identity']);
    },
  );

  it('fails a truncated gzip body with SS_ERR_FETCH_DECODE after the bytes it could decode', async () => {
    server = await encodingServer();
    client = testClient();
    const response = await client.get(`${server.origin}/truncated-gzip`, { signal: never() });
    const { bytes, error } = await readUntilError(response.body);
    expect(error).toMatchObject({ code: 'SS_ERR_FETCH_DECODE', url: `${server.origin}/truncated-gzip` });
    expect(xml.subarray(0, bytes.length).equals(bytes)).toBe(true);
  });

  it('fails corrupt gzip data with SS_ERR_FETCH_DECODE', async () => {
    server = await encodingServer();
    client = testClient();
    const response = await client.get(`${server.origin}/corrupt-gzip`, { signal: never() });
    const { error } = await readUntilError(response.body);
    expect(error).toMatchObject({ code: 'SS_ERR_FETCH_DECODE' });
  });

  it('refuses a Content-Encoding it cannot decode with SS_ERR_FETCH_ENCODING', async () => {
    server = await encodingServer();
    client = testClient();
    const error = await client.get(`${server.origin}/zstd`, { signal: never() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SS_ERR_FETCH_ENCODING', url: `${server.origin}/zstd` });
  });

  it('caps the decoded size, so a gzip bomb stops at maxResponseBytes', async () => {
    server = await encodingServer();
    client = testClient({ limits: { maxResponseBytes: 100_000 } });
    const response = await client.get(`${server.origin}/bomb`, { signal: never() });
    const { bytes, error } = await readUntilError(response.body);
    expect([bytes.length, error]).toEqual([
      100_000,
      expect.objectContaining({ code: 'SS_ERR_FETCH_TOO_LARGE', limit: 'maxResponseBytes', limitValue: 100_000 }),
    ]);
    expect(response.rawBytes()).toBeLessThan(100_000);
  });
});
