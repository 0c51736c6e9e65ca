// node bench/pipeline-bench.js   (npm run bench:pipeline builds first; npm run bench runs it after the parser bench)
// The crawl's write path end to end, one Markdown section on stdout, progress on stderr:
//   1. a site on 127.0.0.1 (robots.txt → sitemap index → FILES gzipped urlsets of URLS_PER_FILE URLs each, with
//      lastmod/changefreq/priority), generated deterministically and served from memory;
//   2. the floor: `psql \copy` of the same rows into a table shaped like `pages` (its columns, its primary key and
//      its UNIQUE (domain_id, url)) in a fresh PostgreSQL database;
//   3. `node bin/sitescout.js crawl` of that site as a child process into a fresh PostgreSQL database
//      (DATABASE_URL), then into PGlite (--data-dir in a temp dir): wall time, the child's peak RSS, and the page
//      count in the database afterwards (a crawl that loses rows fails);
//   4. the goals: PostgreSQL ≥ 0.5× the \copy rate of this same run, peak RSS < 200 MB.
// env: BENCH_PG_URL (a PostgreSQL server to create the temp databases on; default
//      postgres://root@127.0.0.1:5432/postgres, its database part is only the one to connect to for CREATE DATABASE),
//      PIPELINE_FILES (20), PIPELINE_URLS_PER_FILE (50000), PIPELINE_WORKERS (2), PIPELINE_ENGINES ("postgres pglite"),
//      PIPELINE_CRAWL_ARGS (extra crawl flags, split on spaces), BENCH_KEEP_DB=1 (keep the temp databases),
//      PIPELINE_BASELINE_CLI (another build's bin/sitescout.js, e.g. of an older commit: crawled into PostgreSQL too,
//      first, as one more row, so a change is compared with what it replaced within one run).
// Exit status 1 when a crawl failed or lost rows; a goal not met is reported, not an error.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { cell, fmt, intEnv } from './markdown-cells.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = process.env.TMPDIR || '/tmp';
const cli = join(repo, 'bin', 'sitescout.js');
const preload = join(repo, 'bench', 'peak-rss-preload.js');
const FILES = intEnv('PIPELINE_FILES', 20);
const URLS_PER_FILE = intEnv('PIPELINE_URLS_PER_FILE', 50_000);
const WORKERS = intEnv('PIPELINE_WORKERS', 2);
const ENGINES = (process.env.PIPELINE_ENGINES || 'postgres pglite').split(/\s+/).filter(Boolean);
const BASELINE_CLI = process.env.PIPELINE_BASELINE_CLI ? resolve(process.env.PIPELINE_BASELINE_CLI) : null;
const EXTRA_ARGS = (process.env.PIPELINE_CRAWL_ARGS || '').split(/\s+/).filter(Boolean);
const ROWS = FILES * URLS_PER_FILE;
const ADMIN_URL = process.env.BENCH_PG_URL || 'postgres://root@127.0.0.1:5432/postgres';
const RSS_CAP_MB = 200;
const RATIO_GOAL = 0.5;
const CRAWL_TIMEOUT_MS = 30 * 60 * 1000;
const DOMAIN_BUDGET_MS = 60 * 60 * 1000;

const log = (s) => process.stderr.write(`[pipeline] ${s}\n`);

// The Node flags the CLI runs with when started as a command: its shebang's.
const cliNodeFlags = (bin = cli) => readFileSync(bin, 'utf8').split('\n', 1)[0].replace(/^#!.*?\bnode\b/, '').trim().split(/\s+/).filter(Boolean);

// ---------------------------------------------------------------------------------------------------------------
// The site: deterministic URLs (a small LCG, so every run and every engine sees the same bytes).

const WORDS = ('alpine amber anchor apple arrow aspen atlas autumn azure badge banner basil beacon birch bison blaze ' +
  'bloom bolt breeze bridge bronze brook cabin cactus canyon cedar chalk cherry cinder citrus clover cobalt comet ' +
  'coral cotton crane crest crystal cypress dawn delta desert dune eagle echo ember falcon fern fjord flint forest ' +
  'frost garnet glacier granite harbor hazel heron hollow indigo iris ivory jade jasper juniper kelp lagoon lantern ' +
  'lark lava lemon linen lotus lunar maple marble meadow mesa mint mist moss nectar north oak ocean olive onyx orbit ' +
  'orchid pearl pebble pine plume prairie quartz rain raven reef ridge river robin saffron sage sand slate spruce ' +
  'storm summit thistle thunder timber topaz tulip valley velvet willow').split(' ');
const SECTIONS = [
  { path: 'products', changefreq: 'daily', priority: '0.8' },
  { path: 'category', changefreq: 'weekly', priority: '0.6' },
  { path: 'blog', changefreq: 'monthly', priority: '0.5' },
  { path: 'tag', changefreq: 'weekly', priority: '0.3' },
  { path: 'docs', changefreq: 'yearly', priority: '0.4' },
];
const BASE_TIME = Date.UTC(2023, 0, 1);

/** The n-th page (0-based) of the site: its path, lastmod, changefreq and priority. */
function page(n) {
  let x = (n * 2654435761 + 12345) >>> 0;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  const section = SECTIONS[n % SECTIONS.length];
  const slug = `${WORDS[next() % WORDS.length]}-${WORDS[next() % WORDS.length]}-${WORDS[next() % WORDS.length]}`;
  const year = 2019 + (next() % 6);
  const path = section.path === 'blog' ? `blog/${year}/${String(1 + (next() % 12)).padStart(2, '0')}/${slug}-${n}`
    : section.path === 'products' ? `products/${WORDS[next() % WORDS.length]}/${slug}-${n}.html`
      : `${section.path}/${slug}-${n}`;
  const lastmod = new Date(BASE_TIME + (next() % (700 * 86_400)) * 1000).toISOString().replace('.000Z', '+00:00');
  return { path, lastmod, changefreq: section.changefreq, priority: section.priority };
}

const xmlFile = (origin, file) => {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'];
  for (let i = 0; i < URLS_PER_FILE; i++) {
    const p = page(file * URLS_PER_FILE + i);
    parts.push(`  <url>\n    <loc>${origin}/${p.path}</loc>\n    <lastmod>${p.lastmod}</lastmod>\n    <changefreq>${p.changefreq}</changefreq>\n    <priority>${p.priority}</priority>\n  </url>\n`);
  }
  parts.push('</urlset>\n');
  return parts.join('');
};
const fileName = (file) => `/sitemaps/pages-${String(file + 1).padStart(2, '0')}.xml.gz`;

async function startSite() {
  const files = new Map();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = files.get(path);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = path.endsWith('.gz') ? 'application/gzip' : path.endsWith('.txt') ? 'text/plain' : path.endsWith('/') ? 'text/html' : 'application/xml';
    res.writeHead(200, { 'content-type': type, 'content-length': body.length }).end(body);
  });
  // Node closes a keep-alive connection 5 s after a response was handed to the kernel, and undici leaves the bytes
  // its consumer has not asked for yet unparsed in the socket: a crawler whose parser waits on the database with a
  // ~1 MB file still in its socket loses the file's tail ("other side closed"). Real servers' idle timeouts are
  // longer (nginx: 75 s), so the fixture waits for the client to close.
  server.keepAliveTimeout = 0;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${server.address().port}`;
  let compressed = 0, uncompressed = 0;
  for (let f = 0; f < FILES; f++) {
    const xml = xmlFile(origin, f);
    const gz = gzipSync(xml);
    uncompressed += Buffer.byteLength(xml);
    compressed += gz.length;
    files.set(fileName(f), gz);
  }
  const index = ['<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'];
  for (let f = 0; f < FILES; f++) index.push(`  <sitemap><loc>${origin}${fileName(f)}</loc><lastmod>2024-06-01T00:00:00+00:00</lastmod></sitemap>\n`);
  index.push('</sitemapindex>\n');
  files.set('/sitemap_index.xml', Buffer.from(index.join('')));
  files.set('/robots.txt', Buffer.from(`User-agent: *\nAllow: /\n\nSitemap: ${origin}/sitemap_index.xml\n`));
  files.set('/', Buffer.from('<!doctype html><title>bench shop</title><h1>bench shop</h1>'));
  return { origin, server, compressed, uncompressed, close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }) };
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL: temp databases, psql.

const admin = new URL(ADMIN_URL);
const dbUrl = (name) => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

function psql(url, args, input) {
  const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-tA', ...args], { encoding: 'utf8', input, maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`psql ${args.join(' ')}: ${r.error?.message ?? r.stderr.trim()}`);
  return r.stdout.trim();
}

const created = [];
function createDatabase(label) {
  const name = `sitescout_pipebench_${label}_${process.pid}_${Date.now().toString(36)}`;
  psql(admin.toString(), ['-c', `CREATE DATABASE ${name}`]);
  created.push(name);
  return name;
}
function dropDatabases() {
  if (process.env.BENCH_KEEP_DB === '1') {
    if (created.length > 0) log(`kept databases: ${created.join(' ')}`);
    return;
  }
  for (const name of created.splice(0)) {
    try {
      psql(admin.toString(), ['-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
    } catch (e) {
      log(`could not drop ${name}: ${e.message}`);
    }
  }
}

/** `psql \copy` of every row of the site into a table shaped like pages, timed around psql alone (the rows are on disk first). */
async function measureCopy(origin, scratch) {
  const { classifyPageType } = await import(pathToFileURL(join(repo, 'dist', 'analysis', 'index.js')).href);
  const file = join(scratch, 'pages.tsv');
  const out = createWriteStream(file);
  for (let f = 0; f < FILES; f++) {
    const lines = [];
    for (let i = 0; i < URLS_PER_FILE; i++) {
      const p = page(f * URLS_PER_FILE + i);
      const url = `${origin}/${p.path}`;
      // domain_id, url, lastmod, changefreq, priority, page_type, image/video/news/alternate counts,
      // sitemap_file_id, last_crawl_run_id, first_crawl_run_id: what the crawl writes per page
      lines.push(`1\t${url}\t${p.lastmod}\t${p.changefreq}\t${p.priority}\t${classifyPageType(url)}\t0\t0\t0\t0\t${f + 1}\t1\t1\n`);
    }
    if (!out.write(lines.join(''))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');

  const name = createDatabase('copy');
  const url = dbUrl(name);
  // The pages table as the migrations make it, then a copy of its shape with only its primary key and unique key.
  migrate(url);
  psql(url, ['-c', 'CREATE TABLE copy_pages (LIKE pages INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS); ' +
    'ALTER TABLE copy_pages ADD PRIMARY KEY (id), ADD UNIQUE (domain_id, url);']);
  const columns = 'domain_id, url, lastmod, changefreq, priority, page_type, image_count, video_count, news_count, alternate_count, sitemap_file_id, last_crawl_run_id, first_crawl_run_id';
  const t0 = performance.now();
  psql(url, ['-c', `\\copy copy_pages (${columns}) FROM '${file}'`]);
  const seconds = (performance.now() - t0) / 1000;
  const rows = Number(psql(url, ['-c', 'SELECT count(*) FROM copy_pages']));
  rmSync(file, { force: true });
  return { engine: 'PostgreSQL `psql \\copy` (floor)', rows, seconds, peakMB: null, error: rows === ROWS ? null : `${fmt(rows)} rows after \\copy` };
}

function migrate(url) {
  const r = spawnSync(process.execPath, [cli, 'migrate', 'up'], { env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sitescout migrate: ${r.stderr.trim() || r.stdout.trim()}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The crawl as a child process.

async function runCrawl(origin, target, scratch) {
  const report = join(scratch, `peak-${target.engine}`);
  const bin = target.cli ?? cli;
  const args = [...cliNodeFlags(bin), '--import', pathToFileURL(preload).href, bin, 'crawl', `${origin}/`, '--allow-private',
    '--politeness-delay-ms', '0', '--well-known', 'never', '--workers', String(WORKERS), '--json',
    // The domain's time budget (5 min by default) would cut a crawl short on a slow or busy machine: this measures
    // the write path, so every crawl gets an hour.
    '--domain-budget-ms', String(DOMAIN_BUDGET_MS), ...target.args, ...EXTRA_ARGS];
  const env = { ...process.env, ...target.env, SITESCOUT_BENCH_PEAK_FILE: report };
  if (target.engine === 'pglite') delete env.DATABASE_URL;
  log(`crawl into ${target.engine}: node ${args.slice(args.indexOf(bin)).join(' ')}`);
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: CRAWL_TIMEOUT_MS, killSignal: 'SIGKILL' });
  let stdout = '', stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s) => { stdout += s; });
  child.stderr.setEncoding('utf8').on('data', (s) => { stderr = (stderr + s).slice(-4000); });
  const [code, signal] = await once(child, 'close');
  const seconds = (performance.now() - t0) / 1000;
  const measured = existsSync(report) ? readFileSync(report, 'utf8').trim().split(' ').map(Number) : null;
  let error = code === 0 ? null : `exit ${code ?? signal}: ${stderr.trim().split('\n').pop() ?? ''}`;
  let summary = null;
  try {
    summary = JSON.parse(stdout)[0] ?? null;
  } catch {
    error ??= `no JSON summary: ${stdout.slice(0, 200)}`;
  }
  const rows = await target.count();
  if (error === null && rows !== ROWS) {
    const files = await target.fileErrors();
    error = `${fmt(rows)} pages in the database, ${fmt(ROWS)} expected (run: ${summary?.outcome ?? summary?.status}, ` +
      `${summary?.errors} file errors${files.length ? `: ${files.slice(0, 3).join('; ')}` : ''})`;
  }
  if (error === null && summary?.pages?.new !== ROWS) error = `the run counted ${summary?.pages?.new} new pages, ${fmt(ROWS)} expected`;
  return {
    engine: target.label, rows, seconds, error,
    peakMB: measured ? (measured[0] * 1024) / 1e6 : null, cpuS: measured ? measured[1] + measured[2] : null,
  };
}

function postgresTarget(baseline = null) {
  const name = createDatabase(baseline === null ? 'crawl' : 'base');
  const url = dbUrl(name);
  return {
    engine: 'postgres', cli: baseline, args: [], env: { DATABASE_URL: url },
    label: `${baseline === null ? 'sitescout' : `baseline (${baseline})`} crawl → PostgreSQL (--workers ${WORKERS})`,
    count: async () => Number(psql(url, ['-c', 'SELECT count(*) FROM pages'])),
    fileErrors: async () => psql(url, ['-c', FILE_ERRORS_SQL]).split('\n').filter(Boolean),
  };
}

// Why a crawl came back short: the files of the run that ended in an error.
const FILE_ERRORS_SQL = "SELECT url || ': ' || state || ' ' || coalesce(error_code, '') || ' ' || coalesce(error_message, '') || ' (attempts ' || attempts || ')' FROM crawl_run_files WHERE error_code IS NOT NULL OR state <> 'read' ORDER BY url";

async function pgliteQuery(dataDir, sql) {
  const { openDatabase } = await import(pathToFileURL(join(repo, 'dist', 'db', 'index.js')).href);
  const db = await openDatabase({ dataDir, migrate: false });
  try {
    return (await db.query(sql)).rows;
  } finally {
    await db.close();
  }
}

function pgliteTarget(scratch) {
  const dataDir = join(scratch, 'pglite');
  return {
    engine: 'pglite', label: `sitescout crawl → PGlite (--workers ${WORKERS})`, args: ['--data-dir', dataDir], env: {},
    count: async () => Number((await pgliteQuery(dataDir, 'SELECT count(*)::int AS n FROM pages'))[0].n),
    fileErrors: async () => (await pgliteQuery(dataDir, FILE_ERRORS_SQL)).map((r) => Object.values(r).join('|')),
  };
}

// ---------------------------------------------------------------------------------------------------------------

function table(copy, results) {
  const out = [
    '| engine | rows | seconds | rows/s | ratio to \\copy | crawl CPU s | peak RSS MB | goal met |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const copyRate = copy && !copy.error ? copy.rows / copy.seconds : null;
  out.push(`| ${copy.engine} | ${fmt(copy.rows)} | ${fmt(copy.seconds, 1)} | ${copy.error ? '—' : fmt(copyRate)} | 1.00× | — | — | ${copy.error ? cell(`failed: ${copy.error}`) : '(floor)'} |`);
  for (const r of results) {
    const rate = r.rows / r.seconds;
    const ratio = copyRate && !r.error ? rate / copyRate : null;
    let goal;
    if (r.error) goal = `**no**: ${cell(r.error)}`;
    else if (r.engine.includes('PostgreSQL')) {
      const ok = ratio >= RATIO_GOAL && r.peakMB !== null && r.peakMB < RSS_CAP_MB;
      goal = ok ? 'yes' : `**no** (≥ ${RATIO_GOAL}× and < ${RSS_CAP_MB} MB)`;
    } else goal = r.peakMB !== null && r.peakMB < RSS_CAP_MB ? 'rate reported; RSS < 200 MB yes' : `rate reported; RSS < ${RSS_CAP_MB} MB **no**`;
    out.push(`| ${r.engine} | ${fmt(r.rows)} | ${fmt(r.seconds, 1)} | ${r.error ? '—' : fmt(rate)} | ${ratio === null ? '—' : `${fmt(ratio, 2)}×`} | ` +
      `${r.cpuS == null ? '—' : fmt(r.cpuS, 1)} | ${r.peakMB === null ? '—' : fmt(r.peakMB, 1)} | ${goal} |`);
  }
  return out.join('\n');
}

export async function runPipelineBench() {
  const started = new Date();
  if (!existsSync(join(repo, 'dist', 'cli', 'index.js'))) throw new Error('dist/ is missing: npm run build');
  const scratch = mkdtempSync(join(tmp, 'sitescout-pipebench-'));
  let site = null;
  try {
    log(`generating the site: ${FILES} gzipped urlsets × ${fmt(URLS_PER_FILE)} URLs`);
    site = await startSite();
    log(`site at ${site.origin}: ${fmt(site.compressed / 1e6, 1)} MB gzipped, ${fmt(site.uncompressed / 1e6, 1)} MB of XML`);
    log('psql \\copy of the same rows');
    const copy = await measureCopy(site.origin, scratch);
    log(`\\copy: ${fmt(copy.seconds, 1)} s`);
    const results = [];
    if (BASELINE_CLI !== null) {
      const r = await runCrawl(site.origin, postgresTarget(BASELINE_CLI), scratch);
      log(`${r.engine}: ${fmt(r.rows)} rows in ${fmt(r.seconds, 1)} s${r.error ? `, FAILED: ${r.error}` : ''}`);
      results.push(r);
    }
    for (const engine of ENGINES) {
      const target = engine === 'postgres' ? postgresTarget() : engine === 'pglite' ? pgliteTarget(scratch) : null;
      if (target === null) throw new Error(`PIPELINE_ENGINES: unknown engine ${engine} (postgres, pglite)`);
      const r = await runCrawl(site.origin, target, scratch);
      log(`${r.engine}: ${fmt(r.rows)} rows in ${fmt(r.seconds, 1)} s, peak RSS ${r.peakMB === null ? '?' : fmt(r.peakMB, 1)} MB${r.error ? `, FAILED: ${r.error}` : ''}`);
      results.push(r);
    }
    const cpu = cpus();
    const markdown = [
      '## Crawl pipeline into the database',
      `${started.toISOString()} · Node ${process.version} · ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} · load average at the end ` +
        `${loadavg().map((l) => l.toFixed(2)).join(' ')} · PostgreSQL ${psql(admin.toString(), ['-c', 'SHOW server_version'])}.`,
      `A site on 127.0.0.1 (robots.txt → sitemap index → ${FILES} gzipped urlsets of ${fmt(URLS_PER_FILE)} URLs, ` +
        `${fmt(site.compressed / 1e6, 1)} MB gzipped, ${fmt(site.uncompressed / 1e6, 1)} MB of XML), crawled by ` +
        `\`node bin/sitescout.js crawl <site> --allow-private --politeness-delay-ms 0 --well-known never --workers ${WORKERS} --domain-budget-ms ${DOMAIN_BUDGET_MS}${EXTRA_ARGS.length ? ` ${EXTRA_ARGS.join(' ')}` : ''}\` ` +
        'in a child process (seconds: the whole command, start to exit, migrations and pg-boss included; peak RSS: its VmHWM, ' +
        'bench/peak-rss-preload.js). The floor is `psql \\copy` of the same rows from a file into a table with pages\'s columns, ' +
        'its primary key and its UNIQUE (domain_id, url), in a fresh database of the same server, in the same run. ' +
        'Every crawl must leave exactly that many pages (and count them new). MB = 10^6 bytes.',
      table(copy, results),
      `Goal (PostgreSQL): ≥ ${RATIO_GOAL}× the \\copy rows/s and peak RSS < ${RSS_CAP_MB} MB. PGlite: the rate is reported.`,
    ].join('\n\n');
    return { markdown, failed: [copy, ...results].some((r) => r.error) };
  } finally {
    await site?.close();
    dropDatabases();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runPipelineBench().then(({ markdown, failed }) => {
    console.log(markdown);
    if (failed) process.exitCode = 1;
  }, (e) => {
    console.error(`pipeline-bench: ${e.stack ?? e.message}`);
    dropDatabases();
    process.exit(1);
  });
}
