import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../src/fetch/index.js';
import { mapHosts, never, readAll, startServer, testClient, type TestServer } from './fixtures.js';

interface TunnelProxy {
  url: string;
  tunnels: string[];
  close(): Promise<void>;
}

/** A minimal CONNECT proxy on 127.0.0.1 that records every tunnel it opens. */
async function startTunnelProxy(): Promise<TunnelProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const proxy = http.createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host = '', port = '80'] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [upstream, client]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  };
}

let server: TestServer | undefined;
let proxy: TunnelProxy | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  await client?.close();
  await proxy?.close();
  await server?.close();
});

describe('HTTP(S)_PROXY', () => {
  it('sends requests through HTTP_PROXY when the environment names one', async () => {
    server = await startServer((_req, res) => res.end('via proxy'));
    proxy = await startTunnelProxy();
    client = testClient({ env: { HTTP_PROXY: proxy.url } });
    const response = await client.get(`${server.origin}/`, { signal: never() });
    expect([(await readAll(response.body)).toString(), proxy.tunnels]).toEqual(['via proxy', [`127.0.0.1:${server.port}`]]);
  });

  it('connects directly to hosts listed in NO_PROXY', async () => {
    server = await startServer((_req, res) => res.end('direct'));
    proxy = await startTunnelProxy();
    client = testClient({ env: { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' } });
    const response = await client.get(`${server.origin}/`, { signal: never() });
    expect([(await readAll(response.body)).toString(), proxy.tunnels]).toEqual(['direct', []]);
  });

  it('resolves the target itself and refuses a private one, since the proxy hides the connect-time address', async () => {
    server = await startServer((_req, res) => res.end('should not be reached'));
    proxy = await startTunnelProxy();
    client = testClient({ allowPrivateNetworks: false, env: { HTTP_PROXY: proxy.url }, lookup: mapHosts({ 'public.example': '127.0.0.1' }) });
    const error = await client.get(`http://public.example:${server.port}/`, { signal: never() }).catch((e: unknown) => e);
    expect([error, proxy.tunnels, server.requests.length]).toEqual([
      expect.objectContaining({ code: 'SS_ERR_FETCH_PRIVATE_ADDRESS', address: '127.0.0.1' }),
      [],
      0,
    ]);
  });
});
