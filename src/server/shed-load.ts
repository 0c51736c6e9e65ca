import type { preHandlerAsyncHookHandler } from 'fastify';
import type { MemoryWatchdog } from '../observability/index.js';
import { HttpError } from './http-error.js';

/**
 * A preHandler for routes that create work (crawl submissions): 503 SS_ERR_OVERLOADED with Retry-After while the
 * watchdog is not normal. Reads (health, metrics, listings) stay open so operators can see what is happening.
 */
export function rejectWhenShedding(watchdog: Pick<MemoryWatchdog, 'state'> | undefined, retryAfterSeconds = 30): preHandlerAsyncHookHandler {
  return async () => {
    if (watchdog !== undefined && watchdog.state !== 'normal') {
      throw new HttpError(503, 'SS_ERR_OVERLOADED', `the service is shedding load (memory ${watchdog.state}); retry later`, { retryAfterSeconds });
    }
  };
}
