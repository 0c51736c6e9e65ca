// node bench/sitescout-runner.js [--dist <dir>] [--name <parser>] <file.xml|file.xml.gz>
// sitescout as one more row of the peer benchmark (its EXTRA runner): parses <file> in this process and prints the
// JSON line the peers' run.mjs prints, with the same semantics, so bench.mjs can put it in the same table:
//   {parser, file, bytes, urls, lastmod, changefreq, priority, expected, ok, ms, cpu_ms, peak_rss_mb, rss_mb, mb_per_s}
// The raw file bytes go in, gzip or not: detecting and inflating gzip is part of what sitescout does, so it is timed.
// The file is read the way `sitescout parse <file>` reads it: the CLI's own openInput (dist/cli/open-input.js), that is
// a createReadStream in the CLI's chunk size (512 KiB), in a Node started with the CLI's flags (its shebang's): the
// runner starts itself again with them when it was started without (that first process only waits, untimed).
// The entries are taken from `batches()`, as the CLI takes them.
// sitescout always produces the full entry (normalised dates, images, videos, news, alternates, invalid values),
// while the peers' collectors keep four strings: the comparison is deliberately not in sitescout's favour.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// --dist and --name let run-bench.js put another build (BENCH_BASELINE) in the same table under its own name. They
// take their value as the next argument: the harness's EXTRA would read `--name=x` as the start of another parser.
const args = process.argv.slice(2);
const file = args.pop();
const flags = {};
while (args.length >= 2 && /^--(dist|name)$/.test(args[0])) flags[args.shift().slice(2)] = args.shift();
if (!file || file.startsWith('--') || args.length > 0) {
  console.error('usage: node bench/sitescout-runner.js [--dist <dir>] [--name <parser>] <file.xml|file.xml.gz>');
  process.exit(2);
}
const dist = flags.dist ? resolve(flags.dist) : join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

// The CLI's Node flags, from the shebang of the bin/sitescout.js next to that dist (`#!/usr/bin/env -S node <flags>`).
const cliFlags = readFileSync(join(dist, '..', 'bin', 'sitescout.js'), 'utf8').split('\n', 1)[0].replace(/^#!.*?\bnode\b/, '').trim().split(/\s+/).filter(Boolean);
if (!cliFlags.every((flag) => process.execArgv.includes(flag))) {
  const r = spawnSync(process.execPath, [...process.execArgv, ...cliFlags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const { parseSitemap } = await import(pathToFileURL(join(dist, 'index.js')).href);
const { openInput } = await import(pathToFileURL(join(dist, 'cli', 'open-input.js')).href);
const expectedPath = join(dirname(file), 'expected.json');
const expected = existsSync(expectedPath) ? JSON.parse(readFileSync(expectedPath, 'utf8')).files[basename(file)] ?? null : null;

// Uncompressed size, as run.mjs takes it: expected.json, else the file size, else gzip's ISIZE trailer (mod 2^32).
function uncompressedBytes() {
  if (expected?.bytes) return expected.bytes;
  const size = statSync(file).size;
  if (!file.endsWith('.gz')) return size;
  const fd = openSync(file, 'r'), tail = Buffer.alloc(4);
  readSync(fd, tail, 0, 4, size - 4);
  closeSync(fd);
  return tail.readUInt32LE(0);
}

// run.mjs's rule: an entry counts when its loc is non-empty, a field when it came back with a value (priority 0
// included). A <sitemap> of an index counts as a URL, as run.mjs's collector counts it. Values sitescout could not
// normalise come back as null (and in `invalid`), so they do not count: a lastmod counts only when it parsed.
const counts = { urls: 0, lastmod: 0, changefreq: 0, priority: 0 };
const present = (v) => v !== undefined && v !== null && v !== '' && !(typeof v === 'number' && Number.isNaN(v));
function take(entry) {
  if (!present(entry.loc)) return;
  counts.urls++;
  if (present(entry.lastmod)) counts.lastmod++;
  if (present(entry.changefreq)) counts.changefreq++;
  if (present(entry.priority)) counts.priority++;
}

const bytes = uncompressedBytes();
let error = null, ms = 0, cpu = null;
try {
  const t0 = performance.now(), cpu0 = process.cpuUsage();
  const input = await openInput(file, new globalThis.AbortController().signal);
  const reader = parseSitemap(input.stream);
  // In arrays, one per chunk or piece, as the CLI takes them (parse-command.ts): the per-entry iterator adds a promise
  // and a microtask per entry (bench/README.md).
  for await (const batch of reader.batches()) for (const entry of batch) take(entry);
  ms = performance.now() - t0;
  cpu = process.cpuUsage(cpu0);
} catch (e) {
  error = String(e?.code ? `${e.code}: ${e.message}` : e?.message ?? e).slice(0, 300);
}
const hwmKb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
const ok = expected && !error
  ? counts.urls === expected.urls && counts.lastmod === expected.lastmod &&
    counts.changefreq === expected.changefreq && counts.priority === expected.priority
  : null;
const row = {
  parser: flags.name ?? 'sitescout', file: basename(file), bytes, ...counts,
  expected: expected ? { urls: expected.urls, lastmod: expected.lastmod, changefreq: expected.changefreq, priority: expected.priority } : null,
  ok, ms: Math.round(ms), cpu_ms: cpu ? Math.round((cpu.user + cpu.system) / 1000) : null,
  peak_rss_mb: Math.round(hwmKb / 1024), rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
  mb_per_s: ms ? +(bytes / 1e6 / (ms / 1000)).toFixed(1) : null, ...(error ? { error } : {}),
};
console.log(JSON.stringify(row));
process.exit(error ? 1 : 0);
