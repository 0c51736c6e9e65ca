import { SitescoutError } from '../errors.js';

const SECRET_PARAM = /pass|secret|token|key/i;

export interface ParsedDatabaseUrl {
  connectionString: string;
  /** The URL with its password (and any password-like query parameter) replaced by `***`: safe for messages. */
  redacted: string;
  password: string | null;
}

/**
 * Checks a DATABASE_URL and prepares its redacted form. The URL itself never reaches a message, a log or an
 * error's `cause`: Node's URL parser keeps the raw input on its TypeError, so that error is dropped, not chained.
 * @example
 *   parseDatabaseUrl('postgres://app:s3cret@db:5432/sitescout').redacted //=> 'postgres://app:***@db:5432/sitescout'
 */
export function parseDatabaseUrl(url: string): ParsedDatabaseUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SitescoutError('SS_ERR_CONFIG_INVALID', 'DATABASE_URL is not a valid URL (expected postgres://user:password@host:port/database)');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new SitescoutError('SS_ERR_CONFIG_INVALID', `DATABASE_URL must start with postgres:// or postgresql://, not ${parsed.protocol}//`);
  }
  const password = parsed.password === '' ? null : decodeURIComponent(parsed.password);
  return { connectionString: url, redacted: redactDatabaseUrl(url), password };
}

/**
 * The URL with credentials replaced by `***`; an unparseable string becomes a placeholder rather than being echoed.
 * @example
 *   redactDatabaseUrl('postgres://app:s3cret@db/x?sslpassword=k') //=> 'postgres://app:***@db/x?sslpassword=***'
 */
export function redactDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '<unparseable DATABASE_URL>';
  }
  if (parsed.password !== '') parsed.password = '***';
  const secrets = [...parsed.searchParams.keys()].filter((key) => SECRET_PARAM.test(key));
  for (const key of new Set(secrets)) parsed.searchParams.set(key, '***');
  return parsed.toString().replaceAll('%2A%2A%2A', '***');
}

/** Replaces every occurrence of `secret` in `text`; short secrets are left alone rather than mangling the text. */
export function scrubSecret(text: string, secret: string | null): string {
  if (secret === null || secret.length < 4) return text;
  return text.replaceAll(secret, '***');
}
