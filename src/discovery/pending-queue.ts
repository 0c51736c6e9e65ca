/**
 * The walk's work queue: top-level candidates (a short, finite list) and index children (unbounded in principle: an
 * index may list millions). Children are served first, so an index being read makes room for itself sooner.
 *
 * Backpressure: while `capacity` children wait, a push waits too, which pauses the index that produced it (its
 * parse stops pulling bytes). A paused index keeps its response open, and so its walker and one of the client's
 * per-host slots. If every walker could pause, or the only host slot were held by a paused index, no one would be
 * left to take children and the walk would deadlock; so at most `maxWaitingPushers` pushes wait (the walk passes 1
 * when it has two walkers and two slots per host, else 0) and the others are admitted past capacity. Those are
 * bounded by maxSitemapsPerDomain, which every admitted sitemap counts against.
 */
export interface PendingQueue<T> {
  /** Queues a child; resolves true once it is queued, false if the queue was closed (the walk is stopping). */
  push(item: T): Promise<boolean>;
  /** The next item, or null once nothing is queued and no taken item is still being worked on (or after close). */
  take(): Promise<T | null>;
  /** Marks one taken item as finished (its pushes are done). */
  finish(): void;
  /** Stops the queue: waiting takes get null, waiting pushes false. Returns how many queued items were dropped. */
  close(): number;
  /** Children queued now and the most ever queued at once. */
  readonly size: number;
  readonly peak: number;
}

export interface PendingQueueOptions {
  capacity: number;
  maxWaitingPushers: number;
}

export function createPendingQueue<T>(initial: readonly T[], options: PendingQueueOptions): PendingQueue<T> {
  const children: T[] = [];
  let nextInitial = 0;
  let busy = 0;
  let closed = false;
  let peak = 0;
  const takers: Array<(item: T | null) => void> = [];
  const pushers: Array<{ item: T; resolve: (queued: boolean) => void }> = [];

  const enqueue = (item: T): void => {
    children.push(item);
    peak = Math.max(peak, children.length);
  };
  const admitWaitingPusher = (): void => {
    if (children.length >= options.capacity) return;
    const pusher = pushers.shift();
    if (pusher === undefined) return;
    enqueue(pusher.item);
    pusher.resolve(true);
  };
  const nextItem = (): T | undefined => {
    if (children.length > 0) return children.shift();
    if (nextInitial < initial.length) return initial[nextInitial++];
    return undefined;
  };
  const endIfIdle = (): void => {
    if (busy > 0 || children.length > 0 || nextInitial < initial.length) return;
    for (const taker of takers.splice(0)) taker(null);
  };

  return {
    push(item) {
      if (closed) return Promise.resolve(false);
      const taker = takers.shift();
      if (taker !== undefined) {
        busy += 1;
        taker(item);
        return Promise.resolve(true);
      }
      if (children.length >= options.capacity && pushers.length < options.maxWaitingPushers) {
        return new Promise<boolean>((resolve) => pushers.push({ item, resolve }));
      }
      enqueue(item);
      return Promise.resolve(true);
    },
    take() {
      if (closed) return Promise.resolve(null);
      const item = nextItem();
      if (item !== undefined) {
        busy += 1;
        admitWaitingPusher();
        return Promise.resolve(item);
      }
      if (busy === 0) return Promise.resolve(null);
      return new Promise<T | null>((resolve) => takers.push(resolve));
    },
    finish() {
      busy -= 1;
      endIfIdle();
    },
    close() {
      if (closed) return 0;
      closed = true;
      const dropped = children.length + (initial.length - nextInitial);
      children.length = 0;
      nextInitial = initial.length;
      for (const taker of takers.splice(0)) taker(null);
      for (const pusher of pushers.splice(0)) pusher.resolve(false);
      return dropped;
    },
    get size() {
      return children.length;
    },
    get peak() {
      return peak;
    },
  };
}
