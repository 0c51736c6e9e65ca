import { afterEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../src/fetch/index.js';
import { closedPort, never, readAll, readUntilError, recordingSleep, startServer, testClient, type TestServer } from './fixtures.js';

let server: TestServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  server = undefined;
});

/** Answers with the scripted statuses in turn (headers included), then 200 "ok". */
async function scriptedServer(script: ReadonlyArray<readonly [number, Record<string, string>?]>): Promise<TestServer> {
  let call = 0;
  return startServer((_req, res) => {
    const step = script[call];
    call += 1;
    if (step === undefined) return void res.end('ok');
    res.writeHead(step[0], step[1] ?? {}).end(`status ${step[0]}`);
  });
}

// random() = 0.5 and retryBaseDelayMs 500: backoff is 375 ms, then 750 ms.
describe('sendWithRetries', () => {
  it('retries a 429 after exactly the Retry-After seconds', async () => {
    server = await scriptedServer([[429, { 'retry-after': '2' }]]);
    const { sleep, waits } = recordingSleep();
    client = testClient({ sleep });
    const response = await client.get(`${server.origin}/`, { signal: never() });
    expect([response.status, response.retries, (await readAll(response.body)).toString(), waits, server.requests.length]).toEqual([200, 1, 'ok', [2_000], 2]);
  });

  it('retries after a Retry-After HTTP-date, measured on the injected clock', async () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    server = await scriptedServer([[503, { 'retry-after': 'Tue, 01 Jan 2030 00:00:03 GMT' }]]);
    const { sleep, waits } = recordingSleep();
    client = testClient({ sleep, now: () => now });
    const response = await client.get(`${server.origin}/`, { signal: never(), budget: { budgetMs: 60_000, deadline: now + 60_000, remainingMs: () => 60_000 } });
    await response.cancel();
    expect([response.status, waits]).toEqual([200, [3_000]]);
  });

  it('retries a 503 with jittered backoff, then returns the success', async () => {
    server = await scriptedServer([[503], [502]]);
    const { sleep, waits } = recordingSleep();
    client = testClient({ sleep });
    const response = await client.get(`${server.origin}/`, { signal: never() });
    expect([response.status, response.retries, (await readAll(response.body)).toString(), waits]).toEqual([200, 2, 'ok', [375, 750]]);
  });

  it('returns the last 5xx when the retry cap is reached', async () => {
    server = await scriptedServer([[503], [503], [503], [503]]);
    const { sleep, waits } = recordingSleep();
    client = testClient({ sleep, limits: { maxRetries: 2 } });
    const response = await client.get(`${server.origin}/`, { signal: never() });
    expect([response.status, response.retries, (await readAll(response.body)).toString(), waits, server.requests.length]).toEqual([
      503,
      2,
      'status 503',
      [375, 750],
      3,
    ]);
  });

  it('returns a 429 whose Retry-After is longer than retryMaxDelayMs without waiting', async () => {
    server = await scriptedServer([[429, { 'retry-after': '3600' }]]);
    const { sleep, waits } = recordingSleep();
    client = testClient({ sleep });
    const response = await client.get(`${server.origin}/`, { signal: never() });
    await response.cancel();
    expect([response.status, response.retries, waits, server.requests.length]).toEqual([429, 0, [], 1]);
  });

  it('does not retry 404 or 501', async () => {
    server = await scriptedServer([[404], [501]]);
    const { sleep, waits } = recordingSleep();
    client = testClient({ sleep });
    const first = await client.get(`${server.origin}/`, { signal: never() });
    const second = await client.get(`${server.origin}/`, { signal: never() });
    await Promise.all([first.cancel(), second.cancel()]);
    expect([first.status, second.status, waits, server.requests.length]).toEqual([404, 501, [], 2]);
  });

  it('retries a refused connection, then fails with SS_ERR_FETCH_NETWORK after the cap', async () => {
    const port = await closedPort();
    const { sleep, waits } = recordingSleep();
    client = testClient({ sleep });
    const error = await client.get(`http://127.0.0.1:${port}/`, { signal: never() }).catch((e: unknown) => e);
    expect([error, waits]).toEqual([
      expect.objectContaining({ code: 'SS_ERR_FETCH_NETWORK', url: `http://127.0.0.1:${port}/`, cause: expect.objectContaining({ code: 'ECONNREFUSED' }) }),
      [375, 750],
    ]);
  });

  it('retries a connection reset before the headers, then returns the answer', async () => {
    let call = 0;
    server = await startServer((req, res) => {
      call += 1;
      if (call === 1) req.socket.destroy();
      else res.end('second time');
    });
    const { sleep, waits } = recordingSleep();
    client = testClient({ sleep });
    const response = await client.get(`${server.origin}/`, { signal: never() });
    expect([response.retries, (await readAll(response.body)).toString(), waits]).toEqual([1, 'second time', [375]]);
  });

  it('never retries once the body has started: a reset mid-body reaches the reader', async () => {
    server = await startServer((req, res) => {
      res.writeHead(200);
      res.write('half of it', () => setTimeout(() => req.socket.destroy(), 20));
    });
    const { sleep, waits } = recordingSleep();
    client = testClient({ sleep });
    const response = await client.get(`${server.origin}/`, { signal: never() });
    const { bytes, error } = await readUntilError(response.body);
    expect([bytes.toString(), error, waits, server.requests.length]).toEqual([
      'half of it',
      expect.objectContaining({ code: 'SS_ERR_FETCH_NETWORK' }),
      [],
      1,
    ]);
  });

  it('does not wait for a retry the budget cannot afford', async () => {
    server = await scriptedServer([[503, { 'retry-after': '5' }]]);
    const { sleep, waits } = recordingSleep();
    client = testClient({ sleep, limits: { domainBudgetMs: 2_000 } });
    const response = await client.get(`${server.origin}/`, { signal: never() });
    await response.cancel();
    expect([response.status, waits]).toEqual([503, []]);
  });

  it('stops waiting for a retry when the caller aborts', async () => {
    server = await scriptedServer([[503, { 'retry-after': '10' }]]);
    client = testClient({ sleep: undefined });
    const controller = new AbortController();
    const pending = client.get(`${server.origin}/`, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 30);
    expect([await pending, server.requests.length]).toEqual([expect.objectContaining({ code: 'SS_ERR_FETCH_ABORTED' }), 1]);
  });
});
