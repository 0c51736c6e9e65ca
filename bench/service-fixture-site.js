// node bench/service-fixture-site.js <files> <urlsPerFile>   (started by bench/service-bench.js as a child process)
// A big site on 127.0.0.1 that stays small in memory: robots.txt → /sitemap_index.xml → <files> gzipped urlsets of
// <urlsPerFile> URLs each, every URL with lastmod, changefreq and priority. A urlset is generated when it is asked
// for, deterministically (an LCG seeded by the page number, so every run serves the same bytes), and gzipped as it
// is streamed; the last few gzipped files are kept for a retried request. Prints `origin <url>` on stdout once it
// listens; exits on SIGTERM or when its parent goes away.
import { once } from 'node:events';
import { fstatSync } from 'node:fs';
import http from 'node:http';
import { createGzip } from 'node:zlib';

const FILES = Number(process.argv[2] ?? 200);
const URLS_PER_FILE = Number(process.argv[3] ?? 50_000);
const CACHED_FILES = 4;
const CHUNK_URLS = 500;

const WORDS = ('alpine amber anchor apple arrow aspen atlas autumn azure badge banner basil beacon birch bison blaze ' +
  'bloom bolt breeze bridge bronze brook cabin cactus canyon cedar chalk cherry cinder citrus clover cobalt comet ' +
  'coral cotton crane crest crystal cypress dawn delta desert dune eagle echo ember falcon fern fjord flint forest ' +
  'frost garnet glacier granite harbor hazel heron hollow indigo iris ivory jade jasper juniper kelp lagoon lantern').split(' ');
const SECTIONS = [
  { path: 'products', changefreq: 'daily', priority: '0.8' },
  { path: 'category', changefreq: 'weekly', priority: '0.6' },
  { path: 'blog', changefreq: 'monthly', priority: '0.5' },
  { path: 'tag', changefreq: 'weekly', priority: '0.3' },
  { path: 'docs', changefreq: 'yearly', priority: '0.4' },
];
const BASE_TIME = Date.UTC(2023, 0, 1);

/** The n-th page of the site as a <url> element. */
function urlElement(origin, n) {
  let x = (n * 2654435761 + 12345) >>> 0;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  const section = SECTIONS[n % SECTIONS.length];
  const slug = `${WORDS[next() % WORDS.length]}-${WORDS[next() % WORDS.length]}-${WORDS[next() % WORDS.length]}`;
  const lastmod = new Date(BASE_TIME + (next() % (700 * 86_400)) * 1000).toISOString().replace('.000Z', '+00:00');
  return `  <url>\n    <loc>${origin}/${section.path}/${slug}-${n}</loc>\n    <lastmod>${lastmod}</lastmod>\n    <changefreq>${section.changefreq}</changefreq>\n    <priority>${section.priority}</priority>\n  </url>\n`;
}

const fileName = (file) => `/sitemaps/pages-${String(file + 1).padStart(3, '0')}.xml.gz`;
const fileOf = (path) => {
  const m = /^\/sitemaps\/pages-(\d+)\.xml\.gz$/.exec(path);
  const file = m === null ? -1 : Number(m[1]) - 1;
  return file >= 0 && file < FILES ? file : -1;
};

/** path → gzipped bytes, the most recently served last (a tiny LRU). */
const cache = new Map();
const remember = (path, bytes) => {
  cache.delete(path);
  cache.set(path, bytes);
  while (cache.size > CACHED_FILES) cache.delete(cache.keys().next().value);
};

/** Streams urlset `file` through gzip into `res`, CHUNK_URLS URLs at a time, respecting backpressure. */
async function streamUrlset(origin, file, path, res) {
  const gzip = createGzip();
  const chunks = [];
  gzip.on('data', (chunk) => chunks.push(chunk));
  gzip.pipe(res);
  const write = async (text) => {
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n');
  for (let i = 0; i < URLS_PER_FILE; i += CHUNK_URLS) {
    if (res.destroyed) {
      gzip.destroy();
      return;
    }
    const parts = [];
    for (let k = i; k < Math.min(i + CHUNK_URLS, URLS_PER_FILE); k++) parts.push(urlElement(origin, file * URLS_PER_FILE + k));
    await write(parts.join(''));
  }
  gzip.end('</urlset>\n');
  await once(gzip, 'end');
  remember(path, Buffer.concat(chunks));
}

let origin = '';
const server = http.createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/robots.txt') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`User-agent: *\nAllow: /\n\nSitemap: ${origin}/sitemap_index.xml\n`);
    return;
  }
  if (path === '/sitemap_index.xml') {
    const index = ['<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'];
    for (let f = 0; f < FILES; f++) index.push(`  <sitemap><loc>${origin}${fileName(f)}</loc><lastmod>2024-06-01T00:00:00+00:00</lastmod></sitemap>\n`);
    index.push('</sitemapindex>\n');
    res.writeHead(200, { 'content-type': 'application/xml' }).end(index.join(''));
    return;
  }
  if (path === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench shop</title><h1>bench shop</h1>');
    return;
  }
  const file = fileOf(path);
  if (file < 0) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const cached = cache.get(path);
  if (cached !== undefined) {
    remember(path, cached);
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': cached.length }).end(cached);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/gzip' });
  streamUrlset(origin, file, path, res).catch(() => res.destroy());
});
// The crawler's parser may sit on a half-read response while it waits on the database: never close an idle
// keep-alive connection from this side (see bench/README.md, the pipeline bench's known issue).
server.keepAliveTimeout = 0;
server.listen(0, '127.0.0.1', () => {
  origin = `http://127.0.0.1:${server.address().port}`;
  process.stdout.write(`origin ${origin}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
// Started by the bench, our stdin is a pipe the parent holds: when it goes away (killed, crashed), so do we. Started
// by hand (stdin a terminal or /dev/null), it runs until SIGTERM or Ctrl-C.
if (fstatSync(0).isFIFO()) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
