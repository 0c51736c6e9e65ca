// Serves the demo sites of demo/sites/ on 127.0.0.1 (port 0 unless given), one folder per site, chosen by the Host
// header as a real server would: northwind-outfitters.com (a shop: sitemap index, gzip, RSS, news, text sitemap,
// contact pages), studio-nordlicht.de (a Yoast-style WordPress agency site in German) and harbourbakery.co.uk (no
// sitemap at all: only a home page that links its contact page). Any other Host (127.0.0.1) gets the shop.
// Clients reach a site as http://<name>:<port>/ with the name pinned to 127.0.0.1 (`--resolve name:127.0.0.1`).
// The files name their site https://shop.example; it is replaced by the origin the request came to (gzip files
// too), so every loc and link points back at the demo. Some files are served with the wrong content type on
// purpose, as real sites do: sitescout sniffs content.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const sitesDir = fileURLToPath(new URL('./sites/', import.meta.url));
export const DEMO_SITES = readdirSync(sitesDir).sort();
const DEFAULT_SITE = 'northwind-outfitters.com';
const TYPES = { '.xml': 'application/xml', '.txt': 'text/plain', '.gz': 'text/html', '.html': 'text/html; charset=utf-8' };

function sizeOf(file) {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.size : -1;
  } catch {
    return -1;
  }
}

/** The file a path names: the file itself, else <path>.html, else <path>/index.html. */
function resolveFile(root, path) {
  const base = join(root, path);
  if (!base.startsWith(root)) return null;
  for (const candidate of path.endsWith('/') ? [join(base, 'index.html')] : [base, `${base}.html`, join(base, 'index.html')]) {
    if (sizeOf(candidate) >= 0) return candidate;
  }
  return null;
}

export function startDemoSite(port = 0) {
  const server = createServer((req, res) => {
    const hostHeader = req.headers.host ?? '';
    const name = hostHeader.replace(/:\d+$/, '').toLowerCase();
    const root = join(sitesDir, DEMO_SITES.includes(name) ? name : DEFAULT_SITE) + '/';
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = resolveFile(root, path);
    if (file === null) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body><h1>Not found</h1></body></html>');
      return;
    }
    const origin = `http://${hostHeader || `127.0.0.1:${server.address().port}`}`;
    const raw = readFileSync(file);
    const gz = raw[0] === 0x1f && raw[1] === 0x8b;
    const text = (gz ? gunzipSync(raw) : raw).toString('utf8').replaceAll('https://shop.example', origin).replaceAll('//shop.example', `//${hostHeader}`);
    const body = gz ? gzipSync(text) : Buffer.from(text);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startDemoSite(Number(process.argv[2] ?? 0));
  const port = server.address().port;
  console.log(`demo sites on 127.0.0.1:${port} (Ctrl-C stops them):`);
  for (const site of DEMO_SITES) console.log(`  http://${site}:${port}/   (sitescout … --resolve ${site}:127.0.0.1 --allow-private)`);
}
