import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

/** Where the memory bound comes from: cgroup v2, cgroup v1, or the machine. */
export type MemorySource = 'cgroup-v2' | 'cgroup-v1' | 'total-memory';

export interface MemoryLimits {
  soft: number;
  hard: number;
  /** The bound the two are fractions of. */
  basis: number;
  source: MemorySource;
}

export interface DeriveMemoryLimitsOptions {
  /** Explicit limits (0 or undefined = derive). */
  soft?: number;
  hard?: number;
  /** Reads a file or returns null; injected by tests. */
  readFile?: (path: string) => string | null;
  totalMemory?: () => number;
}

export const SOFT_FRACTION = 0.7;
export const HARD_FRACTION = 0.85;
// cgroup v1 reports "no limit" as a huge page-aligned number (PAGE_COUNTER_MAX × page size), not as "max".
const V1_UNLIMITED = 2 ** 60;

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The cgroup v2 `memory.max` files that bound this process, its own cgroup first, then each parent up to the root.
 * In a container with its own cgroup namespace /proc/self/cgroup says `0::/` and this is just
 * /sys/fs/cgroup/memory.max; under systemd (`MemoryMax=` on the unit or its slice) or a container that shares the
 * host's hierarchy, the limit sits on a nested cgroup such as /sys/fs/cgroup/system.slice/sitescout.service/.
 */
function cgroupV2Files(readFile: (path: string) => string | null): string[] {
  const own = readFile('/proc/self/cgroup')
    ?.split('\n')
    .find((line) => line.startsWith('0::'))
    ?.slice(3)
    .trim();
  const files: string[] = [];
  let dir = own === undefined || own === '' || !own.startsWith('/') ? '/' : own;
  for (;;) {
    files.push(dir === '/' ? '/sys/fs/cgroup/memory.max' : `/sys/fs/cgroup${dir}/memory.max`);
    if (dir === '/') return files;
    dir = dir.slice(0, dir.lastIndexOf('/')) || '/';
  }
}

/**
 * The cgroup memory limit in bytes, or null when there is none ("max", unlimited, or no cgroup files). On cgroup v2
 * the tightest `memory.max` of the process's cgroup and its parents: the one the kernel's OOM killer enforces.
 */
export function readCgroupLimit(readFile: (path: string) => string | null = readOrNull): { bytes: number; source: MemorySource } | null {
  let v2Seen = false;
  let v2Bytes: number | null = null;
  for (const file of cgroupV2Files(readFile)) {
    const value = readFile(file)?.trim();
    if (value === undefined) continue;
    v2Seen = true;
    if (/^\d+$/.test(value)) v2Bytes = Math.min(v2Bytes ?? Infinity, Number(value));
  }
  if (v2Bytes !== null) return { bytes: v2Bytes, source: 'cgroup-v2' };
  if (v2Seen) return null;
  const v1 = readFile('/sys/fs/cgroup/memory/memory.limit_in_bytes')?.trim();
  if (v1 !== undefined && /^\d+$/.test(v1) && Number(v1) < V1_UNLIMITED) return { bytes: Number(v1), source: 'cgroup-v1' };
  return null;
}

/**
 * The watchdog's limits: explicit ones where given, else 70 % (soft) and 85 % (hard) of the cgroup limit, else of
 * total memory. A container's cgroup limit is what the OOM killer enforces, so it is the bound that matters there.
 * @example
 *   deriveMemoryLimits({ readFile: () => '1073741824' }) //=> { soft: 751619276, hard: 912680550, basis: 1073741824, source: 'cgroup-v2' }
 */
export function deriveMemoryLimits(options: DeriveMemoryLimitsOptions = {}): MemoryLimits {
  const cgroup = readCgroupLimit(options.readFile);
  const basis = cgroup?.bytes ?? (options.totalMemory ?? totalmem)();
  const source: MemorySource = cgroup?.source ?? 'total-memory';
  const hard = options.hard !== undefined && options.hard > 0 ? options.hard : Math.floor(basis * HARD_FRACTION);
  const derivedSoft = Math.floor(basis * SOFT_FRACTION);
  const soft = options.soft !== undefined && options.soft > 0 ? options.soft : Math.min(derivedSoft, hard);
  return { soft, hard, basis, source };
}
