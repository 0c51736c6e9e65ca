import { afterEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../src/fetch/index.js';
import { never, readAll, startServer, testClient, type TestServer } from './fixtures.js';

let server: TestServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
});

describe('per-host concurrency and politeness', () => {
  it('never has more than perHostConcurrency (2) requests in flight at the server', async () => {
    let inFlight = 0;
    let peak = 0;
    server = await startServer((_req, res) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.end('done');
      }, 40);
    });
    client = testClient();
    const bodies = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const response = await client?.get(`${server?.origin ?? ''}/${i}`, { signal: never() });
        return response === undefined ? '' : (await readAll(response.body)).toString();
      }),
    );
    expect([bodies, peak, server.requests.length]).toEqual([Array(6).fill('done'), 2, 6]);
  });

  it('spaces the starts of requests to one host by politenessDelayMs', async () => {
    // The clock stands still and waits return at once: each request's wait is then exactly how far after the first
    // one the queue scheduled it, whatever the machine's load does to real time.
    const waits: number[] = [];
    server = await startServer((_req, res) => res.end('ok'));
    client = testClient({
      now: () => 1_000_000,
      sleep: async (ms) => {
        waits.push(ms);
      },
      limits: { politenessDelayMs: 120, perHostConcurrency: 4 },
    });
    await Promise.all(
      [1, 2, 3].map(async (i) => {
        const response = await client?.get(`${server?.origin ?? ''}/${i}`, { signal: never() });
        if (response !== undefined) await readAll(response.body);
      }),
    );
    expect(waits.sort((a, b) => a - b)).toEqual([120, 240]);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up a queued request when its signal aborts, and keeps serving the host', async () => {
    server = await startServer((req, res) => {
      res.writeHead(200);
      if (req.url === '/hold') res.write('held');
      else res.end('next');
    });
    client = testClient({ limits: { perHostConcurrency: 1 } });
    const held = await client.get(`${server.origin}/hold`, { signal: never() });
    const controller = new AbortController();
    const queued = client.get(`${server.origin}/queued`, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 30);
    const error = await queued;
    await held.cancel();
    const next = await client.get(`${server.origin}/next`, { signal: never() });
    expect([error, (await readAll(next.body)).toString(), server.requests.map((r) => r.url)]).toEqual([
      expect.objectContaining({ code: 'SS_ERR_FETCH_ABORTED', url: `${server.origin}/queued` }),
      'next',
      ['/hold', '/next'],
    ]);
  });
});
