import { describe, expect, it } from 'vitest';
import { createHostQueue, type Sleep } from '../../src/fetch/host-queue.js';

/** A manual clock: sleeps advance it instantly and are recorded. */
function fakeClock(): { now: () => number; sleep: Sleep; waits: number[] } {
  let time = 1_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => time,
    sleep: async (ms, signal) => {
      signal.throwIfAborted();
      waits.push(ms);
      time += ms;
    },
  };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createHostQueue', () => {
  it('lets at most `concurrency` requests per host start, and hands slots over in arrival order', async () => {
    const clock = fakeClock();
    const queue = createHostQueue({ concurrency: 2, delayMs: 0, ...clock });
    const signal = new AbortController().signal;
    const order: string[] = [];
    const take = (name: string, host = 'a.example') => queue.acquire(host, signal).then((release) => (order.push(name), release));
    const first = await take('1');
    const second = await take('2');
    const third = take('3');
    const fourth = take('4');
    const other = await take('other', 'b.example');
    await flush();
    expect(order).toEqual(['1', '2', 'other']);
    first();
    const thirdRelease = await third;
    second();
    second();
    await fourth;
    expect(order).toEqual(['1', '2', 'other', '3', '4']);
    thirdRelease();
    other();
    expect(queue.busyHosts()).toBe(1);
  });

  it('spaces request starts to the same host by the politeness delay', async () => {
    const clock = fakeClock();
    const queue = createHostQueue({ concurrency: 3, delayMs: 500, ...clock });
    const signal = new AbortController().signal;
    const starts: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const release = await queue.acquire('a.example', signal);
      starts.push(clock.now());
      release();
    }
    await queue.acquire('b.example', signal);
    expect({ starts, waits: clock.waits }).toEqual({ starts: [1_000, 1_500, 2_000], waits: [500, 500] });
  });

  it('rejects with the abort reason and leaves the queue when aborted while waiting', async () => {
    const clock = fakeClock();
    const queue = createHostQueue({ concurrency: 1, delayMs: 0, ...clock });
    const holder = await queue.acquire('a.example', new AbortController().signal);
    const controller = new AbortController();
    const waiting = queue.acquire('a.example', controller.signal);
    const behind = queue.acquire('a.example', new AbortController().signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    holder();
    const release = await behind;
    release();
    expect(queue.busyHosts()).toBe(0);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const queue = createHostQueue({ concurrency: 1, delayMs: 0, ...fakeClock() });
    const controller = new AbortController();
    controller.abort(new Error('already'));
    await expect(queue.acquire('a.example', controller.signal)).rejects.toThrow('already');
    expect(queue.busyHosts()).toBe(0);
  });
});
