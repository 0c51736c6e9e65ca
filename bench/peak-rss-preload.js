// node --import ./bench/peak-rss-preload.js bin/sitescout.js ...   (used by run-bench.js when GNU time is missing)
// Writes "<peak RSS KiB> <user CPU s> <system CPU s>" (the line `/usr/bin/time -f '%M %U %S'` writes) to the file
// named by SITESCOUT_BENCH_PEAK_FILE when the process exits. The process has to report this itself: a parent
// polling /proc/<pid>/status misses the last stretch before exit, and once the child has exited its memory map, and
// with it VmHWM, is gone before the parent hears of it.
import { readFileSync, writeFileSync } from 'node:fs';

const out = process.env.SITESCOUT_BENCH_PEAK_FILE;
if (out) {
  process.on('exit', () => {
    const hwmKb = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1];
    const { user, system } = process.cpuUsage();
    writeFileSync(out, `${hwmKb} ${(user / 1e6).toFixed(2)} ${(system / 1e6).toFixed(2)}\n`);
  });
}
