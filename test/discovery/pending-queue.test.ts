import { describe, expect, it } from 'vitest';
import { createPendingQueue } from '../../src/discovery/pending-queue.js';

const settledSoon = async <T>(promise: Promise<T>): Promise<T | 'pending'> => Promise.race([promise, new Promise<'pending'>((r) => setImmediate(() => r('pending')))]);

describe('the pending queue', () => {
  it('serves children before the remaining top-level items', async () => {
    const queue = createPendingQueue(['top-1', 'top-2'], { capacity: 10, maxWaitingPushers: 1 });
    const first = await queue.take();
    await queue.push('child-1');
    await queue.push('child-2');
    expect([first, await queue.take(), await queue.take(), await queue.take()]).toEqual(['top-1', 'child-1', 'child-2', 'top-2']);
  });

  it('makes a push wait while the queue is full, and lets it in when an item is taken', async () => {
    const queue = createPendingQueue(['index'], { capacity: 2, maxWaitingPushers: 1 });
    await queue.take();
    await queue.push('a');
    await queue.push('b');
    const third = queue.push('c');
    const before = await settledSoon(third);
    const taken = await queue.take();
    expect([before, taken, await settledSoon(third), queue.size, queue.peak]).toEqual(['pending', 'a', true, 2, 2]);
  });

  it('lets only maxWaitingPushers pushes wait and admits the others past capacity, so no walker deadlocks', async () => {
    const queue = createPendingQueue(['index-1', 'index-2'], { capacity: 1, maxWaitingPushers: 1 });
    await queue.take();
    await queue.take();
    await queue.push('a');
    const waiting = queue.push('b');
    const overflow = await settledSoon(queue.push('c'));
    expect([await settledSoon(waiting), overflow, queue.size, queue.peak]).toEqual(['pending', true, 2, 2]);
  });

  it('never makes a push wait when maxWaitingPushers is 0', async () => {
    const queue = createPendingQueue(['index'], { capacity: 1, maxWaitingPushers: 0 });
    await queue.take();
    const pushes = await Promise.all(['a', 'b', 'c'].map((item) => settledSoon(queue.push(item))));
    expect([pushes, queue.size]).toEqual([[true, true, true], 3]);
  });

  it('hands a pushed item straight to a walker waiting for work', async () => {
    const queue = createPendingQueue(['index'], { capacity: 1, maxWaitingPushers: 1 });
    await queue.take();
    const idle = queue.take();
    await queue.push('a');
    expect([await idle, queue.size, queue.peak]).toEqual(['a', 0, 0]);
  });

  it('ends every take with null once nothing is queued and no taken item is still being worked on', async () => {
    const queue = createPendingQueue(['only'], { capacity: 1, maxWaitingPushers: 1 });
    await queue.take();
    const waiting = queue.take();
    const before = await settledSoon(waiting);
    queue.finish();
    expect([before, await waiting, await queue.take()]).toEqual(['pending', null, null]);
  });

  it('on close, drops what is queued, ends waiting takes with null and waiting pushes with false', async () => {
    const queue = createPendingQueue(['index', 'top-2'], { capacity: 1, maxWaitingPushers: 1 });
    await queue.take();
    await queue.push('a');
    const waiting = queue.push('b');
    const dropped = queue.close();
    expect([dropped, await waiting, await queue.take(), await queue.push('c')]).toEqual([2, false, null, false]);
  });
});
