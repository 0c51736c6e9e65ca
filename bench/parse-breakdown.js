// node bench/parse-breakdown.js [--dist <dir>] [--runs N] <file.xml>
// Where the parse's time goes, without I/O: the file is read into 64 KiB buffers first (the chunk size of the peer
// harness), then parsed RUNS times each way, in this order, in one process:
//   sync      the tokenizer and the urlset fast path fed synchronously (no async machinery at all);
//   batches   parseSitemap(chunks).batches(): one await per chunk through the stages' async generators;
//   entries   for await over parseSitemap(chunks): the public per-entry iterator on top of that;
//   floor     a stripped-down extractor (one indexOf per tag, the loc cut, one date string, one object, no checks),
//             the lower bound of any parser building the same entries from the same chunk strings.
// Prints CPU ms per run (the first run of each includes JIT warm-up) and the minimum of the later ones.
// Decision record 0015 quotes its numbers. --dist points at another build (default: this repository's dist/).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const file = args.pop();
const flags = {};
while (args.length >= 2 && /^--(dist|runs)$/.test(args[0])) flags[args.shift().slice(2)] = args.shift();
if (!file || file.startsWith('--') || args.length > 0) {
  console.error('usage: node bench/parse-breakdown.js [--dist <dir>] [--runs N] <file.xml>');
  process.exit(2);
}
const dist = flags.dist ? resolve(flags.dist) : join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const runs = Number(flags.runs ?? 3);
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const [{ parseSitemap }, { FastUrlset }, { XmlTokenizer }, { XmlEntryReader }, { EntryCollector }, { resolveSitemapLimits }] =
  await Promise.all(['index.js', 'sitemap/fast-urlset.js', 'sitemap/xml-tokenizer.js', 'sitemap/read-xml-entries.js', 'sitemap/entry-collector.js', 'config.js'].map(load));

const all = readFileSync(file);
const chunks = [];
for (let i = 0; i < all.length; i += 1 << 16) chunks.push(Buffer.from(all.subarray(i, i + (1 << 16))));
const limits = resolveSitemapLimits({});
const summary = () => ({
  kind: null, gzipLayers: 0, encoding: null, bytesRead: 0, bytesDecompressed: 0, entries: { url: 0, sitemap: 0 },
  fields: { lastmod: 0, changefreq: 0, priority: 0, images: 0, videos: 0, news: 0, alternates: 0 }, warnings: {},
  comments: [], stylesheets: [], peakBufferedBytes: 0, error: null, complete: false,
});
const NONE = Object.freeze([]);

const ways = {
  sync() {
    const sink = new EntryCollector(summary(), limits.maxEntriesPerSitemap);
    const tokenizer = new XmlTokenizer(new XmlEntryReader('urlset', sink, null), limits, 0, new FastUrlset(sink, limits.maxTokenBytes));
    let n = 0;
    for (const chunk of chunks) {
      tokenizer.feed(chunk);
      n += sink.drain().length;
    }
    return n;
  },
  async batches() {
    let n = 0;
    for await (const batch of parseSitemap(chunks).batches()) n += batch.length;
    return n;
  },
  async entries() {
    let n = 0;
    for await (const entry of parseSitemap(chunks)) if (entry.loc) n++;
    return n;
  },
  floor() {
    let n = 0;
    for (const buf of chunks) {
      const s = buf.latin1Slice(0, buf.length);
      const out = [];
      for (let i = 0; ;) {
        const l = s.indexOf('<loc>', i);
        const le = l < 0 ? -1 : s.indexOf('<', l + 5);
        const m = le < 0 ? -1 : s.indexOf('<lastmod>', le);
        const me = m < 0 ? -1 : s.indexOf('<', m + 9);
        const c = me < 0 ? -1 : s.indexOf('<changefreq>', me);
        const ce = c < 0 ? -1 : s.indexOf('<', c + 12);
        const p = ce < 0 ? -1 : s.indexOf('<priority>', ce);
        const pe = p < 0 ? -1 : s.indexOf('<', p + 10);
        if (pe < 0) break;
        const d = m + 9;
        const lastmod = String.fromCharCode(buf[d], buf[d + 1], buf[d + 2], buf[d + 3], 45, buf[d + 5], buf[d + 6], 45, buf[d + 8], buf[d + 9],
          84, 48, 48, 58, 48, 48, 58, 48, 48, 46, 48, 48, 48, 90);
        out.push({ type: 'url', loc: s.slice(l + 5, le), lastmod, changefreq: 'daily', priority: 0.5, images: NONE, videos: NONE, news: null, alternates: NONE, invalid: NONE });
        i = pe;
      }
      n += out.length;
    }
    return n;
  },
};

console.log(`${file}: ${all.length} bytes in ${chunks.length} chunks of 64 KiB; ${dist}; CPU ms per run`);
for (const [name, way] of Object.entries(ways)) {
  const cpu = [];
  let entries = 0;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    entries = await way();
    const c = process.cpuUsage(c0);
    cpu.push(Math.round((c.user + c.system) / 1000));
  }
  const later = cpu.length > 1 ? Math.min(...cpu.slice(1)) : cpu[0];
  console.log(`${name.padEnd(8)} ${String(entries).padStart(9)} entries  runs ${cpu.join(' ')}  min after the first ${later}`);
}
