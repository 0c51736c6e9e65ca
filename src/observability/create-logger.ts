import { destination, pino, type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** pino's level: trace, debug, info, warn, error, fatal or silent. Default `info`, or SITESCOUT_LOG_LEVEL. */
  level?: string;
  /** Where the JSON lines go. Default stderr (fd 2), so stdout stays the command's output. */
  destination?: NodeJS.WritableStream;
}

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

/**
 * The process's logger: pino JSON lines, one per event, with `err` serialised. Stages never import it; they receive
 * a logger (or a slice of one, like the job layer's JobLogger) from the composition root.
 * @example
 *   const logger = createLogger({ level: process.env.SITESCOUT_LOG_LEVEL });
 *   logger.child({ component: 'worker' }).info({ workers: 4 }, 'worker started');
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level !== undefined && LEVELS.has(options.level) ? options.level : 'info';
  return pino({ level, base: { pid: process.pid } }, options.destination ?? destination({ fd: 2, sync: true }));
}
