import type { Logger } from 'pino';
import { sendAlert, type Alert } from './send-alert.js';

/** normal: take work. shedding: above the soft limit, take no new work. draining: above the hard limit, stop. */
export type WatchdogState = 'normal' | 'shedding' | 'draining';

/** The exit code after the hard memory limit (serve and worker): EX_TEMPFAIL, "try again", so a supervisor restarts the process. */
export const EXIT_MEMORY_HARD_LIMIT = 75;

export interface MemoryWatchdogOptions {
  soft: number;
  hard: number;
  /** The memory reading the limits apply to. Default: RSS. */
  read?: () => number;
  /** How often `start()` checks. Default 1_000. */
  intervalMs?: number;
  onSoft?: (rss: number) => void;
  onRecover?: (rss: number) => void;
  /** Called once, when the hard limit is first crossed; the state stays draining from then on. */
  onHard?: (rss: number) => void;
  /** POSTed one JSON alert per episode (an episode ends when memory falls below the soft limit). */
  alertUrl?: string | undefined;
  logger?: Pick<Logger, 'warn' | 'info' | 'error'>;
}

export interface MemoryWatchdog {
  readonly state: WatchdogState;
  readonly soft: number;
  readonly hard: number;
  /** Reads memory once and moves between states; returns the state after the check. */
  check(): WatchdogState;
  /** Checks every intervalMs (an unref'd timer: it never keeps the process alive). */
  start(): void;
  stop(): void;
  /** Resolves when every alert sent so far has been delivered or given up (for tests and shutdown). */
  flush(): Promise<void>;
}

const silent = { warn: () => undefined, info: () => undefined, error: () => undefined };

/**
 * Watches memory against a soft and a hard limit. Above soft it sheds load (onSoft; an alert once per episode);
 * back below soft it recovers (onRecover); above hard it drains for good (onHard), so the process can exit on its
 * own terms before the kernel's OOM killer ends it with 137 mid-write.
 * @example
 *   const watchdog = createMemoryWatchdog({ soft: 700e6, hard: 850e6, onSoft: () => queue.pause(), onRecover: () => queue.resume() });
 *   watchdog.start();
 */
export function createMemoryWatchdog(options: MemoryWatchdogOptions): MemoryWatchdog {
  if (!(options.soft > 0 && options.hard > 0 && options.soft <= options.hard)) {
    throw new RangeError(`memory watchdog: expected 0 < soft (${options.soft}) ≤ hard (${options.hard})`);
  }
  const read = options.read ?? (() => process.memoryUsage().rss);
  const logger = options.logger ?? silent;
  const pending = new Set<Promise<void>>();
  let state: WatchdogState = 'normal';
  let alerted = false;
  let timer: NodeJS.Timeout | null = null;

  const alert = (event: Alert['event'], rss: number): void => {
    if (alerted || options.alertUrl === undefined || options.alertUrl === '') return;
    alerted = true;
    const sent = sendAlert(options.alertUrl, { event, rssBytes: rss, softLimitBytes: options.soft, hardLimitBytes: options.hard, pid: process.pid, at: new Date().toISOString() }, logger);
    pending.add(sent);
    void sent.finally(() => pending.delete(sent));
  };

  const watchdog: MemoryWatchdog = {
    get state() {
      return state;
    },
    soft: options.soft,
    hard: options.hard,
    check() {
      if (state === 'draining') return state;
      const rss = read();
      if (rss >= options.hard) {
        state = 'draining';
        logger.error({ rssBytes: rss, hardLimitBytes: options.hard }, 'memory above the hard limit: draining');
        alert('memory.hard', rss);
        options.onHard?.(rss);
      } else if (rss >= options.soft && state === 'normal') {
        state = 'shedding';
        logger.warn({ rssBytes: rss, softLimitBytes: options.soft }, 'memory above the soft limit: taking no new work');
        alert('memory.soft', rss);
        options.onSoft?.(rss);
      } else if (rss < options.soft && state === 'shedding') {
        state = 'normal';
        alerted = false;
        logger.info({ rssBytes: rss, softLimitBytes: options.soft }, 'memory back below the soft limit: taking work again');
        options.onRecover?.(rss);
      }
      return state;
    },
    start() {
      if (timer !== null) return;
      timer = setInterval(() => watchdog.check(), options.intervalMs ?? 1_000);
      timer.unref();
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
    async flush() {
      await Promise.allSettled([...pending]);
    },
  };
  return watchdog;
}
