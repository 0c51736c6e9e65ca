// Serves demo/site on 127.0.0.1 (port 0 unless given). Some files are served with the wrong content type on
// purpose, as real sites do: sitescout sniffs content, it does not trust headers.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

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
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': size });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startDemoSite(Number(process.argv[2] ?? 0));
  console.log(`demo site on http://127.0.0.1:${server.address().port}/ (Ctrl-C stops it)`);
}
