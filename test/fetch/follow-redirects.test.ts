import { afterEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../src/fetch/index.js';
import { never, readAll, startServer, testClient, type TestServer } from './fixtures.js';

let server: TestServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
});

/** `/hops/<n>` redirects to `/hops/<n-1>` with a status picked by n; `/hops/0` answers 200. */
async function redirectChain(): Promise<TestServer> {
  const statuses = [301, 302, 303, 307, 308];
  return startServer((req, res) => {
    const loop: Record<string, string> = { '/a': '/b', '/b': '/a?#again' };
    const n = Number(/^\/hops\/(\d+)$/.exec(req.url ?? '')?.[1] ?? NaN);
    if (req.url === '/to-ftp') res.writeHead(302, { location: 'ftp://files.example/x' }).end();
    else if (req.url === '/no-location') res.writeHead(302).end('moved, somewhere');
    else if (req.url !== undefined && loop[req.url] !== undefined) res.writeHead(302, { location: loop[req.url] }).end();
    else if (n === 0) res.end('arrived');
    else if (n > 0) res.writeHead(statuses[(n - 1) % 5] ?? 302, { location: `/hops/${n - 1}` }).end('redirect body');
    else res.writeHead(404).end();
  });
}

describe('followRedirects', () => {
  it('follows up to maxRedirects (5) and records each hop with its status', async () => {
    server = await redirectChain();
    client = testClient();
    const response = await client.get(`${server.origin}/hops/5`, { signal: never() });
    const o = server.origin;
    expect([response.url, response.status, response.redirects, (await readAll(response.body)).toString()]).toEqual([
      `${o}/hops/0`,
      200,
      [
        { from: `${o}/hops/5`, to: `${o}/hops/4`, status: 308 },
        { from: `${o}/hops/4`, to: `${o}/hops/3`, status: 307 },
        { from: `${o}/hops/3`, to: `${o}/hops/2`, status: 303 },
        { from: `${o}/hops/2`, to: `${o}/hops/1`, status: 302 },
        { from: `${o}/hops/1`, to: `${o}/hops/0`, status: 301 },
      ],
      'arrived',
    ]);
  });

  it('refuses the 6th redirect with SS_ERR_FETCH_TOO_MANY_REDIRECTS and the 5 hops it followed', async () => {
    server = await redirectChain();
    client = testClient();
    const error = await client.get(`${server.origin}/hops/6`, { signal: never() }).catch((e: unknown) => e);
    const o = server.origin;
    expect(error).toMatchObject({
      code: 'SS_ERR_FETCH_TOO_MANY_REDIRECTS',
      url: `${o}/hops/1`,
      limit: 'maxRedirects',
      limitValue: 5,
      actual: 6,
      redirects: [6, 5, 4, 3, 2].map((n) => ({ from: `${o}/hops/${n}`, to: `${o}/hops/${n - 1}`, status: expect.any(Number) })),
    });
    expect(server.requests.map((r) => r.url)).toEqual(['/hops/6', '/hops/5', '/hops/4', '/hops/3', '/hops/2', '/hops/1']);
  });

  it('stops a redirect loop at the first repeated URL', async () => {
    server = await redirectChain();
    client = testClient();
    const error = await client.get(`${server.origin}/a`, { signal: never() }).catch((e: unknown) => e);
    const o = server.origin;
    expect(error).toMatchObject({
      code: 'SS_ERR_FETCH_REDIRECT_LOOP',
      url: `${o}/a?#again`,
      redirects: [
        { from: `${o}/a`, to: `${o}/b`, status: 302 },
        { from: `${o}/b`, to: `${o}/a?#again`, status: 302 },
      ],
    });
  });

  it('refuses a redirect to a scheme other than http or https', async () => {
    server = await redirectChain();
    client = testClient();
    const error = await client.get(`${server.origin}/to-ftp`, { signal: never() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SS_ERR_FETCH_SCHEME', url: 'ftp://files.example/x', redirects: [] });
  });

  it('returns a 3xx without a Location as the answer', async () => {
    server = await redirectChain();
    client = testClient();
    const response = await client.get(`${server.origin}/no-location`, { signal: never() });
    expect([response.status, response.redirects, (await readAll(response.body)).toString()]).toEqual([302, [], 'moved, somewhere']);
  });
});
