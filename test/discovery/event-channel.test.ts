import { describe, expect, it } from 'vitest';
import { createEventChannel } from '../../src/discovery/event-channel.js';

const settledSoon = async <T>(promise: Promise<T>): Promise<T | 'pending'> => Promise.race([promise, new Promise<'pending'>((r) => setImmediate(() => r('pending')))]);

describe('the event channel', () => {
  it('releases a sender only once the reader has taken its value', async () => {
    const channel = createEventChannel<number>();
    const sent = channel.send(1).then(() => 'taken');
    const before = await settledSoon(sent);
    const received = await channel.receive();
    expect([before, received, await sent]).toEqual(['pending', { value: 1, done: false }, 'taken']);
  });

  it('hands a value straight to a waiting reader', async () => {
    const channel = createEventChannel<string>();
    const reading = channel.receive();
    await channel.send('x');
    expect(await reading).toEqual({ value: 'x', done: false });
  });

  it('after close, delivers what is buffered and then ends', async () => {
    const channel = createEventChannel<number>();
    void channel.send(1);
    void channel.send(2);
    channel.close();
    expect([await channel.receive(), await channel.receive(), await channel.receive()]).toEqual([
      { value: 1, done: false },
      { value: 2, done: false },
      { value: undefined, done: true },
    ]);
  });

  it('after cancel, releases every sender and drops their values', async () => {
    const channel = createEventChannel<number>();
    const waiting = channel.send(1).then(() => 'released');
    channel.cancel();
    expect([await waiting, await channel.send(2).then(() => 'released'), await channel.receive()]).toEqual(['released', 'released', { value: undefined, done: true }]);
  });
});
