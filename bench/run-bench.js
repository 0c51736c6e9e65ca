// node bench/run-bench.js   (npm run bench builds first)
// One Markdown report on stdout, progress on stderr:
//   1. the peer harness (a copy of ../shared/bench/peers) runs every peer parser and sitescout on the same generated
//      files in one run: its table goes into the report as it is;
//   2. the CLI's peak RSS with 10 MB and with ~1 GB of sitemap on stdin (generated on a pipe, nothing on disk);
//   3. the goals, computed from the raw rows of that same run, since only ratios within one run mean anything on
//      a shared, noisy machine.
// env: RUNS, FILES, PARSERS, LIMIT_S, REPEAT_MAX_S (passed to the harness, its defaults), JSONL (keep the raw rows
//      there; the file is replaced), PEERS_DIR (the harness to copy), BENCH_SKIP_PEERS=1, BENCH_SKIP_1GB=1,
//      BENCH_SKIP_PIPELINE=1 (skip the crawl pipeline bench, bench/pipeline-bench.js, whose section comes last),
//      BENCH_BASELINE=<dir> (a built checkout of another commit, e.g. `git worktree add /tmp/base <commit>` then
//      `npx tsc -p tsconfig.build.json` there: its parser runs in the same table as `sitescout-baseline`, and the
//      report compares the two on every file; it is never a peer).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cell, fmt } from './markdown-cells.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = process.env.TMPDIR || '/tmp'; // bench.sh's ${TMPDIR:-/tmp}, so both pick the same data folder
const peersSrc = resolve(repo, process.env.PEERS_DIR || '../shared/bench/peers');
const peersDir = join(tmp, 'sitescout-bench-peers');
const dataDir = join(tmp, 'sitescout-peer-bench-data');
const runner = join(repo, 'bench', 'sitescout-runner.js');
const preload = join(repo, 'bench', 'peak-rss-preload.js');
const cli = join(repo, 'bin', 'sitescout.js');
// The Node flags the CLI runs with when started as a command: its shebang's (`#!/usr/bin/env -S node <flags>`).
const cliNodeFlags = () => readFileSync(cli, 'utf8').split('\n', 1)[0].replace(/^#!.*?\bnode\b/, '').trim().split(/\s+/).filter(Boolean);
const skipPeers = process.env.BENCH_SKIP_PEERS === '1';
const skip1GB = process.env.BENCH_SKIP_1GB === '1';
const skipPipeline = process.env.BENCH_SKIP_PIPELINE === '1';
const baselineDir = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : null;
const BASELINE = 'sitescout-baseline';
const INSTALLED_STAMP = '.sitescout-installed-lock'; // hash of the package-lock.json node_modules was installed from
const CLI_TIMEOUT_MS = 15 * 60 * 1000;

const log = (s) => process.stderr.write(`[bench] ${s}\n`);
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const sizeLabel = (mb) => (mb >= 1000 ? `${mb / 1000} GB` : `${mb} MB`);

// The shared harness is read-only and has no node_modules, so it runs from a copy outside the repository, where the
// peers' dependencies stay apart from ours. The copy mirrors the source on every run; npm ci runs only when the lock
// file differs from the one node_modules was installed from.
function preparePeers(install) {
  if (!existsSync(join(peersSrc, 'bench.sh'))) throw new Error(`no peer harness at ${peersSrc} (set PEERS_DIR)`);
  mkdirSync(peersDir, { recursive: true });
  const keep = new Set(['node_modules', INSTALLED_STAMP]);
  for (const name of readdirSync(peersDir)) if (!keep.has(name)) rmSync(join(peersDir, name), { recursive: true, force: true });
  for (const name of readdirSync(peersSrc)) if (name !== 'node_modules') cpSync(join(peersSrc, name), join(peersDir, name), { recursive: true });
  if (!install) return;
  const lockHash = sha256(readFileSync(join(peersDir, 'package-lock.json')));
  const stamp = join(peersDir, INSTALLED_STAMP);
  if (existsSync(join(peersDir, 'node_modules')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === lockHash) return;
  log(`installing the peer parsers in ${peersDir} (npm ci)`);
  // npm's stdout goes to our stderr: stdout carries the report only
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: peersDir, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error(`npm ci in ${peersDir} failed (${r.error?.message ?? `exit ${r.status}`})`);
  writeFileSync(stamp, lockHash);
}

// bench.sh with sitescout as its EXTRA parser; returns its Markdown table and every run's JSON line.
function runPeerBench(rowsFile) {
  // bench.mjs splits an EXTRA command on whitespace
  if (/\s/.test(process.execPath + runner + (baselineDir ?? ''))) throw new Error(`paths with spaces break the harness's EXTRA: ${process.execPath} ${runner} ${baselineDir ?? ''}`);
  writeFileSync(rowsFile, ''); // bench.mjs appends: the goals must come from this run's rows only
  log(`peer benchmark: bash ${join(peersDir, 'bench.sh')} ${dataDir}`);
  let extra = `sitescout=${process.execPath} ${runner}`;
  if (baselineDir) {
    if (!existsSync(join(baselineDir, 'dist', 'index.js'))) throw new Error(`BENCH_BASELINE: no ${join(baselineDir, 'dist', 'index.js')} (build it there)`);
    extra += ` ${BASELINE}=${process.execPath} ${runner} --dist ${join(baselineDir, 'dist')} --name ${BASELINE}`;
  }
  const r = spawnSync('bash', [join(peersDir, 'bench.sh'), dataDir], {
    env: { ...process.env, EXTRA: extra, JSONL: rowsFile },
    stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`bench.sh failed (${r.error?.message ?? `exit ${r.status}`})`);
  const rows = readFileSync(rowsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  return { table: r.stdout.trim(), rows };
}

// One parser on one file, summarised the way bench.mjs does it: median (lower middle) ms and CPU ms over the runs.
// Missing (not run, skipped, or timed out before any run completed) gives null.
function summarise(rows, parser, file) {
  const runs = rows.filter((r) => r.parser === parser && r.file === file);
  if (runs.length === 0) return null;
  const failed = runs.find((r) => r.error);
  if (failed) return { parser, error: failed.error };
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const ms = median(runs.map((r) => r.ms));
  const cpu = median(runs.map((r) => r.cpu_ms));
  return { parser, ms, cpu, mbps: runs[0].bytes / 1e3 / ms, ok: runs.every((r) => r.ok === true), last: runs[runs.length - 1] };
}

// The fastest completed peer on a file: no ceiling (limit-*), not sitescout; right or wrong counts alike, so the
// bar is never lowered by leaving out a fast peer that miscounts.
function fastestPeer(rows, file) {
  const peers = [...new Set(rows.filter((r) => r.file === file).map((r) => r.parser))]
    .filter((p) => p !== 'sitescout' && p !== BASELINE && !p.startsWith('limit-'))
    .map((p) => summarise(rows, p, file))
    .filter((s) => s && !s.error);
  return peers.sort((a, b) => b.mbps - a.mbps)[0] ?? null;
}

// This build against BENCH_BASELINE's on every file both completed: wall and CPU time, from the same run.
function baselineTable(rows) {
  const files = [...new Set(rows.filter((r) => r.parser === BASELINE).map((r) => r.file))];
  const out = ['| file | sitescout ms (CPU ms) | sitescout-baseline ms (CPU ms) | speed-up, wall (CPU) |', '|---|---|---|---|'];
  for (const file of files) {
    const [a, b] = [summarise(rows, 'sitescout', file), summarise(rows, BASELINE, file)];
    if (!a || !b || a.error || b.error) continue;
    out.push(`| ${file} | ${fmt(a.ms)} (${fmt(a.cpu)}) | ${fmt(b.ms)} (${fmt(b.cpu)}) | ${fmt(b.ms / a.ms, 2)}× (${fmt(b.cpu / a.cpu, 2)}×) |`);
  }
  return `## This build against BENCH_BASELINE\n\n\`${baselineDir}\` as \`${BASELINE}\`, in the same run (median of the runs; speed-up above 1 = this build is faster).\n\n${out.join('\n')}`;
}

const met = (yes) => (yes ? 'yes' : '**no**');
const notRun = (goal, target, why) => ({ goal, measured: why, target, met: '—' });

// A file nobody ran (left out of FILES) leaves a goal open; a file others ran but sitescout did not complete
// (skipped as too slow, timed out) fails it.
const fileRan = (rows, file) => rows.some((r) => r.file === file);
function missing(rows, goal, target, file) {
  if (!fileRan(rows, file)) return notRun(goal, target, `${file} not in this run (FILES)`);
  return { goal, measured: `no completed sitescout run on ${file} (see the table)`, target, met: met(false) };
}

// sitescout's MB/s over a peer's on one file (wall time), with the CPU-time ratio beside it: the steadier of the two
// when a neighbour is busy.
function ratioGoal(rows, file, peer, label, target) {
  const goal = `${file}: sitescout MB/s ÷ ${label}`;
  const ours = summarise(rows, 'sitescout', file);
  if (!ours) return missing(rows, goal, `≥ ${target}×`, file);
  if (ours.error) return { goal, measured: `sitescout failed: ${ours.error}`, target: `≥ ${target}×`, met: met(false) };
  if (!peer || peer.error) return notRun(goal, `≥ ${target}×`, `no completed ${label} run on ${file}`);
  const ratio = ours.mbps / peer.mbps;
  const okNote = ours.ok ? '' : '; sitescout miscounted';
  return {
    goal, target: `≥ ${target}×`, met: met(ratio >= target && ours.ok),
    measured: `${fmt(ratio, 2)}× (sitescout ${fmt(ours.mbps, 1)} MB/s, ${peer.parser} ${fmt(peer.mbps, 1)} MB/s; ` +
      `CPU-time ratio ${fmt(peer.cpu / ours.cpu, 2)}×${okNote})`,
  };
}

function incidentGoals(rows) {
  const file = 'incident.xml';
  const ours = summarise(rows, 'sitescout', file);
  const seed = summarise(rows, 'seed-quadratic', file);
  const timeGoal = `${file}: parse ms, sitescout vs seed-quadratic`;
  const okGoal = `${file}: metadata right (counts = expected.json)`;
  if (!ours) return [missing(rows, timeGoal, 'faster', file), missing(rows, okGoal, 'sitescout ok', file)];
  if (ours.error) {
    const failed = { measured: `sitescout failed: ${ours.error}`, met: met(false) };
    return [{ goal: timeGoal, target: 'faster', ...failed }, { goal: okGoal, target: 'sitescout ok', ...failed }];
  }
  const counts = (s) => `${s.last.urls} URLs, ${s.last.lastmod}/${s.last.changefreq}/${s.last.priority}`;
  const expected = ours.last.expected;
  const want = `expected ${expected.urls} URLs, ${expected.lastmod}/${expected.changefreq}/${expected.priority} lastmod/changefreq/priority`;
  const seedOk = !seed ? 'seed-quadratic: no result'
    : seed.error ? `seed-quadratic failed: ${seed.error}`
      : `seed-quadratic ${seed.ok ? 'ok' : `wrong (${counts(seed)})`}`;
  // Failed runs still leave a row; a run killed at the harness's timeout leaves none, and that timeout is the result.
  const seedListed = !process.env.PARSERS || process.env.PARSERS.split(/\s+/).includes('seed-quadratic');
  const time = seed && !seed.error
    ? { measured: `sitescout ${fmt(ours.ms)} ms vs seed-quadratic ${fmt(seed.ms)} ms (${fmt(seed.ms / Math.max(ours.ms, 1))}× faster)`, met: met(ours.ms < seed.ms) }
    : seed ? { measured: `sitescout ${fmt(ours.ms)} ms; seed-quadratic failed: ${seed.error}`, met: '—' }
      : seedListed ? { measured: `sitescout ${fmt(ours.ms)} ms; seed-quadratic did not finish (timeout, see the table)`, met: met(true) }
        : { measured: `sitescout ${fmt(ours.ms)} ms; seed-quadratic not in PARSERS`, met: '—' };
  return [
    { goal: timeGoal, target: 'faster', ...time },
    { goal: okGoal, measured: `sitescout ${ours.ok ? 'ok' : `wrong (${counts(ours)})`}; ${seedOk}; ${want}`, target: 'sitescout ok', met: met(ours.ok) },
  ];
}

const peerGoals = (rows) => [
  ratioGoal(rows, '200mb.xml', fastestPeer(rows, '200mb.xml'), 'fastest peer', 3),
  ratioGoal(rows, '200mb.xml', summarise(rows, 'limit-stream', '200mb.xml'), 'limit-stream', 0.5),
  ratioGoal(rows, '200mb.xml.gz', fastestPeer(rows, '200mb.xml.gz'), 'fastest peer', 3),
  ...incidentGoals(rows),
];

// GNU time reports the child's peak RSS from the kernel's own accounting (wait4's ru_maxrss); it is not always
// installed (Debian: apt-get install time), and BusyBox's time takes other options, so probe it.
function gnuTimeWorks() {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /^\d+\s*$/.test(r.stderr);
}

// `gen.mjs --stdout MB | sitescout parse - --format ndjson > /dev/null`, the CLI's peak RSS and CPU time measured
// by GNU time or, without it, reported by the CLI process itself (peak-rss-preload.js). gen.mjs writes the same
// bytes as the harness's <MB>mb.xml (a deterministic prefix), so the 10 MB run reads 10mb.xml exactly.
async function measureCli(mb, useGnuTime, scratch) {
  const report = join(scratch, `peak-${mb}`);
  const cliArgs = [...cliNodeFlags(), cli, 'parse', '-', '--format', 'ndjson'];
  const [cmd, args, env] = useGnuTime
    ? ['/usr/bin/time', ['-f', '%M %U %S', '-o', report, process.execPath, ...cliArgs], process.env]
    : [process.execPath, ['--import', pathToFileURL(preload).href, ...cliArgs], { ...process.env, SITESCOUT_BENCH_PEAK_FILE: report }];
  const t0 = performance.now();
  const opts = { timeout: CLI_TIMEOUT_MS, killSignal: 'SIGKILL' };
  const child = spawn(cmd, args, { ...opts, env, stdio: ['pipe', 'ignore', 'pipe'] });
  // The generator writes straight into the CLI's stdin pipe; the parent drops its own end, or the CLI would never
  // see EOF. (Handing the generator's stdout to the CLI instead is racy: the parent may already have read from it.)
  const gen = spawn(process.execPath, [join(peersDir, 'gen.mjs'), '--stdout', String(mb)], { ...opts, stdio: ['ignore', child.stdin, 'pipe'] });
  child.stdin.destroy();
  let cliErr = '', genErr = '', elapsed = 0;
  child.stderr.setEncoding('utf8').on('data', (s) => { cliErr = (cliErr + s).slice(-2000); });
  gen.stderr.setEncoding('utf8').on('data', (s) => { genErr = (genErr + s).slice(-2000); });
  child.on('exit', () => { elapsed = (performance.now() - t0) / 1000; });
  const [[code, signal], [genCode]] = await Promise.all([once(child, 'close'), once(gen, 'close')]);
  const facts = JSON.parse(genErr.trim().split('\n').pop() || 'null');
  // GNU time puts "Command exited with non-zero status N" before the numbers when the command failed
  const measured = existsSync(report) ? readFileSync(report, 'utf8').trim().split('\n').pop().split(' ').map(Number) : null;
  const error = code !== 0 ? `CLI exit ${code ?? signal}: ${cliErr.trim().split('\n').pop() ?? ''}`
    : genCode !== 0 || !facts ? `gen.mjs exit ${genCode}: ${genErr.trim()}` : null;
  return {
    mb, urls: facts?.urls ?? null, elapsed, error,
    peakMB: measured ? (measured[0] * 1024) / 1e6 : null, cpuS: measured ? measured[1] + measured[2] : null,
  };
}

function memoryTable(results, useGnuTime) {
  const out = [
    '| input on stdin | URLs | elapsed s | URLs/s | MB/s | CLI CPU s | CLI peak RSS MB | result |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const rate = (n) => (r.error ? '—' : fmt(n / r.elapsed));
    out.push(`| \`gen.mjs --stdout ${r.mb}\` (${sizeLabel(r.mb)}) | ${r.urls === null ? '—' : fmt(r.urls)} | ` +
      `${fmt(r.elapsed, 1)} | ${rate(r.urls)} | ${r.error ? '—' : fmt(r.mb / r.elapsed, 1)} | ${r.cpuS === null ? '—' : fmt(r.cpuS, 1)} | ` +
      `${r.peakMB === null ? '—' : fmt(r.peakMB, 1)} | ${r.error ? cell(`failed: ${r.error}`) : 'ok'} |`);
  }
  out.push('');
  out.push(`\`bin/sitescout.js parse - --format ndjson > /dev/null\` (node ${cliNodeFlags().join(' ')}, as its shebang says), the generator on the same pipe (MB = 10^6 bytes; ` +
    `elapsed = wall time of the whole pipe, so on 2 cores the generator can be the bottleneck: compare CPU s). Peak RSS: ` +
    (useGnuTime ? 'ru_maxrss of the CLI process (`/usr/bin/time -f %M`).' : 'VmHWM of the CLI process, read by itself at exit (bench/peak-rss-preload.js).'));
  return out.join('\n');
}

// The CLI's memory must not grow with its input: the 1 GB peak against the 10 MB one, and a hard cap.
function memoryGoals(small, big) {
  const grow = { goal: 'CLI peak RSS, 1 GB vs 10 MB on stdin', target: '≤ +20 MB' };
  const cap = { goal: 'CLI peak RSS, 1 GB on stdin', target: '< 100 MB' };
  const failure = [small, big].find((r) => r && (r.error || r.peakMB === null));
  if (failure) {
    const measured = `${sizeLabel(failure.mb)} run failed: ${failure.error ?? 'no peak RSS reported'}`;
    return [grow, cap].map((g) => ({ ...g, measured, met: met(false) }));
  }
  if (!big) return [grow, cap].map((g) => ({ ...g, measured: 'skipped (BENCH_SKIP_1GB=1)', met: '—' }));
  const growth = big.peakMB - small.peakMB;
  return [
    { ...grow, measured: `${growth >= 0 ? '+' : ''}${fmt(growth, 1)} MB (${fmt(small.peakMB, 1)} → ${fmt(big.peakMB, 1)} MB)`, met: met(growth <= 20) },
    { ...cap, measured: `${fmt(big.peakMB, 1)} MB (${fmt(big.urls)} URLs in ${fmt(big.elapsed, 1)} s)`, met: met(big.peakMB < 100) },
  ];
}

async function main() {
  const started = new Date();
  const scratch = mkdtempSync(join(tmp, 'sitescout-bench-'));
  try {
    if (!skipPeers && !existsSync(join(repo, 'dist', 'index.js'))) throw new Error('dist/index.js is missing: npm run build');
    if (!existsSync(cli)) throw new Error('bin/sitescout.js is missing');
    preparePeers(!skipPeers);
    const sections = [];
    const goals = [];

    if (skipPeers) {
      goals.push(...peerGoals([]).map((g) => ({ ...g, measured: 'skipped (BENCH_SKIP_PEERS=1)', met: '—' })));
    } else {
      const { table, rows } = runPeerBench(process.env.JSONL ? resolve(process.env.JSONL) : join(scratch, 'rows.jsonl'));
      sections.push(`## Parsers side by side\n\nThe peer harness (${peersSrc}) with sitescout as one more parser (bench/sitescout-runner.js: ` +
        `raw file bytes in, gzip detected and inflated by sitescout, full metadata out), each parse in a fresh process.\n\n${table}`);
      goals.push(...peerGoals(rows));
      if (baselineDir) sections.push(baselineTable(rows));
    }

    const useGnuTime = gnuTimeWorks();
    log('CLI memory: 10 MB on stdin');
    const small = await measureCli(10, useGnuTime, scratch);
    let big = null;
    if (!skip1GB) {
      log('CLI memory: ~1 GB on stdin (4.2 million URLs)');
      big = await measureCli(1000, useGnuTime, scratch);
    }
    sections.push(`## CLI memory on stdin\n\n${memoryTable(big ? [small, big] : [small], useGnuTime)}`);
    goals.push(...memoryGoals(small, big));

    const cpu = cpus();
    const load = loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log([
      '# sitescout benchmark',
      `${started.toISOString()} · Node ${process.version} · ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} · ` +
        `load average at the end ${load} · ${fmt((Date.now() - started.getTime()) / 1000)} s in all.`,
      'Shared machines are noisy: absolute times move between runs, the ratios within one run are what count.',
      ...sections,
      '## Goals\n\n| goal | measured | target | met |\n|---|---|---|---|\n' +
        goals.map((g) => `| ${g.goal} | ${cell(g.measured)} | ${g.target} | ${g.met} |`).join('\n'),
    ].join('\n\n'));
    if (!skipPipeline) {
      // Its own section, after the parser report: the crawl into PostgreSQL and PGlite against psql \copy.
      const { runPipelineBench } = await import('./pipeline-bench.js');
      const { markdown, failed } = await runPipelineBench();
      console.log(`\n${markdown}`);
      if (failed) process.exitCode = 1;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`run-bench: ${e.message}`);
  process.exit(1);
});
