import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient, type HttpClient, type HttpClientOptions, type ResolveHost, type Sleep } from '../../src/fetch/index.js';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  at: number;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** A real node:http server on 127.0.0.1, port 0. Every request is recorded before the handler runs. */
export async function startServer(handler: http.RequestListener): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, at: performance.now() });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that was just free: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = await startServer(() => {});
  await server.close();
  return server.port;
}

/** A Sleep that records what it was asked and returns at once. */
export function recordingSleep(): { sleep: Sleep; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms, signal) => {
      signal.throwIfAborted();
      waits.push(ms);
    },
  };
}

/** A resolver for made-up names; anything else is ENOTFOUND (there is no DNS to ask in tests). */
export function mapHosts(table: Record<string, string>): ResolveHost {
  return async (hostname) => {
    const address = table[hostname];
    if (address === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
}

/**
 * A client for loopback tests: the private-network guard relaxed, no proxy from the developer's environment, no
 * politeness delay and no real retry waits unless a test asks for them.
 */
export function testClient(options: HttpClientOptions = {}): HttpClient {
  return createHttpClient({
    allowPrivateNetworks: true,
    env: {},
    sleep: recordingSleep().sleep,
    random: () => 0.5,
    ...options,
    limits: { politenessDelayMs: 0, ...options.limits },
  });
}

export async function readAll(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Reads until the body ends or throws; returns what arrived and the error, if any. */
export async function readUntilError(body: AsyncIterable<Uint8Array>): Promise<{ bytes: Buffer; error: unknown }> {
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of body) chunks.push(chunk);
    return { bytes: Buffer.concat(chunks), error: null };
  } catch (error: unknown) {
    return { bytes: Buffer.concat(chunks), error };
  }
}

export function never(): AbortSignal {
  return new AbortController().signal;
}
