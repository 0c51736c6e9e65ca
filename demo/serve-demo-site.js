// Serves demo/site on 127.0.0.1 (port 0 unless given). The files name their site https://shop.example; it is
// replaced by the server's own origin as they are served (gzip files too), so every loc points back at the demo.
// Some files are served with the wrong content type on purpose, as real sites do: sitescout sniffs content.
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('./site/', import.meta.url));
const TYPES = { '.xml': 'application/xml', '.txt': 'text/plain', '.gz': 'text/html' };

export function startDemoSite(port = 0) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path);
    let size = -1;
    try {
      size = file.startsWith(root) ? statSync(file).size : -1;
    } catch {
      size = -1;
    }
    if (size < 0 || path.endsWith('/')) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body><h1>Not found</h1></body></html>');
      return;
    }
    const origin = `http://127.0.0.1:${server.address().port}`;
    const raw = readFileSync(file);
    const gz = raw[0] === 0x1f && raw[1] === 0x8b;
    const text = (gz ? gunzipSync(raw) : raw).toString('utf8').replaceAll('https://shop.example', origin);
    const body = gz ? gzipSync(text) : Buffer.from(text);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startDemoSite(Number(process.argv[2] ?? 0));
  console.log(`demo site on http://127.0.0.1:${server.address().port}/ (Ctrl-C stops it)`);
}
