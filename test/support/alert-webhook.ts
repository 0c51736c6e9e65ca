import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A webhook on 127.0.0.1 that records the JSON bodies POSTed to it. */
export async function alertWebhook(): Promise<{ url: string; bodies: Array<{ event: string; rssBytes: number }>; close: () => Promise<void> }> {
  const bodies: Array<{ event: string; rssBytes: number }> = [];
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      bodies.push(JSON.parse(text) as { event: string; rssBytes: number });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/alert`, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
