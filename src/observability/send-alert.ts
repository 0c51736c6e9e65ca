import { request } from 'undici';
import type { Logger } from 'pino';

export interface Alert {
  event: 'memory.soft' | 'memory.hard';
  rssBytes: number;
  softLimitBytes: number;
  hardLimitBytes: number;
  pid: number;
  at: string;
}

/** POSTs the alert as JSON. Never throws: an alert that cannot be sent is logged, the service carries on. */
export async function sendAlert(url: string, alert: Alert, logger: Pick<Logger, 'warn'>, timeoutMs = 5_000): Promise<void> {
  try {
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alert),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body.dump();
    if (response.statusCode >= 300) logger.warn({ statusCode: response.statusCode, event: alert.event }, 'the alert webhook answered with an error status');
  } catch (error: unknown) {
    logger.warn({ err: error, event: alert.event }, 'the alert webhook could not be called');
  }
}
