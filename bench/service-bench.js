// node bench/service-bench.js   (npm run bench:service builds first)
// The service under load while it crawls. One Markdown section on stdout, progress on stderr:
//   1. a fixture site in a child process on 127.0.0.1 (bench/service-fixture-site.js): robots.txt → a sitemap index
//      of BENCH_SERVICE_FILES (200) gzipped urlsets of BENCH_SERVICE_URLS_PER_FILE (50,000) URLs with lastmod,
//      changefreq and priority, generated on request and streamed, so the site stays small in memory;
//   2. a fresh PostgreSQL database (CREATE DATABASE on BENCH_PG_URL, dropped at the end);
//   3. `node bin/sitescout.js serve --port 0 --workers N` against it, as a child process, then
//      `sitescout enqueue <site>` against the same DATABASE_URL; the bench waits until the pages table has rows
//      (the crawl is writing pages); before that, /healthz alone for 10 s is the idle baseline;
//   4. autocannon on /healthz and on the read route AT THE SAME TIME for BENCH_SERVICE_SECONDS (60), while the
//      crawl runs: both routes share the process with the workers, as they would in production;
//   5. SIGTERM to the service, which must exit 0; the table: route, requests, req/s, p50, p99, max, errors,
//      non-2xx, pages written during the window (counted in the database), the service's peak RSS (its VmHWM at
//      exit); the event-loop delay from its /metrics; and the goal line. An excerpt of /metrics goes to stderr.
// Goal (issue 6): /healthz p99 < 20 ms and zero errors (transport errors, timeouts, non-2xx) during the crawl.
// Exit status 1 only when something broke (the service or the site died, the crawl never started, the service
// did not exit 0 on SIGTERM); a goal not met is reported, not an error.
//
// env: BENCH_PG_URL (default postgres://root@127.0.0.1:5432/postgres: the server, and the database to connect to for
//      CREATE DATABASE), BENCH_SERVICE_SECONDS (60), BENCH_SERVICE_WORKERS (2: serve --workers),
//      BENCH_SERVICE_CONNECTIONS (10 per route), BENCH_SERVICE_RATE (requests/s per route; default none: closed loop),
//      BENCH_SERVICE_FILES (200), BENCH_SERVICE_URLS_PER_FILE (50000), BENCH_SERVICE_MODE (in-process: serve crawls
//      itself; separate: serve --no-workers beside one `sitescout worker` process),
//      BENCH_SERVICE_READ_PATH (/v1/domains/{domain}/pages?limit=100: the first page of the inventory being written,
//      `{domain}` replaced by the fixture site's domain, URL-encoded; /readyz is a keyless read),
//      BENCH_SERVICE_API_KEY (sent as `Authorization: Bearer <key>` on the read route; when unset the bench
//      creates one with `sitescout keys create --json --name bench-service-<pid>`), BENCH_KEEP_DB=1 (keep the database),
//      BENCH_SERVICE_HEALTHZ_RATE (requests/s on /healthz alone; default: as the read route),
//      BENCH_SERVICE_SITE_NICE (10: the fixture site's nice value; 0 = the service's priority),
//      BENCH_SERVICE_SERVE_ARGS (more `serve` flags, split on spaces, e.g. `--crawl-thread main`),
//      BENCH_SERVICE_CPU_PROFILE (a directory: serve runs with --cpu-prof there, one profile per thread),
//      BENCH_SERVICE_ROUTES (together: both routes at once; one-at-a-time: /healthz alone, then the read route).
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cell, fmt, intEnv } from './markdown-cells.js';

const { fetch } = globalThis;
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = process.env.TMPDIR || '/tmp';
const cli = join(repo, 'bin', 'sitescout.js');
const preload = join(repo, 'bench', 'peak-rss-preload.js');
const fixture = join(repo, 'bench', 'service-fixture-site.js');
const SECONDS = intEnv('BENCH_SERVICE_SECONDS', 60);
const WORKERS = intEnv('BENCH_SERVICE_WORKERS', 2);
// in-process: `serve --workers N` crawls in the process that answers HTTP (the default, what the goal is about);
// separate: `serve --no-workers` answers HTTP and one `sitescout worker --workers N` process crawls.
const MODE = process.env.BENCH_SERVICE_MODE || 'in-process';
if (MODE !== 'in-process' && MODE !== 'separate') throw new Error(`BENCH_SERVICE_MODE=${MODE}: expected in-process or separate`);
const CONNECTIONS = intEnv('BENCH_SERVICE_CONNECTIONS', 10);
// Requests per second per route, all connections together; 0 = closed loop, each connection sends the next request
// as soon as the last one is answered (as fast as the service goes).
const RATE = process.env.BENCH_SERVICE_RATE ? intEnv('BENCH_SERVICE_RATE', 0) : 0;
// /healthz's own rate (requests/s, all connections together), over BENCH_SERVICE_RATE: a probe-like load beside a
// closed-loop read route.
const HEALTHZ_RATE = process.env.BENCH_SERVICE_HEALTHZ_RATE ? intEnv('BENCH_SERVICE_HEALTHZ_RATE', 0) : 0;
// The fixture site stands in for the sites on the internet, whose CPU is not the service's: it runs at this nice
// value so that on a small machine it takes the CPU the service and its database leave (0: the same priority).
const SITE_NICE = (() => {
  const v = process.env.BENCH_SERVICE_SITE_NICE;
  if (v === undefined || v === '') return 10;
  if (!/^\d+$/.test(v) || Number(v) > 19) throw new Error(`BENCH_SERVICE_SITE_NICE=${v}: expected an integer from 0 to 19`);
  return Number(v);
})();
const SERVE_ARGS = (process.env.BENCH_SERVICE_SERVE_ARGS ?? '').split(/\s+/).filter(Boolean);
const CPU_PROFILE_DIR = process.env.BENCH_SERVICE_CPU_PROFILE ?? '';
// together (default): both routes under load at once; one-at-a-time: /healthz alone, then the read route alone,
// both during the crawl (the window is twice as long).
const ROUTES = process.env.BENCH_SERVICE_ROUTES || 'together';
if (ROUTES !== 'together' && ROUTES !== 'one-at-a-time') throw new Error(`BENCH_SERVICE_ROUTES=${ROUTES}: expected together or one-at-a-time`);
const ROUTES_AT_ONCE = ROUTES === 'together';
const FILES = intEnv('BENCH_SERVICE_FILES', 200);
const URLS_PER_FILE = intEnv('BENCH_SERVICE_URLS_PER_FILE', 50_000);
const READ_PATH = process.env.BENCH_SERVICE_READ_PATH || '/v1/domains/{domain}/pages?limit=100';
const ADMIN_URL = process.env.BENCH_PG_URL || 'postgres://root@127.0.0.1:5432/postgres';
const GOAL_P99_MS = 20;
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 5_000;
const BASELINE_SECONDS = Math.min(10, SECONDS);

const benchStarted = Date.now();
const log = (s) => process.stderr.write(`[service ${((Date.now() - benchStarted) / 1000).toFixed(1)} s] ${s}\n`);

class Broke extends Error {}

// The Node flags the CLI runs with when started as a command: its shebang's.
const cliNodeFlags = () => readFileSync(cli, 'utf8').split('\n', 1)[0].replace(/^#!.*?\bnode\b/, '').trim().split(/\s+/).filter(Boolean);

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL: one temp database.

const dbUrl = (name) => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
};
function psql(url, sql) {
  const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-tA', '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Broke(`psql -c ${JSON.stringify(sql)}: ${r.error?.message ?? r.stderr.trim()}`);
  return r.stdout.trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes.

/** Starts a child; resolves its first stdout line matching `pattern` (or rejects when it exits first). */
function startChild(label, command, args, { env, pattern, logFile }) {
  // pattern undefined: ready at once (a process that prints nothing when it has started).
  const child = spawn(command, args, { cwd: repo, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let exit = null;
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => {
    exit = { code, signal };
    resolveExit(exit);
  }));
  if (logFile !== undefined) child.stderr.pipe(createWriteStream(logFile));
  else child.stderr.resume();
  child.stdout.setEncoding('utf8');
  const ready = pattern === undefined ? Promise.resolve('') : new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Broke(`${label} did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    child.stdout.on('data', (s) => {
      out += s;
      const m = pattern.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolveReady(m[1]);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Broke(`${label} exited (${code ?? signal}) before it was ready`));
    });
  });
  return { child, ready, exited, get exit() { return exit; } };
}

/** `workersRun` of serve's 'service started' log line ('main thread', 'crawl thread 1 (nice 10)'), or '?'. */
const workersRunOf = (file) => {
  const line = existsSync(file) ? readFileSync(file, 'utf8').split('\n').find((l) => l.includes('"service started"')) : undefined;
  return line === undefined ? '?' : (JSON.parse(line).workersRun ?? '?');
};

const tail = (file, lines = 30) => (existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no log)');

/** The first number of a metric line in the exposition text, or null. */
const metricValue = (text, name) => {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m === null ? null : Number(m[1]);
};

async function scrape(base, headers = {}) {
  const res = await fetch(`${base}/metrics`, { headers });
  if (!res.ok) throw new Broke(`/metrics answered ${res.status}`);
  return res.text();
}

/** A key for the read route: BENCH_SERVICE_API_KEY, else one made with `sitescout keys create` when it exists. */
function apiKey(env) {
  if (process.env.BENCH_SERVICE_API_KEY) return { key: process.env.BENCH_SERVICE_API_KEY, source: 'BENCH_SERVICE_API_KEY' };
  const made = spawnSync(process.execPath, [cli, 'keys', 'create', '--json', '--name', `bench-service-${process.pid}`], { env, encoding: 'utf8' });
  if (made.status !== 0) throw new Broke(`sitescout keys create exited ${made.status}: ${made.stderr.trim()}`);
  const { key } = JSON.parse(made.stdout);
  if (typeof key !== 'string' || key === '') throw new Broke('sitescout keys create --json printed no key');
  return { key, source: '`sitescout keys create`' };
}

function cannon(url, headers, seconds = SECONDS, rate = RATE) {
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, headers, timeout: 10, ...(rate > 0 ? { overallRate: rate } : {}) });
}

/** A table row from an autocannon result. */
const row = (route, res) => ({
  route,
  requests: res.requests.total,
  rps: res.requests.total / res.duration,
  p50: res.latency.p50,
  p99: res.latency.p99,
  max: res.latency.max,
  errors: res.errors,
  timeouts: res.timeouts,
  non2xx: res.non2xx,
});

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const scratch = mkdtempSync(join(tmp, 'sitescout-servicebench-'));
  const name = `sitescout_servicebench_${process.pid}_${Date.now().toString(36)}`;
  const serveLog = join(scratch, 'serve.log');
  const peakFile = join(scratch, 'peak');
  let site = null;
  let serve = null;
  let worker = null;
  const workerLog = join(scratch, 'worker.log');
  const workerPeakFile = join(scratch, 'worker-peak');
  let created = false;
  const loads = [];
  let failed = true;
  try {
    log(`${FILES} urlsets × ${fmt(URLS_PER_FILE)} URLs; ${SECONDS} s of load per route, ${CONNECTIONS} connections each, both at once; read route ${READ_PATH}`);
    site = startChild('the fixture site', SITE_NICE > 0 ? 'nice' : process.execPath, [...(SITE_NICE > 0 ? ['-n', String(SITE_NICE), process.execPath] : []), fixture, String(FILES), String(URLS_PER_FILE)], { env: process.env, pattern: /^origin (\S+)$/m });
    const origin = await site.ready;
    const domain = new URL(origin).host;
    log(`site at ${origin}`);

    psql(ADMIN_URL, `CREATE DATABASE ${name}`);
    created = true;
    const env = { ...process.env, DATABASE_URL: dbUrl(name), SITESCOUT_LOG_LEVEL: process.env.SITESCOUT_LOG_LEVEL || 'warn', SITESCOUT_BENCH_PEAK_FILE: peakFile };
    // Where serve's workers run, from its 'service started' line (logged at info, so serve logs at info at least).
    const serveEnv = { ...env, SITESCOUT_LOG_LEVEL: process.env.SITESCOUT_LOG_LEVEL === 'debug' ? 'debug' : 'info' };
    const crawlFlags = ['--allow-private', '--politeness-delay-ms', '0', '--well-known', 'never', '--domain-budget-ms', String(3_600_000), '--shutdown-timeout-ms', String(SHUTDOWN_TIMEOUT_MS)];
    serve = startChild('sitescout serve', process.execPath, [
      ...cliNodeFlags(), ...(CPU_PROFILE_DIR === '' ? [] : ['--cpu-prof', '--cpu-prof-dir', CPU_PROFILE_DIR]), '--import', pathToFileURL(preload).href, cli, 'serve', ...SERVE_ARGS, '--port', '0', '--host', '127.0.0.1',
      ...(MODE === 'separate' ? ['--no-workers'] : ['--workers', String(WORKERS)]), ...crawlFlags,
    ], { env: serveEnv, pattern: /^listening on (\S+)$/m, logFile: serveLog });
    const base = await serve.ready;
    log(`service at ${base} (pid ${serve.child.pid}, log ${serveLog})`);

    const auth = apiKey(env);
    const readHeaders = auth.key === null ? {} : { authorization: `Bearer ${auth.key}` };
    const readPath = READ_PATH.replaceAll('{domain}', encodeURIComponent(domain));
    const probe = await fetch(`${base}${readPath}`, { headers: readHeaders });
    log(`read route ${readPath}: ${probe.status} before the crawl (key: ${auth.source})`);
    await probe.arrayBuffer();

    // The same load on /healthz alone before the crawl: what the machine allows when the service is idle.
    log(`baseline: /healthz for ${BASELINE_SECONDS} s before the crawl`);
    const baseline = row('/healthz, idle, before the crawl', await cannon(`${base}/healthz`, {}, BASELINE_SECONDS));

    if (MODE === 'separate') {
      worker = startChild('sitescout worker', process.execPath, [...cliNodeFlags(), '--import', pathToFileURL(preload).href, cli, 'worker', '--workers', String(WORKERS), ...crawlFlags], {
        env: { ...env, SITESCOUT_BENCH_PEAK_FILE: workerPeakFile },
        logFile: workerLog,
      });
      log(`worker started (pid ${worker.child.pid}, log ${workerLog})`);
    }
    const died = () => [serve, worker].find((c) => c !== null && c.exit !== null);
    const pagesInDatabase = () => Number(psql(dbUrl(name), 'SELECT count(*) FROM pages'));

    const enqueue = spawnSync(process.execPath, [cli, 'enqueue', domain], { env, encoding: 'utf8' });
    if (enqueue.status !== 0) throw new Broke(`sitescout enqueue exited ${enqueue.status}: ${enqueue.stderr.trim()}`);
    const waitStarted = Date.now();
    let before = 0;
    while ((before = pagesInDatabase()) === 0) {
      if (died() !== undefined) throw new Broke(`a process exited (${JSON.stringify(died().exit)}) before the crawl wrote a page`);
      if (Date.now() - waitStarted > START_TIMEOUT_MS) throw new Broke(`no page written within ${START_TIMEOUT_MS} ms of the enqueue`);
      await sleep(250);
    }
    log(`the crawl is writing pages (${fmt(before)} so far, ${Date.now() - waitStarted} ms after the enqueue); load for ${SECONDS} s`);

    const windowStarted = Date.now();
    const loadAvgBefore = loadavg()[0];
    let peakLoad = loadAvgBefore;
    const watch = setInterval(() => {
      peakLoad = Math.max(peakLoad, loadavg()[0]);
      if (died() !== undefined) for (const l of loads) l.stop?.();
    }, 1000);
    await scrape(base, readHeaders); // resets the event-loop delay histogram: the next scrape describes the window
    const routes = [
      { route: '/healthz', url: `${base}/healthz`, headers: {} },
      { route: readPath, url: `${base}${readPath}`, headers: readHeaders },
    ];
    const load = (r) => {
      const instance = cannon(r.url, r.headers, SECONDS, r.route === '/healthz' && HEALTHZ_RATE > 0 ? HEALTHZ_RATE : RATE);
      loads.push(instance);
      return instance;
    };
    // together: both routes at once for SECONDS; one-at-a-time: /healthz for SECONDS, then the read route.
    const results = ROUTES_AT_ONCE ? await Promise.all(routes.map(load)) : [await load(routes[0]), await load(routes[1])];
    clearInterval(watch);
    const seconds = (Date.now() - windowStarted) / 1000;
    if (died() !== undefined) throw new Broke(`a process died during the load (${JSON.stringify(died().exit)})`);
    const metricsText = await scrape(base, readHeaders);
    const after = pagesInDatabase();
    const pagesDuring = after - before;
    // An excerpt of the service's /metrics at the end of the window (histogram buckets left out), for the record.
    log(`/metrics at the end of the window:\n${metricsText.split('\n').filter((l) => l !== '' && !l.startsWith('#') && !l.includes('_bucket{')).join('\n')}`);

    for (const [label, child] of [['the service', serve], ['the worker', worker]]) {
      if (child === null) continue;
      log(`stopping ${label} (SIGTERM)`);
      child.child.kill('SIGTERM');
      const stopped = await Promise.race([child.exited, sleep(STOP_TIMEOUT_MS, undefined, { ref: false }).then(() => null)]);
      if (stopped === null) {
        child.child.kill('SIGKILL');
        throw new Broke(`${label} did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM`);
      }
      if (stopped.code !== 0) throw new Broke(`${label} exited ${stopped.code ?? stopped.signal} on SIGTERM`);
      log(`${label} exited 0`);
    }
    const peakOf = (file) => (existsSync(file) ? Number(readFileSync(file, 'utf8').split(' ')[0]) * 1024 / 1e6 : null);
    const peakMb = peakOf(peakFile);
    const workerPeakMb = worker === null ? null : peakOf(workerPeakFile);

    const loopP99 = metricValue(metricsText, 'sitescout_eventloop_delay_p99_seconds');
    const loopMax = metricValue(metricsText, 'sitescout_eventloop_delay_max_seconds');
    const rows = routes.map((r, i) => row(r.route, results[i]));
    const health = rows[0];
    const met = health.p99 < GOAL_P99_MS && rows.every((r) => r.errors === 0 && r.non2xx === 0);

    const out = [];
    out.push('## The service under load while it crawls (`npm run bench:service`)', '');
    out.push(`${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${cpus().length} cores, load average ${loadAvgBefore.toFixed(1)} at the start of the window, ${peakLoad.toFixed(1)} at most during it. ` +
      `PostgreSQL ${psql(ADMIN_URL, 'SHOW server_version')}. ${MODE === 'separate' ? `\`sitescout serve --no-workers${SERVE_ARGS.map((a) => ` ${a}`).join('')}\` beside one \`sitescout worker --workers ${WORKERS}\` process` : `\`sitescout serve --workers ${WORKERS}${SERVE_ARGS.map((a) => ` ${a}`).join('')}\` (its workers on the ${workersRunOf(serveLog)})`} crawling ${FILES} gzipped urlsets of ${fmt(URLS_PER_FILE)} URLs from a fixture site at nice ${SITE_NICE}; ` +
      `autocannon, ${CONNECTIONS} connections per route${RATE > 0 ? ` at ${fmt(RATE)} requests/s` : ' (closed loop)'}${HEALTHZ_RATE > 0 ? `, /healthz at ${fmt(HEALTHZ_RATE)} requests/s` : ''}, ${ROUTES_AT_ONCE ? `both routes at once for ${fmt(seconds, 1)} s` : `one route at a time (/healthz first), ${fmt(seconds, 1)} s in all`}; read route \`${readPath}\` (authorization: ${auth.source}).`, '');
    out.push('| route | requests | req/s | p50 ms | p99 ms | max ms | errors | non-2xx | pages written during the window | service peak RSS MB |');
    out.push('|---|---|---|---|---|---|---|---|---|---|');
    const line = (r, pages) => `| \`${cell(r.route)}\` | ${fmt(r.requests)} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${fmt(r.errors)}${r.timeouts > 0 ? ` (${fmt(r.timeouts)} timeouts)` : ''} | ${fmt(r.non2xx)} | ${pages} | ${peakMb === null ? '—' : fmt(peakMb, 1)} |`;
    for (const r of rows) out.push(line(r, `${fmt(pagesDuring)} (${fmt(pagesDuring / seconds)}/s)`));
    out.push(line(baseline, '— (no crawl)'));
    out.push('');
    const ms = (v) => (v === null ? '?' : fmt(v * 1000, 1));
    out.push(`The service's event-loop delay during the window (its own /metrics): p99 ${ms(loopP99)} ms, max ${ms(loopMax)} ms.` +
      (worker === null ? '' : ` The crawling worker process's peak RSS: ${workerPeakMb === null ? '—' : fmt(workerPeakMb, 1)} MB.`), '');
    out.push(`Goal (issue 6): \`/healthz\` p99 < ${GOAL_P99_MS} ms and zero errors during the crawl: **${met ? 'met' : 'not met'}** ` +
      `(p99 ${fmt(health.p99)} ms; errors ${rows.map((r) => r.errors).join(' + ')}, non-2xx ${rows.map((r) => r.non2xx).join(' + ')}).`);
    out.push('');
    process.stdout.write(`${out.join('\n')}\n`);
    failed = false;
    return 0;
  } catch (error) {
    if (!(error instanceof Broke)) throw error;
    log(`FAILED: ${error.message}`);
    if (serve !== null) log(`the service's last log lines:\n${tail(serveLog)}`);
    if (worker !== null) log(`the worker's last log lines:\n${tail(workerLog)}`);
    return 1;
  } finally {
    for (const l of loads) l.stop?.();
    for (const child of [serve, worker]) {
      if (child !== null && child.exit === null) {
        child.child.kill('SIGKILL');
        await child.exited;
      }
    }
    if (site !== null && site.exit === null) {
      site.child.kill('SIGTERM');
      await Promise.race([site.exited, sleep(5_000, undefined, { ref: false })]);
      if (site.exit === null) site.child.kill('SIGKILL');
    }
    log('the site stopped');
    if (created) {
      if (process.env.BENCH_KEEP_DB === '1') log(`kept database ${name}`);
      else {
        try {
          psql(ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } catch (e) {
          log(`could not drop ${name}: ${e.message}`);
        }
      }
    }
    if (failed) log(`kept ${scratch} (the service's log)`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = await main();
log('done');
