/** Waits `ms`, rejecting with `signal.reason` if the signal fires first. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Gives the slot back. Safe to call more than once. */
export type Release = () => void;

export interface HostQueue {
  /**
   * Resolves once a request to `host` may start: fewer than `concurrency` are in flight and at least `delayMs` has
   * passed since the previous start. Rejects with `signal.reason` if the signal fires while waiting.
   */
  acquire(host: string, signal: AbortSignal): Promise<Release>;
  /** Hosts with requests in flight or waiting (for tests and metrics). */
  busyHosts(): number;
}

export interface HostQueueOptions {
  concurrency: number;
  delayMs: number;
  now: () => number;
  sleep: Sleep;
}

interface HostState {
  active: number;
  waiters: Array<() => void>;
  /** Earliest time the next request may start; reserved at grant time so concurrent holders stay spaced. */
  nextStartAt: number;
}

// Idle hosts are forgotten once their delay has passed; the sweep only runs past this many to stay O(1) usually.
const SWEEP_THRESHOLD = 1024;

/**
 * A per-host gate: bounded concurrency plus a politeness delay between request starts. A slot passes directly from
 * a releasing request to the first waiter, so a late arrival can never overtake the queue.
 * @example
 *   const queue = createHostQueue({ concurrency: 2, delayMs: 1000, now: Date.now, sleep })
 *   const release = await queue.acquire(url.host, signal)
 *   try { await send() } finally { release() }
 */
export function createHostQueue(options: HostQueueOptions): HostQueue {
  const { concurrency, delayMs, now, sleep } = options;
  const hosts = new Map<string, HostState>();

  const forgetIfIdle = (host: string, state: HostState): void => {
    if (state.active === 0 && state.waiters.length === 0 && state.nextStartAt <= now()) hosts.delete(host);
  };

  const sweep = (): void => {
    if (hosts.size < SWEEP_THRESHOLD) return;
    for (const [host, state] of hosts) forgetIfIdle(host, state);
  };

  const releaseOnce = (host: string, state: HostState): Release => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = state.waiters.shift();
      if (next === undefined) {
        state.active -= 1;
        forgetIfIdle(host, state);
      } else {
        next();
      }
    };
  };

  const waitForSlot = (state: HostState, signal: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const index = state.waiters.indexOf(grant);
        if (index !== -1) state.waiters.splice(index, 1);
        reject(signal.reason);
      };
      state.waiters.push(grant);
      signal.addEventListener('abort', onAbort, { once: true });
    });

  return {
    async acquire(host, signal) {
      signal.throwIfAborted();
      sweep();
      let state = hosts.get(host);
      if (state === undefined) {
        state = { active: 0, waiters: [], nextStartAt: 0 };
        hosts.set(host, state);
      }
      if (state.active < concurrency && state.waiters.length === 0) state.active += 1;
      else await waitForSlot(state, signal);
      const release = releaseOnce(host, state);
      const startAt = Math.max(now(), state.nextStartAt);
      state.nextStartAt = startAt + delayMs;
      const wait = startAt - now();
      if (wait > 0) {
        try {
          await sleep(wait, signal);
        } catch (error: unknown) {
          release();
          throw error;
        }
      }
      return release;
    },
    busyHosts() {
      let busy = 0;
      for (const state of hosts.values()) if (state.active > 0 || state.waiters.length > 0) busy += 1;
      return busy;
    },
  };
}
