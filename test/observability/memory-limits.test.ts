import { describe, expect, it } from 'vitest';
import { deriveMemoryLimits, readCgroupLimit } from '../../src/observability/index.js';

const GiB = 1024 ** 3;
const files = (map: Record<string, string>) => (path: string) => map[path] ?? null;

describe('deriveMemoryLimits', () => {
  it('takes 70 % and 85 % of the cgroup v2 limit', () => {
    expect(deriveMemoryLimits({ readFile: files({ '/sys/fs/cgroup/memory.max': '1073741824\n' }), totalMemory: () => 64 * GiB })).toEqual({
      soft: Math.floor(GiB * 0.7),
      hard: Math.floor(GiB * 0.85),
      basis: GiB,
      source: 'cgroup-v2',
    });
  });

  it('falls back to total memory when cgroup v2 says max', () => {
    expect(deriveMemoryLimits({ readFile: files({ '/sys/fs/cgroup/memory.max': 'max\n' }), totalMemory: () => 8 * GiB })).toMatchObject({ basis: 8 * GiB, source: 'total-memory' });
  });

  it('reads the cgroup v1 limit, and treats its huge "unlimited" value as none', () => {
    expect(readCgroupLimit(files({ '/sys/fs/cgroup/memory/memory.limit_in_bytes': '536870912' }))).toEqual({ bytes: 512 * 1024 ** 2, source: 'cgroup-v1' });
    expect(readCgroupLimit(files({ '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712' }))).toBeNull();
    expect(readCgroupLimit(files({}))).toBeNull();
  });

  it('finds a limit set on a nested cgroup (systemd MemoryMax=, a slice), taking the tightest of the cgroup and its parents', () => {
    const systemd = {
      '/proc/self/cgroup': '0::/system.slice/sitescout.service\n',
      '/sys/fs/cgroup/system.slice/sitescout.service/memory.max': '2147483648\n',
      '/sys/fs/cgroup/system.slice/memory.max': 'max\n',
    };
    expect(readCgroupLimit(files(systemd))).toEqual({ bytes: 2 * GiB, source: 'cgroup-v2' });
    expect(readCgroupLimit(files({ ...systemd, '/sys/fs/cgroup/system.slice/memory.max': '1073741824\n' }))).toEqual({ bytes: GiB, source: 'cgroup-v2' });
    expect(readCgroupLimit(files({ '/proc/self/cgroup': '0::/user.slice/session-1.scope\n', '/sys/fs/cgroup/user.slice/session-1.scope/memory.max': 'max\n', '/sys/fs/cgroup/user.slice/memory.max': 'max\n' }))).toBeNull();
    // In its own cgroup namespace a container sees 0::/ and reads the root file, as before.
    expect(readCgroupLimit(files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/memory.max': '536870912\n' }))).toEqual({ bytes: 512 * 1024 ** 2, source: 'cgroup-v2' });
  });

  it('keeps explicit limits, and never derives a soft limit above an explicit hard one', () => {
    expect(deriveMemoryLimits({ soft: 100, hard: 200, readFile: files({}), totalMemory: () => GiB })).toMatchObject({ soft: 100, hard: 200 });
    expect(deriveMemoryLimits({ hard: 1000, readFile: files({}), totalMemory: () => GiB })).toMatchObject({ soft: 1000, hard: 1000 });
  });
});
