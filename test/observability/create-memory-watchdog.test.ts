import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryWatchdog } from '../../src/observability/index.js';

const MB = 1024 * 1024;

function recorder() {
  const calls: string[] = [];
  return {
    calls,
    onSoft: (rss: number) => calls.push(`soft ${rss / MB}`),
    onRecover: (rss: number) => calls.push(`recover ${rss / MB}`),
    onHard: (rss: number) => calls.push(`hard ${rss / MB}`),
  };
}

async function webhook(): Promise<{ url: string; bodies: unknown[]; close: () => Promise<void> }> {
  const bodies: unknown[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/alert`, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createMemoryWatchdog', () => {
  it('sheds above the soft limit, recovers below it, and drains for good above the hard limit', () => {
    let rss = 100 * MB;
    const r = recorder();
    const watchdog = createMemoryWatchdog({ soft: 700 * MB, hard: 850 * MB, read: () => rss, ...r });
    const states = [watchdog.check()];
    rss = 720 * MB;
    states.push(watchdog.check(), watchdog.check());
    rss = 600 * MB;
    states.push(watchdog.check());
    rss = 900 * MB;
    states.push(watchdog.check());
    rss = 100 * MB;
    states.push(watchdog.check());
    expect(states).toEqual(['normal', 'shedding', 'shedding', 'normal', 'draining', 'draining']);
    expect(r.calls).toEqual(['soft 720', 'recover 600', 'hard 900']);
  });

  it('checks on its interval once started, and not after stop (fake timers)', () => {
    vi.useFakeTimers();
    let rss = 100 * MB;
    const r = recorder();
    const watchdog = createMemoryWatchdog({ soft: 700 * MB, hard: 850 * MB, read: () => rss, intervalMs: 1_000, ...r });
    watchdog.start();
    rss = 800 * MB;
    vi.advanceTimersByTime(1_000);
    expect(watchdog.state).toBe('shedding');
    watchdog.stop();
    rss = 100 * MB;
    vi.advanceTimersByTime(5_000);
    expect(watchdog.state).toBe('shedding');
    expect(r.calls).toEqual(['soft 800']);
  });

  it('POSTs one alert per episode to the webhook, and another after a recovery', async () => {
    const hook = await webhook();
    try {
      let rss = 750 * MB;
      const watchdog = createMemoryWatchdog({ soft: 700 * MB, hard: 850 * MB, read: () => rss, alertUrl: hook.url });
      watchdog.check();
      rss = 760 * MB;
      watchdog.check();
      rss = 10 * MB;
      watchdog.check();
      rss = 800 * MB;
      watchdog.check();
      await watchdog.flush();
      expect(hook.bodies).toEqual([
        { event: 'memory.soft', rssBytes: 750 * MB, softLimitBytes: 700 * MB, hardLimitBytes: 850 * MB, pid: process.pid, at: expect.any(String) },
        { event: 'memory.soft', rssBytes: 800 * MB, softLimitBytes: 700 * MB, hardLimitBytes: 850 * MB, pid: process.pid, at: expect.any(String) },
      ]);
    } finally {
      await hook.close();
    }
  });

  it('logs a webhook that cannot be reached instead of throwing', async () => {
    const hook = await webhook();
    await hook.close();
    const warnings: unknown[] = [];
    const logger = { warn: (obj: unknown) => warnings.push(obj), info: () => undefined, error: () => undefined };
    const watchdog = createMemoryWatchdog({ soft: 10, hard: 20, read: () => 15, alertUrl: hook.url, logger });
    expect(watchdog.check()).toBe('shedding');
    await watchdog.flush();
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatchObject({ event: 'memory.soft' });
  });

  it('rejects a soft limit above the hard one', () => {
    expect(() => createMemoryWatchdog({ soft: 2, hard: 1 })).toThrow(RangeError);
  });
});
