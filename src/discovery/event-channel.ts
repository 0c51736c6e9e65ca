/**
 * A hand-over point between the walk's workers and the one generator that yields their events. `send` resolves
 * only once the reader has taken the value, so each worker has at most one event in flight and a consumer that
 * stops pulling stops the workers: the walk's memory does not depend on how fast the caller reads.
 */
export interface EventChannel<T> {
  send(value: T): Promise<void>;
  /** The next value; done once the channel is closed and every buffered value was taken. */
  receive(): Promise<IteratorResult<T, undefined>>;
  /** No more values will be sent: the reader drains what is buffered, then sees done. */
  close(): void;
  /** The reader is gone: buffered and later values are dropped and their senders released. */
  cancel(): void;
}

export function createEventChannel<T>(): EventChannel<T> {
  const buffer: Array<{ value: T; taken: () => void }> = [];
  let reader: ((result: IteratorResult<T, undefined>) => void) | null = null;
  let closed = false;
  let cancelled = false;
  const end = (): void => {
    const waiting = reader;
    reader = null;
    waiting?.({ value: undefined, done: true });
  };
  return {
    send(value) {
      if (cancelled) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const waiting = reader;
        if (waiting === null) {
          buffer.push({ value, taken: resolve });
          return;
        }
        reader = null;
        waiting({ value, done: false });
        resolve();
      });
    },
    receive() {
      const next = buffer.shift();
      if (next !== undefined) {
        next.taken();
        return Promise.resolve({ value: next.value, done: false });
      }
      if (closed || cancelled) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        reader = resolve;
      });
    },
    close() {
      closed = true;
      if (buffer.length === 0) end();
    },
    cancel() {
      cancelled = true;
      for (const pending of buffer.splice(0)) pending.taken();
      end();
    },
  };
}
