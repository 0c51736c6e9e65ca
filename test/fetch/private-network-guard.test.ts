import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient, type ResolveHost } from '../../src/fetch/index.js';
import { mapHosts, never, readAll, recordingSleep, startServer, type TestServer } from './fixtures.js';

let server: TestServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  server = undefined;
});

/** The guard as shipped: no allowPrivateNetworks. Only the environment and the waits are pinned for the test. */
function guardedClient(options: Parameters<typeof createHttpClient>[0] = {}): HttpClient {
  return createHttpClient({ env: {}, sleep: recordingSleep().sleep, ...options, limits: { politenessDelayMs: 0, ...options.limits } });
}

function recordingLookup(table: Record<string, string>): { lookup: ResolveHost; asked: string[] } {
  const asked: string[] = [];
  const inner = mapHosts(table);
  return { asked, lookup: (hostname) => (asked.push(hostname), inner(hostname)) };
}

describe('the private-network guard', () => {
  it('refuses 127.0.0.1 by default, before anything is sent', async () => {
    server = await startServer((_req, res) => res.end('should not be reached'));
    client = guardedClient();
    const error = await client.get(`${server.origin}/`, { signal: never() }).catch((e: unknown) => e);
    expect([error, server.requests.length]).toEqual([
      expect.objectContaining({ code: 'SS_ERR_FETCH_PRIVATE_ADDRESS', address: '127.0.0.1', url: `${server.origin}/` }),
      0,
    ]);
  });

  it('refuses other literal loopback, private and metadata addresses without connecting', async () => {
    client = guardedClient();
    const urls = ['http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://0.0.0.0/', 'http://2130706433/', 'http://169.254.169.254/latest/meta-data/', 'https://10.0.0.1/', 'http://[fd00::1]:8080/'];
    const refused = await Promise.all(urls.map((url) => client?.get(url, { signal: never() }).catch((e: unknown) => e)));
    expect(refused.map((error) => [(error as { code: string }).code, (error as { address: string }).address])).toEqual([
      ['SS_ERR_FETCH_PRIVATE_ADDRESS', '::1'],
      ['SS_ERR_FETCH_PRIVATE_ADDRESS', '::ffff:7f00:1'],
      ['SS_ERR_FETCH_PRIVATE_ADDRESS', '0.0.0.0'],
      ['SS_ERR_FETCH_PRIVATE_ADDRESS', '127.0.0.1'],
      ['SS_ERR_FETCH_PRIVATE_ADDRESS', '169.254.169.254'],
      ['SS_ERR_FETCH_PRIVATE_ADDRESS', '10.0.0.1'],
      ['SS_ERR_FETCH_PRIVATE_ADDRESS', 'fd00::1'],
    ]);
  });

  it('refuses at connect time a public-looking name that resolves to 127.0.0.1', async () => {
    server = await startServer((_req, res) => res.end('should not be reached'));
    const { lookup, asked } = recordingLookup({ 'public.example': '127.0.0.1' });
    client = guardedClient({ lookup });
    const error = await client.get(`http://public.example:${server.port}/`, { signal: never() }).catch((e: unknown) => e);
    expect([error, asked, server.requests.length]).toEqual([
      expect.objectContaining({ code: 'SS_ERR_FETCH_PRIVATE_ADDRESS', address: '127.0.0.1', url: `http://public.example:${server.port}/` }),
      ['public.example'],
      0,
    ]);
  });

  it('refuses a name when any of its addresses is private', async () => {
    client = guardedClient({
      lookup: async () => [
        { address: '93.184.215.14', family: 4 },
        { address: '10.0.0.7', family: 4 },
      ],
    });
    const error = await client.get('http://rebind.example/', { signal: never() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SS_ERR_FETCH_PRIVATE_ADDRESS', address: '10.0.0.7' });
  });

  it('re-checks every redirect: an allowed host that redirects inward is refused, hops recorded', async () => {
    server = await startServer((req, res) => {
      const targets: Record<string, string> = {
        '/to-name': `http://inward.example:${server?.port ?? 0}/admin`,
        '/to-literal': `http://[::1]:${server?.port ?? 0}/admin`,
        '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
      };
      const location = targets[req.url ?? ''];
      if (location === undefined) res.end(`reached ${req.url ?? ''}`);
      else res.writeHead(302, { location }).end();
    });
    client = guardedClient({
      allowedPrivateRanges: ['127.0.0.1'],
      lookup: mapHosts({ 'allowed.example': '127.0.0.1', 'inward.example': '127.0.0.2' }),
    });
    const base = `http://allowed.example:${server.port}`;
    const allowed = await client.get(`${base}/page`, { signal: never() });
    const refused = await Promise.all(
      ['/to-name', '/to-literal', '/to-metadata'].map((path) => client?.get(`${base}${path}`, { signal: never() }).catch((e: unknown) => e)),
    );
    expect([allowed.status, (await readAll(allowed.body)).toString()]).toEqual([200, 'reached /page']);
    expect(refused).toEqual([
      expect.objectContaining({
        code: 'SS_ERR_FETCH_PRIVATE_ADDRESS',
        address: '127.0.0.2',
        url: `http://inward.example:${server.port}/admin`,
        redirects: [{ from: `${base}/to-name`, to: `http://inward.example:${server.port}/admin`, status: 302 }],
      }),
      expect.objectContaining({ code: 'SS_ERR_FETCH_PRIVATE_ADDRESS', address: '::1', redirects: [expect.objectContaining({ status: 302 })] }),
      expect.objectContaining({ code: 'SS_ERR_FETCH_PRIVATE_ADDRESS', address: '169.254.169.254', url: 'http://169.254.169.254/latest/meta-data/' }),
    ]);
    expect(server.requests.map((r) => r.url).sort()).toEqual(['/page', '/to-literal', '/to-metadata', '/to-name']);
  });
});
