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

/** The cgroup memory limit in bytes, or null when there is none ("max", unlimited, or no cgroup files). */
export function readCgroupLimit(readFile: (path: string) => string | null = readOrNull): { bytes: number; source: MemorySource } | null {
  const v2 = readFile('/sys/fs/cgroup/memory.max')?.trim();
  if (v2 !== undefined && v2 !== 'max' && /^\d+$/.test(v2)) return { bytes: Number(v2), source: 'cgroup-v2' };
  if (v2 === 'max') return null;
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
