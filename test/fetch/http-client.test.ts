import { afterEach, describe, expect, it } from 'vitest';
import { createDomainBudget, type FetchError, type HttpClient } from '../../src/fetch/index.js';
import { never, readAll, readUntilError, startServer, testClient, type TestServer } from './fixtures.js';

let server: TestServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

describe('createHttpClient: the response', () => {
  it('returns status, headers, validators and the body, sending a sitescout User-Agent and Accept-Encoding', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', etag: '"v1"', 'last-modified': 'Wed, 21 Oct 2015 07:28:00 GMT' });
      res.end('hello');
    });
    client = testClient({ userAgent: 'sitescout/9.9.9 (+https://github.com/sitescout/sitescout)' });
    const response = await client.get(`${server.origin}/page?x=1#frag`, { signal: never() });
    const text = (await readAll(response.body)).toString();
    expect({ ...response, text }).toEqual({
      url: `${server.origin}/page?x=1#frag`,
      status: 200,
      headers: expect.objectContaining({ 'content-type': 'text/plain', etag: '"v1"', 'transfer-encoding': 'chunked' }),
      redirects: [],
      notModified: false,
      validators: { etag: '"v1"', lastModified: 'Wed, 21 Oct 2015 07:28:00 GMT' },
      contentEncoding: null,
      retries: 0,
      body: expect.anything(),
      rawBytes: expect.any(Function),
      cancel: expect.any(Function),
      timing: { startedAt: expect.any(Number), headersMs: expect.any(Number) },
      text: 'hello',
    });
    expect(response.rawBytes()).toBe(5);
    expect(server.requests.map((r) => [r.method, r.url, r.headers['user-agent'], r.headers['accept-encoding']])).toEqual([
      ['GET', '/page?x=1', 'sitescout/9.9.9 (+https://github.com/sitescout/sitescout)', 'gzip, deflate, br'],
    ]);
  });

  it('sends If-None-Match and If-Modified-Since from the validators and reports a 304 as notModified', async () => {
    server = await startServer((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') res.writeHead(304, { etag: '"v1"' }).end();
      else res.writeHead(200, { etag: '"v1"' }).end('fresh');
    });
    client = testClient();
    const validators = { etag: '"v1"', lastModified: 'Wed, 21 Oct 2015 07:28:00 GMT' };
    const response = await client.get(`${server.origin}/sitemap.xml`, { signal: never() });
    const conditional = await client.get(`${server.origin}/sitemap.xml`, { signal: never(), validators });
    expect([
      [response.status, response.notModified, (await readAll(response.body)).toString()],
      [conditional.status, conditional.notModified, (await readAll(conditional.body)).toString(), conditional.validators],
    ]).toEqual([
      [200, false, 'fresh'],
      [304, true, '', { etag: '"v1"', lastModified: null }],
    ]);
    expect(server.requests.map((r) => [r.headers['if-none-match'], r.headers['if-modified-since']])).toEqual([
      [undefined, undefined],
      ['"v1"', 'Wed, 21 Oct 2015 07:28:00 GMT'],
    ]);
  });

  it('refuses URLs it cannot parse and schemes other than http and https', async () => {
    client = testClient();
    const failures = await Promise.all(
      ['not a url', 'ftp://example.com/', 'file:///etc/passwd', 'data:text/plain,hi'].map((url) =>
        client?.get(url, { signal: never() }).catch((error: unknown) => (error as FetchError).code),
      ),
    );
    expect(failures).toEqual(['SS_ERR_FETCH_URL', 'SS_ERR_FETCH_SCHEME', 'SS_ERR_FETCH_SCHEME', 'SS_ERR_FETCH_SCHEME']);
  });
});

// undici checks these timeouts on a coarse (about one second) tick, so each case takes ~1 s: they run concurrently.
describe.concurrent('createHttpClient: timeouts', () => {
  it('times out connecting (DNS plus connect) with phase "connect"', async ({ expect }) => {
    const local = testClient({ lookup: () => new Promise(() => {}), limits: { connectTimeoutMs: 150, maxRetries: 0 } });
    const error = await local.get('http://slow-dns.example:81/', { signal: never() }).catch((e: unknown) => e);
    await local.close();
    expect(error).toMatchObject({ code: 'SS_ERR_FETCH_TIMEOUT', phase: 'connect', limit: 'connectTimeoutMs', limitValue: 150, url: 'http://slow-dns.example:81/' });
  });

  it('times out waiting for the headers with phase "headers"', async ({ expect }) => {
    const silent = await startServer(() => {});
    const local = testClient({ limits: { headersTimeoutMs: 150, maxRetries: 0 } });
    const error = await local.get(`${silent.origin}/silent`, { signal: never() }).catch((e: unknown) => e);
    await local.close();
    await silent.close();
    expect(error).toMatchObject({ code: 'SS_ERR_FETCH_TIMEOUT', phase: 'headers', limit: 'headersTimeoutMs', limitValue: 150 });
  });

  it('times out between body chunks with phase "body", after delivering what arrived', async ({ expect }) => {
    const stalling = await startServer((_req, res) => {
      res.writeHead(200);
      res.write('first part;');
    });
    const local = testClient({ limits: { bodyTimeoutMs: 150 } });
    const response = await local.get(`${stalling.origin}/stall`, { signal: never() });
    const { bytes, error } = await readUntilError(response.body);
    await local.close();
    await stalling.close();
    expect([bytes.toString(), error, stalling.requests.length]).toEqual([
      'first part;',
      expect.objectContaining({ code: 'SS_ERR_FETCH_TIMEOUT', phase: 'body' }),
      1,
    ]);
  });
});

describe('createHttpClient: the byte cap', () => {
  it('delivers exactly maxResponseBytes, then throws SS_ERR_FETCH_TOO_LARGE mid-stream', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200);
      for (let i = 0; i < 10; i += 1) res.write(Buffer.alloc(1000, 97 + i));
      res.end();
    });
    client = testClient({ limits: { maxResponseBytes: 4_096 } });
    const response = await client.get(`${server.origin}/big`, { signal: never() });
    const { bytes, error } = await readUntilError(response.body);
    const expected = Buffer.concat([0, 1, 2, 3, 4].map((i) => Buffer.alloc(1000, 97 + i))).subarray(0, 4_096);
    expect(bytes.equals(expected)).toBe(true);
    expect(error).toMatchObject({ code: 'SS_ERR_FETCH_TOO_LARGE', limit: 'maxResponseBytes', limitValue: 4_096, url: `${server.origin}/big` });
    expect((error as FetchError).actual).toBeGreaterThan(4_096);
  });
});

describe('createHttpClient: aborting', () => {
  it('aborts when the signal is already aborted, without sending anything', async () => {
    server = await startServer((_req, res) => res.end('never'));
    client = testClient();
    const controller = new AbortController();
    controller.abort();
    const error = await client.get(`${server.origin}/`, { signal: controller.signal }).catch((e: unknown) => e);
    expect([error, server.requests.length]).toEqual([expect.objectContaining({ code: 'SS_ERR_FETCH_ABORTED', url: `${server.origin}/` }), 0]);
  });

  it('aborts while streaming: the reader gets SS_ERR_FETCH_ABORTED after the bytes that arrived', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200);
      res.write('chunk-1');
    });
    client = testClient();
    const controller = new AbortController();
    const response = await client.get(`${server.origin}/drip`, { signal: controller.signal });
    const chunks: string[] = [];
    const error = await (async () => {
      for await (const chunk of response.body) {
        chunks.push(Buffer.from(chunk).toString());
        controller.abort();
      }
    })().catch((e: unknown) => e);
    expect([chunks, error]).toEqual([['chunk-1'], expect.objectContaining({ code: 'SS_ERR_FETCH_ABORTED' })]);
  });

  it('fails a request in flight and refuses new ones once the client is closed', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const closing = testClient();
    const response = await closing.get(`${server.origin}/`, { signal: never() });
    const reading = readUntilError(response.body);
    await closing.close();
    const after = await closing.get(`${server.origin}/`, { signal: never() }).catch((e: unknown) => e);
    const { error } = await reading;
    expect([error, after]).toEqual([expect.objectContaining({ code: 'SS_ERR_FETCH_CLOSED' }), expect.objectContaining({ code: 'SS_ERR_FETCH_CLOSED' })]);
  });
});

describe('createHttpClient: cancelling frees the connection', () => {
  it('lets the next request to the host start after cancel(), break or return() on an unread body', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200);
      res.end(Buffer.alloc(200_000, 120));
    });
    client = testClient({ limits: { perHostConcurrency: 1, headersTimeoutMs: 2_000 } });
    const first = await client.get(`${server.origin}/1`, { signal: never() });
    await first.cancel();
    const second = await client.get(`${server.origin}/2`, { signal: never() });
    for await (const chunk of second.body) if (chunk.length > 0) break;
    const third = await client.get(`${server.origin}/3`, { signal: never() });
    await third.body.return?.();
    const fourth = await client.get(`${server.origin}/4`, { signal: never() });
    expect([(await readAll(fourth.body)).length, server.requests.map((r) => r.url)]).toEqual([200_000, ['/1', '/2', '/3', '/4']]);
  });

  it('tears down a body nobody reads when the budget runs out, so its host slot comes back', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200);
      res.write('never finished');
    });
    client = testClient({ limits: { perHostConcurrency: 1 } });
    await client.get(`${server.origin}/abandoned`, { signal: never(), budget: createDomainBudget(200, Date.now) });
    const next = await client.get(`${server.origin}/next`, { signal: never() });
    await next.cancel();
    expect(server.requests.map((r) => r.url)).toEqual(['/abandoned', '/next']);
  });
});

describe('createHttpClient: the domain budget', () => {
  it('fails with SS_ERR_FETCH_BUDGET when the budget runs out mid-request, and refuses later requests on it', async () => {
    server = await startServer(() => {});
    client = testClient({ limits: { domainBudgetMs: 200, headersTimeoutMs: 5_000 } });
    const budget = client.createBudget();
    const first = await client.get(`${server.origin}/slow`, { signal: never(), budget }).catch((e: unknown) => e);
    const second = await client.get(`${server.origin}/next`, { signal: never(), budget }).catch((e: unknown) => e);
    const budgetError = { code: 'SS_ERR_FETCH_BUDGET', limit: 'domainBudgetMs', limitValue: 200 };
    expect([first, second, server.requests.map((r) => r.url)]).toEqual([
      expect.objectContaining({ ...budgetError, url: `${server.origin}/slow` }),
      expect.objectContaining({ ...budgetError, url: `${server.origin}/next` }),
      ['/slow'],
    ]);
  });
});
