import { createHmac, timingSafeEqual } from 'node:crypto';

/** Unix seconds of when the request was signed; part of what is signed, so a captured request expires. */
export const TIMESTAMP_HEADER = 'x-sitescout-timestamp';
/** `sha256=<hex>`: HMAC-SHA256 under the shared secret of `${timestamp}.${body}`. */
export const SIGNATURE_HEADER = 'x-sitescout-signature';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;
const UNIX_SECONDS = /^\d{1,12}$/;

/**
 * The signature header's value for a body sent at `timestamp` (Unix seconds). The body is signed as the exact
 * bytes sent: re-serialising the JSON on the other side would change them.
 * @example
 *   signBody('a-long-shared-secret', 1767225600, '{"enrichment_id":"…"}') //=> 'sha256=5f1c…'
 */
export function signBody(secret: string, timestamp: number, body: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(body);
  return `sha256=${hmac.digest('hex')}`;
}

/** Both headers of a signed request. */
export function signatureHeaders(secret: string, body: string | Buffer, nowMs: number = Date.now()): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signBody(secret, timestamp, body) };
}

export type SignatureCheck = { ok: true } | { ok: false; code: 'SS_ERR_ENRICHMENT_SIGNATURE' | 'SS_ERR_ENRICHMENT_TIMESTAMP'; message: string };

/**
 * Checks a request's signature headers against its raw body: the timestamp must be Unix seconds within
 * `toleranceSeconds` of now, either way, and the signature the HMAC of `${timestamp}.${body}`, compared in constant
 * time. The reason, when it fails, never echoes the expected signature.
 */
export function verifySignature(options: {
  secret: string;
  timestamp: string | string[] | undefined;
  signature: string | string[] | undefined;
  body: Buffer;
  toleranceSeconds: number;
  nowMs?: number;
}): SignatureCheck {
  const { timestamp, signature } = options;
  if (typeof timestamp !== 'string' || !UNIX_SECONDS.test(timestamp.trim())) {
    return { ok: false, code: 'SS_ERR_ENRICHMENT_TIMESTAMP', message: `${TIMESTAMP_HEADER} must be Unix seconds` };
  }
  const seconds = Number(timestamp.trim());
  const skew = Math.abs(Math.floor((options.nowMs ?? Date.now()) / 1000) - seconds);
  if (skew > options.toleranceSeconds) {
    return { ok: false, code: 'SS_ERR_ENRICHMENT_TIMESTAMP', message: `${TIMESTAMP_HEADER} is ${skew} s from our clock; at most ${options.toleranceSeconds} s is accepted` };
  }
  const match = typeof signature === 'string' ? SIGNATURE.exec(signature.trim()) : null;
  if (match === null) return { ok: false, code: 'SS_ERR_ENRICHMENT_SIGNATURE', message: `${SIGNATURE_HEADER} must be sha256=<64 hex digits>` };
  const given = Buffer.from(match[1]!.toLowerCase(), 'hex');
  const expected = Buffer.from(signBody(options.secret, seconds, options.body).slice('sha256='.length), 'hex');
  if (!timingSafeEqual(given, expected)) return { ok: false, code: 'SS_ERR_ENRICHMENT_SIGNATURE', message: `${SIGNATURE_HEADER} does not match the body` };
  return { ok: true };
}
