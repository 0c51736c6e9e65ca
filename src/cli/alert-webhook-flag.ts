import { ALERT_WEBHOOK_SETTING } from '../config.js';
import type { CliIo } from './parse-command.js';

/**
 * The memory watchdog's alert webhook for `serve` and `worker`: the flag, else SITESCOUT_ALERT_WEBHOOK_URL, else none
 * (''). Throws with the flag's name when the value is not an http(s) URL.
 */
export function resolveAlertWebhookUrl(flag: string | undefined, env: CliIo['env']): string {
  const alert = flag ?? env[ALERT_WEBHOOK_SETTING.env] ?? ALERT_WEBHOOK_SETTING.default;
  const parsed = ALERT_WEBHOOK_SETTING.schema.safeParse(alert);
  if (!parsed.success) throw new Error(`${ALERT_WEBHOOK_SETTING.flag} ${JSON.stringify(alert)}: expected an http(s) URL`);
  return parsed.data;
}
