// `npm run demo`: serves the bundled demo site on 127.0.0.1 and reads its sitemaps the way sitescout will in a
// crawl: robots.txt → sitemap index → every child (gzip, RSS, text), streaming, with per-file summaries.
// (The full crawl into the embedded database arrives with the pipeline; this shows the engine it stands on.)
import { request } from 'undici';
import { parseSitemap } from '../dist/index.js';
import { startDemoSite } from './serve-demo-site.js';

const server = await startDemoSite();
const origin = `http://127.0.0.1:${server.address().port}`;
console.log(`demo site serving on ${origin}\n`);

async function open(url) {
  const res = await request(url);
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new Error(`GET ${url}: HTTP ${res.statusCode}`);
  }
  return res.body;
}

try {
  const robots = await (await open(`${origin}/robots.txt`)).text();
  const indexUrls = [...robots.matchAll(/^\s*sitemap:\s*(\S+)/gim)].map((m) => new URL(m[1], `${origin}/`).href);
  console.log(`robots.txt lists ${indexUrls.length} sitemap(s): ${indexUrls.join(', ')}\n`);
  const rows = [];
  const samples = [];
  for (const indexUrl of indexUrls) {
    const index = parseSitemap(await open(indexUrl), { baseUrl: indexUrl });
    const children = [];
    for await (const entry of index) if (entry.type === 'sitemap') children.push(entry.loc);
    rows.push({ url: indexUrl, s: index.summary });
    for (const child of children) {
      const parse = parseSitemap(await open(child), { baseUrl: child });
      let n = 0;
      for await (const entry of parse) if (n++ < 2) samples.push(entry);
      rows.push({ url: child, s: parse.summary });
    }
  }
  const pad = (v, w) => String(v).padEnd(w);
  console.log(`${pad('sitemap', 28)} ${pad('kind', 13)} ${pad('gzip', 5)} ${pad('entries', 8)} ${pad('lastmod', 8)} ${pad('freq', 5)} ${pad('prio', 5)} ${pad('img', 4)} ${pad('video', 6)} ${pad('news', 5)} ${pad('hreflang', 9)} warnings`);
  for (const { url, s } of rows) {
    const entries = s.entries.url + s.entries.sitemap;
    const warnings = Object.entries(s.warnings).map(([k, v]) => `${k}×${v}`).join(' ') || '—';
    console.log(
      `${pad(new URL(url).pathname, 28)} ${pad(s.kind, 13)} ${pad(s.gzipLayers ? 'yes' : 'no', 5)} ${pad(entries, 8)} ${pad(s.fields.lastmod, 8)} ${pad(s.fields.changefreq, 5)} ${pad(s.fields.priority, 5)} ${pad(s.fields.images, 4)} ${pad(s.fields.videos, 6)} ${pad(s.fields.news, 5)} ${pad(s.fields.alternates, 9)} ${warnings}`,
    );
  }
  const pages = rows.reduce((n, r) => n + r.s.entries.url, 0);
  console.log(`\n${pages} page URLs in ${rows.length - indexUrls.length} sitemaps below ${indexUrls.length} index(es). A few entries as the library yields them:\n`);
  for (const entry of samples.slice(0, 4)) console.log(JSON.stringify(entry));
} finally {
  server.close();
}
